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
    m_received = 0;
    m_projects.clear();
    m_waitingPage.reset();
    m_resume.reset();
    m_pager = Pager(QStringLiteral("DescribeMigrationProjects"), m_maxPages);
    m_groupKey = QStringLiteral("listing:") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    requestPage(m_start.marker, m_start.skip);
}

void ProjectLister::cancel()
{
    if (!m_running)
        return;
    m_running = false;
    ++m_generation;
    m_waitingPage.reset();
    if (m_call)
        m_call->cancel();
    m_call.clear();
    Fault f = Fault::make(FaultKind::Cancelled, FaultCode::Cancelled, QStringLiteral("Listing cancelled"));
    f.operation = QStringLiteral("DescribeMigrationProjects");
    emit failed(f, m_pages);
}

void ProjectLister::handOverWaitingPage()
{
    if (!m_waitingPage)
        return;
    WaitingPage page = std::move(*m_waitingPage);
    m_waitingPage.reset();
    keep(page.items);
    emit pageReceived(page.items, page.index);
}

void ProjectLister::keep(const QList<MigrationProject>& items)
{
    m_received += int(items.size());
    if (m_keepProjects)
        m_projects.append(items);
}

void ProjectLister::requestPage(const QString& marker, int skip)
{
    const quint64 generation = m_generation;
    CallOptions callOptions;
    callOptions.groupKey = m_groupKey;
    m_call = m_client->describeMigrationProjects(
        m_filters, m_pageSize, marker, this,
        [this, generation, marker, skip](const Result<Page<MigrationProject>>& r) {
            if (generation != m_generation || !m_running)
                return;
            m_call.clear();
            // A page still waiting to be handed over comes first, whatever this answer is.
            handOverWaitingPage();
            if (generation != m_generation || !m_running)
                return; // cancelled from a slot
            if (!r.ok()) {
                m_running = false;
                emit failed(r.fault(), m_pages);
                return;
            }
            const Page<MigrationProject>& page = r.value();
            const int index = m_pages++;
            QList<MigrationProject> items = page.items.mid(qMin(skip, int(page.items.size())));
            bool bounded = false;
            if (m_maxItems > 0 && m_received + items.size() >= m_maxItems) {
                const int kept = m_maxItems - m_received;
                bounded = true;
                if (kept < items.size())
                    m_resume = ResumePoint{marker, skip + kept};
                else if (!page.marker.isEmpty())
                    m_resume = ResumePoint{page.marker, 0};
                items = items.mid(0, kept);
            }
            // The one guard of every listing (docs/protocol.md §6.1): a repeated marker or a
            // listing past the page cap ends here, with what was read so far kept.
            const bool stopsAtBound = bounded && m_resume;
            const Pager::Next next = stopsAtBound ? Pager::Next::EndOfList : m_pager.afterPage(page.marker);
            if (next == Pager::Next::Follow) {
                // The next page is asked for first and this one handed over on the next turn,
                // once that request is on its way: the server prepares the next page while the
                // receivers take this one in (the CLI writes its JSON meanwhile).
                requestPage(page.marker, 0);
                m_waitingPage = WaitingPage{std::move(items), index};
                QMetaObject::invokeMethod(
                    this,
                    [this, generation] {
                        if (generation == m_generation && m_running)
                            handOverWaitingPage();
                    },
                    Qt::QueuedConnection);
                return;
            }
            keep(items);
            emit pageReceived(items, index);
            if (generation != m_generation || !m_running)
                return; // cancelled from a slot
            m_running = false;
            if (stopsAtBound) {
                emit finished(StopReason::MaxItems, m_received, m_resume->marker);
                return;
            }
            switch (next) {
            case Pager::Next::Follow:
            case Pager::Next::EndOfList:
                emit finished(StopReason::EndOfList, m_received, QString());
                break;
            case Pager::Next::RepeatedMarker:
                emit finished(StopReason::RepeatedMarker, m_received, page.marker);
                break;
            case Pager::Next::PageCap:
                emit finished(StopReason::PageCap, m_received, page.marker);
                break;
            }
        },
        callOptions);
}

} // namespace dmsx
