#pragma once

#include <QString>

namespace dmsx {

// Secrets in QStrings are implicitly shared: writing into a shared one would either detach (and
// wipe a fresh copy, leaving the secret where it was) or, through a const_cast, corrupt every
// other holder. So a holder keeps a private copy and overwrites it only while it is the sole owner.
class SecretWipe
{
public:
    // A copy that shares no buffer with `s`.
    static QString privateCopy(const QString& s);
    // Overwrites the characters in place when this is the only reference to the buffer and says
    // whether it did; a shared buffer is left alone (other holders still need it).
    static bool overwrite(QString& s);
    // overwrite(), then release the buffer.
    static void wipe(QString& s);
};

} // namespace dmsx
