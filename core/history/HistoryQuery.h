#pragma once

#include "history/HistoryRecord.h"

#include <QDateTime>
#include <QString>

#include <optional>

namespace dmsx {

// Filters, order and page of a history search. Empty members do not filter.
struct HistoryQuery
{
    enum class SortField
    {
        StartedAt,
        Duration,
        Operation,
        Project,
        Outcome
    };

    QString text;    // case-insensitive substring of operation, project, ids, status, fault code and message
    QString project; // name or ARN, exact
    QString operation;
    std::optional<HistoryRecord::Outcome> outcome;
    QString profile;
    QString region;
    QDateTime since; // inclusive
    QDateTime until; // exclusive

    // Only what the user did: entries not folded under another (their folded entries are counted
    // in HistoryRecord::childCount). A search by text or operation still looks at every entry, so
    // a pre-flight read or a poll series can be found by its own fields.
    bool entriesOnly = false;
    // false: leave out the reads the program made on its own (CallOptions::background).
    bool includeBackground = true;
    // Only the entries folded under this one.
    std::optional<qint64> parentId;

    SortField sortBy = SortField::StartedAt;
    bool descending = true;
    int limit = 50; // <= 0: no limit
    int offset = 0; // LIMIT/OFFSET paging (any sort)

    // Keyset paging (sortBy StartedAt only): rows strictly after this one in the sort order. Stays
    // as fast on the last page of 100,000 rows as on the first, unlike a large offset.
    std::optional<qint64> afterStartedMs;
    std::optional<qint64> afterId;

    // The query for the page that follows `last` (the last row of the current page).
    HistoryQuery continuedAfter(const HistoryRecord& last) const
    {
        HistoryQuery next = *this;
        next.offset = 0;
        next.afterStartedMs = last.startedAt.toMSecsSinceEpoch();
        next.afterId = last.id;
        return next;
    }
};

} // namespace dmsx
