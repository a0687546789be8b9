#pragma once

#include "base/Result.h"

#include <QList>
#include <QObject>
#include <QSslCertificate>
#include <QString>
#include <QUrl>

#include <functional>
#include <optional>

class QNetworkAccessManager;

namespace dmsx {

// The accounts and roles a signed-in IAM Identity Center user may use, from the portal's
// ListAccounts and ListAccountRoles (docs/protocol.md §7.6): plain GETs with the bearer token in
// x-amz-sso_bearer_token, never SigV4-signed, every page followed up to kMaxPages. Redirects are
// refused (they would carry the token elsewhere). Never blocks.
class SsoPortalClient
{
public:
    struct Account
    {
        QString accountId;
        QString accountName;
        QString emailAddress;
    };
    struct Role
    {
        QString roleName;
        QString accountId;
    };

    // `portalEndpoint` empty: https://portal.sso.<ssoRegion>.amazonaws.com. `nam` is not owned.
    SsoPortalClient(const QString& ssoRegion, const QString& portalEndpoint, QNetworkAccessManager* nam,
                    const QString& caBundlePath = QString());

    // The portal's base URL, or InvalidConfigurationValue for a region that is no host label.
    Result<QUrl> baseUrl() const;

    // Every page, in the portal's order; the answer comes in `context`'s thread, never after it is gone.
    void listAccounts(const QString& accessToken, QObject* context,
                      std::function<void(const Result<QList<Account>>&)> done) const;
    void listAccountRoles(const QString& accessToken, const QString& accountId, QObject* context,
                          std::function<void(const Result<QList<Role>>&)> done) const;

    // One page's items and the next token (empty on the last page), for tests and fuzzing.
    static Result<QList<Account>> parseAccounts(const QByteArray& body, QString* nextToken);
    static Result<QList<Role>> parseRoles(const QByteArray& body, QString* nextToken);

    static constexpr int kPageSize = 100;
    static constexpr int kMaxPages = 50; // 5000 accounts: far more than anyone is assigned
    static constexpr int kRequestTimeoutMs = 30000;
    static constexpr qint64 kMaxAnswerBytes = 1024 * 1024; // a page is a few KiB

private:
    using PageHandler = std::function<void(const Result<QByteArray>&)>;
    void getPage(const QString& path, const QList<std::pair<QString, QString>>& query,
                 const QString& operation, const QString& accessToken, QObject* context,
                 PageHandler done) const;

    QString m_ssoRegion;
    QString m_portalEndpoint;
    QNetworkAccessManager* m_nam;
    QString m_caBundlePath;
};

} // namespace dmsx
