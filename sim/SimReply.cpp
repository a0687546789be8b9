#include "SimReply.h"

#include <QJsonDocument>

namespace dmsx {

SimReply SimReply::json(const QJsonObject& object, int status)
{
    SimReply r;
    r.status = status;
    r.body = QJsonDocument(object).toJson(QJsonDocument::Compact);
    return r;
}

SimReply SimReply::error(int status, const QString& code, const QString& message, const QString& typeName,
                         const QJsonObject& extra, bool capitalMessage)
{
    QJsonObject o = extra;
    o.insert(QStringLiteral("__type"), typeName.isEmpty() ? code : typeName);
    // Some AWS services spell it "Message"; clients must accept both (docs/protocol.md §4.1).
    o.insert(capitalMessage ? QStringLiteral("Message") : QStringLiteral("message"), message);
    SimReply r = json(o, status);
    r.errorCode = code;
    r.headers.append({QByteArrayLiteral("x-amzn-ErrorType"), code.toUtf8()});
    return r;
}

} // namespace dmsx
