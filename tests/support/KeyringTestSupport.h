#pragma once
// Helpers for tests that run against the real gnome-keyring of scripts/with-session.sh:
// ask secret-tool what the Secret Service holds, and scan folders for secret bytes.

#include "base/Fault.h"
#include "base/FaultCodes.h"
#include "base/Result.h"

#include <QByteArray>
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
Lookup secretToolLookup(const QString& service, const QString& key);

// Every regular file below dir, hidden ones included.
QStringList allFiles(const QString& dir);

// The files below `dirs` whose bytes contain any secret as UTF-8, UTF-16 or base64.
QStringList filesContaining(const QStringList& dirs, const QStringList& secrets, int* scanned = nullptr);

// Runs one asynchronous keychain operation to its answer (`start` gets the handler to call), with
// the event loop turning meanwhile; a Timeout fault after 30 s.
template <typename T>
dmsx::Result<T> await(std::function<void(std::function<void(const dmsx::Result<T>&)>)> start)
{
    std::optional<dmsx::Result<T>> out;
    start([&out](const dmsx::Result<T>& r) { out = r; });
    if (!QTest::qWaitFor([&out] { return out.has_value(); }, 30000))
        return dmsx::Fault::make(dmsx::FaultKind::Usage, dmsx::FaultCode::Timeout,
                                 QStringLiteral("no answer"));
    return *out;
}

} // namespace keyringtest
