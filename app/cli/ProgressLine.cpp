#include "cli/ProgressLine.h"

#include "cli/CliContext.h"

#include <sys/ioctl.h>
#include <unistd.h>

namespace dmsx::cli {

ProgressLine::ProgressLine(CliContext& context)
    // --debug logs each attempt on stderr past this class: a line rewritten in place would be
    // written over them, so progress comes as lines then.
    : ProgressLine(context, modeFor(context.quiet, ::isatty(STDERR_FILENO) == 1 && !context.debug,
                                    context.environment.value(QStringLiteral("TERM"))))
{}

ProgressLine::ProgressLine(CliContext& context, Mode mode) : m_context(context), m_mode(mode) {}

ProgressLine::~ProgressLine()
{
    end();
}

ProgressLine::Mode ProgressLine::modeFor(bool quiet, bool stderrIsTerminal, const QString& term)
{
    if (quiet)
        return Mode::Off;
    // A dumb terminal cannot move the cursor back: it gets what a log gets.
    return stderrIsTerminal && term != QLatin1String("dumb") ? Mode::InPlace : Mode::Lines;
}

namespace {

// Columns of the terminal on stderr now (it may have been resized); 0 when unknown.
int terminalColumns()
{
    winsize size{};
    return ::ioctl(STDERR_FILENO, TIOCGWINSZ, &size) == 0 ? size.ws_col : 0;
}

} // namespace

void ProgressLine::show(const QString& text)
{
    // A line longer than the terminal wraps, and \r then returns to its last row only: every
    // update would leave a row behind. Cut it short of the last column instead.
    QString shown = text;
    const int columns = terminalColumns();
    if (columns > 1 && shown.size() > columns - 1)
        shown = shown.left(columns - 2) + QStringLiteral("…");
    QTextStream& err = m_context.progressStream();
    // Back to the start of the line, the text, then erase what a longer previous text left.
    err << '\r' << shown << "\x1b[K";
    err.flush();
    m_shown = true;
    m_context.setLiveProgress(this);
}

void ProgressLine::update(const QString& text)
{
    if (m_mode == Mode::InPlace)
        show(text);
}

void ProgressLine::state(const QString& text, const QString& key)
{
    const QString changeKey = key.isEmpty() ? text : key;
    const bool changed = changeKey != m_lastKey;
    m_lastKey = changeKey;
    if (m_mode == Mode::InPlace) {
        show(text);
    } else if (m_mode == Mode::Lines && changed) {
        QTextStream& err = m_context.err();
        err << text << '\n';
        err.flush();
    }
}

void ProgressLine::say(const QString& text)
{
    if (m_mode == Mode::Off)
        return;
    // What was shown in place gives way; the line stays whole, since it is never rewritten.
    clear();
    QTextStream& err = m_context.err();
    err << text << '\n';
    err.flush();
}

void ProgressLine::end()
{
    if (!m_shown)
        return;
    m_shown = false;
    m_context.setLiveProgress(nullptr); // whichever ended it, the stream or this
    QTextStream& err = m_context.progressStream();
    err << '\n';
    err.flush();
}

void ProgressLine::clear()
{
    if (!m_shown)
        return;
    m_shown = false;
    m_context.setLiveProgress(nullptr);
    QTextStream& err = m_context.progressStream();
    err << "\r\x1b[K";
    err.flush();
}

} // namespace dmsx::cli
