#pragma once

#include "base/Fault.h"
#include "dms/model/SchemaConversionRequest.h"

#include <QAbstractTableModel>
#include <QList>

#include <optional>

namespace dmsx::ui {

// The extension-pack requests of one project, newest first, worded for a narrow panel: the
// request identifier shortened (whole in the tooltip and RequestIdRole), the status as DMS gives
// it except RECEIVED, which reads "Queued", and the progress in words, or why it ended.
class RequestsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        RequestIdColumn,
        StatusColumn,
        ProgressColumn,
        ColumnCount
    };
    enum Role
    {
        RequestIdRole = Qt::UserRole + 1, // the whole identifier, in every column
        StatusRole,                       // the status as DMS spells it
        FailedRole,                       // true for FAILED and CANCELED: there is an explanation
    };

    explicit RequestsModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    int columnCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // As DescribeExtensionPackAssociations returns them (oldest first); shown newest first.
    void setRequests(const QList<SchemaConversionRequest>& requests);
    // Adds or updates one request in place (live polling), keeping the selection stable.
    void upsert(const SchemaConversionRequest& request);
    void clear();
    const SchemaConversionRequest* request(int row) const;
    int rowOf(const QString& requestId) const; // -1 when not listed
    // Why a FAILED or CANCELED request ended, as the catalogue explains it; nullopt otherwise.
    std::optional<Fault> failure(int row) const;

    // "3f2a9c1e…": enough to tell requests apart in a narrow column.
    static QString shortId(const QString& requestId);

private:
    QList<SchemaConversionRequest> m_requests;
};

} // namespace dmsx::ui
