// A DescribeMigrationProjects success body through DmsPageReader, which reads it without
// QJsonDocument: whatever page it reads must be the page of the protocol's parse and
// DmsClient::parseMigrationProjects(), and it must never read a body that parse refuses.
#include "FuzzInput.h"
#include "base/JsonWriter.h"
#include "dms/DmsClient.h"
#include "dms/DmsPageReader.h"
#include "net/AwsJsonProtocol.h"

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

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace dmsx;
    const fuzz::FuzzInput input(data, size);
    const QByteArray body = input.bytes();
    const std::optional<Page<MigrationProject>> read = DmsPageReader::migrationProjects(body);
    if (!read)
        return 0;
    (void)DmsPageReader::forObservers(*read);
    static const AwsJsonProtocol protocol(QStringLiteral("AmazonDMSv20160101"));
    const Result<QJsonObject> parsed = protocol.parseSuccess(body, {});
    if (!parsed.ok() || describe(*read) != describe(DmsClient::parseMigrationProjects(parsed.value())))
        std::abort();
    return 0;
}
