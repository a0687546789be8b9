#pragma once

#include "base/Fault.h"
#include "prereq/PrerequisiteReport.h"

#include <QDateTime>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QString>

#include <optional>

namespace dmsx {
class DmsClient;
class PrerequisiteChecker;
class PrerequisiteServices;
} // namespace dmsx

namespace dmsx::ui {

// The window's prerequisite checklists, one per project: the checks run on their own ("Check
// prerequisites", each call filed in the history under one check) and the ones an apply ran before
// its confirmation (given by ApplyController). The latest of either is what the panel shows.
// Projects are keyed like ApplyController's (the window uses ARNs). One controller serves one
// connection.
class PrerequisitesController : public QObject
{
    Q_OBJECT
public:
    struct Entry
    {
        PrerequisiteReport report;
        bool running = false;
        bool fromApply = false;     // the checks of an apply, not "Check prerequisites"
        QDateTime finishedAt;       // UTC; null while running or stopped before the end
        std::optional<Fault> fault; // the project could not be read: no checklist
        bool known() const { return running || fault || !report.checks.isEmpty(); }
    };

    // Neither is owned; both must outlive the controller. `services` may be null: only the
    // checks DMS's own answers allow.
    PrerequisitesController(DmsClient* client, PrerequisiteServices* services, QObject* parent = nullptr);
    ~PrerequisitesController() override;

    // Starts the checks of `project` (an ARN or name); false while they are running already.
    bool check(const QString& project);
    bool isRunning(const QString& project) const;
    // The checklist of an apply, as far as it has come; `running` false once the apply's checks
    // ended (complete, or stopped with rows still unchecked). A check running on its own for the
    // project gives way to it.
    void setApplyChecks(const QString& project, const PrerequisiteReport& report, bool running);
    Entry entry(const QString& project) const { return m_entries.value(project); }

signals:
    void changed(const QString& project);

private:
    void onCheckerFinished(const QString& project, PrerequisiteChecker* checker);

    DmsClient* m_client;
    PrerequisiteServices* m_services;
    QHash<QString, Entry> m_entries;
    QHash<QString, QPointer<PrerequisiteChecker>> m_checkers;
};

} // namespace dmsx::ui
