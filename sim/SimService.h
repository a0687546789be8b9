#pragma once

#include "SimReply.h"
#include "SimScenario.h"
#include "base/Clock.h"

#include <QDateTime>
#include <QJsonArray>
#include <QList>
#include <QStringList>

#include <functional>
#include <optional>

namespace dmsx {

class JsonWriter;

// The DMS side of the simulator: the operations of docs/protocol.md §3 over a scenario, and the
// extension pack associations with their clock-driven lifecycle. Knows nothing of HTTP or auth.
class SimService
{
public:
    explicit SimService(const Clock* clock);

    void setScenario(const SimScenario& scenario);
    const SimScenario& scenario() const { return m_scenario; }

    // Associations advance `scale` times faster than the server clock.
    void setTimeScale(double scale) { m_timeScale = scale > 0 ? scale : 1.0; }
    double timeScale() const { return m_timeScale; }
    // The server's clock is this far from the injected clock (tests client skew correction).
    void setClockOffsetSeconds(qint64 seconds) { m_clockOffsetSeconds = seconds; }
    qint64 clockOffsetSeconds() const { return m_clockOffsetSeconds; }
    QDateTime now() const;

    static QStringList operations();
    // `operation` is the name after "AmazonDMSv20160101."; unknown names give UnknownOperationException.
    SimReply handle(const QString& operation, const QByteArray& body);

    // An error of the AWS common kind: __type in the coral namespace form.
    static SimReply commonError(int status, const QString& code, const QString& message);
    // A DMS-modeled fault, with __type spelled in the scenario's errorTypeStyle.
    SimReply dmsFault(const QString& code, const QString& message, int status = 400,
                      const QJsonObject& extra = QJsonObject()) const;

    static QString isoTime(const QDateTime& t); // 2026-01-09T12:30:00.000000Z

    // Ends a RECEIVED or IN_PROGRESS association as CANCELED, as a person cancelling it in the
    // console would (the API has no cancel operation). False for an unknown or finished request.
    bool cancelAssociation(const QString& requestId);

private:
    struct Association
    {
        QString requestId;
        QString projectArn;
        QDateTime start; // server time
        double completionSeconds = 30;
        QString failure;
        qint64 totalObjects = 0;
        QString extensionSchema;
        bool canceled = false;
        QDateTime canceledAt; // server time
    };

    SimReply describeMigrationProjects(const QJsonObject& request);
    SimReply describeDataProviders(const QJsonObject& request);
    SimReply describeInstanceProfiles(const QJsonObject& request);
    SimReply startExtensionPackAssociation(const QJsonObject& request);
    SimReply describeExtensionPackAssociations(const QJsonObject& request);
    SimReply describeConversionConfiguration(const QJsonObject& request);

    // Applies Marker/MaxRecords to `count` items, answering {<listKey>: page, Marker?} with each
    // of the page's items written by `writeItem`.
    SimReply page(const QString& operation, const QJsonObject& request, qsizetype count,
                  const std::function<void(JsonWriter&, qsizetype)>& writeItem, QLatin1String listKey) const;
    SimReply page(const QString& operation, const QJsonObject& request, const QJsonArray& items,
                  QLatin1String listKey) const;
    // The Describe* operations whose only filter matches a resource's name or ARN.
    template <typename T, typename WriteItem>
    SimReply describeByNameOrArn(const QJsonObject& request, const QString& operation,
                                 const QString& filterName, const QList<T>& all, WriteItem writeItem,
                                 QLatin1String listKey) const;
    // The project by name or ARN, or the ResourceNotFoundFault reply to send instead.
    std::optional<SimReply> requireProject(const QString& identifier, const SimProject** project) const;
    // What AWS does with a Start whose prerequisites are broken (docs/protocol.md §10.6): a
    // missing bucket is refused at once; the rest start and end FAILED with AWS's message.
    std::optional<SimReply> prerequisiteRefusal(const SimProject& project) const;
    QString prerequisiteFailure(const SimProject& project) const;
    QJsonObject associationJson(const Association& a) const;
    QString associationStatus(const Association& a) const;
    // When `a` began to run: its Start, or when the requests of its project started before it ended
    // (a Start behind running requests is queued, as AWS documents).
    QDateTime runStart(const Association& a) const;
    double elapsedSeconds(const Association& a) const; // scaled run time so far; negative while queued
    void writeProject(JsonWriter& out, const SimProject& p) const;
    void writeProvider(JsonWriter& out, const SimDataProvider& p) const;
    void writeProfile(JsonWriter& out, const SimInstanceProfile& p) const;

    const Clock* m_clock;
    SimScenario m_scenario;
    QList<Association> m_associations;
    double m_timeScale = 1.0;
    qint64 m_clockOffsetSeconds = 0;
};

} // namespace dmsx
