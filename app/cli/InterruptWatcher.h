#pragma once

#include <QObject>

#include <functional>
#include <memory>
#include <vector>

class QSocketNotifier;
class QTextStream;
struct termios;

namespace dmsx::cli {

// Ctrl-C (SIGINT) and SIGTERM as an event of the event loop. The signal handler only writes a
// byte to a socketpair, read here through a QSocketNotifier, so no Qt code runs in the handler.
// What an interruption means depends on what the command is doing: the innermost Scope says it
// (stop following and print how to resume; say a Start may have reached AWS). A second signal
// ends the process at once from the handler, with 130, whatever is running.
//
// One per process, made by main(); the commands work without one (tests that drive them
// in-process), and then a Scope does nothing.
class InterruptWatcher : public QObject
{
    Q_OBJECT
public:
    explicit InterruptWatcher(QObject* parent = nullptr);
    ~InterruptWatcher() override;

    static InterruptWatcher* instance();
    bool isInterrupted() const { return m_interrupted; }

    // While it lives, `handler` runs (once, on the event loop) when the process is interrupted;
    // the innermost Scope wins. Scopes end in reverse order of creation.
    class Scope
    {
    public:
        explicit Scope(std::function<void()> handler);
        ~Scope();
        Scope(const Scope&) = delete;
        Scope& operator=(const Scope&) = delete;

    private:
        friend class InterruptWatcher;
        std::function<void()> m_handler;
    };

    // While it lives the process waits outside the event loop (a question read from the
    // terminal), where the notifier cannot run: the signal handler itself puts back the terminal
    // settings `restore` (the echo a hidden answer turned off), writes `message` to stderr and
    // ends the process with 130. Both must outlive the scope.
    class BlockingScope
    {
    public:
        explicit BlockingScope(const char* message, const termios* restore = nullptr);
        ~BlockingScope();
        BlockingScope(const BlockingScope&) = delete;
        BlockingScope& operator=(const BlockingScope&) = delete;
    };

    // Flushes both streams and stdio, then ends the process with 130 without unwinding: for
    // interruptions where nothing is left to tidy (a listing; a Start whose answer will not be
    // waited for, which the history then shows as unknown).
    [[noreturn]] static void exitInterrupted(QTextStream& out, QTextStream& err);

signals:
    void interrupted();

private:
    void onReadable();

    std::unique_ptr<QSocketNotifier> m_notifier;
    std::vector<Scope*> m_scopes;
    bool m_interrupted = false;
};

} // namespace dmsx::cli
