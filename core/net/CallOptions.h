#pragma once

#include "net/CallEvent.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <functional>
#include <optional>

namespace dmsx {

// Per-call overrides of the transport defaults.
struct CallOptions
{
    // Unset: AwsJsonTransport::isIdempotent(operation) decides.
    std::optional<bool> idempotent;
    int attemptTimeoutMs = 0; // 0: the transport's
    // Calls with the same non-empty key belong together (the pages of one listing, the polls of
    // one series): observers such as the request history record them as one entry.
    QString groupKey;
    // A read the program makes on its own (a status lookup, the details pane's listing on
    // selection), not something the user asked for: the request history hides it by default.
    bool background = false;
    // Calls made for one user action share a non-empty key (an apply: its pre-flight reads, the
    // Start, the looks for a lost answer, the polls): the request history folds them under the
    // action's StartExtensionPackAssociation, or under its first call when it has none.
    QString actionKey;
    // What the call is about, by name, when its input names it only by identifier (a project's
    // ARN): observers such as the request history show it without looking the name up.
    QString subjectName;
    // A success whose JSON lacks this string member (or has it empty) is an InvalidResponse
    // fault, not a success: the history and the retry rules then treat it as an answer that
    // cannot be trusted, which for a non-idempotent call means it may have been processed.
    QString requiredOutputMember;
    // Reads a success body straight into the caller's own types (a Describe page) instead of the
    // protocol's JSON parse, and returns how to make what the observers see of it, when one asks
    // (CallEvent::deferredOutput); or nothing, to leave the body to the protocol's parser, which
    // then decides the result and any fault. Called once per answered attempt, on the
    // transport's thread. A call with a bodyReader has no requiredOutputMember.
    std::function<std::optional<CallEvent::DeferredOutput>(const QByteArray& body)> bodyReader;

    // The options of a background read, for one-line call sites.
    static CallOptions backgroundRead()
    {
        CallOptions options;
        options.background = true;
        return options;
    }
};

} // namespace dmsx
