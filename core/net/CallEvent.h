#pragma once

#include "base/Fault.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <functional>
#include <optional>
#include <utility>

namespace dmsx {

// What the transport tells its observers about one logical call (all attempts together). The
// same struct serves the start (before the first byte is sent) and the end; the end fills the
// outcome members. Secrets are never in it: the input is the awsJson request body, which holds
// no credentials, and the fault is already redacted.
struct CallEvent
{
    // What the observers see of an answer that CallOptions::bodyReader read, made only when one
    // asks: a listing whose pages no observer looks into builds nothing for them (for 10,000
    // projects, a seventh of the CLI's instructions). `make` may be called from any thread, and
    // more than once.
    struct DeferredOutput
    {
        std::function<QJsonObject()> make;
        // The identifier (ARN) and name of each item listed: for observers that name other
        // calls' resources, without making the output.
        struct ItemNames
        {
            // One buffer, copied while the answer's strings are fresh: an observer that keeps it
            // keeps two blocks, not two strings an item shared with the caller's thread.
            QString text;
            QList<qsizetype> ends; // item i: its identifier ends at 2i, its name at 2i + 1

            qsizetype size() const { return ends.size() / 2; }
            QStringView identifier(qsizetype i) const
            {
                const qsizetype start = i == 0 ? 0 : ends.at(2 * i - 1);
                return QStringView(text).mid(start, ends.at(2 * i) - start);
            }
            QStringView name(qsizetype i) const
            {
                return QStringView(text).mid(ends.at(2 * i), ends.at(2 * i + 1) - ends.at(2 * i));
            }
            void append(QStringView identifier, QStringView name)
            {
                text += identifier;
                ends.append(text.size());
                text += name;
                ends.append(text.size());
            }
        };
        ItemNames itemNames;
    };

    QString invocationId; // amz-sdk-invocation-id, stable across the call's attempts
    QString operation;
    QString groupKey;        // CallOptions::groupKey: calls sharing it form one history entry
    bool background = false; // CallOptions::background: a read the user did not ask for
    QString actionKey;       // CallOptions::actionKey: calls made for one user action
    QString subjectName;     // CallOptions::subjectName: what the call is about, by name
    QJsonObject input;
    QString region;
    QString endpointHost; // host[:port]
    QDateTime startedAt;  // UTC

    // Set on finish only.
    QDateTime finishedAt;
    int attempts = 0;
    int httpStatus = 0;
    QString requestId; // x-amzn-RequestId of the last answer
    // On success: the answer as the observers see it. For a body the call's
    // CallOptions::bodyReader read, `output` is empty and `deferredOutput` makes it.
    QJsonObject output;
    std::optional<DeferredOutput> deferredOutput;
    std::optional<Fault> fault; // on failure

    QJsonObject outputObject() const { return deferredOutput ? deferredOutput->make() : output; }
};

} // namespace dmsx
