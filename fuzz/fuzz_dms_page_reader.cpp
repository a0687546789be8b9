// A DescribeMigrationProjects or DescribeDataProviders success body through DmsPageReader, which
// reads it without QJsonDocument: whatever page it reads must be the page of the protocol's parse
// and DmsClient's parse, and it must never read a body that parse refuses.
#include "FuzzInput.h"
#include "base/JsonWriter.h"
#include "dms/DmsClient.h"
#include "dms/DmsPageReader.h"
#include "net/AwsJsonProtocol.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <cstdlib>

namespace {

QByteArray describe(const dmsx::Page<dmsx::MigrationProject>& page)
{
    dmsx::JsonWriter out(dmsx::JsonWriter::Format::Compact);
    out.beginArray();
    for (const dmsx::MigrationProject& p : page.items)
        p.writeJson(out);
    out.endArray();
    QByteArray text = out.bytes();
    for (const dmsx::MigrationProject& p : page.items)
        text += ' ' + QByteArray::number(p.migrationProjectCreationTime.toMSecsSinceEpoch()) +
                (p.schemaConversionApplicationAttributes ? "a" : "-");
    return text + (page.marker.isNull() ? QByteArray(" null") : ' ' + page.marker.toUtf8());
}

QByteArray describe(const dmsx::Page<dmsx::DataProvider>& page)
{
    QByteArray text;
    for (const dmsx::DataProvider& p : page.items)
        text += QJsonDocument(p.toJson()).toJson(QJsonDocument::Compact) + ' ' +
                QByteArray::number(p.dataProviderCreationTime.toMSecsSinceEpoch()) +
                (p.settingsVariantKnown ? " known " : " unknown ") +
                QJsonDocument(p.settings()).toJson(QJsonDocument::Compact);
    return text + (page.marker.isNull() ? QByteArray(" null") : ' ' + page.marker.toUtf8());
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace dmsx;
    const fuzz::FuzzInput input(data, size);
    const QByteArray body = input.bytes();
    static const AwsJsonProtocol protocol(QStringLiteral("AmazonDMSv20160101"));
    const std::optional<Page<MigrationProject>> projects = DmsPageReader::migrationProjects(body);
    const std::optional<Page<DataProvider>> providers = DmsPageReader::dataProviders(body);
    if (!projects && !providers)
        return 0;
    const Result<QJsonObject> parsed = protocol.parseSuccess(body, {});
    if (!parsed.ok())
        std::abort();
    if (projects) {
        // What the history sees of the page names every project as read.
        CallEvent::DeferredOutput::ItemNames names;
        for (const MigrationProject& p : projects->items)
            names.append(p.migrationProjectArn, p.migrationProjectName);
        const QJsonArray seen = DmsPageReader::forObservers(names, projects->marker)
                                    .value(QLatin1String("MigrationProjects"))
                                    .toArray();
        if (seen.size() != projects->items.size())
            std::abort();
        for (qsizetype i = 0; i < seen.size(); ++i) {
            const QJsonObject o = seen.at(i).toObject();
            if (o.value(QLatin1String("MigrationProjectArn")).toString() !=
                    projects->items.at(i).migrationProjectArn ||
                o.value(QLatin1String("MigrationProjectName")).toString() !=
                    projects->items.at(i).migrationProjectName)
                std::abort();
        }
        if (describe(*projects) != describe(DmsClient::parseMigrationProjects(parsed.value())))
            std::abort();
    }
    if (providers && describe(*providers) != describe(DmsClient::parseDataProviders(parsed.value())))
        std::abort();
    return 0;
}
