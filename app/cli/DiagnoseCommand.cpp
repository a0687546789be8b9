#include "DiagnoseCommand.h"

#include "CliContext.h"
#include "CliSession.h"
#include "CommandSupport.h"
#include "ExitCode.h"
#include "KeychainStore.h"
#include "ProxyConfig.h"
#include "Redactor.h"
#include "StsClient.h"
#include "TableWriter.h"

#include <QJsonObject>
#include <QNetworkProxyFactory>

namespace dmsx::cli {

namespace {

struct Row
{
    QString key;
    QJsonValue value; // null when unset
    QString source;
};

// A proxy URL without its user and password.
QString safeProxy(const QUrl& url)
{
    return url.toString(QUrl::RemoveUserInfo);
}

Row proxyRow(const QProcessEnvironment& env, const QUrl& endpoint)
{
    const bool https = endpoint.scheme() == QLatin1String("https");
    const QStringList variables =
        https ? QStringList{QStringLiteral("HTTPS_PROXY"), QStringLiteral("https_proxy")}
              : QStringList{QStringLiteral("HTTP_PROXY"), QStringLiteral("http_proxy")};
    const ProxyConfig config = ProxyConfig::fromEnvironment(env);
    const std::optional<QNetworkProxy> chosen = config.proxyFor(endpoint);
    if (chosen) {
        if (chosen->type() == QNetworkProxy::NoProxy) {
            return Row{QStringLiteral("proxy"), QJsonValue(QStringLiteral("none")),
                       QStringLiteral("environment variable NO_PROXY (matches %1)").arg(endpoint.host())};
        }
        for (const QString& v : variables) {
            if (!env.value(v).isEmpty())
                return Row{QStringLiteral("proxy"),
                           QJsonValue(safeProxy(https ? config.httpsProxy : config.httpProxy)),
                           QStringLiteral("environment variable ") + v};
        }
        return Row{QStringLiteral("proxy"),
                   QJsonValue(safeProxy(https ? config.httpsProxy : config.httpProxy)),
                   QStringLiteral("environment")};
    }
    const QList<QNetworkProxy> system =
        QNetworkProxyFactory::systemProxyForQuery(QNetworkProxyQuery(endpoint));
    if (!system.isEmpty() && system.first().type() != QNetworkProxy::NoProxy &&
        system.first().type() != QNetworkProxy::DefaultProxy) {
        return Row{
            QStringLiteral("proxy"),
            QJsonValue(QStringLiteral("%1:%2").arg(system.first().hostName()).arg(system.first().port())),
            QStringLiteral("system proxy settings")};
    }
    return Row{QStringLiteral("proxy"), QJsonValue(QStringLiteral("none")),
               QStringLiteral("default (direct)")};
}

} // namespace

QString DiagnoseCommand::synopsis() const
{
    return QStringLiteral(
        "diagnose             Show the effective profile, region, endpoint, credentials source, "
        "keychain, proxy and CA bundle, each with where it came from");
}

int DiagnoseCommand::run(CliContext& context, const QStringList& args)
{
    if (args.contains(QLatin1String("--help")) || args.contains(QLatin1String("-h"))) {
        context.out() << "Usage: dms-extpack-cli [global options] [--output json] diagnose\n\n"
                         "Shows each effective setting and its source. Sends nothing to AWS and fetches no\n"
                         "credentials (no STS call, no MFA prompt, no credential_process run).\n";
        return ExitOk;
    }
    if (!args.isEmpty())
        return context.usageError(QStringLiteral("diagnose takes no arguments"));

    CliSession session(context);
    const Result<void> resolved = session.resolve();
    if (!resolved.ok())
        return context.reportFault(resolved.fault());
    const EffectiveClientConfig& cfg = session.config();

    QList<Row> rows;
    rows.append(Row{QStringLiteral("profile"), QJsonValue(cfg.profile.value), cfg.profile.source.describe()});
    rows.append(Row{QStringLiteral("region"), QJsonValue(cfg.region.value), cfg.region.source.describe()});
    rows.append(Row{QStringLiteral("endpoint"), QJsonValue(cfg.endpoint.url.toString()),
                    cfg.endpointUrl.isSet()
                        ? cfg.endpointUrl.source.describe()
                        : QStringLiteral("endpoint rules for region %1").arg(cfg.endpoint.signingRegion)});
    const Sourced<QString> sts = session.stsEndpoint();
    rows.append(Row{
        QStringLiteral("sts_endpoint"),
        QJsonValue(sts.value.isEmpty() ? StsClient::regionalEndpoint(cfg.endpoint.signingRegion).toString()
                                       : sts.value),
        sts.isSet() ? sts.source.describe()
                    : QStringLiteral("regional STS endpoint for %1").arg(cfg.endpoint.signingRegion)});
    const Result<CredentialSource*> selected = session.chain()->select();
    if (selected.ok()) {
        const QStringList path = session.chain()->profilePath();
        QString where;
        if (path.isEmpty())
            where = selected.value()->describe().startsWith(QLatin1String("environment"))
                        ? QStringLiteral("environment variables AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY")
                        : QStringLiteral("provider chain");
        else
            where = QStringLiteral("provider chain, profile ") + path.join(QStringLiteral(" -> "));
        rows.append(Row{QStringLiteral("credentials_source"),
                        QJsonValue(Redactor::redact(selected.value()->describe())), where});
    } else {
        rows.append(Row{QStringLiteral("credentials_source"), QJsonValue(),
                        QStringLiteral("none: ") + Redactor::redact(selected.fault().message)});
    }
    rows.append(Row{QStringLiteral("keychain_backend"), QJsonValue(KeychainStore::backendDescription()),
                    QStringLiteral("QtKeychain (chosen at build time; insecure fallback off)")});
    rows.append(proxyRow(context.environment, cfg.endpoint.url));
    rows.append(Row{QStringLiteral("ca_bundle"),
                    cfg.caBundle.isSet() ? QJsonValue(cfg.caBundle.value) : QJsonValue(),
                    cfg.caBundle.isSet() ? cfg.caBundle.source.describe()
                                         : QStringLiteral("default (the system trust store)")});

    if (context.output == OutputFormat::Json) {
        QJsonObject o;
        for (const Row& r : std::as_const(rows)) {
            QJsonObject entry;
            entry.insert(QStringLiteral("value"), r.value);
            entry.insert(QStringLiteral("source"), r.source);
            o.insert(r.key, entry);
        }
        CommandSupport::writeJson(context, o);
    } else {
        TableWriter table({QStringLiteral("Setting"), QStringLiteral("Value"), QStringLiteral("Source")});
        for (const Row& r : std::as_const(rows))
            table.addRow(
                {r.key, r.value.isNull() ? QStringLiteral("(not set)") : r.value.toString(), r.source});
        table.write(context.out());
    }
    context.out().flush();
    return ExitOk;
}

} // namespace dmsx::cli
