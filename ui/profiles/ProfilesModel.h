#pragma once

#include "config/AwsProfileSummary.h"
#include "credentials/AppProfileStore.h"
#include "profiles/ProfileKey.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>

#include <optional>

namespace dmsx::ui {

// The profiles the window can connect with: the app's own (settings in AppProfileStore, keys in
// the keychain) first, then the AWS CLI's (read-only here, with their kind and where they are
// written). Whether an app profile's keys are really in the keychain is learnt asynchronously and
// set with setKeysStatus().
class ProfilesModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        NameColumn,
        TypeColumn,
        RegionColumn,
        EndpointColumn,
        RoleColumn, // the role ARN, or an AWS profile's kind-specific detail
        CredentialsColumn,
        LocationColumn,
        ColumnCount
    };
    enum Role
    {
        KeyRole = Qt::UserRole + 1, // a ProfileKey (app or AWS), as in the window's profile list
        NameRole,
        IsAppProfileRole,
        AwsKindRole, // int(AwsProfileSummary::Kind); invalid for app profiles
    };

    explicit ProfilesModel(QObject* parent = nullptr);

    // The Location column shows paths under `home` as "~/…".
    void setHomeDirectory(const QString& home) { m_home = home; }
    void setProfiles(const QList<AppProfileStore::Profile>& app, const QList<AwsProfileSummary>& aws);
    // What the keychain said about an app profile's keys, e.g. "in the keychain (AKIA…1234)".
    void setKeysStatus(const QString& appProfile, const QString& status);
    void setAllKeysStatus(const QString& status);

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    int columnCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    int appProfileCount() const { return int(m_app.size()); }
    bool isAppProfile(int row) const { return row >= 0 && row < m_app.size(); }
    std::optional<AppProfileStore::Profile> appProfile(int row) const;
    std::optional<AwsProfileSummary> awsProfile(int row) const;
    QString name(int row) const;
    int rowForKey(const ProfileKey& key) const;
    ProfileKey key(int row) const;

private:
    QList<AppProfileStore::Profile> m_app;
    QList<AwsProfileSummary> m_aws;
    QHash<QString, QString> m_keysStatus;
    QString m_home;
};

} // namespace dmsx::ui
