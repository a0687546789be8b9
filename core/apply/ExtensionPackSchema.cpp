#include "apply/ExtensionPackSchema.h"

#include <QCoreApplication>

namespace dmsx {

QString ExtensionPackSchema::forSourceEngine(const QString& engine)
{
    const QString e = engine.trimmed().toLower();
    if (e == QLatin1String("oracle"))
        return QStringLiteral("aws_oracle_ext");
    if (e == QLatin1String("sqlserver"))
        return QStringLiteral("aws_sqlserver_ext");
    return {};
}

QString ExtensionPackSchema::describeForSourceEngine(const QString& engine)
{
    const QString name = forSourceEngine(engine);
    if (!name.isEmpty())
        return name;
    if (engine.isEmpty())
        return QCoreApplication::translate("ExtensionPackSchema", "the extension pack schema");
    return QCoreApplication::translate("ExtensionPackSchema", "the extension pack schema for %1").arg(engine);
}

} // namespace dmsx
