#pragma once

#include "base/Result.h"

#include <QByteArray>
#include <QStringList>

namespace dmsx {

struct SimTlsMaterial
{
    QByteArray caCertificatePem;     // give this to clients as their trust anchor
    QByteArray serverCertificatePem; // signed by the CA
    QByteArray serverKeyPem;
};

// A throw-away CA and server certificate made at start-up with OpenSSL 3, so HTTPS tests run
// with certificate verification ON against a CA that exists only for this process.
class SimCertificateAuthority
{
public:
    // The server certificate carries `dnsNames` and `ipAddresses` as subjectAltNames.
    static Result<SimTlsMaterial> generate(const QStringList& dnsNames = {QStringLiteral("localhost")},
                                           const QStringList& ipAddresses = {QStringLiteral("127.0.0.1")});
};

} // namespace dmsx
