#include "net/AwsQueryListProtocol.h"

#include "base/FaultCodes.h"
#include "net/AwsErrorParser.h"

#include <QStringList>
#include <QXmlStreamReader>

#include <vector>

namespace dmsx {

std::optional<QHash<QString, QString>> AwsQueryListProtocol::flattenLists(const QByteArray& xml)
{
    QXmlStreamReader reader(xml);
    QHash<QString, QString> out;
    QStringList path;
    std::vector<int> members{0}; // <member> children seen so far, per open element
    QString text;
    bool sawRoot = false;
    while (!reader.atEnd()) {
        reader.readNext();
        if (reader.isStartElement()) {
            if (sawRoot) {
                QString name = reader.name().toString();
                if (name == QLatin1String("member"))
                    name += u'.' + QString::number(++members.back());
                path.append(name);
                members.push_back(0);
                // Nothing IAM sends nests this deep; a document that does is not an answer.
                if (path.size() > 32)
                    return std::nullopt;
            }
            sawRoot = true;
            text.clear();
        } else if (reader.isCharacters()) {
            text += reader.text();
        } else if (reader.isEndElement()) {
            if (!path.isEmpty()) {
                const QString key = path.join(u'/');
                if (!out.contains(key))
                    out.insert(key, text.trimmed());
                path.removeLast();
                members.pop_back();
            }
            text.clear();
        }
    }
    if (reader.hasError() || !sawRoot)
        return std::nullopt;
    return out;
}

Result<QJsonObject> AwsQueryListProtocol::parseSuccess(const QByteArray& body,
                                                       const HeaderList& headers) const
{
    const std::optional<QHash<QString, QString>> flat = flattenLists(body);
    if (!flat)
        return Fault::make(FaultKind::Protocol, FaultCode::NonXmlResponse,
                           QStringLiteral("The response is not XML (%1)")
                               .arg(QString::fromUtf8(AwsErrorParser::headerValue(headers, "content-type"))));
    QJsonObject out;
    for (auto it = flat->begin(); it != flat->end(); ++it)
        out.insert(it.key(), it.value());
    return out;
}

} // namespace dmsx
