#include "config/AppSettings.h"

#include "base/PrivateFiles.h"
#include "config/CaBundle.h"
#include "config/EndpointResolver.h"

#include <QHostAddress>
#include <QLoggingCategory>
#include <QSettings>
#include <QUrl>

namespace dmsx {

Q_LOGGING_CATEGORY(lcAppSettings, "dmsx.settings")

namespace {

const QString kGroup = QStringLiteral("settings/");
const QString kEndpointUrl = QStringLiteral("endpointUrl");
const QString kAllowInsecureHttp = QStringLiteral("allowInsecureHttp");
const QString kUseFips = QStringLiteral("useFips");
const QString kUseDualStack = QStringLiteral("useDualStack");
const QString kProxyMode = QStringLiteral("proxy/mode");
const QString kProxyHost = QStringLiteral("proxy/host");
const QString kProxyPort = QStringLiteral("proxy/port");
const QString kProxyUser = QStringLiteral("proxy/user");
const QString kCaBundle = QStringLiteral("caBundle");
const QString kMaxAttemptsKey = QStringLiteral("maxAttempts");
const QString kPollInterval = QStringLiteral("pollIntervalSeconds");
const QString kNotifications = QStringLiteral("notifications");
const QString kRetention = QStringLiteral("history/retention");
const QString kRetentionDays = QStringLiteral("history/retentionDays");
const QString kRetentionRows = QStringLiteral("history/retentionRows");

// Reads one key of the group as text; absent and empty are both "not set".
class Reader
{
public:
    Reader(const QSettings& settings, QStringList* warnings) : m_settings(settings), m_warnings(warnings) {}

    std::optional<QString> text(const QString& key) const
    {
        const QVariant v = m_settings.value(kGroup + key);
        if (!v.isValid())
            return std::nullopt;
        const QString t = v.toString().trimmed();
        if (t.isEmpty())
            return std::nullopt;
        return t;
    }

    void ignore(const QString& key, const QString& value, const QString& why) const
    {
        const QString w = QStringLiteral("Ignored the setting %1 = \"%2\" in %3: %4")
                              .arg(kGroup + key, value, m_settings.fileName(), why);
        qCWarning(lcAppSettings).noquote() << w;
        if (m_warnings)
            m_warnings->append(w);
    }

    std::optional<bool> boolean(const QString& key) const
    {
        const std::optional<QString> t = text(key);
        if (!t)
            return std::nullopt;
        if (t->compare(QLatin1String("true"), Qt::CaseInsensitive) == 0)
            return true;
        if (t->compare(QLatin1String("false"), Qt::CaseInsensitive) == 0)
            return false;
        ignore(key, *t, QStringLiteral("expected true or false"));
        return std::nullopt;
    }

    std::optional<qint64> number(const QString& key, qint64 min, qint64 max) const
    {
        const std::optional<QString> t = text(key);
        if (!t)
            return std::nullopt;
        bool ok = false;
        const qint64 n = t->toLongLong(&ok);
        if (!ok || n < min || n > max) {
            ignore(key, *t, QStringLiteral("expected a whole number from %1 to %2").arg(min).arg(max));
            return std::nullopt;
        }
        return n;
    }

    // One of `names` (case-insensitive); its index.
    std::optional<int> choice(const QString& key, const QStringList& names) const
    {
        const std::optional<QString> t = text(key);
        if (!t)
            return std::nullopt;
        const int i = names.indexOf(t->toLower());
        if (i < 0) {
            ignore(key, *t, QStringLiteral("expected one of ") + names.join(QStringLiteral(", ")));
            return std::nullopt;
        }
        return i;
    }

private:
    const QSettings& m_settings;
    QStringList* m_warnings;
};

const QStringList kProxyModeNames{QStringLiteral("system"), QStringLiteral("none"), QStringLiteral("manual")};
const QStringList kNotificationNames{QStringLiteral("off"), QStringLiteral("inactive"),
                                     QStringLiteral("always")};
const QStringList kRetentionNames{QStringLiteral("all"), QStringLiteral("days"), QStringLiteral("rows")};

void setOrRemove(QSettings& s, const QString& key, const QVariant& value, bool set)
{
    if (set)
        s.setValue(kGroup + key, value);
    else
        s.remove(kGroup + key);
}

} // namespace

AppSettings AppSettings::load(const QSettings& settings, QStringList* warnings)
{
    const Reader r(settings, warnings);
    AppSettings out;
    if (const std::optional<QString> url = r.text(kEndpointUrl)) {
        const QString problem = endpointUrlProblem(*url);
        if (problem.isEmpty())
            out.endpointUrl = *url;
        else
            r.ignore(kEndpointUrl, *url, problem);
    }
    out.allowInsecureHttp = r.boolean(kAllowInsecureHttp).value_or(false);
    out.useFips = r.boolean(kUseFips);
    out.useDualStack = r.boolean(kUseDualStack);

    if (const std::optional<int> mode = r.choice(kProxyMode, kProxyModeNames)) {
        out.proxyMode = ProxyMode(*mode);
        if (out.proxyMode == ProxyMode::Manual) {
            const QString host = r.text(kProxyHost).value_or(QString());
            const std::optional<qint64> port = r.number(kProxyPort, 1, kMaxProxyPort);
            const QString hostProblem = proxyHostProblem(host);
            if (!hostProblem.isEmpty() || !port) {
                // Half a manual proxy would send every call nowhere: fall back to the system's.
                r.ignore(kProxyMode, kProxyModeNames.at(*mode),
                         hostProblem.isEmpty() ? QStringLiteral("the proxy port is missing or invalid")
                                               : hostProblem);
                out.proxyMode.reset();
            } else {
                out.proxyHost = host;
                out.proxyPort = int(*port);
                out.proxyUser = r.text(kProxyUser).value_or(QString());
            }
        }
    }

    if (const std::optional<QString> path = r.text(kCaBundle)) {
        // Kept even when the file is missing right now: the transport then fails with a fault
        // that names it, rather than silently trusting the system store.
        out.caBundlePath = *path;
    }
    if (const auto n = r.number(kMaxAttemptsKey, kMinAttempts, kMaxAttempts))
        out.maxAttempts = int(*n);
    if (const auto n = r.number(kPollInterval, kMinPollSeconds, kMaxPollSeconds))
        out.pollIntervalSeconds = int(*n);
    if (const std::optional<int> mode = r.choice(kNotifications, kNotificationNames))
        out.notifications = NotificationMode(*mode);
    if (const std::optional<int> mode = r.choice(kRetention, kRetentionNames)) {
        const RetentionMode retention = RetentionMode(*mode);
        if (retention == RetentionMode::Days) {
            if (const auto n = r.number(kRetentionDays, 1, kMaxRetentionDays)) {
                out.retention = retention;
                out.retentionDays = int(*n);
            }
        } else if (retention == RetentionMode::Rows) {
            if (const auto n = r.number(kRetentionRows, 1, kMaxRetentionRows)) {
                out.retention = retention;
                out.retentionRows = *n;
            }
        } else {
            out.retention = retention;
        }
    }
    return out;
}

void AppSettings::save(QSettings& s) const
{
    // Proxy and endpoint settings are the user's alone; QSettings keeps an existing file's mode.
    PrivateFiles::createFile(s.fileName());
    setOrRemove(s, kEndpointUrl, endpointUrl, !endpointUrl.isEmpty());
    setOrRemove(s, kAllowInsecureHttp, true, allowInsecureHttp);
    setOrRemove(s, kUseFips, useFips.value_or(false), useFips.has_value());
    setOrRemove(s, kUseDualStack, useDualStack.value_or(false), useDualStack.has_value());
    const bool manual = proxyMode == ProxyMode::Manual;
    setOrRemove(s, kProxyMode, proxyMode ? proxyModeName(*proxyMode) : QString(), proxyMode.has_value());
    setOrRemove(s, kProxyHost, proxyHost, manual);
    setOrRemove(s, kProxyPort, proxyPort, manual);
    setOrRemove(s, kProxyUser, proxyUser, manual && !proxyUser.isEmpty());
    setOrRemove(s, kCaBundle, caBundlePath, !caBundlePath.isEmpty());
    setOrRemove(s, kMaxAttemptsKey, maxAttempts.value_or(0), maxAttempts.has_value());
    setOrRemove(s, kPollInterval, pollIntervalSeconds.value_or(0), pollIntervalSeconds.has_value());
    setOrRemove(s, kNotifications, notifications ? notificationModeName(*notifications) : QString(),
                notifications.has_value());
    setOrRemove(s, kRetention, retention ? kRetentionNames.at(int(*retention)) : QString(),
                retention.has_value());
    setOrRemove(s, kRetentionDays, retentionDays, retention == RetentionMode::Days);
    setOrRemove(s, kRetentionRows, retentionRows, retention == RetentionMode::Rows);
}

QString AppSettings::cleartextEndpointProblem(const QString& text)
{
    const QUrl url(text.trimmed());
    if (url.scheme().compare(u"http", Qt::CaseInsensitive) != 0 || url.host().isEmpty() ||
        EndpointResolver::isLoopbackHost(url.host()))
        return QString();
    return QStringLiteral("http://%1 is not this computer: credentials and tokens would cross the network "
                          "unencrypted.")
        .arg(url.host());
}

QString AppSettings::endpointUrlProblem(const QString& text)
{
    const QUrl url(text.trimmed(), QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    if (!url.isValid() || (scheme != u"https" && scheme != u"http") || url.host().isEmpty())
        return QStringLiteral("The endpoint URL \"%1\" is not a web address: it must start with https:// "
                              "(or http:// for a local simulator) and name a host, for example "
                              "https://dms.example.internal.")
            .arg(text);
    if (!url.userInfo().isEmpty())
        return QStringLiteral("The endpoint URL must not contain a user name or password.");
    if (url.hasQuery() || url.hasFragment())
        return QStringLiteral("The endpoint URL must not have a query (?…) or fragment (#…).");
    return QString();
}

QString AppSettings::caBundleProblem(const QString& path)
{
    const Result<QList<QSslCertificate>> certs = CaBundle::load(path);
    return certs.ok() ? QString() : certs.fault().message;
}

QString AppSettings::proxyHostProblem(const QString& host)
{
    if (host.trimmed().isEmpty())
        return QStringLiteral("Enter the proxy's host name or IP address.");
    if (host.contains(QLatin1String("://")) || host.contains(QLatin1Char('/')) ||
        host.contains(QLatin1Char('@')))
        return QStringLiteral("Enter only the proxy's host name or IP address (\"%1\" looks like a URL); the "
                              "port and user have their own fields.")
            .arg(host);
    if (QHostAddress(host).isNull() && QUrl::fromAce(QUrl::toAce(host)).isEmpty())
        return QStringLiteral("\"%1\" is not a valid host name.").arg(host);
    return QString();
}

QString AppSettings::proxyPortProblem(int port)
{
    if (port < 1 || port > kMaxProxyPort)
        return QStringLiteral("The proxy port must be between 1 and %1 (it is %2).")
            .arg(kMaxProxyPort)
            .arg(port);
    return QString();
}

QStringList AppSettings::problems() const
{
    QStringList out;
    auto add = [&out](const QString& p) {
        if (!p.isEmpty())
            out.append(p);
    };
    if (!endpointUrl.isEmpty())
        add(endpointUrlProblem(endpointUrl));
    if (proxyMode == ProxyMode::Manual) {
        add(proxyHostProblem(proxyHost));
        add(proxyPortProblem(proxyPort));
    }
    if (!caBundlePath.isEmpty())
        add(caBundleProblem(caBundlePath));
    if (maxAttempts && (*maxAttempts < kMinAttempts || *maxAttempts > kMaxAttempts))
        add(QStringLiteral("Retry attempts must be between %1 and %2.").arg(kMinAttempts).arg(kMaxAttempts));
    if (pollIntervalSeconds &&
        (*pollIntervalSeconds < kMinPollSeconds || *pollIntervalSeconds > kMaxPollSeconds))
        add(QStringLiteral("The poll interval must be between %1 and %2 seconds.")
                .arg(kMinPollSeconds)
                .arg(kMaxPollSeconds));
    if (retention == RetentionMode::Days && (retentionDays < 1 || retentionDays > kMaxRetentionDays))
        add(QStringLiteral("Keep the history for 1 to %1 days.").arg(kMaxRetentionDays));
    if (retention == RetentionMode::Rows && (retentionRows < 1 || retentionRows > kMaxRetentionRows))
        add(QStringLiteral("Keep 1 to %1 requests in the history.").arg(kMaxRetentionRows));
    return out;
}

ClientSettings AppSettings::clientSettings() const
{
    ClientSettings c;
    c.endpointUrl = endpointUrl;
    c.allowInsecureHttp = allowInsecureHttp;
    c.useFips = useFips;
    c.useDualStack = useDualStack;
    c.caBundle = caBundlePath;
    c.maxAttempts = maxAttempts;
    return c;
}

std::optional<QNetworkProxy> AppSettings::proxy(const QString& password) const
{
    if (proxyMode == ProxyMode::None)
        return QNetworkProxy(QNetworkProxy::NoProxy);
    if (proxyMode == ProxyMode::Manual) {
        return QNetworkProxy(QNetworkProxy::HttpProxy, proxyHost, quint16(proxyPort), proxyUser,
                             proxyUser.isEmpty() ? QString() : password);
    }
    return std::nullopt;
}

QString AppSettings::proxyPasswordKey()
{
    return QStringLiteral("proxy/password");
}

QList<int> AppSettings::pollScheduleMs() const
{
    if (!pollIntervalSeconds)
        return {};
    return {*pollIntervalSeconds * 1000};
}

AppSettings::Retention AppSettings::effectiveRetention(const QProcessEnvironment& env) const
{
    Retention r;
    if (retention) {
        r.source = ValueSource::setting(QStringLiteral("history retention"));
        if (retention == RetentionMode::Days)
            r.days = retentionDays;
        else if (retention == RetentionMode::Rows)
            r.rows = retentionRows;
        return r;
    }
    const QString daysVar = QStringLiteral("DMSX_HISTORY_RETENTION_DAYS");
    const QString rowsVar = QStringLiteral("DMSX_HISTORY_RETENTION_ROWS");
    r.days = qMax(0, env.value(daysVar).toInt());
    r.rows = qMax<qint64>(0, env.value(rowsVar).toLongLong());
    if (r.days > 0)
        r.source = ValueSource::environment(daysVar);
    else if (r.rows > 0)
        r.source = ValueSource::environment(rowsVar);
    else
        r.source = ValueSource::defaultValue();
    return r;
}

bool AppSettings::connectionDiffers(const AppSettings& o) const
{
    const bool manual = proxyMode == ProxyMode::Manual;
    return endpointUrl != o.endpointUrl || allowInsecureHttp != o.allowInsecureHttp || useFips != o.useFips ||
           useDualStack != o.useDualStack || proxyMode != o.proxyMode ||
           (manual && (proxyHost != o.proxyHost || proxyPort != o.proxyPort || proxyUser != o.proxyUser)) ||
           caBundlePath != o.caBundlePath || maxAttempts != o.maxAttempts;
}

bool AppSettings::operator==(const AppSettings& o) const
{
    return !connectionDiffers(o) && pollIntervalSeconds == o.pollIntervalSeconds &&
           notifications == o.notifications && retention == o.retention &&
           (retention != RetentionMode::Days || retentionDays == o.retentionDays) &&
           (retention != RetentionMode::Rows || retentionRows == o.retentionRows);
}

QString AppSettings::proxyModeName(ProxyMode mode)
{
    return kProxyModeNames.at(int(mode));
}

QString AppSettings::notificationModeName(NotificationMode mode)
{
    return kNotificationNames.at(int(mode));
}

} // namespace dmsx
