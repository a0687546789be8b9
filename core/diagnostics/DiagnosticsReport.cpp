#include "diagnostics/DiagnosticsReport.h"

#include "base/Redactor.h"
#include "base/Version.h"
#include "config/EndpointResolver.h"
#include "config/ProxyConfig.h"
#include "credentials/CredentialChain.h"
#include "credentials/CredentialSource.h"
#include "credentials/KeychainStore.h"
#include "credentials/StsClient.h"
#include "dms/DmsConnection.h"
#include "net/AwsJsonTransport.h"
#include "net/ClockSkewTracker.h"

#include <QNetworkProxyFactory>
#include <QUrl>

#include <cstdlib>

namespace dmsx {

namespace {

DiagnosticsEntry make(const char* key, const QString& label, const QJsonValue& value, const QString& source)
{
    return DiagnosticsEntry{QString::fromLatin1(key), label, value, source};
}

// A proxy URL without its user and password.
QString safeProxy(const QUrl& url)
{
    return url.toString(QUrl::RemoveUserInfo);
}

DiagnosticsEntry proxyEntry(const QProcessEnvironment& env, const QUrl& endpoint)
{
    const QString label = QStringLiteral("Proxy");
    const bool https = endpoint.scheme() == QLatin1String("https");
    if (const Result<ProxyConfig> checked = ProxyConfig::load(env); !checked) {
        // Shown, not fatal: this is where someone looks for what is wrong.
        return make("proxy", label, QJsonValue(QStringLiteral("unusable: ") + checked.fault().detail),
                    checked.fault().message);
    }
    const ProxyConfig config = ProxyConfig::fromEnvironment(env);
    const std::optional<QNetworkProxy> chosen = config.proxyFor(endpoint);
    if (chosen) {
        if (chosen->type() == QNetworkProxy::NoProxy) {
            return make("proxy", label, QJsonValue(QStringLiteral("none")),
                        QStringLiteral("environment variable NO_PROXY (matches %1)").arg(endpoint.host()));
        }
        const QJsonValue value(safeProxy(https ? config.httpsProxy : config.httpProxy));
        const QString variable = https ? config.httpsProxyVariable : config.httpProxyVariable;
        return make("proxy", label, value,
                    variable.isEmpty() ? QStringLiteral("environment")
                                       : QStringLiteral("environment variable ") + variable);
    }
    const QList<QNetworkProxy> system =
        QNetworkProxyFactory::systemProxyForQuery(QNetworkProxyQuery(endpoint));
    if (!system.isEmpty() && system.first().type() != QNetworkProxy::NoProxy &&
        system.first().type() != QNetworkProxy::DefaultProxy) {
        return make(
            "proxy", label,
            QJsonValue(QStringLiteral("%1:%2").arg(system.first().hostName()).arg(system.first().port())),
            QStringLiteral("system proxy settings"));
    }
    return make("proxy", label, QJsonValue(QStringLiteral("none")), QStringLiteral("default (direct)"));
}

// The values the window's own settings (Edit > Settings…) may set, on top of collect().
void appendSettingEntries(DiagnosticsReport& report, const DmsConnection& connection)
{
    const EffectiveClientConfig& cfg = connection.config();
    const auto onOff = [](bool v) { return QJsonValue(v ? QStringLiteral("on") : QStringLiteral("off")); };
    report.append(make("use_fips", QStringLiteral("FIPS endpoints"), onOff(cfg.useFips.value),
                       cfg.useFips.source.describe()));
    report.append(make("use_dualstack", QStringLiteral("Dual-stack endpoints"), onOff(cfg.useDualStack.value),
                       cfg.useDualStack.source.describe()));
    report.append(make("max_attempts", QStringLiteral("Retry attempts"), QJsonValue(cfg.maxAttempts.value),
                       cfg.maxAttempts.source.describe()));
}

// The proxy the connection was given by the app's settings instead of the environment's.
std::optional<DiagnosticsEntry> settingProxyEntry(const DmsConnection& connection)
{
    const std::optional<QNetworkProxy>& proxy = connection.options().proxy;
    if (!proxy)
        return std::nullopt;
    QString value = QStringLiteral("none");
    if (proxy->type() != QNetworkProxy::NoProxy) {
        value = QStringLiteral("%1:%2").arg(proxy->hostName()).arg(proxy->port());
        if (!proxy->user().isEmpty())
            value += QStringLiteral(" (user %1)").arg(proxy->user());
    }
    return make("proxy", QStringLiteral("Proxy"), QJsonValue(value),
                ValueSource::setting(QStringLiteral("proxy")).describe());
}

} // namespace

DiagnosticsReport DiagnosticsReport::collect(const EffectiveClientConfig& cfg, CredentialChain* chain,
                                             const QProcessEnvironment& environment)
{
    const Sourced<QString>& sts = cfg.stsEndpointUrl;
    const Sourced<QString>& sso = cfg.ssoEndpointUrl;
    DiagnosticsReport report;
    report.append(make("profile", QStringLiteral("Profile"), QJsonValue(cfg.profile.value),
                       cfg.profile.source.describe()));
    if (!cfg.region.isSet()) {
        // Only a report resolved with ClientOptions::regionOptional gets here: say what to do.
        const QString header = cfg.profile.value == QLatin1String("default")
                                   ? QStringLiteral("[default]")
                                   : QStringLiteral("[profile %1]").arg(cfg.profile.value);
        report.append(
            make("region", QStringLiteral("Region"), QJsonValue(),
                 QStringLiteral("not set: pass --region, set AWS_REGION, or add \"region = us-east-1\" "
                                "under %1 in ~/.aws/config")
                     .arg(header)));
        report.append(make("endpoint", QStringLiteral("Endpoint"),
                           cfg.endpointUrl.isSet()
                               ? QJsonValue(EndpointResolver::withoutPassword(cfg.endpointUrl.value))
                               : QJsonValue(),
                           cfg.endpointUrl.isSet() ? cfg.endpointUrl.source.describe()
                                                   : QStringLiteral("not known without a region")));
        report.append(
            make("sts_endpoint", QStringLiteral("STS endpoint"),
                 sts.isSet() ? QJsonValue(EndpointResolver::withoutPassword(sts.value)) : QJsonValue(),
                 sts.isSet() ? sts.source.describe() : QStringLiteral("not known without a region")));
    } else {
        report.append(make("region", QStringLiteral("Region"), QJsonValue(cfg.region.value),
                           cfg.region.source.describe()));
        report.append(
            make("endpoint", QStringLiteral("Endpoint"),
                 QJsonValue(EndpointResolver::withoutPassword(cfg.endpoint.url.toString())),
                 cfg.endpointUrl.isSet()
                     ? cfg.endpointUrl.source.describe()
                     : QStringLiteral("endpoint rules for region %1").arg(cfg.endpoint.signingRegion)));
        report.append(make(
            "sts_endpoint", QStringLiteral("STS endpoint"),
            QJsonValue(sts.value.isEmpty()
                           ? StsClient::regionalEndpoint(cfg.endpoint.signingRegion).toString()
                           : EndpointResolver::withoutPassword(sts.value)),
            sts.isSet() ? sts.source.describe()
                        : QStringLiteral("regional STS endpoint for %1").arg(cfg.endpoint.signingRegion)));
    }
    report.append(
        make("sso_endpoint", QStringLiteral("SSO portal endpoint"),
             QJsonValue(sso.value.isEmpty() ? QStringLiteral("https://portal.sso.<sso_region>.amazonaws.com")
                                            : EndpointResolver::withoutPassword(sso.value)),
             sso.isSet() ? sso.source.describe()
                         : QStringLiteral("regional SSO portal of the profile's sso_region")));
    const QString credentialsLabel = QStringLiteral("Credentials source");
    if (!chain) {
        report.append(make("credentials_source", credentialsLabel, QJsonValue(),
                           QStringLiteral("none: no credential chain")));
    } else if (const Result<CredentialSource*> selected = chain->select(); selected.ok()) {
        const QStringList path = chain->profilePath();
        QString where;
        if (path.isEmpty())
            where = selected.value()->describe().startsWith(QLatin1String("environment"))
                        ? QStringLiteral("environment variables AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY")
                        : QStringLiteral("provider chain");
        else
            where = QStringLiteral("provider chain, profile ") + path.join(QStringLiteral(" -> "));
        report.append(make("credentials_source", credentialsLabel,
                           QJsonValue(Redactor::redact(selected.value()->describe())), where));
    } else {
        report.append(make("credentials_source", credentialsLabel, QJsonValue(),
                           QStringLiteral("none: ") + Redactor::redact(selected.fault().message)));
    }
    report.append(make("keychain_backend", QStringLiteral("Keychain backend"),
                       QJsonValue(KeychainStore::backendDescription()),
                       QStringLiteral("QtKeychain (chosen at build time; insecure fallback off)")));
    report.append(proxyEntry(environment, cfg.endpoint.url));
    report.append(make("ca_bundle", QStringLiteral("CA bundle"),
                       cfg.caBundle.isSet() ? QJsonValue(cfg.caBundle.value) : QJsonValue(),
                       cfg.caBundle.isSet() ? cfg.caBundle.source.describe()
                                            : QStringLiteral("default (the system trust store)")));
    return report;
}

DiagnosticsReport DiagnosticsReport::forConnection(DmsConnection* connection)
{
    DiagnosticsReport report;
    // chain() exists once resolve() succeeded; config() is only valid from then on.
    if (connection && connection->chain()) {
        report = collect(connection->config(), connection->chain(), connection->options().environment);
        appendSettingEntries(report, *connection);
        const std::optional<DiagnosticsEntry> proxy = settingProxyEntry(*connection);
        for (DiagnosticsEntry& e : report.m_entries) {
            if (proxy && e.key == proxy->key)
                e = *proxy;
        }
        if (!connection->options().useKeychain) {
            for (DiagnosticsEntry& e : report.m_entries) {
                if (e.key == QLatin1String("keychain_backend"))
                    e.source +=
                        QStringLiteral("; not used by this session (demo or session-only credentials)");
            }
        }
    }
    if (connection && !connection->configFileWarnings().isEmpty()) {
        QStringList lines;
        for (const AwsConfigWarning& w : connection->configFileWarnings())
            lines.append(w.toString());
        report.append(make("aws_file_problems", QStringLiteral("Unreadable lines in the AWS files"),
                           QJsonValue(lines.join(QLatin1Char('\n'))),
                           QStringLiteral("ignored; the rest of the files was read")));
    }
    report.addRuntimeEntries(connection && connection->transport() ? &connection->transport()->clockSkew()
                                                                   : nullptr);
    return report;
}

void DiagnosticsReport::addRuntimeEntries(const ClockSkewTracker* skew)
{
    if (skew) {
        append(make("clock_offset", QStringLiteral("Clock offset"),
                    QJsonValue(formatOffset(skew->measuredOffsetMs())),
                    skew->isDisabled()
                        ? QStringLiteral("measured from AWS responses (correction disabled)")
                        : QStringLiteral("measured from AWS responses (applied when signing)")));
    } else {
        append(make("clock_offset", QStringLiteral("Clock offset"), QJsonValue(),
                    QStringLiteral("not measured: not connected to AWS yet")));
    }
    append(make("app_version", QStringLiteral("App version"), QJsonValue(QStringLiteral(DMSX_VERSION)),
                QStringLiteral("this build")));
    append(make("qt_version", QStringLiteral("Qt version"), QJsonValue(QString::fromLatin1(qVersion())),
                QStringLiteral("Qt libraries loaded at run time (built with %1)")
                    .arg(QStringLiteral(QT_VERSION_STR))));
}

void DiagnosticsReport::setEntry(const DiagnosticsEntry& entry, const QString& after)
{
    int insertAt = int(m_entries.size());
    for (int i = 0; i < m_entries.size(); ++i) {
        if (m_entries.at(i).key == entry.key) {
            m_entries[i] = entry;
            return;
        }
        if (!after.isEmpty() && m_entries.at(i).key == after)
            insertAt = i + 1;
    }
    m_entries.insert(insertAt, entry);
}

DiagnosticsEntry DiagnosticsReport::keychainState(const std::optional<KeychainStore::ProbeResult>& probe)
{
    const QString label = QStringLiteral("Keychain state");
    if (!probe)
        return make("keychain_state", label, QJsonValue(QStringLiteral("checking…")),
                    QStringLiteral("probing now (a test entry is written and deleted)"));
    QString value;
    switch (probe->availability) {
    case KeychainStore::Availability::Available:
        value = QStringLiteral("unlocked");
        break;
    case KeychainStore::Availability::Locked:
        value = QStringLiteral("locked — unlock it in your keyring app");
        break;
    case KeychainStore::Availability::NoSecretService:
        value = QStringLiteral("no Secret Service on the session bus");
        break;
    case KeychainStore::Availability::Failed:
        // The backend's own words say more than "failed"; they never carry a stored value.
        value = QStringLiteral("not usable: %1").arg(Redactor::redact(probe->reason));
        break;
    }
    return make("keychain_state", label, QJsonValue(value), QStringLiteral("probed just now"));
}

std::optional<DiagnosticsEntry> DiagnosticsReport::entry(const QString& key) const
{
    for (const DiagnosticsEntry& e : m_entries) {
        if (e.key == key)
            return e;
    }
    return std::nullopt;
}

QJsonObject DiagnosticsReport::toJson() const
{
    QJsonObject o;
    for (const DiagnosticsEntry& e : m_entries) {
        QJsonObject entry;
        entry.insert(QStringLiteral("value"), e.value);
        entry.insert(QStringLiteral("source"), e.source);
        o.insert(jsonKey(e.key), entry);
    }
    return o;
}

QString DiagnosticsReport::jsonKey(const QString& key)
{
    QString out;
    bool upper = false;
    for (const QChar c : key) {
        if (c == QLatin1Char('_')) {
            upper = !out.isEmpty();
            continue;
        }
        out += upper ? c.toUpper() : c;
        upper = false;
    }
    return out;
}

QString DiagnosticsReport::displayValue(const DiagnosticsEntry& entry)
{
    // Through QVariant so numbers (retry attempts) and booleans read as text too.
    return entry.value.isNull() ? QStringLiteral("(not set)")
                                : Redactor::redact(entry.value.toVariant().toString());
}

QString DiagnosticsReport::toText() const
{
    QString text;
    for (const DiagnosticsEntry& e : m_entries)
        text += e.label + QStringLiteral(": ") + displayValue(e) + QStringLiteral(" (") + e.source +
                QStringLiteral(")\n");
    // The whole text once more: a source may quote a path or message holding a secret too.
    return Redactor::redact(text);
}

QString DiagnosticsReport::formatOffset(qint64 offsetMs)
{
    if (offsetMs == 0)
        return QStringLiteral("0 s");
    const qint64 magnitude = std::llabs(offsetMs);
    return QStringLiteral("%1%2.%3 s")
        .arg(offsetMs < 0 ? QLatin1Char('-') : QLatin1Char('+'))
        .arg(magnitude / 1000)
        .arg(magnitude % 1000, 3, 10, QLatin1Char('0'));
}

} // namespace dmsx
