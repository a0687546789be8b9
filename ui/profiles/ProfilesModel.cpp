#include "profiles/ProfilesModel.h"

#include "widgets/HomePath.h"

namespace dmsx::ui {

ProfilesModel::ProfilesModel(QObject* parent) : QAbstractTableModel(parent) {}

void ProfilesModel::setProfiles(const QList<AppProfileStore::Profile>& app,
                                const QList<AwsProfileSummary>& aws)
{
    beginResetModel();
    m_app = app;
    m_aws = aws;
    m_keysStatus.clear();
    endResetModel();
}

void ProfilesModel::setKeysStatus(const QString& appProfile, const QString& status)
{
    m_keysStatus.insert(appProfile, status);
    for (int row = 0; row < m_app.size(); ++row) {
        if (m_app.at(row).name == appProfile) {
            const QModelIndex cell = index(row, CredentialsColumn);
            emit dataChanged(cell, cell, {Qt::DisplayRole, Qt::ToolTipRole});
        }
    }
}

void ProfilesModel::setAllKeysStatus(const QString& status)
{
    for (const AppProfileStore::Profile& p : std::as_const(m_app))
        m_keysStatus.insert(p.name, status);
    if (!m_app.isEmpty())
        emit dataChanged(index(0, CredentialsColumn), index(int(m_app.size()) - 1, CredentialsColumn),
                         {Qt::DisplayRole, Qt::ToolTipRole});
}

int ProfilesModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_app.size() + m_aws.size());
}

int ProfilesModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

std::optional<AppProfileStore::Profile> ProfilesModel::appProfile(int row) const
{
    if (!isAppProfile(row))
        return std::nullopt;
    return m_app.at(row);
}

std::optional<AwsProfileSummary> ProfilesModel::awsProfile(int row) const
{
    const int i = row - int(m_app.size());
    if (i < 0 || i >= m_aws.size())
        return std::nullopt;
    return m_aws.at(i);
}

QString ProfilesModel::name(int row) const
{
    if (const auto app = appProfile(row))
        return app->name;
    if (const auto aws = awsProfile(row))
        return aws->name;
    return QString();
}

ProfileKey ProfilesModel::key(int row) const
{
    if (const auto app = appProfile(row))
        return ProfileKey::app(app->name);
    if (const auto aws = awsProfile(row))
        return ProfileKey::aws(aws->name);
    return ProfileKey();
}

int ProfilesModel::rowForKey(const ProfileKey& key) const
{
    for (int row = 0; row < rowCount(); ++row)
        if (this->key(row) == key)
            return row;
    return -1;
}

QVariant ProfilesModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return QVariant();
    const int row = index.row();
    const std::optional<AppProfileStore::Profile> app = appProfile(row);
    const std::optional<AwsProfileSummary> aws = awsProfile(row);
    switch (role) {
    case KeyRole:
        return QVariant::fromValue(key(row));
    case NameRole:
        return app ? app->name : aws->name;
    case IsAppProfileRole:
        return bool(app);
    case AwsKindRole:
        return aws ? QVariant(int(aws->kind)) : QVariant();
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
        break;
    default:
        return QVariant();
    }
    if (app) {
        switch (index.column()) {
        case NameColumn:
            return app->name;
        case TypeColumn:
            return tr("app profile");
        case RegionColumn:
            return app->region;
        case EndpointColumn:
            return app->endpointUrl;
        case RoleColumn:
            return app->roleArn;
        case CredentialsColumn:
            return m_keysStatus.value(app->name, tr("checking the keychain…"));
        case LocationColumn:
            return app->importedFrom.isEmpty() ? tr("this app")
                                               : tr("imported from %1").arg(app->importedFrom);
        }
        return QVariant();
    }
    switch (index.column()) {
    case NameColumn:
        return aws->name;
    case TypeColumn:
        return tr("AWS CLI: %1").arg(AwsProfileSummary::kindName(aws->kind));
    case RegionColumn:
        return aws->region;
    case EndpointColumn:
        return QString();
    case RoleColumn:
        return aws->detail;
    case CredentialsColumn:
        return aws->kind == AwsProfileSummary::Kind::Incomplete ? tr("none found")
                                                                : tr("AWS files (read-only)");
    case LocationColumn:
        return HomePath::shorten(aws->location, m_home);
    }
    return QVariant();
}

QVariant ProfilesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case NameColumn:
        return tr("Name");
    case TypeColumn:
        return tr("Type");
    case RegionColumn:
        return tr("Region");
    case EndpointColumn:
        return tr("Endpoint");
    case RoleColumn:
        return tr("Role / detail");
    case CredentialsColumn:
        return tr("Keys");
    case LocationColumn:
        return tr("Location");
    }
    return QVariant();
}

} // namespace dmsx::ui
