#pragma once

#include "base/Result.h"

#include <QList>
#include <QSslCertificate>
#include <QString>

namespace dmsx {

// AWS_CA_BUNDLE / ca_bundle: a file of trusted roots that REPLACES the system trust store.
class CaBundle
{
public:
    // PEM (one or more certificates) or a single DER certificate. A missing, unreadable or
    // certificate-free file is a Configuration fault: silently trusting the system store instead
    // would hide a misconfiguration.
    // Read again only when the file changed (its size or time).
    static Result<QList<QSslCertificate>> load(const QString& path);
    // The same verdict as load() without reading every certificate: enough for an http endpoint,
    // which never uses them. Parsing a system bundle of 140 roots costs more than a whole listing.
    static Result<void> check(const QString& path);
    // Starts reading the file on a pool thread, so that the first load() (a connection being
    // opened on the GUI thread) finds it read or nearly so.
    static void preload(const QString& path);

private:
    static Result<QList<QSslCertificate>> readFile(const QString& path);
};

} // namespace dmsx
