#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>

namespace dmsx {

using HeaderList = QList<QPair<QByteArray, QByteArray>>;

// A request as the signer sees it: method, the path before percent-encoding, the raw
// query string, headers in order of appearance (names as written) and the body bytes.
struct HttpRequestData
{
    QByteArray method = "POST";
    QByteArray path = "/"; // unencoded path bytes (UTF-8); the signer encodes each segment
    QByteArray query;      // raw query string without '?', as written in the request line
    HeaderList headers;
    QByteArray body;

    // First header with this name, compared case-insensitively; empty if absent.
    QByteArray header(const QByteArray& name) const;
    bool hasHeader(const QByteArray& name) const;
    void setHeader(const QByteArray& name, const QByteArray& value); // replaces every occurrence
    void removeHeader(const QByteArray& name);

    // Parses the raw HTTP form used by the SigV4 suites ("GET /path?q HTTP/1.1", "Name:value"
    // header lines with obsolete line folding, a blank line, then the body). The path may
    // contain spaces: everything up to the final " HTTP/1.1" is the path.
    static bool parse(const QByteArray& raw, HttpRequestData* out, QString* error);
};

} // namespace dmsx
