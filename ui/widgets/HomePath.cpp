#include "widgets/HomePath.h"

#include <QDir>

namespace dmsx::ui {

QString HomePath::shorten(const QString& path, const QString& home)
{
    if (!home.isEmpty()) {
        const QString prefix = QDir::cleanPath(home) + QLatin1Char('/');
        if (path.startsWith(prefix))
            return QStringLiteral("~/") + QDir::toNativeSeparators(path.mid(prefix.size()));
    }
    return QDir::toNativeSeparators(path);
}

} // namespace dmsx::ui
