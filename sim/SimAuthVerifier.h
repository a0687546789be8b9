#pragma once

#include "SimScenario.h"
#include "sigv4/HttpRequestData.h"
#include "sigv4/SigV4Signer.h"

#include <QDateTime>
#include <QString>

namespace dmsx {

struct SimAuthResult
{
    bool ok = false;
    int status = 0;
    QString code;    // e.g. "InvalidSignatureException"
    QString message; // AWS wording; never contains secrets
    QString accessKeyId;
    bool signatureChecked = false; // the signature was recomputed
    bool signatureValid = false;
};

// Checks a request's SigV4 Authorization the way AWS front ends do, with AWS's error codes and
// wording (docs/protocol.md §4.4), against the scenario's key pairs.
class SimAuthVerifier
{
public:
    // `service` is the signing name the scope must carry ("dms", or "sts" for SimStsService).
    SimAuthResult verify(const HttpRequestData& request, const QList<SimKeyPair>& keys, const QString& region,
                         const QDateTime& serverNow, const QString& service = QStringLiteral("dms")) const;

    static constexpr qint64 kSkewToleranceSeconds = 15 * 60;
    // Auth failures use 403 (a simulator choice, docs/protocol.md §8.2; services vary between 400 and
    // 403, §4.4). An incomplete signature is a 400.
    static constexpr int kAuthStatus = 403;

private:
    SigV4Signer m_signer;
};

} // namespace dmsx
