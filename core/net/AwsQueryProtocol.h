#pragma once

#include "net/AwsProtocol.h"

#include <QHash>
#include <QList>
#include <QPair>

#include <optional>

namespace dmsx {

// awsQuery, as STS speaks it: a form-encoded POST (Action=...&Version=...), XML answers. A
// success document becomes a flat object whose keys are the element paths below the root
// ("AssumeRoleResult/Credentials/AccessKeyId") and whose values are the elements' text.
class AwsQueryProtocol : public AwsProtocol
{
public:
    using Params = QList<QPair<QString, QString>>;

    explicit AwsQueryProtocol(QString apiVersion);

    // The input's members (string values) become the form parameters.
    Request buildRequest(const QString& operation, const QJsonObject& input) const override;
    Result<QJsonObject> parseSuccess(const QByteArray& body, const HeaderList& headers) const override;
    Fault parseError(int httpStatus, const HeaderList& headers, const QByteArray& body,
                     const QDateTime& receivedAt) const override;
    // Credentials in answers and MFA codes in requests are masked.
    QJsonObject forObservers(const QJsonObject& object) const override;

    // Action, Version, then params, each percent-encoded (RFC 3986 unreserved kept).
    static QByteArray encodeForm(const QString& action, const QString& version, const Params& params);
    // Flattens a document; nullopt when it is not well-formed XML.
    static std::optional<QHash<QString, QString>> flatten(const QByteArray& xml);
    // An XML error document (<ErrorResponse><Error><Code>...) into a Fault; a body that is not
    // that XML gives a Protocol fault "NonXmlResponse" with the status kept.
    static Fault parseErrorDocument(int httpStatus, const QByteArray& body);

private:
    QString m_version;
};

} // namespace dmsx
