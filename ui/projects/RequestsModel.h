#pragma once

#include "dms/model/SchemaConversionRequest.h"

#include <QAbstractTableModel>
#include <QList>

namespace dmsx::ui {

// The extension-pack requests of one project, newest first.
class RequestsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        RequestIdColumn,
        StatusColumn,
        StepColumn,
        PercentColumn,
        ErrorColumn,
        ColumnCount
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

private:
    QList<SchemaConversionRequest> m_requests;
};

} // namespace dmsx::ui
