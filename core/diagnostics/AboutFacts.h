#pragma once

#include <QList>
#include <QString>

namespace dmsx {

// What Help > About says: the version, the libraries shipped with it and their licences, and
// where the app keeps its data. Collected from the running libraries, not from build-time
// constants, so a distribution's newer OpenSSL or Qt is what is shown.
struct AboutFacts
{
    struct Component
    {
        QString name;
        QString version; // empty when the library does not say at run time
        QString licence; // SPDX identifier
    };
    struct Location
    {
        QString what; // "Profiles", "Request history", ...
        QString path; // a file or a folder
    };

    QString version;
    QList<Component> components;
    QList<Location> locations;

    // The files given are those in use; empty ones are the defaults (AppIdentity, AppProfileStore,
    // HistoryStore). The keychain entries are named after the app id.
    static AboutFacts collect(const QString& settingsFile, const QString& profilesFile,
                              const QString& historyFile);
    // The same as plain text, one fact a line, for "Copy".
    QString toText() const;
};

} // namespace dmsx
