#pragma once

#include "prereq/PrerequisiteReport.h"

#include <QAbstractTableModel>
#include <QIcon>
#include <QVector>

namespace dmsx::ui {

// The checklist as a table: one row per check, in the report's order. setReport() with the same
// checks (the report of a run growing row by row) changes the rows in place, so a selection and
// the keyboard focus stay where they were while the results come in.
class PrerequisitesModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        CheckColumn,  // what is checked, with the outcome's icon
        StatusColumn, // the outcome in a word
        FindingColumn,
        ColumnCount
    };
    enum Role
    {
        StatusRole = Qt::UserRole + 1, // PrerequisiteCheck::Status as int
        FindingRole,                   // the finding in plain words (title and cause)
        FixRole,                       // what to do, one step a line; empty for a pass
        ConsoleUrlRole,
        CliCommandRole,
        SubjectRole,
    };

    explicit PrerequisitesModel(QObject* parent = nullptr);

    void setReport(const PrerequisiteReport& report);
    // Off: rows still pending were never checked (the run stopped), and say so.
    void setRunning(bool running);
    void clear();
    const PrerequisiteReport& report() const { return m_report; }
    const PrerequisiteCheck* checkAt(int row) const;

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    int columnCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QString statusWord(const PrerequisiteCheck& check) const;
    static bool sameRow(const PrerequisiteCheck& a, const PrerequisiteCheck& b);

    PrerequisiteReport m_report;
    bool m_running = false;
    // Made once per status: a theme lookup for every painted cell would be wasted.
    mutable QVector<QIcon> m_icons;
};

} // namespace dmsx::ui
