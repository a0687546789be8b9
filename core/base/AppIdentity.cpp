#include "base/AppIdentity.h"

#include "base/Version.h"

#include <QCoreApplication>
#include <QDir>
#include <QStandardPaths>

namespace dmsx {

QString AppIdentity::id()
{
    return QStringLiteral(DMSX_APP_ID);
}

QString AppIdentity::version()
{
    return QStringLiteral(DMSX_VERSION);
}

void AppIdentity::setUpApplication()
{
    QCoreApplication::setOrganizationName(id());
    QCoreApplication::setApplicationName(id());
    QCoreApplication::setApplicationVersion(version());
}

QString AppIdentity::configDirectory()
{
    // Generic, not AppConfigLocation: that would nest <organisation>/<application>.
    QString dir = QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation);
    if (dir.isEmpty())
        dir = QDir::homePath() + QStringLiteral("/.config");
    return dir + QLatin1Char('/') + id();
}

QString AppIdentity::dataDirectory()
{
    QString dir = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation);
    if (dir.isEmpty())
        dir = QDir::homePath() + QStringLiteral("/.local/share");
    return dir + QLatin1Char('/') + id();
}

} // namespace dmsx
