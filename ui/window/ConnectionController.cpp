#include "window/ConnectionController.h"

#include "apply/HistoryRunningRequestsStore.h"
#include "base/FaultCatalogue.h"
#include "base/FaultCodes.h"
#include "base/Redactor.h"
#include "config/AwsConfigFile.h"
#include "config/CaBundle.h"
#include "credentials/KeychainStore.h"
#include "credentials/SessionCredentials.h"
#include "credentials/SsoProfileReader.h"
#include "credentials/StsClient.h"
#include "history/HistoryStore.h"
#include "history/HistoryWriter.h"
#include "net/AwsTransport.h"
#include "prereq/PrerequisiteServices.h"
#include "widgets/Prompts.h"

#include <QLoggingCategory>
#include <QSet>
#include <QTemporaryDir>
#include <QWidget>

Q_LOGGING_CATEGORY(lcConnection, "dmsx.ui.connection")

namespace dmsx::ui {

namespace {

// The demo and session-only profiles: these keys and nothing else — no AWS files, no keychain, and
// neither the environment's keys nor AWS_PROFILE.
void useOnlyInMemoryKeys(DmsConnection::Options& options, SessionCredentials* credentials,
                         const QString& endpointUrl)
{
    options.ignoreSharedFiles = true;
    options.useKeychain = false;
    options.client.endpointUrl = endpointUrl;
    options.sessionCredentials = credentials;
    for (const char* name :
         {"AWS_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"})
        options.environment.remove(QString::fromLatin1(name));
}

std::unique_ptr<SessionCredentials> inMemory(const QString& name, const AwsCredentials& credentials)
{
    auto held = std::make_unique<SessionCredentials>(name);
    held->set(credentials);
    return held;
}

} // namespace

ConnectionController::ConnectionController(Options options, QObject* parent)
    : QObject(parent), m_options(std::move(options)),
      m_keychain(m_options.keychainService.isEmpty()
                     ? std::make_unique<KeychainStore>()
                     : std::make_unique<KeychainStore>(m_options.keychainService))
{
    if (m_options.demo)
        m_demoCredentials = inMemory(m_options.demo->name, m_options.demo->credentials);
}

ConnectionController::~ConnectionController()
{
    endSession();
}

void ConnectionController::setAppSettings(const AppSettings& settings)
{
    m_appSettings = settings;
    // A profile's own ca_bundle is read when it connects; these two are the usual sources.
    CaBundle::preload(m_appSettings.caBundlePath.isEmpty()
                          ? m_options.environment.value(QStringLiteral("AWS_CA_BUNDLE"))
                          : m_appSettings.caBundlePath);
}

QString ConnectionController::appProfilesFile() const
{
    return m_options.appProfilesFile.isEmpty() ? AppProfileStore::defaultFilePath()
                                               : m_options.appProfilesFile;
}

QString ConnectionController::keychainService() const
{
    return m_keychain->service();
}

QList<ConnectionController::ProfileChoice> ConnectionController::profiles() const
{
    QList<ProfileChoice> choices;
    if (m_options.demo) {
        choices.append({ProfileKey::demo(m_options.demo->name),
                        tr("%1 (simulator, in memory)").arg(m_options.demo->name)});
        if (!m_options.demo->ssoName.isEmpty())
            choices.append({ProfileKey::demo(m_options.demo->ssoName),
                            tr("%1 (simulator, IAM Identity Center)").arg(m_options.demo->ssoName)});
    }
    const QStringList appNames =
        m_options.ignoreSharedFiles ? QStringList() : AppProfileStore(appProfilesFile()).names();
    for (const QString& name : appNames)
        choices.append({ProfileKey::app(name), tr("%1 (app profile)").arg(name)});
    if (!m_options.ignoreSharedFiles) {
        const AwsConfigFile files = AwsConfigFile::load(m_options.environment);
        for (const QString& name : files.profileNames())
            if (!appNames.contains(name))
                choices.append({ProfileKey::aws(name), tr("%1 (~/.aws)").arg(name)});
    }
    for (const auto& [name, entry] : m_sessionProfiles)
        choices.append({ProfileKey::session(name), tr("%1 (session only)").arg(name)});
    // Always offered: the environment's keys or AWS_PROFILE, as the CLI uses them by default.
    choices.append({ProfileKey::environment(), tr("Environment (default chain)")});
    return choices;
}

bool ConnectionController::hasChosenCredentials() const
{
    if (m_options.demo)
        return true;
    if (!m_options.ignoreSharedFiles && !AppProfileStore(appProfilesFile()).names().isEmpty())
        return true;
    return !m_options.environment.value(QStringLiteral("AWS_ACCESS_KEY_ID")).isEmpty() ||
           !m_options.environment.value(QStringLiteral("AWS_PROFILE")).isEmpty();
}

ProfilesContext ConnectionController::profilesContext() const
{
    ProfilesContext context;
    context.appProfilesFile = m_options.appProfilesFile;
    context.keychainService = m_options.keychainService;
    context.environment = m_options.environment;
    context.ignoreAwsFiles = m_options.ignoreSharedFiles;
    return context;
}

void ConnectionController::addSessionProfile(const SessionProfile& profile)
{
    SessionOnlyProfile& entry = m_sessionProfiles[profile.profile.name];
    entry.settings = profile.profile;
    entry.credentials = inMemory(profile.profile.name, profile.credentials);
}

Result<void> ConnectionController::startDemo()
{
    if (m_options.demo)
        return {};
    const Result<DemoProfile> started = m_options.startDemo();
    if (!started.ok())
        return started.fault();
    m_options.demo = started.value();
    m_demoCredentials = inMemory(m_options.demo->name, m_options.demo->credentials);
    // As with --demo: the simulator lives and dies with this process, so its calls do not
    // belong in the user's request history. They go to a scratch one while the demo is used.
    m_demoScratch = std::make_unique<QTemporaryDir>();
    auto scratch = std::make_unique<HistoryStore>(m_demoScratch->filePath(QStringLiteral("history.sqlite")));
    if (m_demoScratch->isValid() && scratch->open().ok()) {
        m_otherHistory = std::move(scratch);
        m_otherRecorder = std::make_unique<HistoryWriter>(m_otherHistory->path());
        connect(m_otherRecorder.get(), &HistoryWriter::written, m_otherHistory.get(), &HistoryStore::changed);
        reportLosses(*m_otherRecorder);
    } // else the demo is not recorded at all: the swap leaves no recorder in use
    return {};
}

bool ConnectionController::isDemoSso(const ProfileKey& key) const
{
    return key.kind() == ProfileKey::Kind::Demo && m_options.demo && !m_options.demo->ssoName.isEmpty() &&
           key.name() == m_options.demo->ssoName;
}

bool ConnectionController::isTransient(const ProfileKey& key) const
{
    return m_demoScratch && key.kind() == ProfileKey::Kind::Demo;
}

void ConnectionController::useDemoHistory(bool demo)
{
    // Only a demo started here has a history of its own (see startDemo()).
    if (!m_demoScratch || demo == m_demoHistoryActive)
        return;
    std::swap(m_history, m_otherHistory);
    std::swap(m_recorder, m_otherRecorder);
    m_demoHistoryActive = demo;
}

bool ConnectionController::openHistory()
{
    const QString path = historyFile();
    auto store = std::make_unique<HistoryStore>(path);
    const AppSettings::Retention retention = m_appSettings.effectiveRetention(m_options.environment);
    store->setRetention(retention.days, retention.rows);
    const Result<void> opened = store->open();
    if (!opened.ok()) {
        // Recording must never stop the real work: the window goes on without a history.
        qCWarning(lcConnection) << "request history not opened:" << opened.fault().message;
        emit warning(tr("The request history is not recorded: %1").arg(opened.fault().message));
        return false;
    }
    if (!store->recoveryNotice().isEmpty())
        emit warning(store->recoveryNotice());
    if (store->isReadOnly()) {
        // Once for the session: the requests themselves are then not named one by one.
        const FaultExplanation e = FaultCatalogue::explain(store->readOnlyFault());
        emit warning(tr("%1: %2. Nothing is recorded. %3")
                         .arg(e.title, store->readOnlyFault().message, e.steps.value(0)));
    }
    m_history = std::move(store);
    // The window's store reads (the dock, the requests left running); the writer records every
    // call off the GUI thread and says when rows changed, as the store's own writes would.
    m_recorder = std::make_unique<HistoryWriter>(m_history->path());
    connect(m_recorder.get(), &HistoryWriter::written, m_history.get(), &HistoryStore::changed);
    reportLosses(*m_recorder);
    return true;
}

void ConnectionController::reportLosses(HistoryWriter& recorder)
{
    recorder.setLossHandler([this](const Fault& fault) {
        qCWarning(lcConnection) << "request not recorded:" << fault.message;
        emit warning(FaultCatalogue::explain(fault).title + QStringLiteral(": ") + fault.message);
    });
}

DmsConnection::Options ConnectionController::options(const ProfileKey& key, const QString& region) const
{
    DmsConnection::Options options;
    options.environment = m_options.environment;
    options.appProfilesFile = m_options.appProfilesFile;
    options.ignoreSharedFiles = m_options.ignoreSharedFiles;
    options.useKeychain = !m_options.ignoreSharedFiles;
    options.keychainService = m_options.keychainService;
    options.clock = m_options.clock;
    options.client.region = region;
    options.client.settings = m_appSettings.clientSettings();
    options.proxy = m_appSettings.proxy(m_proxyPassword);
    options.client.profile = key.chainProfile();
    // Diagnostics name where the window took each value from, not a command-line option.
    options.client.optionOrigins.insert(QStringLiteral("region"), tr("the region chosen in the window"));
    options.client.optionOrigins.insert(QStringLiteral("profile"), tr("the profile chosen in the window"));
    const bool demoSso = isDemoSso(key);
    if (key.kind() == ProfileKey::Kind::Demo && m_options.demo &&
        (key.name() == m_options.demo->name || demoSso)) {
        useOnlyInMemoryKeys(options, demoSso ? nullptr : m_demoCredentials.get(),
                            m_options.demo->endpointUrl);
        if (demoSso) {
            // Its sign-in, from the demo's own profiles file, cached in the demo's own folder:
            // the user's ~/.aws/sso/cache is neither read, written nor signed out.
            options.client.profile = m_options.demo->ssoName;
            options.appProfilesFile = m_options.demo->ssoProfilesFile;
            options.environment.insert(QStringLiteral("HOME"), m_options.demo->ssoHome);
            options.client.optionOrigins.insert(QStringLiteral("profile"),
                                                tr("the demo's IAM Identity Center profile"));
        }
        // The simulator is the only endpoint the demo keys are good for, and it serves STS and
        // the SSO portal too: say so explicitly, since a DMS endpoint never moves them.
        options.client.stsEndpointUrl = m_options.demo->endpointUrl;
        options.client.ssoEndpointUrl = m_options.demo->endpointUrl;
        options.client.servicesEndpointUrl = m_options.demo->endpointUrl;
        for (const char* option :
             {"endpoint-url", "sts-endpoint-url", "sso-endpoint-url", "services-endpoint-url"})
            options.client.optionOrigins.insert(QString::fromLatin1(option),
                                                tr("the demo profile (the built-in simulator)"));
        for (const char* name :
             {"AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_DATABASE_MIGRATION_SERVICE", "AWS_ENDPOINT_URL_STS",
              "AWS_ENDPOINT_URL_SSO", "AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL_IAM",
              "AWS_ENDPOINT_URL_SECRETS_MANAGER", "AWS_ENDPOINT_URL_KMS"})
            options.environment.remove(QString::fromLatin1(name));
    } else if (const auto session = m_sessionProfiles.find(key.name());
               key.kind() == ProfileKey::Kind::Session && session != m_sessionProfiles.end()) {
        // Exactly what was typed: the session's keys and endpoint.
        useOnlyInMemoryKeys(options, session->second.credentials.get(), session->second.settings.endpointUrl);
        options.client.optionOrigins.insert(QStringLiteral("endpoint-url"),
                                            tr("the session-only profile %1").arg(key.name()));
    }
    // A role profile with mfa_serial asks for the code without blocking the window.
    options.mfa = [this](const QString& serial, std::function<void(std::optional<QString>)> reply) {
        QObject* context = m_session ? m_session.data() : const_cast<ConnectionController*>(this);
        Prompts::askMfaCode(m_dialogParent, serial, context, std::move(reply));
    };
    if (m_recorder)
        options.observers.append(m_recorder.get()); // also the chain's AssumeRole calls while opening
    return options;
}

std::function<Result<EffectiveClientConfig>(const ClientSettings&)>
ConnectionController::settingsResolver(const ProfileKey& key, const QString& region) const
{
    DmsConnection::Options base = options(key, region);
    base.sessionCredentials = nullptr;
    base.observers.clear();
    base.useKeychain = false;
    return [base](const ClientSettings& settings) -> Result<EffectiveClientConfig> {
        DmsConnection::Options options = base;
        options.client.settings = settings;
        DmsConnection connection(options);
        const Result<void> resolved = connection.resolve();
        if (!resolved.ok())
            return resolved.fault();
        return connection.config();
    };
}

Result<ConnectionController::SsoSignIn> ConnectionController::ssoSignIn(const ProfileKey& key,
                                                                        const QString& region) const
{
    DmsConnection::Options base = options(key, region);
    base.observers.clear();
    base.useKeychain = false;
    SsoSignIn out;
    out.network = std::make_unique<DmsConnection>(base);
    if (const Result<void> resolved = out.network->resolve(); !resolved.ok())
        return resolved.fault();
    const EffectiveClientConfig& config = out.network->config();
    const bool demoSso = isDemoSso(key);
    if (base.ignoreSharedFiles && !demoSso)
        return Fault::make(FaultKind::Configuration, FaultCode::SsoProfileIncomplete,
                           tr("This profile does not sign in with IAM Identity Center."));
    // An app profile of that name comes first, as in the credential chain.
    const std::optional<AppProfileStore::Profile> app =
        AppProfileStore(demoSso ? base.appProfilesFile : appProfilesFile()).profile(config.profile.value);
    if (app && app->isSso()) {
        out.config = app->ssoConfig();
    } else {
        Result<SsoProfileConfig> sso =
            SsoProfileReader::fromProfile(AwsConfigFile::load(base.environment), config.profile.value);
        if (!sso.ok())
            return sso.fault();
        out.config = sso.value();
    }
    out.config.oidcEndpoint = config.ssoOidcEndpointUrl.value;
    out.config.portalEndpoint = config.ssoEndpointUrl.value;
    out.config.caBundlePath = config.caBundle.value;
    return Result<SsoSignIn>(std::move(out));
}

bool ConnectionController::isSsoProfile(const ProfileKey& key, const QString& region) const
{
    if (isDemoSso(key))
        return true;
    if (m_options.ignoreSharedFiles || key.isInMemory())
        return false;
    return ssoSignIn(key, region).ok();
}

Result<ConnectionController::SsoSignIn> ConnectionController::ssoSignOut(const ProfileKey& key,
                                                                         const QString& region,
                                                                         SsoLogout::Options* logout) const
{
    Result<SsoSignIn> signIn = ssoSignIn(key, region);
    if (!signIn.ok())
        return signIn;
    logout->nam = signIn->network->networkAccessManager();
    logout->portalEndpoint = signIn->config.portalEndpoint;
    logout->caBundlePath = signIn->config.caBundlePath;
    logout->environment = signIn->network->options().environment; // the demo's has a HOME of its own
    return signIn;
}

bool ConnectionController::readProxyPasswordFirst()
{
    if (!m_appSettings.needsProxyPassword() || m_proxyPasswordLoaded)
        return false;
    m_proxyPasswordLoaded = true; // one read: a missing entry is not asked for again
    emit statusMessage(tr("Reading the proxy password from the keychain…"));
    m_keychain->readEntry(AppSettings::proxyPasswordKey(), this, [this](const Result<QString>& read) {
        if (read.ok()) {
            m_proxyPassword = read.value();
            Redactor::registerSecret(m_proxyPassword);
        } else {
            emit warning(tr("The proxy password could not be read from the keychain (%1). "
                            "Enter it in Edit > Settings… > Network.")
                             .arg(FaultCatalogue::explain(read.fault()).title));
        }
        emit proxyPasswordRead();
    });
    return true;
}

PrerequisiteServices* ConnectionController::prerequisiteServices()
{
    if (!m_services && m_connection && m_connection->isOpen())
        m_services = PrerequisiteServices::fromConnection(*m_connection);
    return m_services.get();
}

void ConnectionController::endSession()
{
    delete m_session;
    m_connection = nullptr;
    // After the session: what ran in it (the checks, the applies) held pointers to them.
    m_services.reset();
    m_runningRequests.reset();
}

bool ConnectionController::connectTo(const ProfileKey& key, const QString& region)
{
    endSession();
    m_session = new QObject(this);
    const bool demo = key.kind() == ProfileKey::Kind::Demo;
    useDemoHistory(demo);
    // The simulator serves one region; any other is "a region with no DMS" for the demo.
    if (demo && (!m_options.demo || region != m_options.demo->region))
        return false;
    const DmsConnection::Options options = this->options(key, region);
    if (m_recorder) {
        m_recorder->setProfile(key.kind() == ProfileKey::Kind::Environment ? QString() : key.name());
        m_recorder->setCredentialsSource(QString());
        m_recorder->setAccountId(QString());
    }
    m_connection = new DmsConnection(options, m_session);
    // Only when allowed (the Settings box or DMSX_ALLOW_INSECURE_HTTP); said before anything is
    // sent, once per endpoint and process.
    if (m_connection->resolve().ok()) {
        static QSet<QString> warned;
        for (const QString& endpoint : m_connection->config().insecureEndpoints()) {
            if (!warned.contains(endpoint)) {
                warned.insert(endpoint);
                emit warning(tr("Unencrypted endpoint (allowed by %1): %2. Credentials and tokens sent there "
                                "can be read on the network.")
                                 .arg(m_connection->config().allowInsecureHttp.source.describe(), endpoint));
            }
        }
    }
    m_connection->open(m_session, [this](const Result<void>& opened) {
        if (!opened.ok()) {
            emit connectionFailed(opened.fault());
            return;
        }
        if (m_recorder)
            m_recorder->setCredentialsSource(m_connection->credentials().source);
        auto ready = [this] {
            if (m_history) {
                // The history records every start and every status the polls see: what was left
                // running at the last close is read from it (for this region and endpoint).
                m_runningRequests = std::make_unique<HistoryRunningRequestsStore>(
                    m_history.get(), m_connection->config().endpoint.signingRegion,
                    QString::fromUtf8(AwsTransport::hostHeader(m_connection->config().endpoint.url)));
            }
            emit connected(m_connection);
        };
        // A Start answered just before this reconnect may still be in the writer's queue: read
        // what was left running once it is written, without waiting for it here.
        if (m_history && m_recorder)
            m_recorder->afterWritten(m_session, ready);
        else
            ready();
    });
    return true;
}

void ConnectionController::fetchIdentity()
{
    auto* sts = new StsClient(m_connection->stsTransportConfig(), m_connection->networkAccessManager(),
                              nullptr, {}, m_session);
    if (m_recorder)
        sts->addObserver(m_recorder.get());
    sts->getCallerIdentity(m_session, [this](const Result<CallerIdentity>& r) {
        const QString text = r.ok()
                                 ? tr("Account %1 · %2").arg(r.value().account, r.value().arn)
                                 : tr("Identity: unknown (%1)").arg(FaultCatalogue::explain(r.fault()).title);
        emit identityChanged(text, r.ok() ? tr("Credentials from %1").arg(m_connection->credentials().source)
                                          : r.fault().message);
    });
}

bool ConnectionController::applySettings(const AppSettings& changed, const QString& proxyPassword,
                                         bool passwordChanged)
{
    const AppSettings previous = m_appSettings;
    m_appSettings = changed;
    if (m_history) {
        const AppSettings::Retention retention = m_appSettings.effectiveRetention(m_options.environment);
        m_history->setRetention(retention.days, retention.rows);
        if (const Result<int> pruned = m_history->applyRetention(); !pruned.ok())
            emit warning(pruned.fault().message);
        else if (pruned.value() > 0)
            emit statusMessage(tr("%n old request(s) removed from the history", nullptr, pruned.value()));
    }
    const bool passwordMatters = m_appSettings.needsProxyPassword();
    if (passwordChanged && passwordMatters) {
        m_proxyPassword = proxyPassword;
        m_proxyPasswordLoaded = true;
        Redactor::registerSecret(m_proxyPassword);
        auto stored = [this](const Result<void>& done) {
            emit proxyPasswordStored(done.ok());
            if (!done.ok())
                emit warning(tr("The proxy password could not be stored in the keychain (%1): it is kept in "
                                "memory for this session only.")
                                 .arg(FaultCatalogue::explain(done.fault()).title));
        };
        if (m_proxyPassword.isEmpty())
            m_keychain->deleteEntry(AppSettings::proxyPasswordKey(), this, stored);
        else
            m_keychain->writeEntry(AppSettings::proxyPasswordKey(), m_proxyPassword, this, stored);
    } else if (!passwordMatters && previous.needsProxyPassword()) {
        forgetProxyPassword();
    }
    return m_appSettings.connectionDiffers(previous) || (passwordChanged && passwordMatters);
}

// A secret the settings no longer use (the proxy is not manual any more, or needs no user) must
// not stay behind in the keychain.
void ConnectionController::forgetProxyPassword()
{
    m_proxyPassword.clear();
    m_proxyPasswordLoaded = false; // back to a manual proxy with a user: the keychain is asked again
    m_keychain->deleteEntry(AppSettings::proxyPasswordKey(), this, [this](const Result<void>& done) {
        emit proxyPasswordRemoved(done.ok());
        if (!done.ok())
            emit warning(tr("The proxy password is no longer used but could not be removed from the "
                            "keychain (%1). Remove the entry \"%2\" of \"%3\" with your keyring manager.")
                             .arg(FaultCatalogue::explain(done.fault()).title,
                                  AppSettings::proxyPasswordKey(), m_keychain->service()));
    });
}

QString ConnectionController::historyFile() const
{
    return m_options.historyFile.isEmpty() ? HistoryStore::defaultPath(m_options.environment)
                                           : m_options.historyFile;
}

AboutFacts ConnectionController::aboutFacts(const QString& settingsFile) const
{
    return AboutFacts::collect(settingsFile, appProfilesFile(), historyFile());
}

DiagnosticsReport ConnectionController::diagnosticsReport(const ProfileKey& key,
                                                          const QString& profileText) const
{
    DiagnosticsReport report = DiagnosticsReport::forConnection(connection());
    // The demo and session-only profiles are no profile of the AWS files: the resolver's "default"
    // would send the reader looking in ~/.aws. Name the one chosen in the window instead.
    const bool inMemory = key.kind() == ProfileKey::Kind::Demo || key.kind() == ProfileKey::Kind::Session;
    if (inMemory && report.entry(QStringLiteral("profile")))
        report.setEntry(
            DiagnosticsEntry{QStringLiteral("profile"), QStringLiteral("Profile"), QJsonValue(profileText),
                             key.kind() == ProfileKey::Kind::Demo
                                 ? tr("the demo profile (the built-in simulator), chosen in the window")
                                 : tr("a session-only profile, chosen in the window")});
    return report;
}

} // namespace dmsx::ui
