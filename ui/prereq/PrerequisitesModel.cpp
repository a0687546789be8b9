#include "prereq/PrerequisitesModel.h"

#include "prereq/CheckStatusIcon.h"
#include "widgets/LongText.h"

#include <QApplication>

namespace dmsx::ui {

PrerequisitesModel::PrerequisitesModel(QObject* parent) : QAbstractTableModel(parent) {}

bool PrerequisitesModel::sameRow(const PrerequisiteCheck& a, const PrerequisiteCheck& b)
{
    return a.id == b.id && a.status == b.status && a.subject == b.subject && a.summary() == b.summary() &&
           a.consoleUrl == b.consoleUrl && a.cliCommand == b.cliCommand && a.fix() == b.fix();
}

void PrerequisitesModel::setReport(const PrerequisiteReport& report)
{
    bool sameIds = report.checks.size() == m_report.checks.size();
    for (int i = 0; sameIds && i < report.checks.size(); ++i)
        sameIds = report.checks.at(i).id == m_report.checks.at(i).id;
    if (!sameIds) {
        beginResetModel();
        m_report = report;
        endResetModel();
        return;
    }
    const PrerequisiteReport old = m_report;
    m_report = report;
    for (int i = 0; i < report.checks.size(); ++i) {
        if (!sameRow(old.checks.at(i), report.checks.at(i)))
            emit dataChanged(index(i, 0), index(i, ColumnCount - 1));
    }
}

void PrerequisitesModel::setRunning(bool running)
{
    if (running == m_running)
        return;
    m_running = running;
    for (int i = 0; i < m_report.checks.size(); ++i) {
        if (!m_report.checks.at(i).isDone())
            emit dataChanged(index(i, 0), index(i, ColumnCount - 1));
    }
}

void PrerequisitesModel::clear()
{
    setReport(PrerequisiteReport());
}

QString PrerequisitesModel::statusWord(const PrerequisiteCheck& c) const
{
    if (!c.isDone() && !m_running)
        return tr("Not checked");
    return CheckStatusIcon::word(c.status);
}

const PrerequisiteCheck* PrerequisitesModel::checkAt(int row) const
{
    return row >= 0 && row < m_report.checks.size() ? &m_report.checks.at(row) : nullptr;
}

int PrerequisitesModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_report.checks.size());
}

int PrerequisitesModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant PrerequisitesModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return QVariant();
    const PrerequisiteCheck& c = m_report.checks.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case StatusColumn:
            return statusWord(c);
        case CheckColumn:
            return c.label();
        case FindingColumn:
            return c.status == PrerequisiteCheck::Status::Pending ? QString() : c.summary();
        }
        return QVariant();
    case Qt::DecorationRole: {
        if (index.column() != CheckColumn)
            return QVariant();
        if (m_icons.isEmpty()) {
            for (int s = 0; s <= int(PrerequisiteCheck::Status::CouldNotCheck); ++s)
                m_icons << CheckStatusIcon::icon(PrerequisiteCheck::Status(s), QApplication::style());
        }
        return m_icons.value(int(c.status));
    }
    case Qt::ToolTipRole: {
        if (c.status == PrerequisiteCheck::Status::Pending)
            return QVariant();
        QString tip = c.finding();
        if (!c.subject.isEmpty())
            tip = c.subject + QStringLiteral("\n\n") + tip;
        const QString steps = c.fix();
        if (!steps.isEmpty())
            tip += QStringLiteral("\n\n") + steps;
        return LongText::toolTip(tip);
    }
    case Qt::AccessibleTextRole:
        if (index.column() == StatusColumn)
            return statusWord(c);
        return data(index, Qt::DisplayRole);
    case StatusRole:
        return int(c.status);
    case FindingRole:
        return c.finding();
    case FixRole:
        return c.fix();
    case ConsoleUrlRole:
        return c.consoleUrl;
    case CliCommandRole:
        return c.cliCommand;
    case SubjectRole:
        return c.subject;
    default:
        return QVariant();
    }
}

QVariant PrerequisitesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QVariant();
    switch (section) {
    case StatusColumn:
        return tr("Result");
    case CheckColumn:
        return tr("Check");
    case FindingColumn:
        return tr("Finding");
    }
    return QVariant();
}

} // namespace dmsx::ui
