#include "prereq/PrerequisitesController.h"

#include "apply/ApplyPlan.h"
#include "net/CallOptions.h"
#include "prereq/PrerequisiteChecker.h"

#include <QUuid>

namespace dmsx::ui {

PrerequisitesController::PrerequisitesController(DmsClient* client, PrerequisiteServices* services,
                                                 QObject* parent)
    : QObject(parent), m_client(client), m_services(services)
{}

PrerequisitesController::~PrerequisitesController()
{
    for (const QPointer<PrerequisiteChecker>& checker : std::as_const(m_checkers)) {
        if (checker)
            checker->disconnect(this);
    }
}

bool PrerequisitesController::isRunning(const QString& project) const
{
    return m_entries.value(project).running;
}

bool PrerequisitesController::check(const QString& project)
{
    if (project.isEmpty() || isRunning(project))
        return false;
    auto* checker = new PrerequisiteChecker(m_client, project, this);
    checker->setServices(m_services);
    CallOptions options;
    // Files every call of this check under one entry of the history, as the CLI's check does.
    options.actionKey = QStringLiteral("check:") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    checker->setCallOptions(options);
    m_checkers.insert(project, checker);
    Entry& e = m_entries[project];
    e = Entry();
    e.running = true;
    connect(checker, &PrerequisiteChecker::planReady, this, [this, project, checker](const ApplyPlan& plan) {
        if (m_checkers.value(project) != checker)
            return;
        m_entries[project].report = plan.checks;
        emit changed(project);
    });
    connect(checker, &PrerequisiteChecker::checkUpdated, this, [this, project, checker] {
        if (m_checkers.value(project) != checker)
            return;
        m_entries[project].report = checker->report();
        emit changed(project);
    });
    connect(checker, &PrerequisiteChecker::finished, this,
            [this, project, checker] { onCheckerFinished(project, checker); });
    emit changed(project);
    checker->start();
    return true;
}

void PrerequisitesController::onCheckerFinished(const QString& project, PrerequisiteChecker* checker)
{
    checker->deleteLater();
    if (m_checkers.value(project) != checker)
        return;
    m_checkers.remove(project);
    Entry& e = m_entries[project];
    e.running = false;
    if (checker->result().ok()) {
        e.report = checker->result()->checks;
        e.finishedAt = QDateTime::currentDateTimeUtc();
    } else {
        e.fault = checker->result().fault();
    }
    emit changed(project);
}

void PrerequisitesController::setApplyChecks(const QString& project, const PrerequisiteReport& report,
                                             bool running)
{
    if (const QPointer<PrerequisiteChecker> checker = m_checkers.take(project); checker) {
        checker->disconnect(this);
        checker->cancel();
        checker->deleteLater();
    }
    Entry& e = m_entries[project];
    const bool wasRunning = e.running && e.fromApply;
    e.report = report;
    e.running = running;
    e.fromApply = true;
    e.fault.reset();
    if (running)
        e.finishedAt = QDateTime();
    else if (report.isComplete() && (wasRunning || e.finishedAt.isNull()))
        e.finishedAt = QDateTime::currentDateTimeUtc();
    emit changed(project);
}

} // namespace dmsx::ui
