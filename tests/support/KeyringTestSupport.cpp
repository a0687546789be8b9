#include "KeyringTestSupport.h"

#include <QDirIterator>
#include <QFile>
#include <QProcess>

namespace keyringtest {

// `secret-tool lookup server SERVICE user KEY`, the attributes QtKeychain's libsecret backend uses.
Lookup secretToolLookup(const QString& service, const QString& key)
{
    QProcess p;
    p.start(QStringLiteral("secret-tool"),
            {QStringLiteral("lookup"), QStringLiteral("server"), service, QStringLiteral("user"), key});
    Lookup r;
    if (!p.waitForStarted(10000))
        return r;
    p.closeWriteChannel();
    if (!p.waitForFinished(30000)) {
        p.kill();
        p.waitForFinished();
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.value = p.readAllStandardOutput();
    return r;
}

// Every regular file below dir, hidden ones included.
QStringList allFiles(const QString& dir)
{
    QStringList out;
    QDirIterator it(dir, QDir::Files | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot,
                    QDirIterator::Subdirectories);
    while (it.hasNext())
        out << it.next();
    return out;
}

// The files below `dirs` whose bytes contain any secret as UTF-8, UTF-16 or base64.
QStringList filesContaining(const QStringList& dirs, const QStringList& secrets, int* scanned)
{
    QList<QByteArray> needles;
    for (const QString& s : secrets) {
        needles << s.toUtf8() << s.toUtf8().toBase64()
                << QByteArray(reinterpret_cast<const char*>(s.utf16()), s.size() * 2);
    }
    QStringList hits;
    int count = 0;
    for (const QString& dir : dirs) {
        for (const QString& path : allFiles(dir)) {
            QFile f(path);
            if (!f.open(QIODevice::ReadOnly))
                continue;
            ++count;
            const QByteArray bytes = f.readAll();
            for (const QByteArray& n : needles) {
                if (bytes.contains(n)) {
                    hits << path;
                    break;
                }
            }
        }
    }
    if (scanned)
        *scanned = count;
    return hits;
}

} // namespace keyringtest
