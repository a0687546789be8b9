#include "cli/ProgressLine.h"

#include "cli/CliContext.h"

#include <unistd.h>

namespace dmsx::cli {

ProgressLine::ProgressLine(CliContext& context)
    : ProgressLine(context, modeFor(context.quiet, ::isatty(STDERR_FILENO) == 1,
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

void ProgressLine::show(const QString& text)
{
    QTextStream& err = m_context.progressStream();
    // Back to the start of the line, the text, then erase what a longer previous text left.
    err << '\r' << text << "\x1b[K";
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

void ProgressLine::finish(const QString& text)
{
    if (m_mode == Mode::InPlace) {
        show(text);
        end();
    } else if (m_mode == Mode::Lines) {
        QTextStream& err = m_context.err();
        err << text << '\n';
        err.flush();
    }
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
