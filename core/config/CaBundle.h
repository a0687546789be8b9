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
    static Result<QList<QSslCertificate>> load(const QString& path);
    // The same verdict as load() without reading every certificate: enough for an http endpoint,
    // which never uses them. Parsing a system bundle of 140 roots costs more than a whole listing.
    static Result<void> check(const QString& path);
};

} // namespace dmsx
