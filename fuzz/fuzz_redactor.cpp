// The Redactor's promises, checked on every input (abort() when one is broken, so libFuzzer
// keeps the input): a registered secret (the first part, up to a line "----") never survives in
// the redacted text (the second part), and redacting twice gives the same text as once.
#include "FuzzInput.h"
#include "base/Redactor.h"

#include <cstdio>
#include <cstdlib>

namespace {

// Secrets as AWS issues them (key ids, secret keys, session tokens): letters, digits, "/+=".
// Other registered values may legitimately reappear by coincidence, e.g. inside the placeholder.
bool isAwsShapedSecret(const QString& s)
{
    if (s.size() < 8 || s.compare(QStringLiteral("REDACTED"), Qt::CaseInsensitive) == 0)
        return false;
    for (const QChar c : s) {
        const char16_t u = c.unicode();
        const bool ok = (u >= u'a' && u <= u'z') || (u >= u'A' && u <= u'Z') || (u >= u'0' && u <= u'9') ||
                        u == u'/' || u == u'+' || u == u'=';
        if (!ok)
            return false;
    }
    return true;
}

[[noreturn]] void violated(const char* what)
{
    std::fprintf(stderr, "Redactor property violated: %s\n", what);
    std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace dmsx;
    const fuzz::FuzzInput input(data, size);
    const QList<QByteArray> parts = input.parts();
    const QString secret = QString::fromUtf8(parts.value(0));
    const QString text = QString::fromUtf8(parts.value(parts.size() > 1 ? 1 : 0));

    Redactor::registerSecrets(QStringLiteral("fuzz"), {secret});
    const QString once = Redactor::redact(text);
    if (isAwsShapedSecret(secret) && once.contains(secret))
        violated("a registered secret survived");
    if (Redactor::redact(once) != once)
        violated("redacting twice changed the text");
    const QByteArray bytes = Redactor::redact(parts.value(1));
    if (isAwsShapedSecret(secret) && bytes.contains(secret.toUtf8()))
        violated("a registered secret survived in bytes");
    return 0;
}
