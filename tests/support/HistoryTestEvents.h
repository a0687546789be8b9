#pragma once

#include "base/Fault.h"
#include "net/CallEvent.h"

#include <QJsonObject>
#include <QString>

#include <optional>

namespace dmsx::historytest {

// The call events a transport hands the request history, for its tests: a call of `op` about
// `project` (none when empty), in the calls sharing `group` (none when empty), started now, in
// eu-west-1.
CallEvent callEvent(const QString& op, const QString& group, const QString& project = QString());
// `e` ended 10 ms later after one attempt: with HTTP 200 and `output`, or with `fault`.
CallEvent finished(CallEvent e, const QJsonObject& output = {}, std::optional<Fault> fault = std::nullopt);

} // namespace dmsx::historytest
