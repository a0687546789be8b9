// Signs the DMS StartExtensionPackAssociation request of docs/protocol.md §1.3 with the headers
// our client sends, next to a "floor": raw OpenSSL EVP doing only the hashing a SigV4
// signature needs. The ratio signer/floor is what scripts/bench.sh reports; the gap is
// the cost of canonicalisation and string building.
#include "sigv4/SigV4Signer.h"
#include "sigv4/SigningKeyCache.h"

#include <benchmark/benchmark.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <cstdio>
#include <cstdlib>
#include <vector>

using namespace dmsx;

namespace {

HttpRequestData dmsRequest()
{
    HttpRequestData r;
    r.method = "POST";
    r.path = "/";
    r.body = "{\"MigrationProjectIdentifier\":\"arn:aws:dms:us-east-1:111122223333:migration-project:"
             "EXAMPLEABCDEFGHIJKLMNOPQRS\"}";
    // Lower-case names, as the transport writes them (core/net/PendingCall.cpp).
    r.headers = {
        {"host", "dms.us-east-1.amazonaws.com"},
        {"content-type", "application/x-amz-json-1.1"},
        {"x-amz-target", "AmazonDMSv20160101.StartExtensionPackAssociation"},
        {"content-length", QByteArray::number(r.body.size())},
        {"amz-sdk-invocation-id", "3f1b5a52-1f0e-4c43-9d7e-0f3f1c2b9e11"},
        {"amz-sdk-request", "attempt=1; max=3"},
    };
    return r;
}

SigningParams dmsParams()
{
    SigningParams p;
    p.credentials.accessKeyId = QStringLiteral("ASIAEXAMPLEEXAMPLE12");
    p.credentials.secretAccessKey = QStringLiteral("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    // A realistic STS session token is several hundred bytes; x-amz-date and the token
    // header are added by the signer, as in the client.
    p.credentials.sessionToken = QString(600, QLatin1Char('T'));
    p.region = QStringLiteral("us-east-1");
    p.service = QStringLiteral("dms");
    p.time = QDateTime(QDate(2026, 1, 9), QTime(12, 30, 0), Qt::UTC);
    return p;
}

// Sizes the floor must hash, taken from one real signing so both sides do equal work.
struct Shape
{
    std::size_t canonicalRequest = 0;
    std::size_t stringToSign = 0;
};

const Shape& shape()
{
    static const Shape s = [] {
        SigV4Signer signer;
        const SigningOutput out = signer.sign(dmsRequest(), dmsParams());
        return Shape{std::size_t(out.canonicalRequest.size()), std::size_t(out.stringToSign.size())};
    }();
    return s;
}

// The signing the transport does on every attempt: a new SigningOutput per call, every field
// (canonical request, string to sign, signature, signed headers, Authorization and the signed
// request) built again; the derived key comes from the signer's cache after the first call.
void BM_SignerCached(benchmark::State& state)
{
    const HttpRequestData request = dmsRequest();
    const SigningParams params = dmsParams();
    const SigV4Signer signer;
    for (auto _ : state) {
        SigningOutput out = signer.sign(request, params);
        benchmark::DoNotOptimize(out.authorization.constData());
    }
}

// Every call derives its key: cycling through more access key ids than the signer caches
// misses every time, through the public API (the key id is not part of the canonical request,
// so the hashing work is the cached case's).
void BM_SignerUncached(benchmark::State& state)
{
    const HttpRequestData request = dmsRequest();
    std::vector<SigningParams> identities(SigningKeyCache::MaxKeys * 2, dmsParams());
    for (std::size_t i = 0; i < identities.size(); ++i)
        identities[i].credentials.accessKeyId =
            QStringLiteral("ASIAEXAMPLEEXAMPL%1").arg(i, 3, 10, QLatin1Char('0'));
    const SigV4Signer signer;
    std::size_t next = 0;
    for (auto _ : state) {
        SigningOutput out = signer.sign(request, identities[next]);
        next = (next + 1) % identities.size();
        benchmark::DoNotOptimize(out.authorization.constData());
    }
}

// The floor: algorithms fetched once and contexts reused, exactly as a hand-tuned
// signer would; nothing but SHA-256(body), SHA-256(canonical request), the optional
// four key-derivation HMACs and the signature HMAC.
class Floor
{
public:
    Floor()
    {
        m_md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
        m_mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
        m_mdCtx = EVP_MD_CTX_new();
        m_macCtx = EVP_MAC_CTX_new(m_mac);
        char digest[] = "SHA256";
        const OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
                                     OSSL_PARAM_construct_end()};
        if (!m_md || !m_mac || !m_mdCtx || !m_macCtx || EVP_MAC_CTX_set_params(m_macCtx, params) != 1) {
            std::fprintf(stderr, "OpenSSL setup failed\n");
            std::abort();
        }
    }
    ~Floor()
    {
        EVP_MAC_CTX_free(m_macCtx);
        EVP_MD_CTX_free(m_mdCtx);
        EVP_MAC_free(m_mac);
        EVP_MD_free(m_md);
    }
    void sha(const void* data, std::size_t n, unsigned char* out)
    {
        unsigned int len = 0;
        EVP_DigestInit_ex2(m_mdCtx, m_md, nullptr);
        EVP_DigestUpdate(m_mdCtx, data, n);
        EVP_DigestFinal_ex(m_mdCtx, out, &len);
    }
    void hmac(const void* key, std::size_t keyLen, const void* data, std::size_t n, unsigned char* out)
    {
        std::size_t len = 0;
        EVP_MAC_init(m_macCtx, static_cast<const unsigned char*>(key), keyLen, nullptr);
        EVP_MAC_update(m_macCtx, static_cast<const unsigned char*>(data), n);
        EVP_MAC_final(m_macCtx, out, &len, 32);
    }

private:
    EVP_MD* m_md = nullptr;
    EVP_MAC* m_mac = nullptr;
    EVP_MD_CTX* m_mdCtx = nullptr;
    EVP_MAC_CTX* m_macCtx = nullptr;
};

void runFloor(benchmark::State& state, bool deriveKey)
{
    const HttpRequestData request = dmsRequest();
    const std::vector<char> creq(shape().canonicalRequest, 'c');
    const std::vector<char> sts(shape().stringToSign, 's');
    const QByteArray secret = "AWS4wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    Floor floor;
    unsigned char bodyHash[32];
    unsigned char creqHash[32];
    unsigned char key[32] = {1};
    unsigned char tmp[32];
    unsigned char signature[32];
    for (auto _ : state) {
        floor.sha(request.body.constData(), std::size_t(request.body.size()), bodyHash);
        floor.sha(creq.data(), creq.size(), creqHash);
        if (deriveKey) {
            floor.hmac(secret.constData(), std::size_t(secret.size()), "20260109", 8, tmp);
            floor.hmac(tmp, 32, "us-east-1", 9, key);
            floor.hmac(key, 32, "dms", 3, tmp);
            floor.hmac(tmp, 32, "aws4_request", 12, key);
        }
        floor.hmac(key, 32, sts.data(), sts.size(), signature);
        benchmark::DoNotOptimize(bodyHash);
        benchmark::DoNotOptimize(creqHash);
        benchmark::DoNotOptimize(signature);
    }
}

void BM_FloorCached(benchmark::State& state)
{
    runFloor(state, false);
}

void BM_FloorUncached(benchmark::State& state)
{
    runFloor(state, true);
}

} // namespace

BENCHMARK(BM_SignerCached);
BENCHMARK(BM_FloorCached);
BENCHMARK(BM_SignerUncached);
BENCHMARK(BM_FloorUncached);

BENCHMARK_MAIN();
