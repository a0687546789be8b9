#include "sso/SsoLogout.h"

#include "base/Version.h"
#include "config/CaBundle.h"
#include "config/EndpointResolver.h"
#include "config/Partition.h"
#include "sso/SsoTokenCacheWriter.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSslConfiguration>
#include <QTimer>

namespace dmsx {

namespace {

constexpr int kLogoutTimeoutMs = 30000;

} // namespace

SsoLogout::SsoLogout(Options options, QObject* parent) : QObject(parent), m_options(std::move(options)) {}

QUrl SsoLogout::logoutUrl(const QString& region, const QString& portalEndpoint)
{
    QUrl url;
    if (!portalEndpoint.isEmpty()) {
        url = QUrl(portalEndpoint);
    } else {
        if (!EndpointResolver::isValidHostLabel(region))
            return QUrl();
        url.setScheme(QStringLiteral("https"));
        url.setHost(QStringLiteral("portal.sso.%1.%2").arg(region, Partition::forRegion(region).dnsSuffix));
    }
    QString path = url.path();
    if (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    url.setPath(path + QStringLiteral("/logout"));
    return url;
}

void SsoLogout::start()
{
    m_pending = SsoTokenCacheWriter(m_options.environment).cachedTokens();
    m_removed.clear();
    m_problems.clear();
    QTimer::singleShot(0, this, &SsoLogout::next);
}

void SsoLogout::next()
{
    if (m_pending.isEmpty()) {
        emit finished(m_removed, m_problems);
        return;
    }
    const SsoToken token = m_pending.takeFirst();
    auto remove = [this, path = token.filePath] {
        if (SsoTokenCacheWriter::removeTokenFile(path))
            m_removed << path;
        else
            m_problems << QStringLiteral("%1 could not be removed").arg(path);
        QTimer::singleShot(0, this, &SsoLogout::next);
    };
    const QUrl url = logoutUrl(token.region, m_options.portalEndpoint);
    if (token.region.isEmpty() || !url.isValid()) {
        remove(); // as the AWS CLI: no region, no Logout call, the file goes anyway
        return;
    }
    QNetworkRequest request(url);
    request.setRawHeader("x-amz-sso_bearer_token", token.accessToken.toUtf8());
    request.setRawHeader("User-Agent", DMSX_USER_AGENT);
    request.setTransferTimeout(kLogoutTimeoutMs);
    // The token must never follow a redirect to another host.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    if (!m_options.caBundlePath.isEmpty() && url.scheme() == QLatin1String("https")) {
        if (Result<QList<QSslCertificate>> certs = CaBundle::load(m_options.caBundlePath); certs) {
            QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
            ssl.setCaCertificates(certs.value());
            request.setSslConfiguration(ssl);
        }
    }
    QNetworkReply* reply = m_options.nam->post(request, QByteArray());
    connect(reply, &QNetworkReply::finished, this, [reply, remove] {
        // A token the portal no longer knows (expired, signed out elsewhere) is still removed.
        reply->deleteLater();
        remove();
    });
}

} // namespace dmsx
