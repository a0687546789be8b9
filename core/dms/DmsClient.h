#pragma once

#include "base/Result.h"
#include "dms/Filter.h"
#include "dms/Page.h"
#include "dms/model/DataProvider.h"
#include "dms/model/InstanceProfile.h"
#include "dms/model/MigrationProject.h"
#include "dms/model/SchemaConversionRequest.h"
#include "net/CallOptions.h"
#include "net/PendingCall.h"

#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QString>

#include <functional>
#include <optional>

namespace dmsx {

class AwsJsonTransport;

// Typed DMS operations on top of the awsJson transport. Each call returns the PendingCall (for
// progress signals and cancel) and reports once through `done`, invoked in `context`'s thread
// and never after `context` is destroyed. Input errors are reported through `done` as well
// (asynchronously, with a null PendingCall).
class DmsClient
{
public:
    template <typename T> using Handler = std::function<void(const Result<T>&)>;

    explicit DmsClient(AwsJsonTransport* transport);
    AwsJsonTransport* transport() const { return m_transport; }

    PendingCall* describeMigrationProjects(const QList<Filter>& filters, std::optional<int> maxRecords,
                                           const QString& marker, QObject* context,
                                           Handler<Page<MigrationProject>> done,
                                           const CallOptions& options = {});
    PendingCall* describeDataProviders(const QList<Filter>& filters, std::optional<int> maxRecords,
                                       const QString& marker, QObject* context,
                                       Handler<Page<DataProvider>> done, const CallOptions& options = {});
    PendingCall* describeInstanceProfiles(const QList<Filter>& filters, std::optional<int> maxRecords,
                                          const QString& marker, QObject* context,
                                          Handler<Page<InstanceProfile>> done,
                                          const CallOptions& options = {});
    // Not idempotent: never retried after an ambiguous failure (see AwsJsonTransport), and
    // `options` cannot make it so. The value is the RequestIdentifier to poll.
    PendingCall* startExtensionPackAssociation(const QString& projectIdentifier, QObject* context,
                                               Handler<QString> done, const CallOptions& options = {});
    PendingCall* describeExtensionPackAssociations(const QString& projectIdentifier,
                                                   const QList<Filter>& filters, const QString& marker,
                                                   QObject* context,
                                                   Handler<Page<SchemaConversionRequest>> done,
                                                   std::optional<int> maxRecords = std::nullopt,
                                                   const CallOptions& options = {});

    // The shared Describe* input: Filters, MaxRecords, Marker, each only when set.
    static QJsonObject describeInput(const QList<Filter>& filters, std::optional<int> maxRecords,
                                     const QString& marker);
    static Page<MigrationProject> parseMigrationProjects(const QJsonObject& output);
    static Page<DataProvider> parseDataProviders(const QJsonObject& output);
    static Page<InstanceProfile> parseInstanceProfiles(const QJsonObject& output);
    static Page<SchemaConversionRequest> parseExtensionPackAssociations(const QJsonObject& output);
    // Empty or longer than 255 characters is a Usage fault (the model's constraint).
    static Result<void> validateProjectIdentifier(const QString& projectIdentifier);
    // The region an ARN names ("arn:aws:dms:eu-west-1:..." -> "eu-west-1"); empty for a name.
    static QString regionOfArn(const QString& identifier);
    // validateProjectIdentifier(), then: an ARN of another region than the one in use is a
    // Configuration fault (ProjectInAnotherRegion) before anything is sent, since DMS would only
    // answer that it does not know the project.
    Result<void> checkProjectIdentifier(const QString& projectIdentifier) const;

private:
    // Reports `fault` through `done` on the next turn of the event loop, as a call would.
    template <typename T> PendingCall* refuse(QObject* context, Handler<T> done, const Fault& fault);
    template <typename T>
    PendingCall* run(const QString& operation, const QJsonObject& input, QObject* context, Handler<T> done,
                     std::function<Result<T>(const QJsonObject&)> parse, const CallOptions& options = {});

    AwsJsonTransport* m_transport;
};

} // namespace dmsx
