#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>

namespace dmsx {

// One HTTP answer of the simulator before the common headers (request id, Date) are added.
struct SimReply
{
    int status = 200;
    QByteArray contentType = "application/x-amz-json-1.1";
    QByteArray body;
    QString errorCode; // empty on success; the bare code, for the request log
    QList<QPair<QByteArray, QByteArray>> headers;

    static SimReply json(const QJsonObject& object, int status = 200);
    // An awsJson 1.1 error document (docs/protocol.md §4.1). `typeName` is what goes into
    // __type (possibly namespaced); `code` is the bare code.
    static SimReply error(int status, const QString& code, const QString& message,
                          const QString& typeName = QString(), const QJsonObject& extra = QJsonObject(),
                          bool capitalMessage = false);
};

} // namespace dmsx
