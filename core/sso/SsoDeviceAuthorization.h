#pragma once

#include <QDateTime>
#include <QString>

namespace dmsx {

// What StartDeviceAuthorization gave: the code the person confirms in a browser, and the device
// code that CreateToken polls with (a secret until it expires).
struct SsoDeviceAuthorization
{
    QString deviceCode;
    QString userCode;
    QString verificationUri;
    QString verificationUriComplete; // the page with the user code filled in
    QDateTime expiresAt;             // UTC: when the device code stops working
    int intervalSeconds = 5;         // between polls; the RFC 8628 default when not given
};

} // namespace dmsx
