#pragma once

#include "dms/Page.h"
#include "dms/model/DataProvider.h"
#include "dms/model/MigrationProject.h"
#include "net/CallEvent.h"

#include <QByteArrayView>
#include <QJsonObject>

#include <optional>

namespace dmsx {

// Reads a DescribeMigrationProjects or DescribeDataProviders answer straight from its bytes into a
// page, for listings of thousands: QJsonDocument and the models' fromJson() cost more than half of
// a listing's instructions. The page is the one DmsClient::parseMigrationProjects() or
// parseDataProviders() makes from the parsed document, member for member (a null or a member of the wrong
// type is absent, unknown members are ignored, the last of a repeated member counts). Nothing is returned for
// a body it leaves to the protocol's parser: anything not well-formed or unusual (see JsonPullReader), so the
// faults are the parser's and a well-formed document always gives the same page.
class DmsPageReader
{
public:
    static std::optional<Page<MigrationProject>> migrationProjects(QByteArrayView body);
    static std::optional<Page<DataProvider>> dataProviders(QByteArrayView body);
    // What the call's observers see of such a page: each project's ARN and name (all the
    // request history reads of it) and the marker.
    static QJsonObject forObservers(const CallEvent::DeferredOutput::ItemNames& arnsAndNames,
                                    const QString& marker);
};

} // namespace dmsx
