#pragma once

#include "sigv4/HttpRequestData.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>

// The pieces of an AWS Signature Version 4 signature that need no key (docs/protocol.md
// §1.3): the signer builds a signature from them and the simulator checks one with them.
namespace dmsx::sigv4 {

// Every byte that is not A-Z a-z 0-9 - . _ ~ as %XX with upper-case hex; UTF-8 is
// therefore encoded byte by byte, never as code points.
QByteArray uriEncode(const QByteArray& bytes);

// `path` is unencoded (UTF-8 bytes as in the request line). With `normalize` (every
// service but S3), "." and ".." segments are removed and empty segments collapsed; without
// it every segment is kept. Each segment is encoded once, so an already percent-encoded
// path comes out encoded twice, as AWS specifies for non-S3 services.
QByteArray canonicalUri(const QByteArray& path, bool normalize = true);

// `query` is the raw query string without '?'. Parameters are decoded, encoded again with
// uriEncode() and sorted by key, then value, comparing bytes; a key without '=' gets an
// empty value.
QByteArray canonicalQuery(const QByteArray& query);

// Trims and turns each run of space, tab, CR and LF into one space, inside quotes too.
QByteArray canonicalHeaderValue(const QByteArray& value);

struct CanonicalHeaders
{
    QByteArray lines;         // "name:value\n" per distinct name, sorted by name
    QByteArray signedHeaders; // "name1;name2"
};

// `headers` are the ones to sign, in request order and with names in any case. Names are
// lower-cased and sorted by byte value; a repeated name appears once, its values joined
// with ',' in order of appearance.
CanonicalHeaders canonicalHeaders(const HeaderList& headers);

// The lines of the canonical request joined with '\n'; `payloadHash` is the lower-case
// hex SHA-256 of the body.
QByteArray canonicalRequest(const QByteArray& method, const QByteArray& canonicalUri,
                            const QByteArray& canonicalQuery, const CanonicalHeaders& headers,
                            const QByteArray& payloadHash);

// "yyyymmdd/region/service/aws4_request"; the date is the first 8 bytes of `amzDate`.
QByteArray credentialScope(const QByteArray& amzDate, const QString& region, const QString& service);

// "AWS4-HMAC-SHA256", the date, the scope and the hex SHA-256 of the canonical request.
QByteArray stringToSign(const QByteArray& amzDate, const QByteArray& scope,
                        const QByteArray& canonicalRequest);

// `t` in UTC as "yyyyMMdd'T'HHmmss'Z'" (20150830T123600Z); empty for an invalid time.
QByteArray amzDate(const QDateTime& t);

// Whether `value` has that form (eight digits, 'T', six digits, 'Z').
bool isAmzDate(const QByteArray& value);

} // namespace dmsx::sigv4
