#pragma once

#include "config/AwsConfigFile.h"
#include "config/AwsProfileSummary.h"

#include <QAbstractTableModel>
#include <QList>

namespace dmsx::ui {

// The profiles of the AWS CLI's files, one row each, for the welcome view's "Use my AWS CLI
// profiles": what each one is (AwsProfileSummary), its region, and for a profile that cannot be
// used, why. Nothing is sent and nothing is run to find this out.
class AwsProfilesModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        NameColumn,
        KindColumn,
        RegionColumn,
        DetailColumn,
        LocationColumn,
        ColumnCount
    };
    enum Role
    {
        NameRole = Qt::UserRole + 1, // QString
        KindRole,                    // int (AwsProfileSummary::Kind)
        RegionRole,                  // QString, empty when the profile has none
        UsableRole,                  // bool: not Incomplete
        ExplanationRole              // QString: what picking it does, or why it cannot be used
    };

    explicit AwsProfilesModel(QObject* parent = nullptr);

    // The Defined at column shows paths under `home` as "~/…".
    void setHomeDirectory(const QString& home) { m_home = home; }
    // Lists every profile of `files` (replacing what was listed).
    void setFiles(const AwsConfigFile& files);

    const AwsProfileSummary* profile(int row) const;
    // The sentence ExplanationRole gives for `summary`, read from the merged `section`.
    static QString explanation(const AwsProfileSummary& summary, const AwsConfigSection* section);

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    int columnCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<AwsProfileSummary> m_profiles;
    QStringList m_explanations; // per row
    QString m_home;
};

} // namespace dmsx::ui
