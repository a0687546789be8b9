#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QString>

#include <QJsonObject>
#include <optional>

namespace dmsx {

// One element of DescribeDataProviders.DataProviders.
struct DataProvider
{
    QString dataProviderName;
    QString dataProviderArn;
    QDateTime dataProviderCreationTime;
    QString description;
    QString engine;
    std::optional<bool> isVirtual; // JSON "Virtual": a virtual target cannot take an extension pack

    // DataProviderSettings is a union: exactly one member such as "PostgreSqlSettings".
    // A variant this build does not know is kept (name and body) and flagged, never an error.
    QString settingsVariant; // the union member name, empty when Settings is absent
    bool settingsVariantKnown = false;
    // The variant body as received, a JSON object's text: read when asked, since most uses (the
    // engine columns of a listing) never look into it.
    QByteArray settingsJson;
    QJsonObject settings() const;
    void setSettings(const QJsonObject& body);
    // The members every variant shares, read out for the UI.
    QString serverName() const;
    std::optional<int> port() const;
    QString databaseName() const;

    static bool isKnownSettingsVariant(const QString& name);
    static DataProvider fromJson(const QJsonObject& o);
    QJsonObject toJson() const;
};

} // namespace dmsx
