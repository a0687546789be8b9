#pragma once

#include "config/ClientConfigResolver.h"

#include <QList>
#include <QNetworkProxy>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

#include <optional>

class QSettings;

namespace dmsx {

// The app's own settings (Edit > Settings…), kept in the window's QSettings file under
// "settings/". Every value may be unset, which means "inherit": the environment, the AWS files or
// the default decide. A set value wins over those, like a command-line option (ValueSource
// Setting). The proxy password is never part of this: it lives in the keychain under
// proxyPasswordKey(), or in memory for the session when there is no keychain.
class AppSettings
{
public:
    enum class ProxyMode
    {
        System, // HTTPS_PROXY / HTTP_PROXY / NO_PROXY, then the desktop's configuration
        None,
        Manual
    };
    enum class NotificationMode
    {
        Off,
        WhenInactive, // only while the window is not the active one
        Always
    };
    enum class RetentionMode
    {
        KeepAll,
        Days,
        Rows
    };

    static constexpr int kMinAttempts = 1;
    static constexpr int kMaxAttempts = 10;
    static constexpr int kMinPollSeconds = 2;
    static constexpr int kMaxPollSeconds = 300;
    static constexpr int kMaxProxyPort = 65535;
    static constexpr int kMaxRetentionDays = 36500;
    static constexpr qint64 kMaxRetentionRows = 100000000;
    static constexpr NotificationMode kDefaultNotifications = NotificationMode::Always;

    QString endpointUrl; // empty: not set
    // Plain http:// to a host other than this computer, as --allow-insecure-http; off by default.
    bool allowInsecureHttp = false;
    std::optional<bool> useFips;
    std::optional<bool> useDualStack;
    std::optional<ProxyMode> proxyMode;
    QString proxyHost; // Manual only
    int proxyPort = 3128;
    QString proxyUser;    // empty: the proxy needs no authentication
    QString caBundlePath; // empty: not set
    std::optional<int> maxAttempts;
    std::optional<int> pollIntervalSeconds; // unset: AssociationPoller's back-off
    std::optional<NotificationMode> notifications;
    std::optional<RetentionMode> retention;
    int retentionDays = 90;       // RetentionMode::Days
    qint64 retentionRows = 10000; // RetentionMode::Rows

    // Reads the "settings/" group. A value that is not understood or out of range is left unset,
    // logged and described in `warnings`: a hand-edited or damaged file never stops the app.
    static AppSettings load(const QSettings& settings, QStringList* warnings = nullptr);
    // Writes the "settings/" group; unset values are removed.
    void save(QSettings& settings) const;

    // What a person has to fix, one sentence each; empty when everything is usable.
    QStringList problems() const;
    static QString endpointUrlProblem(const QString& url);
    // Non-empty for an http:// URL to a host other than this computer: what it exposes.
    static QString cleartextEndpointProblem(const QString& url);
    // The file must exist and hold certificates (CaBundle's own words when not).
    static QString caBundleProblem(const QString& path);
    static QString proxyHostProblem(const QString& host);
    static QString proxyPortProblem(int port);

    ClientSettings clientSettings() const;
    // The proxy every call must use, or nullopt for the system behaviour (environment, desktop).
    std::optional<QNetworkProxy> proxy(const QString& password = QString()) const;
    bool needsProxyPassword() const { return proxyMode == ProxyMode::Manual && !proxyUser.isEmpty(); }
    // The keychain entry of the proxy password: "proxy/password".
    static QString proxyPasswordKey();
    // Fixed polls every N seconds, or empty for AssociationPoller::defaultSchedule().
    QList<int> pollScheduleMs() const;
    NotificationMode effectiveNotifications() const { return notifications.value_or(kDefaultNotifications); }

    struct Retention
    {
        int days = 0;    // 0: no limit
        qint64 rows = 0; // 0: no limit
        ValueSource source;
    };
    // The app setting, else DMSX_HISTORY_RETENTION_DAYS / _ROWS (as the CLI), else keep everything.
    Retention effectiveRetention(const QProcessEnvironment& env) const;

    // Whether going from `other` to this needs a new connection (endpoint, FIPS, dual-stack,
    // proxy, CA bundle, attempts).
    bool connectionDiffers(const AppSettings& other) const;
    bool operator==(const AppSettings& other) const;
    bool operator!=(const AppSettings& other) const { return !(*this == other); }

    static QString proxyModeName(ProxyMode mode);          // "system", "none", "manual"
    static QString notificationModeName(NotificationMode); // "off", "inactive", "always"
};

} // namespace dmsx
