#pragma once

#include "base/Result.h"
#include "net/AwsTransport.h"
#include "net/CallOptions.h"
#include "net/PendingCall.h"

#include <QJsonObject>
#include <QObject>
#include <QString>
#include <QTimer>

#include <functional>

namespace dmsx {

// One call whose answer a typed client turns into T: `done` runs once, in `context`'s thread, never
// after `context` is gone; a parse failure is a Fault like any other.
template <typename T>
PendingCall* runTypedCall(AwsTransport* transport, const QString& operation, const QJsonObject& input,
                          QObject* context, std::function<void(const Result<T>&)> done,
                          std::function<Result<T>(const QJsonObject&)> parse, const CallOptions& options = {})
{
    PendingCall* call = transport->call(operation, input, options);
    QObject* receiver = context ? context : static_cast<QObject*>(call);
    QObject::connect(call, &PendingCall::finished, receiver, [call, done, parse] {
        if (!done)
            return;
        const Result<QJsonObject>& r = call->result();
        if (!r.ok())
            done(Result<T>(r.fault()));
        else
            done(parse(r.value()));
    });
    return call;
}

// `fault` through `done` on the next turn of `context`'s event loop, as a call that failed at once.
template <typename T>
void refuseTypedCall(QObject* context, std::function<void(const Result<T>&)> done, const Fault& fault)
{
    QTimer::singleShot(0, context, [done, fault] {
        if (done)
            done(Result<T>(fault));
    });
}

} // namespace dmsx
