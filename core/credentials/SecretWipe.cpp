#include "credentials/SecretWipe.h"

#include <openssl/crypto.h>

namespace dmsx {

QString SecretWipe::privateCopy(const QString& s)
{
    return s.isEmpty() ? QString() : QString(s.constData(), s.size());
}

bool SecretWipe::overwrite(QString& s)
{
    if (s.isEmpty() || !s.isDetached())
        return false;
    // data() does not detach here (sole owner); OPENSSL_cleanse is not optimised away.
    OPENSSL_cleanse(s.data(), size_t(s.size()) * sizeof(QChar));
    return true;
}

void SecretWipe::wipe(QString& s)
{
    overwrite(s);
    s = QString();
}

} // namespace dmsx
