#include "diagnostics/AboutFacts.h"

#include "base/AppIdentity.h"
#include "credentials/AppProfileStore.h"
#include "history/HistoryStore.h"

#include <QDir>
#include <QSettings>
#include <QStringList>
#include <QtGlobal>

#include <openssl/crypto.h>

namespace dmsx {

AboutFacts AboutFacts::collect(const QString& settingsFile, const QString& profilesFile,
                               const QString& historyFile)
{
    AboutFacts facts;
    facts.version = AppIdentity::version();
    facts.components = {
        {QStringLiteral("Qt"), QString::fromLatin1(qVersion()), QStringLiteral("LGPL-3.0-only")},
        // QtKeychain's header carries no usable version number.
        {QStringLiteral("QtKeychain"), QString(), QStringLiteral("BSD-3-Clause")},
        {QStringLiteral("OpenSSL"), QString::fromLatin1(OpenSSL_version(OPENSSL_VERSION)),
         QStringLiteral("Apache-2.0")},
    };
    const QString settings = settingsFile.isEmpty() ? QSettings().fileName() : settingsFile;
    facts.locations = {
        {QStringLiteral("Profiles"),
         QDir::toNativeSeparators(profilesFile.isEmpty() ? AppProfileStore::defaultFilePath()
                                                         : profilesFile)},
        {QStringLiteral("Window settings"), QDir::toNativeSeparators(settings)},
        {QStringLiteral("Request history"),
         QDir::toNativeSeparators(historyFile.isEmpty() ? HistoryStore::defaultPath() : historyFile)},
        {QStringLiteral("Access keys"),
         QStringLiteral("the system keychain (Secret Service), service \"%1\"").arg(AppIdentity::id())},
    };
    return facts;
}

QString AboutFacts::toText() const
{
    QStringList lines;
    lines << QStringLiteral("DMS Extension Pack Manager %1").arg(version);
    for (const Component& c : components)
        lines << QStringLiteral("%1 %2 (%3)")
                     .arg(c.name, c.version.isEmpty() ? QStringLiteral("-") : c.version, c.licence);
    for (const Location& l : locations)
        lines << QStringLiteral("%1: %2").arg(l.what, l.path);
    return lines.join(QLatin1Char('\n'));
}

} // namespace dmsx
