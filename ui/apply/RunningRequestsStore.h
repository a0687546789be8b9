#pragma once

#include <QDateTime>
#include <QList>
#include <QString>

namespace dmsx::ui {

// An extension-pack request being followed; kept so a request still running when the app closes
// is followed again at the next start.
struct RunningRequest
{
    QString project;     // the identifier ApplyController was given (what the window keys on)
    QString projectArn;  // what DMS is asked about
    QString projectName; // what the person is told; may be empty (then the project is named by its key)
    QString requestId;   // DMS RequestIdentifier
    QDateTime startedAt;
};

// Where the requests left running are kept: HistoryRunningRequestsStore (the request history)
// and SettingsRunningRequestsStore (QSettings) in the app; tests give their own, in memory.
class RunningRequestsStore
{
public:
    virtual ~RunningRequestsStore() = default;
    virtual QList<RunningRequest> load() const = 0;
    // Replaces an entry with the same requestId.
    virtual void add(const RunningRequest& request) = 0;
    virtual void remove(const QString& requestId) = 0;
};

} // namespace dmsx::ui
