#include "projects/ProjectsModel.h"

#include "widgets/LongText.h"

#include <QIcon>
#include <QLocale>

namespace dmsx::ui {

ProjectsModel::ProjectsModel(QObject* parent) : QAbstractTableModel(parent) {}

int ProjectsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ProjectsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

const DataProvider* ProjectsModel::firstProvider(const QList<DataProviderDescriptor>& descriptors) const
{
    for (const DataProviderDescriptor& d : descriptors) {
        const auto it = m_providers.constFind(d.dataProviderArn);
        if (it != m_providers.constEnd())
            return &it.value();
    }
    return nullptr;
}

QString ProjectsModel::sourceEngine(int row) const
{
    const DataProvider* p = firstProvider(m_rows.at(row).project.sourceDataProviderDescriptors);
    return p ? p->engine : QString();
}

QString ProjectsModel::targetEngine(int row) const
{
    const DataProvider* p = firstProvider(m_rows.at(row).project.targetDataProviderDescriptors);
    return p ? p->engine : QString();
}

bool ProjectsModel::isTargetVirtual(int row) const
{
    const DataProvider* p = firstProvider(m_rows.at(row).project.targetDataProviderDescriptors);
    return p && p->isVirtual.value_or(false);
}

ProjectsModel::EngineCell ProjectsModel::engineCell(int row, int column) const
{
    const MigrationProject& project = m_rows.at(row).project;
    const bool target = column == TargetEngineColumn;
    const DataProvider* p =
        firstProvider(target ? project.targetDataProviderDescriptors : project.sourceDataProviderDescriptors);
    return {p ? p->engine : QString(), target && p && p->isVirtual.value_or(false)};
}

QVariant ProjectsModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row& r = m_rows.at(index.row());
    const MigrationProject& p = r.project;
    switch (role) {
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
        switch (index.column()) {
        case NameColumn:
            // The cell elides a long name: the tooltip has all of it, wrapped, and the ARN.
            return role == Qt::ToolTipRole
                       ? LongText::toolTip(p.migrationProjectName) + LongText::toolTip(p.migrationProjectArn)
                       : p.migrationProjectName;
        case SourceEngineColumn:
            return sourceEngine(index.row());
        case TargetEngineColumn: {
            const QString engine = targetEngine(index.row());
            if (!isTargetVirtual(index.row()))
                return engine;
            // Text, not only colour: a virtual target can never take an extension pack, and the
            // mark must survive any palette and a screen reader.
            return role == Qt::ToolTipRole
                       ? tr("%1 (virtual target: an extension pack cannot be applied)").arg(engine)
                       : tr("%1 (virtual)").arg(engine);
        }
        case InstanceProfileColumn:
            return p.instanceProfileName.isEmpty() ? p.instanceProfileArn : p.instanceProfileName;
        case CreatedColumn:
            return role == Qt::ToolTipRole ? p.migrationProjectCreationTime.toString(Qt::ISODate)
                                           : QLocale().toString(p.migrationProjectCreationTime.toLocalTime(),
                                                                QLocale::ShortFormat);
        case StatusColumn:
            if (!r.lastStatus.isEmpty())
                return r.lastStatus;
            if (r.statusPending)
                return role == Qt::ToolTipRole ? tr("Looking up the last extension-pack request…")
                                               : QStringLiteral("…");
            return role == Qt::ToolTipRole ? tr("No extension-pack request known") : QStringLiteral("—");
        }
        break;
    case Qt::DecorationRole:
        if (index.column() == TargetEngineColumn && isTargetVirtual(index.row()))
            return QIcon::fromTheme(QStringLiteral("dialog-information"));
        break;
    case SortRole:
        // Asked for twice per comparison while rows arrive into the sorted view: the name as it
        // is, since the proxy compares case-insensitively anyway.
        if (index.column() == NameColumn)
            return p.migrationProjectName;
        if (index.column() == CreatedColumn)
            return p.migrationProjectCreationTime;
        return data(index, Qt::DisplayRole).toString().toLower();
    case ArnRole:
        return p.migrationProjectArn;
    case FilterTextRole:
        return QStringList{p.migrationProjectName, p.migrationProjectArn, sourceEngine(index.row()),
                           targetEngine(index.row())}
            .join(QLatin1Char('\n'));
    case VirtualTargetRole:
        return isTargetVirtual(index.row());
    case Qt::AccessibleTextRole:
        // A screen reader would read "…" as "dot dot dot": say what it means.
        if (index.column() == StatusColumn && r.lastStatus.isEmpty() && r.statusPending)
            return tr("Looking up");
        return data(index, Qt::DisplayRole);
    }
    return {};
}

QVariant ProjectsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case NameColumn:
        return tr("Name");
    case SourceEngineColumn:
        return tr("Source engine");
    case TargetEngineColumn:
        return tr("Target engine");
    case InstanceProfileColumn:
        return tr("Instance profile");
    case CreatedColumn:
        return tr("Created");
    case StatusColumn:
        return tr("Last extension pack");
    }
    return {};
}

void ProjectsModel::clear()
{
    beginResetModel();
    m_rows.clear();
    m_rowByArn.clear();
    m_sharedText.clear();
    endResetModel();
}

void ProjectsModel::appendProjects(const QList<MigrationProject>& projects)
{
    if (projects.isEmpty())
        return;
    const int first = int(m_rows.size());
    // No reserve() of the exact size: QList then reallocates (and copies every row) on every
    // page, where its own growth does so a few times in a whole listing.
    beginInsertRows(QModelIndex(), first, first + int(projects.size()) - 1);
    for (const MigrationProject& p : projects) {
        m_rowByArn.insert(p.migrationProjectArn, int(m_rows.size()));
        m_rows.append(Row{p, QString()});
        shareRepeatedText(m_rows.last().project);
    }
    endInsertRows();
}

void ProjectsModel::share(QString& text)
{
    if (text.isEmpty())
        return;
    const auto known = m_sharedText.constFind(text);
    if (known != m_sharedText.constEnd())
        text = *known;
    else
        m_sharedText.insert(text);
}

void ProjectsModel::shareRepeatedText(MigrationProject& p)
{
    // Each page's JSON gives every project its own copy of the text most projects have in
    // common: the instance profile, the roles, the S3 settings, often the description. Kept once
    // they are a large part of the memory of 10,000 projects.
    share(p.instanceProfileArn);
    share(p.instanceProfileName);
    share(p.description);
    share(p.transformationRules);
    for (QList<DataProviderDescriptor>* list :
         {&p.sourceDataProviderDescriptors, &p.targetDataProviderDescriptors})
        for (DataProviderDescriptor& d : *list)
            share(d.secretsManagerAccessRoleArn);
    // A project's source and target often read the same secret: one copy of it.
    if (!p.sourceDataProviderDescriptors.isEmpty() && !p.targetDataProviderDescriptors.isEmpty()) {
        const QString& source = p.sourceDataProviderDescriptors.first().secretsManagerSecretId;
        QString& target = p.targetDataProviderDescriptors.first().secretsManagerSecretId;
        if (target == source)
            target = source;
    }
    if (p.schemaConversionApplicationAttributes)
        share(p.schemaConversionApplicationAttributes->s3BucketRoleArn);
}

void ProjectsModel::setDataProviders(const QList<DataProvider>& providers)
{
    for (const DataProvider& p : providers) {
        DataProvider& kept = m_providers.insert(p.dataProviderArn, p).value();
        // Often twice as many providers as projects, with a few engines and kinds of settings.
        share(kept.engine);
        share(kept.settingsVariant);
        share(kept.description);
    }
    if (!m_rows.isEmpty())
        emit dataChanged(index(0, SourceEngineColumn), index(int(m_rows.size()) - 1, TargetEngineColumn));
}

void ProjectsModel::setLastStatus(const QString& projectArn, const QString& status)
{
    const int row = rowForArn(projectArn);
    if (row < 0 || m_rows[row].lastStatus == status)
        return;
    m_rows[row].lastStatus = status;
    emit dataChanged(index(row, StatusColumn), index(row, StatusColumn));
}

void ProjectsModel::setStatusPending(const QString& projectArn, bool pending)
{
    const int row = rowForArn(projectArn);
    if (row < 0 || m_rows[row].statusPending == pending)
        return;
    m_rows[row].statusPending = pending;
    // A known status is shown either way: only "—" and "…" differ.
    if (m_rows[row].lastStatus.isEmpty())
        emit dataChanged(index(row, StatusColumn), index(row, StatusColumn));
}

const MigrationProject* ProjectsModel::project(int row) const
{
    return row >= 0 && row < m_rows.size() ? &m_rows.at(row).project : nullptr;
}

int ProjectsModel::rowForArn(const QString& arn) const
{
    return m_rowByArn.value(arn, -1);
}

const DataProvider* ProjectsModel::dataProvider(const QString& arn) const
{
    const auto it = m_providers.constFind(arn);
    return it == m_providers.constEnd() ? nullptr : &it.value();
}

} // namespace dmsx::ui
