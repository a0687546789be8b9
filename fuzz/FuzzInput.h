#pragma once

#include "sigv4/HttpRequestData.h"

#include <QByteArray>
#include <QList>

#include <cstddef>
#include <cstdint>

namespace dmsx::fuzz {

// The fuzzer's bytes in the shapes the parsers receive. Seeds stay readable text: an HTTP answer
// is written as "STATUS\nName: value\n...\n\nbody", several fields as lines or as parts
// separated by a line "----".
class FuzzInput
{
public:
    FuzzInput(const uint8_t* data, size_t size);

    const QByteArray& bytes() const { return m_bytes; }

    struct Response
    {
        int status = 0;
        HeaderList headers;
        QByteArray body;
    };
    // First line the status (anything that is not a number gives 0), then header lines up to
    // an empty line, then the body as it is.
    Response response() const;

    // The text split at lines that are exactly "----"; always at least one part.
    QList<QByteArray> parts() const;

private:
    QByteArray m_bytes;
};

} // namespace dmsx::fuzz
