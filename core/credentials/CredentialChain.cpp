#include "credentials/CredentialChain.h"

#include "base/FaultCodes.h"
#include "config/ClientConfigResolver.h"
#include "credentials/AppProfileStore.h"
#include "credentials/KeychainCredentialSource.h"
#include "credentials/ProcessCredentialSource.h"
#include "credentials/SessionCredentials.h"
#include "credentials/SsoCredentialSource.h"
#include "credentials/SsoProfileReader.h"
#include "credentials/StaticCredentialSource.h"

#include <QTimer>

namespace dmsx {

namespace {

Fault configFault(const QString& code, const QString& message)
{
    return Fault::make(FaultKind::Configuration, code, message);
}

QString where(const AwsConfigValue* v)
{
    return v ? v->filePath + u':' + QString::number(v->line) : QString();
}

} // namespace

CredentialChain::CredentialChain(Options options, AwsConfigFile files)
    : m_options(std::move(options)), m_files(std::move(files)), m_cache(m_options.clock)
{
    if (!m_options.clock)
        m_options.clock = SystemClock::instance();
}

CredentialChain::~CredentialChain() = default;

Result<CredentialSource*> CredentialChain::select()
{
    if (!m_selectDone) {
        m_selectDone = true;
        if (m_options.sessionCredentials && m_options.sessionCredentials->isSet()) {
            m_active = m_options.sessionCredentials;
        } else {
            Result<std::unique_ptr<CredentialSource>> built = build();
            if (built.ok()) {
                m_selected = std::move(built).value();
                m_active = m_selected.get();
            } else {
                m_selectFault = built.fault();
            }
        }
    }
    if (m_selectFault)
        return *m_selectFault;
    return m_active;
}

QString CredentialChain::describe() const
{
    if (m_active)
        return m_active->describe();
    if (m_selectFault)
        return QStringLiteral("no credentials (%1)").arg(m_selectFault->code);
    return QStringLiteral("credential chain (profile %1)").arg(m_options.profile);
}

void CredentialChain::fetch(QObject* context, Handler done)
{
    const Result<CredentialSource*> source = select();
    if (!source.ok()) {
        const Fault f = source.fault();
        QTimer::singleShot(0, context, [f, done] { done(f); });
        return;
    }
    CredentialSource* active = source.value();
    m_cache.fetch(context, std::move(done),
                  [active](QObject* ctx, Handler loaded) { active->fetch(ctx, std::move(loaded)); });
}

CredentialsProvider CredentialChain::provider()
{
    return [this]() -> Result<AwsCredentials> {
        const std::optional<AwsCredentials> current = m_cache.current();
        if (!current) {
            return Fault::make(FaultKind::Credentials, FaultCode::MissingCredentials,
                               QStringLiteral("The credentials have not been loaded yet."));
        }
        const QDateTime now = m_options.clock->nowUtc();
        if (CredentialCache::needsRefresh(*current, now) && !m_cache.isLoading())
            fetch(&m_backgroundContext, [](const Result<AwsCredentials>&) {});
        if (current->expiration.isValid() && current->expiration <= now) {
            return Fault::make(FaultKind::Credentials, FaultCode::ExpiredToken,
                               QStringLiteral("The temporary credentials from %1 expired at %2 and are being "
                                              "refreshed.")
                                   .arg(current->source, current->expiration.toString(Qt::ISODate)));
        }
        return *current;
    };
}

Result<std::unique_ptr<CredentialSource>> CredentialChain::fromEnvironment(bool required)
{
    const QProcessEnvironment& env = m_options.environment;
    const QString akid = env.value(QStringLiteral("AWS_ACCESS_KEY_ID"));
    const QString secret = env.value(QStringLiteral("AWS_SECRET_ACCESS_KEY"));
    if (akid.isEmpty() && secret.isEmpty()) {
        if (!required)
            return std::unique_ptr<CredentialSource>();
        return Fault::make(FaultKind::Credentials, FaultCode::MissingCredentials,
                           QStringLiteral("credential_source = Environment, but AWS_ACCESS_KEY_ID and "
                                          "AWS_SECRET_ACCESS_KEY are not set."));
    }
    if (akid.isEmpty() || secret.isEmpty()) {
        // Name what is missing, never echo what is present: it may be the secret.
        return Fault::make(FaultKind::Credentials, FaultCode::PartialCredentials,
                           QStringLiteral("The environment variable %1 is set but %2 is not. Set both, or "
                                          "unset it to use the profile's keys.")
                               .arg(akid.isEmpty() ? QStringLiteral("AWS_SECRET_ACCESS_KEY")
                                                   : QStringLiteral("AWS_ACCESS_KEY_ID"),
                                    akid.isEmpty() ? QStringLiteral("AWS_ACCESS_KEY_ID")
                                                   : QStringLiteral("AWS_SECRET_ACCESS_KEY")));
    }
    AwsCredentials c;
    c.accessKeyId = akid;
    c.secretAccessKey = secret;
    c.sessionToken = env.value(QStringLiteral("AWS_SESSION_TOKEN"));
    return std::unique_ptr<CredentialSource>(
        std::make_unique<StaticCredentialSource>(c, QStringLiteral("environment variables")));
}

AssumeRoleConfig CredentialChain::roleConfig(const QString& profileName) const
{
    AssumeRoleConfig cfg;
    cfg.profileName = profileName;
    cfg.region = m_options.region;
    cfg.stsEndpoint = m_options.stsEndpoint;
    cfg.caBundlePath = m_options.caBundlePath;
    cfg.maxAttempts = m_options.maxAttempts;
    cfg.proxy = m_options.proxy;
    cfg.environment = m_options.environment;
    cfg.observers = m_options.observers;
    return cfg;
}

Result<std::unique_ptr<CredentialSource>> CredentialChain::build()
{
    if (!m_options.skipEnvironmentCredentials) {
        Result<std::unique_ptr<CredentialSource>> env = fromEnvironment(false);
        if (!env.ok() || env.value())
            return env;
    }
    const QString& name = m_options.profile;

    // Our own IAM Identity Center profile: the token of its sign-in, no keys at all.
    if (m_options.appProfiles) {
        if (const std::optional<AppProfileStore::Profile> app = m_options.appProfiles->profile(name);
            app && app->isSso()) {
            m_profilePath = QStringList{name};
            SsoProfileConfig sso = app->ssoConfig();
            sso.portalEndpoint = m_options.ssoPortalEndpoint;
            sso.oidcEndpoint = m_options.ssoOidcEndpoint;
            sso.caBundlePath = m_options.caBundlePath;
            sso.storedByApp = true;
            auto source = std::make_unique<SsoCredentialSource>(sso, m_options.nam, m_options.clock,
                                                                m_options.environment);
            source->setObservers(m_options.observers);
            return std::unique_ptr<CredentialSource>(std::move(source));
        }
    }
    // Our own profile: keys in the keychain, non-secret settings (and maybe a role) in QSettings.
    if (m_options.appProfiles && m_options.keychain) {
        if (const std::optional<AppProfileStore::Profile> app = m_options.appProfiles->profile(name)) {
            m_profilePath = QStringList{name};
            auto keys = std::make_unique<KeychainCredentialSource>(name, m_options.keychain);
            if (app->roleArn.isEmpty())
                return std::unique_ptr<CredentialSource>(std::move(keys));
            AssumeRoleConfig cfg = roleConfig(name);
            cfg.roleArn = app->roleArn;
            if (!app->region.isEmpty() && m_options.region.isEmpty())
                cfg.region = app->region;
            return std::unique_ptr<CredentialSource>(std::make_unique<AssumeRoleCredentialSource>(
                cfg, std::move(keys), m_options.mfa, m_options.nam, m_options.clock));
        }
    }

    if (!m_files.hasProfile(name)) {
        if (m_options.profileExplicit) {
            const QStringList found = m_files.profileNames();
            return configFault(
                FaultCode::ProfileNotFound,
                QStringLiteral("The profile \"%1\" was not found in the AWS files or the app's "
                               "profiles. %2")
                    .arg(name,
                         found.isEmpty()
                             ? QStringLiteral("No profiles were found.")
                             : QStringLiteral("Profiles found: %1.").arg(found.join(QStringLiteral(", ")))));
        }
        return Fault::make(
            FaultKind::Credentials, FaultCode::MissingCredentials,
            QStringLiteral("No AWS credentials found: set AWS_ACCESS_KEY_ID and "
                           "AWS_SECRET_ACCESS_KEY, add a profile with 'profiles add', or "
                           "configure the [%1] profile in ~/.aws/config or ~/.aws/credentials.")
                .arg(name));
    }
    return fromFileProfile(name, {}, true);
}

Result<std::unique_ptr<CredentialSource>> CredentialChain::fromFileProfile(const QString& name,
                                                                           QStringList visited, bool topLevel)
{
    const AwsConfigSection* profile = m_files.profile(name);
    if (!profile) {
        return configFault(
            FaultCode::ProfileNotFound,
            QStringLiteral("The profile \"%1\", named as source_profile of profile \"%2\", was not "
                           "found in the AWS files.")
                .arg(name, visited.isEmpty() ? QString() : visited.last()));
    }
    m_profilePath.append(name);
    const AwsConfigValue* akid = profile->find(QStringLiteral("aws_access_key_id"));
    const AwsConfigValue* secret = profile->find(QStringLiteral("aws_secret_access_key"));
    const bool hasAkid = akid && !akid->value.isEmpty();
    const bool hasSecret = secret && !secret->value.isEmpty();
    if (hasAkid != hasSecret) {
        const AwsConfigValue* present = hasAkid ? akid : secret;
        return Fault::make(
            FaultKind::Credentials, FaultCode::PartialCredentials,
            QStringLiteral("Profile \"%1\" has %2 (%3) but no %4.")
                .arg(name,
                     hasAkid ? QStringLiteral("aws_access_key_id") : QStringLiteral("aws_secret_access_key"),
                     where(present),
                     hasAkid ? QStringLiteral("aws_secret_access_key")
                             : QStringLiteral("aws_access_key_id")));
    }
    auto staticKeys = [&]() {
        AwsCredentials c;
        c.accessKeyId = akid->value;
        c.secretAccessKey = secret->value;
        c.sessionToken = profile->value(QStringLiteral("aws_session_token"));
        return std::unique_ptr<CredentialSource>(std::make_unique<StaticCredentialSource>(
            c, QStringLiteral("static keys in %1 (profile %2)").arg(where(akid), name)));
    };
    // A profile reached as somebody's source_profile prefers its own keys over its role
    // (the JS SDK's rule); that is also what makes "source_profile = itself" work.
    if (!topLevel && hasAkid)
        return staticKeys();

    const QString roleArn = profile->value(QStringLiteral("role_arn"));
    if (!roleArn.isEmpty()) {
        if (visited.contains(name)) {
            const QStringList cycle = visited.mid(visited.indexOf(name)) << name;
            return configFault(
                FaultCode::RoleChainCycle,
                QStringLiteral("The role profiles form a cycle: %1. Give one of them static keys "
                               "or a credential_source instead of a source_profile.")
                    .arg(cycle.join(QStringLiteral(" -> "))));
        }
        visited.append(name);
        const AwsConfigValue* sourceProfile = profile->find(QStringLiteral("source_profile"));
        const AwsConfigValue* credentialSource = profile->find(QStringLiteral("credential_source"));
        const bool hasSource = sourceProfile && !sourceProfile->value.isEmpty();
        const bool hasCredSource = credentialSource && !credentialSource->value.isEmpty();
        if (hasSource == hasCredSource) {
            return configFault(FaultCode::InvalidRoleProfile,
                               QStringLiteral("Profile \"%1\" has role_arn (%2) and must have exactly one of "
                                              "source_profile and credential_source.")
                                   .arg(name, where(profile->find(QStringLiteral("role_arn")))));
        }
        AssumeRoleConfig cfg = roleConfig(name);
        cfg.roleArn = roleArn;
        cfg.roleSessionName = profile->value(QStringLiteral("role_session_name"));
        cfg.externalId = profile->value(QStringLiteral("external_id"));
        cfg.mfaSerial = profile->value(QStringLiteral("mfa_serial"));
        if (const AwsConfigValue* d = profile->find(QStringLiteral("duration_seconds"))) {
            bool ok = false;
            cfg.durationSeconds = d->value.toInt(&ok);
            if (!ok || cfg.durationSeconds < 900 || cfg.durationSeconds > 43200) {
                return configFault(
                    FaultCode::InvalidConfigurationValue,
                    QStringLiteral("Invalid duration_seconds \"%1\" in %2 (profile %3): expected "
                                   "a number of seconds from 900 to 43200.")
                        .arg(d->value, where(d), name));
            }
        }
        std::unique_ptr<CredentialSource> inner;
        if (hasSource) {
            const QString next = sourceProfile->value;
            if (next == name && hasAkid) {
                inner = staticKeys();
            } else {
                Result<std::unique_ptr<CredentialSource>> r = fromFileProfile(next, visited, false);
                if (!r.ok())
                    return r.fault();
                inner = std::move(r).value();
            }
        } else {
            const QString kind = credentialSource->value;
            if (kind.compare(QLatin1String("Environment"), Qt::CaseInsensitive) == 0) {
                Result<std::unique_ptr<CredentialSource>> r = fromEnvironment(true);
                if (!r.ok())
                    return r.fault();
                inner = std::move(r).value();
            } else {
                return configFault(
                    FaultCode::UnsupportedCredentialSource,
                    QStringLiteral("Profile \"%1\" sets credential_source = %2 (%3); this program "
                                   "supports only Environment (Ec2InstanceMetadata and "
                                   "EcsContainer need an AWS compute host).")
                        .arg(name, kind, where(credentialSource)));
            }
        }
        return std::unique_ptr<CredentialSource>(std::make_unique<AssumeRoleCredentialSource>(
            cfg, std::move(inner), m_options.mfa, m_options.nam, m_options.clock));
    }

    if (hasAkid)
        return staticKeys();

    const QString process = profile->value(QStringLiteral("credential_process"));
    if (!process.isEmpty()) {
        return std::unique_ptr<CredentialSource>(
            std::make_unique<ProcessCredentialSource>(process, name, m_options.environment));
    }

    if (SsoProfileReader::isSsoProfile(*profile)) {
        Result<SsoProfileConfig> read = SsoProfileReader::fromProfile(m_files, name);
        if (!read)
            return read.fault();
        SsoProfileConfig sso = read.value();
        sso.portalEndpoint = m_options.ssoPortalEndpoint;
        sso.oidcEndpoint = m_options.ssoOidcEndpoint;
        sso.caBundlePath = m_options.caBundlePath;
        auto source =
            std::make_unique<SsoCredentialSource>(sso, m_options.nam, m_options.clock, m_options.environment);
        source->setObservers(m_options.observers);
        return std::unique_ptr<CredentialSource>(std::move(source));
    }

    if (topLevel) {
        return Fault::make(FaultKind::Credentials, FaultCode::MissingCredentials,
                           QStringLiteral("Profile \"%1\" has no credentials: no keys, role_arn, "
                                          "credential_process or SSO settings.")
                               .arg(name));
    }
    return Fault::make(FaultKind::Credentials, FaultCode::MissingCredentials,
                       QStringLiteral("Profile \"%1\", used as source_profile of \"%2\", has no credentials.")
                           .arg(name, visited.isEmpty() ? QString() : visited.last()));
}

} // namespace dmsx
