#pragma once
// Helpers for tests that run against the real gnome-keyring of scripts/with-session.sh:
// ask secret-tool what the Secret Service holds, and scan folders for secret bytes.

#include "base/Fault.h"
#include "base/Result.h"

#include <QByteArray>
#include <QDirIterator>
#include <QFile>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTest>

#include <functional>
#include <optional>

namespace keyringtest {

struct Lookup
{
    int exitCode = -1; // 0: found, 1: no such item
    QByteArray value;  // never print it: it is the secret
};

// `secret-tool lookup server SERVICE user KEY`, the attributes QtKeychain's libsecret backend uses.
inline Lookup secretToolLookup(const QString& service, const QString& key)
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
inline QStringList allFiles(const QString& dir)
{
    QStringList out;
    QDirIterator it(dir, QDir::Files | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot,
                    QDirIterator::Subdirectories);
    while (it.hasNext())
        out << it.next();
    return out;
}

// The files below `dirs` whose bytes contain any secret as UTF-8, UTF-16 or base64.
inline QStringList filesContaining(const QStringList& dirs, const QStringList& secrets,
                                   int* scanned = nullptr)
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

// Runs one asynchronous keychain operation to its answer (`start` gets the handler to call), with
// the event loop turning meanwhile; a Timeout fault after 30 s.
template <typename T>
dmsx::Result<T> await(std::function<void(std::function<void(const dmsx::Result<T>&)>)> start)
{
    std::optional<dmsx::Result<T>> out;
    start([&out](const dmsx::Result<T>& r) { out = r; });
    if (!QTest::qWaitFor([&out] { return out.has_value(); }, 30000))
        return dmsx::Fault::make(dmsx::FaultKind::Usage, QStringLiteral("Timeout"),
                                 QStringLiteral("no answer"));
    return *out;
}

} // namespace keyringtest
