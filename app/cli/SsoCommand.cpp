#include "cli/SsoCommand.h"

#include "base/FaultCodes.h"
#include "cli/CliContext.h"
#include "cli/CliSession.h"
#include "cli/CommandSupport.h"
#include "cli/ExitCode.h"
#include "config/AwsConfigFile.h"
#include "credentials/SsoProfileReader.h"
#include "sso/SsoLogin.h"
#include "sso/SsoLogout.h"

#include <QEventLoop>
#include <QProcess>

#include <optional>

namespace dmsx::cli {

namespace {

// A browser can only open where there is a display; on a server over SSH the URL is enough.
bool hasDisplay(const QProcessEnvironment& env)
{
    return !env.value(QStringLiteral("DISPLAY")).isEmpty() ||
           !env.value(QStringLiteral("WAYLAND_DISPLAY")).isEmpty();
}

} // namespace

QList<CommandLine::Command> SsoCommand::commands() const
{
    CommandLine::Command login;
    login.path = QStringList{QStringLiteral("sso"), QStringLiteral("login")};
    login.summary = QStringLiteral("Sign in to IAM Identity Center (SSO) for a profile, as 'aws sso login'");
    login.description = QStringLiteral(
        "Signs in to AWS IAM Identity Center with the start URL and SSO region of the profile (or of\n"
        "its sso-session): shows a code, opens the sign-in page in the default browser, and waits\n"
        "until the code is confirmed there. The token is cached in ~/.aws/sso/cache exactly as the AWS\n"
        "CLI caches it, so the AWS CLI and SDKs use it too (and this program uses theirs).\n"
        "The profile is --profile, AWS_PROFILE or default.");
    login.options = {
        {QStringLiteral("sso-session"), QStringLiteral("NAME"),
         QStringLiteral("Sign in for this [sso-session NAME] of ~/.aws/config instead of a profile's.")},
        {QStringLiteral("no-browser"), QString(),
         QStringLiteral("Only print the URL and the code; open no browser (also when there is no display).")},
    };
    login.outputs = {OutputFormat::Table};

    CommandLine::Command logout;
    logout.path = QStringList{QStringLiteral("sso"), QStringLiteral("logout")};
    logout.summary = QStringLiteral("Sign out of IAM Identity Center and remove every cached SSO token");
    logout.description = QStringLiteral(
        "Signs out every SSO token cached in ~/.aws/sso/cache (this program's and the AWS CLI's) at its\n"
        "portal, then removes the token files, as 'aws sso logout' does. Client registrations stay.");
    logout.outputs = {OutputFormat::Table};
    return {login, logout};
}

int SsoCommand::run(CliContext& context, const CommandLine& line)
{
    if (line.path().value(1) == QLatin1String("logout"))
        return logout(context);
    return login(context, line);
}

int SsoCommand::login(CliContext& context, const CommandLine& line)
{
    CliSession session(context, /*regionOptional=*/true);
    if (const Result<void> resolved = session.resolve(); !resolved)
        return context.reportFault(resolved.fault());
    const EffectiveClientConfig& config = session.config();
    const AwsConfigFile files = AwsConfigFile::load(context.environment);
    const QString sessionName = line.value(QStringLiteral("sso-session"));
    Result<SsoProfileConfig> sso = sessionName.isEmpty()
                                       ? SsoProfileReader::fromProfile(files, config.profile.value)
                                       : SsoProfileReader::fromSession(files, sessionName);
    if (!sso)
        return context.reportFault(sso.fault());
    QStringList missing;
    if (sso->startUrl.isEmpty())
        missing << QStringLiteral("sso_start_url");
    if (sso->ssoRegion.isEmpty())
        missing << QStringLiteral("sso_region");
    if (!missing.isEmpty())
        return context.reportFault(
            Fault::make(FaultKind::Configuration, FaultCode::SsoProfileIncomplete,
                        QStringLiteral("Missing the following required SSO configuration values: %1.")
                            .arg(missing.join(QStringLiteral(", ")))));

    SsoLogin::Options options;
    options.config = sso.value();
    options.config.oidcEndpoint = config.ssoOidcEndpointUrl.value;
    options.config.caBundlePath = config.caBundle.value;
    options.nam = session.networkAccessManager();
    options.environment = context.environment;
    SsoLogin signIn(options);

    const bool openBrowser = !line.isSet(QStringLiteral("no-browser")) && hasDisplay(context.environment);
    QObject::connect(
        &signIn, &SsoLogin::authorizationStarted, &signIn,
        [&context, openBrowser](const QString& userCode, const QUrl& verificationUri,
                                const QUrl& verificationUriComplete, const QDateTime&) {
            // The AWS CLI's words, so scripts and habits that read them keep working.
            const QString uri = CommandSupport::terminalSafe(verificationUri.toString());
            const QString code = CommandSupport::terminalSafe(userCode);
            QTextStream& out = context.out();
            if (openBrowser) {
                out << "Attempting to automatically open the SSO authorization page in your default "
                       "browser.\nIf the browser does not open or you wish to use a different device "
                       "to authorize this request, open the following URL:\n\n"
                    << uri << "\n\nThen enter the code:\n\n"
                    << code << '\n';
            } else {
                out << "Browser will not be automatically opened.\nPlease visit the following URL:\n\n"
                    << uri << "\n\nThen enter the code:\n\n"
                    << code
                    << "\n\nAlternatively, you may visit the following URL which will autofill the "
                       "code upon loading:\n"
                    << CommandSupport::terminalSafe(verificationUriComplete.toString()) << '\n';
            }
            out.flush();
            // Only an http(s) page is handed to the desktop: the server chose this URL.
            const QString scheme = verificationUriComplete.scheme();
            if (openBrowser && (scheme == QLatin1String("https") || scheme == QLatin1String("http")))
                QProcess::startDetached(QStringLiteral("xdg-open"),
                                        {verificationUriComplete.toString(QUrl::FullyEncoded)});
        });
    QEventLoop loop;
    std::optional<Result<SsoToken>> result;
    QObject::connect(&signIn, &SsoLogin::finished, &loop, [&](const Result<SsoToken>& r) {
        result = r;
        loop.quit();
    });
    signIn.start();
    loop.exec();
    if (!result->ok())
        return context.reportFault(result->fault());
    context.out() << "Successfully logged into Start URL: " << CommandSupport::terminalSafe(sso->startUrl)
                  << '\n';
    context.out().flush();
    return ExitOk;
}

int SsoCommand::logout(CliContext& context)
{
    CliSession session(context, /*regionOptional=*/true);
    if (const Result<void> resolved = session.resolve(); !resolved)
        return context.reportFault(resolved.fault());
    SsoLogout::Options options;
    options.nam = session.networkAccessManager();
    options.portalEndpoint = session.config().ssoEndpointUrl.value;
    options.caBundlePath = session.config().caBundle.value;
    options.environment = context.environment;
    SsoLogout signOut(options);
    QEventLoop loop;
    QStringList problems;
    QObject::connect(&signOut, &SsoLogout::finished, &loop,
                     [&](const QStringList&, const QStringList& notRemoved) {
                         problems = notRemoved;
                         loop.quit();
                     });
    signOut.start();
    loop.exec();
    // Like `aws sso logout`, silent when it worked.
    for (const QString& p : std::as_const(problems))
        context.err() << "dms-extpack-cli: " << p << '\n';
    return problems.isEmpty() ? ExitOk : ExitConfiguration;
}

} // namespace dmsx::cli
