#pragma once

#include "base/Result.h"
#include "config/AwsConfigFile.h"
#include "config/EndpointResolver.h"
#include "config/ServiceEndpointResolver.h"
#include "credentials/AwsCredentials.h"

#include <QHash>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

#include <optional>

namespace dmsx {

// Where one effective setting came from, so the UI can explain "why this region?".
struct ValueSource
{
    enum class Kind
    {
        Unset,
        Default,
        Option,
        Setting, // the app's own settings (Settings dialog): explicit, like an option
        Environment,
        File
    };
    Kind kind = Kind::Unset;
    QString name;     // option name, environment variable, or the file key (e.g. "region")
    QString filePath; // File only
    QString section;  // File only: the profile, or "services NAME" for a services section
    int line = 0;     // File only, 1-based
    // Option only: how a person gave it when not on a command line, e.g. "the region list in
    // the window" (ClientOptions::optionOrigins); empty: "option --NAME".
    QString origin;

    static ValueSource defaultValue();
    static ValueSource option(const QString& name);
    static ValueSource setting(const QString& name);
    static ValueSource environment(const QString& variable);
    static ValueSource file(const AwsConfigValue& value, const QString& key, const QString& section);

    // For people: "option --region", "app setting (Settings dialog)", "environment variable AWS_REGION",
    // "/home/me/.aws/config:3 (profile dev, region)", "default".
    QString describe() const;
};

template <typename T> struct Sourced
{
    T value{};
    ValueSource source;
    bool isSet() const { return source.kind != ValueSource::Kind::Unset; }
};

// The app's own settings (AppSettings, Edit > Settings…) that take part in the resolution. Set
// values act like options: they beat the environment and the files, only options beat them.
// Empty or nullopt means "not set in the app".
struct ClientSettings
{
    QString endpointUrl;
    bool allowInsecureHttp = false; // as --allow-insecure-http, below it and above the environment
    std::optional<bool> useFips;
    std::optional<bool> useDualStack;
    QString caBundle;
    std::optional<int> maxAttempts;
};

// What the user asked for explicitly (CLI flags or the connection dialog). Empty or
// nullopt means "not given here, look further".
struct ClientOptions
{
    QString profile;
    QString region;
    QString endpointUrl; // DMS only: never moves STS or the SSO portal
    // Where STS and the SSO portal are, for a program that serves them itself (the demo's
    // simulator); options "sts-endpoint-url" and "sso-endpoint-url" in the sources.
    QString stsEndpointUrl;
    QString ssoEndpointUrl;
    // Where S3, IAM, Secrets Manager and KMS are, for the same kind of program (option
    // "services-endpoint-url"): the prerequisite checks' calls go there instead of to AWS.
    QString servicesEndpointUrl;
    std::optional<bool> useFips;
    std::optional<bool> useDualStack;
    // --allow-insecure-http: plain http:// to a host other than this computer.
    std::optional<bool> allowInsecureHttp;
    ClientSettings settings;
    // For a report of the settings (diagnose): no region leaves region and endpoint unset instead
    // of failing with MissingRegion, so the rest can still be shown.
    bool regionOptional = false;
    // Option name ("region", "profile", ...) -> where the window took it from, for the sources
    // diagnostics name; options missing here are command-line options.
    QHash<QString, QString> optionOrigins;
};

struct EffectiveClientConfig
{
    Sourced<QString> profile;
    Sourced<QString>
        region; // as configured (may still carry "-fips"; endpoint.signingRegion is the real one)
    Sourced<bool> useFips;
    Sourced<bool> useDualStack;
    Sourced<bool> ignoreConfiguredEndpointUrls;
    Sourced<QString> endpointUrl; // unset: the rule set chose the endpoint
    ResolvedEndpoint endpoint;
    // Each service's own custom endpoint, resolved as the SDKs do (docs/protocol.md §2.7); a
    // DMS-only setting never moves them, so credentials only go to their own service.
    Sourced<QString> stsEndpointUrl; // unset: https://sts.<region>.<dnsSuffix>
    Sourced<QString> ssoEndpointUrl; // unset: https://portal.sso.<sso_region>.amazonaws.com
    // Sign-in and token refresh (AWS_ENDPOINT_URL_SSO_OIDC, services sso_oidc, ...); a program
    // that serves the portal itself (option "sso-endpoint-url") serves this too.
    Sourced<QString> ssoOidcEndpointUrl; // unset: https://oidc.<sso_region>.amazonaws.com
    // The prerequisite checks' services, the same way (AWS_ENDPOINT_URL_S3, ..._IAM,
    // ..._SECRETS_MANAGER, ..._KMS, AWS_ENDPOINT_URL, the services section, endpoint_url);
    // unset: ServiceEndpointResolver's rules.
    Sourced<QString> s3EndpointUrl;
    Sourced<QString> iamEndpointUrl;
    Sourced<QString> secretsManagerEndpointUrl;
    Sourced<QString> kmsEndpointUrl;
    const Sourced<QString>& endpointUrlFor(AwsService service) const;
    // Plain http:// is refused unless the host is loopback or this is on (option
    // --allow-insecure-http, DMSX_ALLOW_INSECURE_HTTP); then insecureEndpoints() lists the rest.
    Sourced<bool> allowInsecureHttp;

    // The custom endpoints that send in clear beyond this computer, password masked, e.g.
    // "DMS http://10.0.0.5:8080": only ever non-empty when allowInsecureHttp is on.
    QStringList insecureEndpoints() const;

    // Static keys from the environment or the profile; !isValid() when there are none, in
    // which case other providers (SSO, roles, ...) may still supply credentials.
    AwsCredentials staticCredentials;
    ValueSource credentialsSource;

    Sourced<QString> caBundle;
    Sourced<QString> retryMode; // "standard" by default
    Sourced<int> maxAttempts;   // 3 by default
    Sourced<bool> disableClockSkewCorrection;
};

// Computes the effective client configuration from explicit options, the environment and
// the shared files, with the precedence the AWS SDKs use (docs/protocol.md §2.1, §2.6).
// The real environment is only read through the default argument; tests inject their own.
class ClientConfigResolver
{
public:
    static Result<EffectiveClientConfig>
    resolve(const ClientOptions& options, const AwsConfigFile& files,
            const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment());

    // Same, loading the files named by env.
    static Result<EffectiveClientConfig>
    resolve(const ClientOptions& options,
            const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment());
};

} // namespace dmsx
