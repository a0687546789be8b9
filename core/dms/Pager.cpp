#include "dms/Pager.h"

#include "base/FaultCodes.h"

namespace dmsx {

Pager::Pager(const QString& operation, int maxPages) : m_operation(operation), m_maxPages(qMax(1, maxPages))
{}

Pager::Next Pager::afterPage(const QString& marker)
{
    ++m_pages;
    if (marker.isEmpty())
        return Next::EndOfList;
    if (m_seen.contains(marker))
        return Next::RepeatedMarker;
    if (m_pages >= m_maxPages)
        return Next::PageCap;
    m_seen.insert(marker);
    return Next::Follow;
}

Fault Pager::fault(Next why) const
{
    Fault f =
        why == Next::RepeatedMarker
            ? Fault::make(
                  FaultKind::Protocol, FaultCode::RepeatedPageMarker,
                  QStringLiteral("%1 repeated a page marker after %2 pages").arg(m_operation).arg(m_pages))
            : Fault::make(FaultKind::Protocol, FaultCode::TooManyPages,
                          QStringLiteral("%1 had more than %2 pages").arg(m_operation).arg(m_maxPages));
    f.operation = m_operation;
    if (why == Next::PageCap)
        f.detail = QString::number(m_maxPages);
    return f;
}

} // namespace dmsx
