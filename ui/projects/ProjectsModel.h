#pragma once

#include "dms/model/DataProvider.h"
#include "dms/model/MigrationProject.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>
#include <QSet>

namespace dmsx::ui {

// The migration projects of one account and region, one row each. Engines come from the data
// providers (a project only names them), so they fill in when setDataProviders() is called,
// whichever arrives first.
class ProjectsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        NameColumn,
        SourceEngineColumn,
        TargetEngineColumn,
        InstanceProfileColumn,
        CreatedColumn,
        StatusColumn,
        ColumnCount
    };
    enum Role
    {
        SortRole = Qt::UserRole + 1, // raw values: creation time as QDateTime, text lower-cased
        ArnRole,
        FilterTextRole, // name, ARN and engines in one string for the filter
        VirtualTargetRole
    };

    explicit ProjectsModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    int columnCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void clear();
    // One insertion per call: a page of 100 rows costs one layout pass, not 100.
    void appendProjects(const QList<MigrationProject>& projects);
    void setDataProviders(const QList<DataProvider>& providers);
    // The status of the project's latest extension-pack request (empty: none known).
    void setLastStatus(const QString& projectArn, const QString& status);
    // While the project's status is being looked up its cell says so ("…"), instead of "—" (none).
    void setStatusPending(const QString& projectArn, bool pending);

    const MigrationProject* project(int row) const;
    int rowForArn(const QString& arn) const;
    const DataProvider* dataProvider(const QString& arn) const;
    QString sourceEngine(int row) const;
    QString targetEngine(int row) const;
    bool isTargetVirtual(int row) const;
    // What tells two cells of an engine column apart: the engine, and for a target whether it
    // is virtual.
    struct EngineCell
    {
        QString engine;
        bool isVirtual = false;
        bool operator==(const EngineCell& other) const
        {
            return isVirtual == other.isVirtual && engine == other.engine;
        }
    };
    EngineCell engineCell(int row, int column) const;

private:
    struct Row
    {
        MigrationProject project;
        QString lastStatus;
        bool statusPending = false;
    };
    const DataProvider* firstProvider(const QList<DataProviderDescriptor>& descriptors) const;
    // Makes `text` share the buffer of an equal text seen before.
    void share(QString& text);
    void shareRepeatedText(MigrationProject& project);

    QList<Row> m_rows;
    QHash<QString, int> m_rowByArn;
    QHash<QString, DataProvider> m_providers; // by ARN
    QSet<QString> m_sharedText;               // see shareRepeatedText()
};

} // namespace dmsx::ui
