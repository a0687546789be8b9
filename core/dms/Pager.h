#pragma once

#include "base/Fault.h"
#include "base/Result.h"
#include "dms/Page.h"

#include <QList>
#include <QSet>
#include <QString>

#include <functional>
#include <memory>

namespace dmsx {

// The one place that decides whether a Describe* listing goes on (docs/protocol.md §6.1): every
// paginated loop of the window, the CLI and the apply checks follows markers through it. A marker
// seen before would loop forever, and a server that never ends a listing would keep us busy for
// ever, so both end the listing with a fault instead.
class Pager
{
public:
    // Far above any real listing (10,000 pages of 100 is a million items); documented in
    // docs/protocol.md §6.1.
    static constexpr int kDefaultMaxPages = 10000;

    enum class Next
    {
        Follow,         // request the page at the marker
        EndOfList,      // the marker is empty: every page was read
        RepeatedMarker, // the marker was given before
        PageCap         // maxPages pages were read and the server still has more
    };

    explicit Pager(const QString& operation, int maxPages = kDefaultMaxPages);

    // Called once per page received, with the page's marker.
    Next afterPage(const QString& marker);
    // The fault for RepeatedMarker or PageCap.
    Fault fault(Next why) const;
    int pages() const { return m_pages; }
    int maxPages() const { return m_maxPages; }

    template <typename T> using Done = std::function<void(const Result<Page<T>>&)>;
    // Requests the page at `marker` (empty: the first) and calls `done` with it.
    template <typename T> using Fetch = std::function<void(const QString& marker, Done<T> done)>;

    // Reads every page of one listing: `onPage` (optional) with each page's items as they arrive,
    // then `done` once with every item or the first fault. Stops silently when the fetch's
    // context goes away, since the handler is then never called.
    template <typename T>
    static void readAll(const QString& operation, Fetch<T> fetch,
                        std::function<void(const Result<QList<T>>&)> done,
                        std::function<void(const QList<T>&)> onPage = {}, int maxPages = kDefaultMaxPages);
    // As readAll(), for a caller that takes each page in `onPage` and needs no copy of them all
    // (a large account's 20,000 data providers, copied and then freed at once, would hold up the
    // window): `done` gets the number of items read, or the first fault.
    template <typename T>
    static void readEach(const QString& operation, Fetch<T> fetch,
                         std::function<void(const QList<T>&)> onPage,
                         std::function<void(const Result<qsizetype>&)> done, int maxPages = kDefaultMaxPages);

private:
    template <typename T> struct Run;
    template <typename T> static void follow(const std::shared_ptr<Run<T>>& run, const QString& marker);

    QString m_operation;
    int m_maxPages;
    int m_pages = 0;
    QSet<QString> m_seen;
};

template <typename T> struct Pager::Run
{
    Pager pager;
    Fetch<T> fetch;
    std::function<void(const Result<QList<T>>&)> done;
    std::function<void(const QList<T>&)> onPage;
    bool keepItems = true;
    qsizetype count = 0;
    QList<T> items;
};

template <typename T>
void Pager::readAll(const QString& operation, Fetch<T> fetch,
                    std::function<void(const Result<QList<T>>&)> done,
                    std::function<void(const QList<T>&)> onPage, int maxPages)
{
    auto run = std::make_shared<Run<T>>(Run<T>{
        Pager(operation, maxPages), std::move(fetch), std::move(done), std::move(onPage), true, 0, {}});
    follow(run, QString());
}

template <typename T>
void Pager::readEach(const QString& operation, Fetch<T> fetch, std::function<void(const QList<T>&)> onPage,
                     std::function<void(const Result<qsizetype>&)> done, int maxPages)
{
    auto run = std::make_shared<Run<T>>(
        Run<T>{Pager(operation, maxPages), std::move(fetch), {}, std::move(onPage), false, 0, {}});
    // The run owns its done, which reads the run's count: a weak reference, or the two would
    // keep each other alive.
    run->done = [weak = std::weak_ptr<Run<T>>(run), done = std::move(done)](const Result<QList<T>>& all) {
        const auto self = weak.lock();
        done(all.ok() ? Result<qsizetype>(self ? self->count : 0) : Result<qsizetype>(all.fault()));
    };
    follow(run, QString());
}

template <typename T> void Pager::follow(const std::shared_ptr<Run<T>>& run, const QString& marker)
{
    // The handler owns the run: when its context goes, the run goes with it.
    run->fetch(marker, [run](const Result<Page<T>>& page) {
        if (!page.ok()) {
            run->done(page.fault());
            return;
        }
        run->count += page->items.size();
        if (run->keepItems)
            run->items += page->items;
        if (run->onPage)
            run->onPage(page->items);
        const Next next = run->pager.afterPage(page->marker);
        if (next == Next::Follow)
            follow(run, page->marker);
        else if (next == Next::EndOfList)
            run->done(run->items);
        else
            run->done(run->pager.fault(next));
    });
}

} // namespace dmsx
