#pragma once

#include <QString>

namespace dmsx::cli {

class CliContext;

// Progress on stderr, shaped for where it goes. On a terminal (stderr a tty, TERM not "dumb") one
// line rewritten in place, ended with a newline before anything else is written (CliContext's
// streams end it); elsewhere (a log, a pipe, CI) a line only when the state changes, so a long
// listing or a long wait does not fill the log; with --quiet nothing.
class ProgressLine
{
public:
    enum class Mode
    {
        InPlace,
        Lines,
        Off,
    };

    // The mode for this process's stderr, its environment, --quiet and --debug.
    explicit ProgressLine(CliContext& context);
    ProgressLine(CliContext& context, Mode mode);
    ~ProgressLine();
    ProgressLine(const ProgressLine&) = delete;
    ProgressLine& operator=(const ProgressLine&) = delete;

    static Mode modeFor(bool quiet, bool stderrIsTerminal, const QString& term);
    Mode mode() const { return m_mode; }

    // Passing progress (pages so far): in place on a terminal, never a line elsewhere.
    void update(const QString& text);
    // A new state (a request's status or step): in place on a terminal; elsewhere a line when it
    // differs from the last state written. `key` says what counts as a change (empty: the text).
    void state(const QString& text, const QString& key = QString());
    // A line that stays (a listing's total, the request being followed), in place of what was
    // shown there; nothing with --quiet.
    void say(const QString& text);
    // Ends the line in place with a newline; nothing when none is shown.
    void end();
    // Erases the line in place: for passing work whose result is printed next.
    void clear();

private:
    void show(const QString& text);

    CliContext& m_context;
    Mode m_mode;
    bool m_shown = false;
    QString m_lastKey;
};

} // namespace dmsx::cli
