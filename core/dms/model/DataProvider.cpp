#include "dms/model/DataProvider.h"

#include "base/JsonFields.h"

#include <QJsonDocument>

namespace dmsx {

using L = QLatin1String;

bool DataProvider::isKnownSettingsVariant(const QString& name)
{
    static const char* const known[] = {
        "RedshiftSettings",  "PostgreSqlSettings",         "MySqlSettings",  "OracleSettings",
        "SybaseAseSettings", "MicrosoftSqlServerSettings", "DocDbSettings",  "MariaDbSettings",
        "IbmDb2LuwSettings", "IbmDb2zOsSettings",          "MongoDbSettings"};
    for (const char* k : known) {
        if (name == QLatin1String(k))
            return true;
    }
    return false;
}

QJsonObject DataProvider::settings() const
{
    // The text came from a checked answer (DmsPageReader) or from setSettings().
    return settingsJson.isEmpty() ? QJsonObject() : QJsonDocument::fromJson(settingsJson).object();
}

void DataProvider::setSettings(const QJsonObject& body)
{
    settingsJson = QJsonDocument(body).toJson(QJsonDocument::Compact);
}

QString DataProvider::serverName() const
{
    return JsonFields::string(settings(), L("ServerName"));
}

std::optional<int> DataProvider::port() const
{
    return JsonFields::integer(settings(), L("Port"));
}

QString DataProvider::databaseName() const
{
    return JsonFields::string(settings(), L("DatabaseName"));
}

DataProvider DataProvider::fromJson(const QJsonObject& o)
{
    DataProvider p;
    p.dataProviderName = JsonFields::string(o, L("DataProviderName"));
    p.dataProviderArn = JsonFields::string(o, L("DataProviderArn"));
    p.dataProviderCreationTime = JsonFields::timestamp(o, L("DataProviderCreationTime"));
    p.description = JsonFields::string(o, L("Description"));
    p.engine = JsonFields::string(o, L("Engine"));
    p.isVirtual = JsonFields::boolean(o, L("Virtual"));
    const QJsonObject settings = JsonFields::object(o, L("Settings"));
    // A union has one key; null members are "absent", so skip them when picking it.
    for (auto it = settings.begin(); it != settings.end(); ++it) {
        if (it.value().isNull())
            continue;
        p.settingsVariant = it.key();
        p.settingsVariantKnown = isKnownSettingsVariant(it.key());
        if (it.value().isObject())
            p.setSettings(it.value().toObject());
        break;
    }
    return p;
}

QJsonObject DataProvider::toJson() const
{
    QJsonObject o;
    JsonFields::putString(o, L("DataProviderName"), dataProviderName);
    JsonFields::putString(o, L("DataProviderArn"), dataProviderArn);
    JsonFields::putTimestamp(o, L("DataProviderCreationTime"), dataProviderCreationTime);
    JsonFields::putString(o, L("Description"), description);
    JsonFields::putString(o, L("Engine"), engine);
    JsonFields::putBool(o, L("Virtual"), isVirtual);
    if (!settingsVariant.isEmpty()) {
        QJsonObject s;
        s.insert(settingsVariant, settings());
        o.insert(L("Settings"), s);
    }
    return o;
}

} // namespace dmsx
