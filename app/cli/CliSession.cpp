#include "cli/CliSession.h"

#include "base/Redactor.h"
#include "cli/CliContext.h"
#include "cli/CliHistory.h"
#include "cli/CommandSupport.h"
#include "cli/InterruptWatcher.h"
#include "history/HistoryRecorder.h"

#include <cstdio>
#include <iostream>
#include <string>
#include <termios.h>
#include <unistd.h>

namespace dmsx::cli {

DmsConnection::Options CliSession::connectionOptions(const CliContext& context, CallObserver* history,
                                                     RetryAnnouncer* retries, bool regionOptional)
{
    DmsConnection::Options options;
    options.client.regionOptional = regionOptional;
    options.client.profile = context.profile;
    options.client.region = context.region;
    options.client.endpointUrl = context.endpointUrl;
    if (context.allowInsecureHttp)
        options.client.allowInsecureHttp = true;
    options.environment = context.environment;
    options.connectTimeoutSeconds = context.connectTimeoutSeconds;
    options.readTimeoutSeconds = context.readTimeoutSeconds;
    options.mfa = [](const QString& serial, std::function<void(std::optional<QString>)> reply) {
        reply(promptMfaCode(serial));
    };
    if (history)
        options.observers.append(history);
    options.observers.append(retries);
    return options;
}

CliSession::CliSession(CliContext& context, bool regionOptional)
    : m_context(context), m_history(CliHistory::start(context)), m_retries(context),
      m_connection(
          connectionOptions(context, m_history ? m_history->observer() : nullptr, &m_retries, regionOptional))
{}

CliSession::~CliSession() = default;

std::optional<QString> CliSession::promptMfaCode(const QString& mfaSerial)
{
    std::fprintf(stderr, "MFA code for %s: ", mfaSerial.toLocal8Bit().constData());
    std::fflush(stderr);
    termios saved{};
    const bool hide = ::isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &saved) == 0;
    if (hide) {
        termios quiet = saved;
        quiet.c_lflag &= ~tcflag_t(ECHO);
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    }
    std::string line;
    bool got = false;
    {
        // Outside the event loop: Ctrl-C here is answered by the signal handler itself.
        const InterruptWatcher::BlockingScope interruptible("\nCancelled.\n", hide ? &saved : nullptr);
        got = static_cast<bool>(std::getline(std::cin, line));
    }
    if (hide) {
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
        std::fprintf(stderr, "\n"); // the user's Enter was not echoed
    }
    if (!got)
        return std::nullopt;
    const QString code = QString::fromLocal8Bit(line.data(), qsizetype(line.size())).trimmed();
    if (code.isEmpty())
        return std::nullopt;
    return code;
}

PrerequisiteServices* CliSession::prerequisiteServices()
{
    if (!m_services)
        m_services = PrerequisiteServices::fromConnection(m_connection);
    return m_services.get();
}

Result<void> CliSession::resolve()
{
    const Result<void> resolved = m_connection.resolve();
    warnAboutConfigFiles();
    if (resolved.ok())
        warnIfInsecure();
    return resolved;
}

void CliSession::warnAboutConfigFiles()
{
    // Once per process, however many sessions a command opens; also when resolving failed, which
    // a broken line may well have caused.
    static bool warned = false;
    if (warned)
        return;
    warned = true;
    for (const AwsConfigWarning& w : m_connection.configFileWarnings())
        m_context.err() << "warning: " << CommandSupport::terminalSafe(Redactor::redact(w.toString()))
                        << '\n';
}

void CliSession::warnIfInsecure()
{
    // Once per process, however many sessions a command opens.
    static bool warned = false;
    const QStringList insecure = m_connection.config().insecureEndpoints();
    if (warned || insecure.isEmpty())
        return;
    warned = true;
    m_context.err() << "warning: unencrypted endpoint (--allow-insecure-http): "
                    << Redactor::redact(insecure.join(QStringLiteral(", ")))
                    << "; credentials and tokens sent there can be read on the network.\n";
}

Result<void> CliSession::open()
{
    // The profile is known from the configuration alone: the chain's AssumeRole rows carry it too.
    const bool resolved = m_connection.resolve().ok();
    warnAboutConfigFiles();
    if (resolved) {
        warnIfInsecure();
        if (m_history)
            m_history->recorder()->setProfile(m_connection.config().profile.value);
    }
    QEventLoop loop;
    std::optional<Result<void>> opened;
    m_connection.open(&loop, [&](const Result<void>& r) {
        opened = r;
        loop.quit();
    });
    if (!opened)
        loop.exec();
    if (!opened->ok())
        return *opened;
    if (m_history)
        m_history->recorder()->setCredentialsSource(m_connection.credentials().source);
    return {};
}

} // namespace dmsx::cli
