#include "config/ClientConfigResolver.h"

#include "base/FaultCodes.h"

#include <QStringList>
#include <QUrl>

#include <tuple>

#include <utility>

namespace dmsx {

namespace {

const QString kDefaultProfile = QStringLiteral("default");

struct Candidate
{
    QString text;
    ValueSource source;
};

// Reads settings in precedence order for one profile. Empty values count as unset, as in
// both SDKs, so "export AWS_REGION=" does not hide the config file.
class Lookup
{
public:
    Lookup(const QProcessEnvironment& env, const AwsConfigSection* profile, const QString& profileName)
        : m_env(env), m_profile(profile), m_profileName(profileName)
    {}

    std::optional<Candidate> env(const QString& variable) const
    {
        const QString v = m_env.value(variable);
        if (v.isEmpty())
            return std::nullopt;
        return Candidate{v, ValueSource::environment(variable)};
    }

    std::optional<Candidate> file(const QString& key) const
    {
        if (m_profile == nullptr)
            return std::nullopt;
        const AwsConfigValue* v = m_profile->find(key);
        if (v == nullptr || v->value.isEmpty())
            return std::nullopt;
        return Candidate{v->value, ValueSource::file(*v, key, profileSection())};
    }

    // Environment variable first, then the profile key.
    std::optional<Candidate> envThenFile(const QString& variable, const QString& key) const
    {
        if (auto c = env(variable))
            return c;
        return file(key);
    }

    QString profileSection() const { return QStringLiteral("profile ") + m_profileName; }

private:
    const QProcessEnvironment& m_env;
    const AwsConfigSection* m_profile;
    QString m_profileName;
};

Fault configFault(const QString& code, const QString& message)
{
    return Fault::make(FaultKind::Configuration, code, message);
}

Result<Sourced<bool>> toBool(const std::optional<Candidate>& c, bool fallback)
{
    Sourced<bool> out;
    if (!c) {
        out.value = fallback;
        out.source = ValueSource::defaultValue();
        return out;
    }
    const QString v = c->text.trimmed().toLower();
    if (v != u"true" && v != u"false") {
        return configFault(FaultCode::InvalidConfigurationValue,
                           QStringLiteral("Invalid value \"%1\" in %2: expected \"true\" or \"false\".")
                               .arg(c->text, c->source.describe()));
    }
    out.value = v == u"true";
    out.source = c->source;
    return out;
}

Result<Sourced<bool>> optionOr(const std::optional<bool>& option, const QString& optionName,
                               const std::optional<bool>& setting, const QString& settingName,
                               const std::optional<Candidate>& fallback)
{
    Sourced<bool> out;
    if (option) {
        out.value = *option;
        out.source = ValueSource::option(optionName);
        return out;
    }
    if (setting) {
        out.value = *setting;
        out.source = ValueSource::setting(settingName);
        return out;
    }
    return toBool(fallback, false);
}

Sourced<QString> toString(const std::optional<Candidate>& c)
{
    Sourced<QString> out;
    if (c) {
        out.value = c->text;
        out.source = c->source;
    }
    return out;
}

QString filesDescription(const AwsConfigFile& files)
{
    QStringList paths;
    if (!files.paths().configFile.isEmpty())
        paths << files.paths().configFile;
    if (!files.paths().credentialsFile.isEmpty())
        paths << files.paths().credentialsFile;
    return paths.isEmpty() ? QStringLiteral("the shared config files (no home directory is set)")
                           : paths.join(QStringLiteral(" or "));
}

// The section header a user would add the setting to.
QString headerFor(const QString& profileName)
{
    return profileName == kDefaultProfile ? QStringLiteral("[default]")
                                          : QStringLiteral("[profile ") + profileName + u']';
}

Result<Sourced<QString>> resolveEndpointUrl(const ClientOptions& options, const Lookup& lookup,
                                            const AwsConfigFile& files, const AwsConfigSection* profile,
                                            const QString& profileName, bool ignoreConfigured)
{
    Sourced<QString> out;
    if (!options.endpointUrl.isEmpty()) {
        out.value = options.endpointUrl;
        out.source = ValueSource::option(QStringLiteral("endpoint-url"));
        return out;
    }
    // Set in the app on purpose, so AWS_IGNORE_CONFIGURED_ENDPOINT_URLS (about the shared
    // configuration) does not apply to it.
    if (!options.settings.endpointUrl.isEmpty()) {
        out.value = options.settings.endpointUrl;
        out.source = ValueSource::setting(QStringLiteral("endpoint URL"));
        return out;
    }
    if (ignoreConfigured)
        return out;
    if (auto c = lookup.env(QStringLiteral("AWS_ENDPOINT_URL_DATABASE_MIGRATION_SERVICE")))
        return toString(c);
    if (auto c = lookup.env(QStringLiteral("AWS_ENDPOINT_URL")))
        return toString(c);
    if (profile != nullptr) {
        if (const AwsConfigValue* servicesRef = profile->find(QStringLiteral("services"))) {
            const AwsConfigSection* services = files.services(servicesRef->value);
            if (services == nullptr) {
                return configFault(
                    FaultCode::ServicesSectionNotFound,
                    QStringLiteral(
                        "Profile \"%1\" sets services = %2 (%3:%4), but there is no [services %2] "
                        "section in the config file. Add that section or remove the services line.")
                        .arg(profileName, servicesRef->value, servicesRef->filePath)
                        .arg(servicesRef->line));
            }
            const AwsConfigValue* url = services->findSub(QStringLiteral("database_migration_service"),
                                                          QStringLiteral("endpoint_url"));
            if (url != nullptr && !url->value.isEmpty()) {
                out.value = url->value;
                out.source =
                    ValueSource::file(*url, QStringLiteral("database_migration_service.endpoint_url"),
                                      QStringLiteral("services ") + services->name);
                return out;
            }
        }
    }
    return toString(lookup.file(QStringLiteral("endpoint_url")));
}

// STS and the SSO portal: the explicit option, then (unless configured endpoints are ignored)
// AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, the profile's services section for the service,
// and the profile's own endpoint_url, which the SDKs apply to every service. A DMS-only setting
// (--endpoint-url, the app setting, AWS_ENDPOINT_URL_DATABASE_MIGRATION_SERVICE, services dms) is
// not among them: an SSO token or an MFA-backed AssumeRole must never reach the DMS endpoint.
Sourced<QString> resolveServiceEndpointUrl(const QString& option, const QString& optionName,
                                           const QString& variable, const QString& servicesKey,
                                           const Lookup& lookup, const AwsConfigFile& files,
                                           const AwsConfigSection* profile, bool ignoreConfigured)
{
    Sourced<QString> out;
    if (!option.isEmpty()) {
        out.value = option;
        out.source = ValueSource::option(optionName);
        return out;
    }
    if (ignoreConfigured)
        return out;
    if (auto c = lookup.env(variable))
        return toString(c);
    if (auto c = lookup.env(QStringLiteral("AWS_ENDPOINT_URL")))
        return toString(c);
    if (profile == nullptr)
        return out;
    if (const AwsConfigValue* servicesRef = profile->find(QStringLiteral("services"))) {
        // A missing section was already reported while resolving the DMS endpoint.
        if (const AwsConfigSection* services = files.services(servicesRef->value)) {
            const AwsConfigValue* url = services->findSub(servicesKey, QStringLiteral("endpoint_url"));
            if (url != nullptr && !url->value.isEmpty()) {
                out.value = url->value;
                out.source = ValueSource::file(*url, servicesKey + QStringLiteral(".endpoint_url"),
                                               QStringLiteral("services ") + services->name);
                return out;
            }
        }
    }
    return toString(lookup.file(QStringLiteral("endpoint_url")));
}

// Every custom endpoint but the DMS one, with the name a person knows the service by.
QList<std::pair<QString, const Sourced<QString>*>> serviceUrls(const EffectiveClientConfig& cfg)
{
    return {{QStringLiteral("STS"), &cfg.stsEndpointUrl},
            {QStringLiteral("SSO portal"), &cfg.ssoEndpointUrl},
            {QStringLiteral("SSO OIDC"), &cfg.ssoOidcEndpointUrl},
            {QStringLiteral("S3"), &cfg.s3EndpointUrl},
            {QStringLiteral("IAM"), &cfg.iamEndpointUrl},
            {QStringLiteral("Secrets Manager"), &cfg.secretsManagerEndpointUrl},
            {QStringLiteral("KMS"), &cfg.kmsEndpointUrl}};
}

// Plain http:// beyond this computer would carry signed requests, session tokens and the SSO
// bearer token in clear.
bool sendsInClear(const QString& url)
{
    const QUrl parsed(url);
    return parsed.scheme().compare(u"http", Qt::CaseInsensitive) == 0 &&
           !EndpointResolver::isLoopbackHost(parsed.host());
}

// STS and SSO URLs get the same shape check the DMS rule set gives its custom endpoint.
Result<void> checkServiceUrl(const QString& service, const Sourced<QString>& url)
{
    if (!url.isSet())
        return {};
    const QUrl parsed(url.value, QUrl::StrictMode);
    const QString scheme = parsed.scheme().toLower();
    if (!parsed.isValid() || (scheme != u"http" && scheme != u"https") || parsed.host().isEmpty()) {
        return Fault::make(
            FaultKind::Configuration, FaultCode::InvalidEndpointUrl,
            QStringLiteral("The %1 endpoint \"%2\" (%3) is not an absolute http:// or https:// URL.")
                .arg(service, EndpointResolver::withoutPassword(url.value), url.source.describe()));
    }
    return {};
}

Result<void> resolveStaticCredentials(EffectiveClientConfig& cfg, const Lookup& lookup, bool envAllowed,
                                      const QString& profileName)
{
    const QString akidVar = QStringLiteral("AWS_ACCESS_KEY_ID");
    const QString secretVar = QStringLiteral("AWS_SECRET_ACCESS_KEY");
    const auto envKey = lookup.env(akidVar);
    const auto envSecret = lookup.env(secretVar);
    if (envAllowed && (envKey || envSecret)) {
        if (!envKey || !envSecret) {
            // Name what is missing, never echo what is present: it may be the secret.
            return Fault::make(
                FaultKind::Credentials, FaultCode::PartialCredentials,
                QStringLiteral("The environment variable %1 is set but %2 is not. Set both, or "
                               "unset it to use the profile's keys.")
                    .arg(envKey ? akidVar : secretVar, envKey ? secretVar : akidVar));
        }
        cfg.staticCredentials.accessKeyId = envKey->text;
        cfg.staticCredentials.secretAccessKey = envSecret->text;
        if (auto token = lookup.env(QStringLiteral("AWS_SESSION_TOKEN")))
            cfg.staticCredentials.sessionToken = token->text;
        cfg.staticCredentials.source = QStringLiteral("environment");
        cfg.credentialsSource = envKey->source;
        return {};
    }

    const QString akidKey = QStringLiteral("aws_access_key_id");
    const QString secretKey = QStringLiteral("aws_secret_access_key");
    const auto fileKey = lookup.file(akidKey);
    const auto fileSecret = lookup.file(secretKey);
    if (!fileKey && !fileSecret)
        return {};
    if (!fileKey || !fileSecret) {
        const Candidate& present = fileKey ? *fileKey : *fileSecret;
        return Fault::make(FaultKind::Credentials, FaultCode::PartialCredentials,
                           QStringLiteral("Profile \"%1\" has %2 (%3:%4) but no %5.")
                               .arg(profileName, fileKey ? akidKey : secretKey, present.source.filePath)
                               .arg(present.source.line)
                               .arg(fileKey ? secretKey : akidKey));
    }
    cfg.staticCredentials.accessKeyId = fileKey->text;
    cfg.staticCredentials.secretAccessKey = fileSecret->text;
    if (auto token = lookup.file(QStringLiteral("aws_session_token")))
        cfg.staticCredentials.sessionToken = token->text;
    cfg.staticCredentials.source = QStringLiteral("shared config (") + fileKey->source.describe() + u')';
    cfg.credentialsSource = fileKey->source;
    return {};
}

} // namespace

ValueSource ValueSource::defaultValue()
{
    ValueSource s;
    s.kind = Kind::Default;
    return s;
}

ValueSource ValueSource::option(const QString& name)
{
    ValueSource s;
    s.kind = Kind::Option;
    s.name = name;
    return s;
}

ValueSource ValueSource::setting(const QString& name)
{
    ValueSource s;
    s.kind = Kind::Setting;
    s.name = name;
    return s;
}

ValueSource ValueSource::environment(const QString& variable)
{
    ValueSource s;
    s.kind = Kind::Environment;
    s.name = variable;
    return s;
}

ValueSource ValueSource::file(const AwsConfigValue& value, const QString& key, const QString& section)
{
    ValueSource s;
    s.kind = Kind::File;
    s.name = key;
    s.filePath = value.filePath;
    s.section = section;
    s.line = value.line;
    return s;
}

QString ValueSource::describe() const
{
    switch (kind) {
    case Kind::Unset:
        return QStringLiteral("not set");
    case Kind::Default:
        return QStringLiteral("default");
    case Kind::Option:
        return origin.isEmpty() ? QStringLiteral("option --") + name : origin;
    case Kind::Setting:
        return QStringLiteral("app setting (Settings dialog)");
    case Kind::Environment:
        return QStringLiteral("environment variable ") + name;
    case Kind::File:
        return filePath + u':' + QString::number(line) + QStringLiteral(" (") + section +
               QStringLiteral(", ") + name + u')';
    }
    return QString();
}

const Sourced<QString>& EffectiveClientConfig::endpointUrlFor(AwsService service) const
{
    switch (service) {
    case AwsService::S3:
        return s3EndpointUrl;
    case AwsService::Iam:
        return iamEndpointUrl;
    case AwsService::SecretsManager:
        return secretsManagerEndpointUrl;
    case AwsService::Kms:
        return kmsEndpointUrl;
    }
    return s3EndpointUrl;
}

QStringList EffectiveClientConfig::insecureEndpoints() const
{
    QStringList out;
    QList<std::pair<QString, const Sourced<QString>*>> all{{QStringLiteral("DMS"), &endpointUrl}};
    all += serviceUrls(*this);
    for (const auto& [service, url] : std::as_const(all)) {
        if (url->isSet() && sendsInClear(url->value))
            out << service + u' ' + EndpointResolver::withoutPassword(url->value);
    }
    return out;
}

Result<EffectiveClientConfig> ClientConfigResolver::resolve(const ClientOptions& options,
                                                            const QProcessEnvironment& env)
{
    return resolve(options, AwsConfigFile::load(env), env);
}

Result<EffectiveClientConfig> ClientConfigResolver::resolve(const ClientOptions& options,
                                                            const AwsConfigFile& files,
                                                            const QProcessEnvironment& env)
{
    EffectiveClientConfig cfg;

    // Profile: option > AWS_PROFILE > "default". A profile somebody named must exist; the
    // implicit default may be absent (environment-only setups).
    if (!options.profile.isEmpty()) {
        cfg.profile.value = options.profile;
        cfg.profile.source = ValueSource::option(QStringLiteral("profile"));
    } else if (!env.value(QStringLiteral("AWS_PROFILE")).isEmpty()) {
        cfg.profile.value = env.value(QStringLiteral("AWS_PROFILE"));
        cfg.profile.source = ValueSource::environment(QStringLiteral("AWS_PROFILE"));
    } else {
        cfg.profile.value = kDefaultProfile;
        cfg.profile.source = ValueSource::defaultValue();
    }
    const QString& profileName = cfg.profile.value;
    const AwsConfigSection* profile = files.profile(profileName);
    if (profile == nullptr && cfg.profile.source.kind != ValueSource::Kind::Default) {
        const QStringList found = files.profileNames();
        return configFault(FaultCode::ProfileNotFound,
                           QStringLiteral("The profile \"%1\" (from %2) was not found in %3. %4")
                               .arg(profileName, cfg.profile.source.describe(), filesDescription(files),
                                    found.isEmpty() ? QStringLiteral("No profiles were found.")
                                                    : QStringLiteral("Profiles found: ") +
                                                          found.join(QStringLiteral(", ")) + u'.'));
    }
    const Lookup lookup(env, profile, profileName);

    // Region: option > AWS_REGION > AWS_DEFAULT_REGION > profile.
    if (!options.region.isEmpty()) {
        cfg.region.value = options.region;
        cfg.region.source = ValueSource::option(QStringLiteral("region"));
    } else {
        std::optional<Candidate> c = lookup.env(QStringLiteral("AWS_REGION"));
        if (!c)
            c = lookup.env(QStringLiteral("AWS_DEFAULT_REGION"));
        if (!c)
            c = lookup.file(QStringLiteral("region"));
        cfg.region = toString(c);
    }
    if (!cfg.region.isSet() && !options.regionOptional) {
        const QString configPath =
            files.paths().configFile.isEmpty() ? QStringLiteral("~/.aws/config") : files.paths().configFile;
        return configFault(
            FaultCode::MissingRegion,
            QStringLiteral("No AWS region is configured. Pass --region (or pick a region in the "
                           "connection settings), set AWS_REGION, or add \"region = us-east-1\" "
                           "under %1 in %2.")
                .arg(headerFor(profileName), configPath));
    }

    Result<Sourced<bool>> fips = optionOr(
        options.useFips, QStringLiteral("fips"), options.settings.useFips, QStringLiteral("FIPS endpoints"),
        lookup.envThenFile(QStringLiteral("AWS_USE_FIPS_ENDPOINT"), QStringLiteral("use_fips_endpoint")));
    if (!fips)
        return fips.fault();
    cfg.useFips = *fips;
    Result<Sourced<bool>> dualStack =
        optionOr(options.useDualStack, QStringLiteral("dualstack"), options.settings.useDualStack,
                 QStringLiteral("dual-stack endpoints"),
                 lookup.envThenFile(QStringLiteral("AWS_USE_DUALSTACK_ENDPOINT"),
                                    QStringLiteral("use_dualstack_endpoint")));
    if (!dualStack)
        return dualStack.fault();
    cfg.useDualStack = *dualStack;

    Result<Sourced<bool>> ignore =
        toBool(lookup.envThenFile(QStringLiteral("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"),
                                  QStringLiteral("ignore_configured_endpoint_urls")),
               false);
    if (!ignore)
        return ignore.fault();
    cfg.ignoreConfiguredEndpointUrls = *ignore;

    Result<Sourced<QString>> endpointUrl = resolveEndpointUrl(options, lookup, files, profile, profileName,
                                                              cfg.ignoreConfiguredEndpointUrls.value);
    if (!endpointUrl)
        return endpointUrl.fault();
    cfg.endpointUrl = *endpointUrl;

    EndpointParams params;
    params.region = cfg.region.value;
    params.useFips = cfg.useFips.value;
    params.useDualStack = cfg.useDualStack.value;
    params.endpoint = cfg.endpointUrl.value;
    // Without a region (only when it is optional) there is no endpoint to compute.
    Result<ResolvedEndpoint> endpoint =
        cfg.region.isSet() ? EndpointResolver::resolve(params) : Result<ResolvedEndpoint>(ResolvedEndpoint());
    if (!endpoint) {
        // Keep the rule set's text intact; say where the conflicting inputs came from.
        Fault f = endpoint.fault();
        f.detail = QStringLiteral("region from %1; FIPS from %2; dual-stack from %3; endpoint URL from %4")
                       .arg(cfg.region.source.describe(), cfg.useFips.source.describe(),
                            cfg.useDualStack.source.describe(), cfg.endpointUrl.source.describe());
        return f;
    }
    cfg.endpoint = *endpoint;

    const bool ignoreConfigured = cfg.ignoreConfiguredEndpointUrls.value;
    cfg.stsEndpointUrl = resolveServiceEndpointUrl(
        options.stsEndpointUrl, QStringLiteral("sts-endpoint-url"), QStringLiteral("AWS_ENDPOINT_URL_STS"),
        QStringLiteral("sts"), lookup, files, profile, ignoreConfigured);
    cfg.ssoEndpointUrl = resolveServiceEndpointUrl(
        options.ssoEndpointUrl, QStringLiteral("sso-endpoint-url"), QStringLiteral("AWS_ENDPOINT_URL_SSO"),
        QStringLiteral("sso"), lookup, files, profile, ignoreConfigured);
    cfg.ssoOidcEndpointUrl =
        resolveServiceEndpointUrl(options.ssoEndpointUrl, QStringLiteral("sso-endpoint-url"),
                                  QStringLiteral("AWS_ENDPOINT_URL_SSO_OIDC"), QStringLiteral("sso_oidc"),
                                  lookup, files, profile, ignoreConfigured);
    for (const auto& [service, url, variable, key] :
         {std::tuple{AwsService::S3, &cfg.s3EndpointUrl, "AWS_ENDPOINT_URL_S3", "s3"},
          std::tuple{AwsService::Iam, &cfg.iamEndpointUrl, "AWS_ENDPOINT_URL_IAM", "iam"},
          std::tuple{AwsService::SecretsManager, &cfg.secretsManagerEndpointUrl,
                     "AWS_ENDPOINT_URL_SECRETS_MANAGER", "secrets_manager"},
          std::tuple{AwsService::Kms, &cfg.kmsEndpointUrl, "AWS_ENDPOINT_URL_KMS", "kms"}}) {
        Q_UNUSED(service);
        *url = resolveServiceEndpointUrl(options.servicesEndpointUrl, QStringLiteral("services-endpoint-url"),
                                         QString::fromLatin1(variable), QString::fromLatin1(key), lookup,
                                         files, profile, ignoreConfigured);
    }
    for (const auto& [service, url] : serviceUrls(cfg)) {
        if (Result<void> checked = checkServiceUrl(service, *url); !checked)
            return checked.fault();
    }

    // Option > app setting > DMSX_ALLOW_INSECURE_HTTP > off. Not a shared-file setting: the AWS
    // tools have none.
    if (options.allowInsecureHttp) {
        cfg.allowInsecureHttp.value = *options.allowInsecureHttp;
        cfg.allowInsecureHttp.source = ValueSource::option(QStringLiteral("allow-insecure-http"));
    } else if (options.settings.allowInsecureHttp) {
        cfg.allowInsecureHttp.value = true;
        cfg.allowInsecureHttp.source = ValueSource::setting(QStringLiteral("allow plain HTTP"));
    } else {
        Result<Sourced<bool>> allow = toBool(lookup.env(QStringLiteral("DMSX_ALLOW_INSECURE_HTTP")), false);
        if (!allow)
            return allow.fault();
        cfg.allowInsecureHttp = *allow;
    }
    if (!cfg.allowInsecureHttp.value) {
        QList<std::pair<QString, const Sourced<QString>*>> all{{QStringLiteral("DMS"), &cfg.endpointUrl}};
        all += serviceUrls(cfg);
        for (const auto& [service, url] : std::as_const(all)) {
            if (url->isSet() && sendsInClear(url->value)) {
                return Fault::make(
                    FaultKind::Configuration, FaultCode::InsecureEndpoint,
                    QStringLiteral("The %1 endpoint %2 (%3) is plain http:// to another computer: "
                                   "credentials and tokens would cross the network unencrypted. Use "
                                   "https://, or pass --allow-insecure-http (DMSX_ALLOW_INSECURE_HTTP=true) "
                                   "if you really mean it.")
                        .arg(service, EndpointResolver::withoutPassword(url->value), url->source.describe()));
            }
        }
    }

    // An explicitly chosen profile beats keys lingering in the environment (both SDKs skip
    // the environment provider when --profile is given).
    const bool envCredentialsAllowed = cfg.profile.source.kind != ValueSource::Kind::Option;
    Result<void> creds = resolveStaticCredentials(cfg, lookup, envCredentialsAllowed, profileName);
    if (!creds)
        return creds.fault();

    if (!options.settings.caBundle.isEmpty()) {
        cfg.caBundle.value = options.settings.caBundle;
        cfg.caBundle.source = ValueSource::setting(QStringLiteral("CA bundle"));
    } else {
        cfg.caBundle =
            toString(lookup.envThenFile(QStringLiteral("AWS_CA_BUNDLE"), QStringLiteral("ca_bundle")));
    }

    if (auto c = lookup.envThenFile(QStringLiteral("AWS_RETRY_MODE"), QStringLiteral("retry_mode"))) {
        const QString mode = c->text.trimmed().toLower();
        if (mode != u"standard" && mode != u"adaptive" && mode != u"legacy") {
            return configFault(FaultCode::InvalidConfigurationValue,
                               QStringLiteral("Invalid retry mode \"%1\" in %2: expected \"standard\", "
                                              "\"adaptive\" or \"legacy\".")
                                   .arg(c->text, c->source.describe()));
        }
        cfg.retryMode.value = mode;
        cfg.retryMode.source = c->source;
    } else {
        cfg.retryMode.value = QStringLiteral("standard");
        cfg.retryMode.source = ValueSource::defaultValue();
    }

    if (options.settings.maxAttempts) {
        if (*options.settings.maxAttempts < 1) {
            return configFault(FaultCode::InvalidConfigurationValue,
                               QStringLiteral("Invalid max attempts %1 in the app settings: expected a whole "
                                              "number of at least 1.")
                                   .arg(*options.settings.maxAttempts));
        }
        cfg.maxAttempts.value = *options.settings.maxAttempts;
        cfg.maxAttempts.source = ValueSource::setting(QStringLiteral("retry attempts"));
    } else if (auto c =
                   lookup.envThenFile(QStringLiteral("AWS_MAX_ATTEMPTS"), QStringLiteral("max_attempts"))) {
        bool ok = false;
        const int n = c->text.trimmed().toInt(&ok);
        if (!ok || n < 1) {
            return configFault(
                FaultCode::InvalidConfigurationValue,
                QStringLiteral("Invalid max attempts \"%1\" in %2: expected a whole number of at "
                               "least 1.")
                    .arg(c->text, c->source.describe()));
        }
        cfg.maxAttempts.value = n;
        cfg.maxAttempts.source = c->source;
    } else {
        cfg.maxAttempts.value = 3;
        cfg.maxAttempts.source = ValueSource::defaultValue();
    }

    Result<Sourced<bool>> skew =
        toBool(lookup.envThenFile(QStringLiteral("AWS_DISABLE_CLOCK_SKEW_CORRECTION"),
                                  QStringLiteral("disable_clock_skew_correction")),
               false);
    if (!skew)
        return skew.fault();
    cfg.disableClockSkewCorrection = *skew;

    for (ValueSource* source :
         {&cfg.profile.source, &cfg.region.source, &cfg.useFips.source, &cfg.useDualStack.source,
          &cfg.endpointUrl.source, &cfg.stsEndpointUrl.source, &cfg.ssoEndpointUrl.source,
          &cfg.ssoOidcEndpointUrl.source, &cfg.s3EndpointUrl.source, &cfg.iamEndpointUrl.source,
          &cfg.secretsManagerEndpointUrl.source, &cfg.kmsEndpointUrl.source, &cfg.caBundle.source,
          &cfg.maxAttempts.source}) {
        if (source->kind == ValueSource::Kind::Option)
            source->origin = options.optionOrigins.value(source->name);
    }
    return cfg;
}

} // namespace dmsx
