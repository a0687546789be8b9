#pragma once

#include "credentials/SsoToken.h"

#include <QList>
#include <QObject>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>
#include <QUrl>

class QNetworkAccessManager;

namespace dmsx {

// Signing out as `aws sso logout` does (docs/protocol.md §7.8): every token in ~/.aws/sso/cache,
// ours and the AWS CLI's, is signed out at its region's portal (Logout) and its file removed;
// client registrations stay. A refused or failed Logout does not keep the file: the token is gone
// from this computer either way. One call at a time, never blocking.
class SsoLogout : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        QNetworkAccessManager* nam = nullptr; // not owned
        // The portal, for a program that serves it itself; empty: https://portal.sso.<region>...
        QString portalEndpoint;
        QString caBundlePath;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment(); // HOME
    };

    explicit SsoLogout(Options options, QObject* parent = nullptr);

    // Starts on the next event-loop turn; finished() follows once.
    void start();

    // The portal's Logout URL for a token's region; empty when the region is no region name.
    static QUrl logoutUrl(const QString& region, const QString& portalEndpoint);

signals:
    // The files removed, and those that could not be (a message each, no secret in it).
    void finished(const QStringList& removed, const QStringList& problems);

private:
    void next();

    Options m_options;
    QList<SsoToken> m_pending;
    QStringList m_removed;
    QStringList m_problems;
};

} // namespace dmsx
