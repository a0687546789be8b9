#include "cli/InterruptWatcher.h"

#include "cli/ExitCode.h"

#include <QSocketNotifier>
#include <QTextStream>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <sys/socket.h>
#include <termios.h>
#include <unistd.h>

namespace dmsx::cli {

namespace {

// Shared with the signal handler: only lock-free atomics and plain descriptors.
int s_fds[2] = {-1, -1};
std::atomic<int> s_signals{0};
std::atomic<const char*> s_blockingMessage{nullptr};
std::atomic<const termios*> s_restoreTerminal{nullptr};
InterruptWatcher* s_instance = nullptr;
struct sigaction s_previous[2];
constexpr int kSignals[2] = {SIGINT, SIGTERM};

void onSignal(int)
{
    const int savedErrno = errno;
    if (s_signals.fetch_add(1) > 0)
        ::_exit(ExitCancelled);
    if (const char* message = s_blockingMessage.load()) {
        if (const termios* restore = s_restoreTerminal.load())
            ::tcsetattr(STDIN_FILENO, TCSANOW, restore);
        (void)!::write(STDERR_FILENO, message, std::strlen(message));
        ::_exit(ExitCancelled);
    }
    const char byte = 1;
    (void)!::write(s_fds[1], &byte, 1);
    errno = savedErrno;
}

} // namespace

InterruptWatcher::InterruptWatcher(QObject* parent) : QObject(parent)
{
    Q_ASSERT(!s_instance);
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0, s_fds) != 0)
        return; // no watcher: the default disposition (the process ends by the signal)
    s_instance = this;
    s_signals = 0;
    m_notifier = std::make_unique<QSocketNotifier>(s_fds[0], QSocketNotifier::Read);
    connect(m_notifier.get(), &QSocketNotifier::activated, this, &InterruptWatcher::onReadable);
    struct sigaction action
    {
    };
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    for (int i = 0; i < 2; ++i)
        ::sigaction(kSignals[i], &action, &s_previous[i]);
}

InterruptWatcher::~InterruptWatcher()
{
    if (s_instance != this)
        return;
    for (int i = 0; i < 2; ++i)
        ::sigaction(kSignals[i], &s_previous[i], nullptr);
    m_notifier.reset();
    ::close(s_fds[0]);
    ::close(s_fds[1]);
    s_fds[0] = s_fds[1] = -1;
    s_instance = nullptr;
}

InterruptWatcher* InterruptWatcher::instance()
{
    return s_instance;
}

void InterruptWatcher::onReadable()
{
    char buffer[16];
    while (::read(s_fds[0], buffer, sizeof buffer) > 0) {
    }
    if (m_interrupted)
        return;
    m_interrupted = true;
    emit interrupted();
    if (!m_scopes.empty()) {
        // A copy: the handler may end its own scope.
        const std::function<void()> handler = m_scopes.back()->m_handler;
        handler();
    }
}

InterruptWatcher::Scope::Scope(std::function<void()> handler) : m_handler(std::move(handler))
{
    if (s_instance)
        s_instance->m_scopes.push_back(this);
}

InterruptWatcher::Scope::~Scope()
{
    if (!s_instance)
        return;
    auto& scopes = s_instance->m_scopes;
    scopes.erase(std::remove(scopes.begin(), scopes.end(), this), scopes.end());
}

InterruptWatcher::BlockingScope::BlockingScope(const char* message, const termios* restore)
{
    if (!s_instance)
        return;
    s_restoreTerminal = restore;
    s_blockingMessage = message;
}

InterruptWatcher::BlockingScope::~BlockingScope()
{
    s_blockingMessage = nullptr;
    s_restoreTerminal = nullptr;
}

void InterruptWatcher::exitInterrupted(QTextStream& out, QTextStream& err)
{
    out.flush();
    err.flush();
    std::fflush(nullptr);
    ::_exit(ExitCancelled);
}

} // namespace dmsx::cli
