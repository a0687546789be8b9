#include "welcome/AwsProfilesModel.h"

#include "widgets/HomePath.h"

#include <QApplication>
#include <QIcon>
#include <QStyle>

namespace dmsx::ui {

AwsProfilesModel::AwsProfilesModel(QObject* parent) : QAbstractTableModel(parent) {}

void AwsProfilesModel::setFiles(const AwsConfigFile& files)
{
    beginResetModel();
    m_profiles = AwsProfileSummary::list(files);
    m_explanations.clear();
    for (const AwsProfileSummary& summary : m_profiles)
        m_explanations << explanation(summary, files.profile(summary.name));
    endResetModel();
}

const AwsProfileSummary* AwsProfilesModel::profile(int row) const
{
    return row >= 0 && row < m_profiles.size() ? &m_profiles.at(row) : nullptr;
}

QString AwsProfilesModel::explanation(const AwsProfileSummary& summary, const AwsConfigSection* section)
{
    using Kind = AwsProfileSummary::Kind;
    switch (summary.kind) {
    case Kind::Keys:
        return tr("An access key pair (%1), used as it is.").arg(summary.detail);
    case Kind::Role:
        return tr("Assumes the role %1 with STS when connecting.").arg(summary.detail);
    case Kind::Sso:
        return tr("IAM Identity Center (%1): sign in with `aws sso login --profile %2` first.")
            .arg(summary.detail, summary.name);
    case Kind::Process:
        return tr("Runs %1 to get credentials when connecting.").arg(summary.detail);
    case Kind::Incomplete:
        break;
    }
    // Say exactly what is missing: half a key pair is the usual slip of a hand-edited file.
    const bool hasId = section && !section->value(QStringLiteral("aws_access_key_id")).isEmpty();
    const bool hasSecret = section && !section->value(QStringLiteral("aws_secret_access_key")).isEmpty();
    QString why;
    if (hasId && !hasSecret)
        why = tr("It has aws_access_key_id but no aws_secret_access_key.");
    else if (hasSecret && !hasId)
        why = tr("It has aws_secret_access_key but no aws_access_key_id.");
    else
        why = tr("It has no credentials: no key pair, role_arn, sso_session or credential_process.");
    return tr("Cannot be used. %1 Run `aws configure --profile %2` to complete it.").arg(why, summary.name);
}

int AwsProfilesModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_profiles.size());
}

int AwsProfilesModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AwsProfilesModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return QVariant();
    const AwsProfileSummary& p = m_profiles.at(index.row());
    const bool usable = p.kind != AwsProfileSummary::Kind::Incomplete;
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case NameColumn:
            return p.name;
        case KindColumn:
            return AwsProfileSummary::kindName(p.kind);
        case RegionColumn:
            return p.region.isEmpty() ? tr("(none)") : p.region;
        case DetailColumn:
            return p.detail;
        case LocationColumn:
            return HomePath::shorten(p.location, m_home);
        }
        return QVariant();
    case Qt::ToolTipRole:
    case Qt::AccessibleDescriptionRole:
    case ExplanationRole:
        return m_explanations.at(index.row());
    case Qt::DecorationRole:
        // The one thing to notice while scanning the list: this row will not work.
        if (index.column() == KindColumn && !usable)
            return QApplication::style()->standardIcon(QStyle::SP_MessageBoxWarning);
        return QVariant();
    case NameRole:
        return p.name;
    case KindRole:
        return int(p.kind);
    case RegionRole:
        return p.region;
    case UsableRole:
        return usable;
    }
    return QVariant();
}

QVariant AwsProfilesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case NameColumn:
        return tr("Profile");
    case KindColumn:
        return tr("Kind");
    case RegionColumn:
        return tr("Region");
    case DetailColumn:
        return tr("Details");
    case LocationColumn:
        return tr("Defined at");
    }
    return QVariant();
}

} // namespace dmsx::ui
