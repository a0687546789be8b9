#include "dms/ProjectLister.h"

#include "base/FaultCodes.h"
#include "dms/DmsClient.h"

#include <QUuid>

namespace dmsx {

ProjectLister::ProjectLister(DmsClient* client, QObject* parent) : QObject(parent), m_client(client) {}

void ProjectLister::start()
{
    if (m_running)
        cancel();
    ++m_generation;
    m_running = true;
    m_pages = 0;
    m_projects.clear();
    m_pager = Pager(QStringLiteral("DescribeMigrationProjects"), m_maxPages);
    m_groupKey = QStringLiteral("listing:") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    requestPage(QString());
}

void ProjectLister::cancel()
{
    if (!m_running)
        return;
    m_running = false;
    ++m_generation;
    if (m_call)
        m_call->cancel();
    m_call.clear();
    Fault f = Fault::make(FaultKind::Cancelled, FaultCode::Cancelled, QStringLiteral("Listing cancelled"));
    f.operation = QStringLiteral("DescribeMigrationProjects");
    emit failed(f, m_pages);
}

void ProjectLister::requestPage(const QString& marker)
{
    const quint64 generation = m_generation;
    CallOptions callOptions;
    callOptions.groupKey = m_groupKey;
    m_call = m_client->describeMigrationProjects(
        m_filters, m_pageSize, marker, this,
        [this, generation](const Result<Page<MigrationProject>>& r) {
            if (generation != m_generation || !m_running)
                return;
            m_call.clear();
            if (!r.ok()) {
                m_running = false;
                emit failed(r.fault(), m_pages);
                return;
            }
            const Page<MigrationProject>& page = r.value();
            const int index = m_pages++;
            m_projects.append(page.items);
            emit pageReceived(page.items, index);
            if (generation != m_generation || !m_running)
                return; // cancelled from a slot
            // The one guard of every listing (docs/protocol.md §6.1): a repeated marker or a
            // listing past the page cap ends here, with what was read so far kept.
            switch (m_pager.afterPage(page.marker)) {
            case Pager::Next::Follow:
                break;
            case Pager::Next::EndOfList:
                m_running = false;
                emit finished(StopReason::EndOfList, int(m_projects.size()), QString());
                return;
            case Pager::Next::RepeatedMarker:
                m_running = false;
                emit finished(StopReason::RepeatedMarker, int(m_projects.size()), page.marker);
                return;
            case Pager::Next::PageCap:
                m_running = false;
                emit finished(StopReason::PageCap, int(m_projects.size()), page.marker);
                return;
            }
            requestPage(page.marker);
        },
        callOptions);
}

} // namespace dmsx
