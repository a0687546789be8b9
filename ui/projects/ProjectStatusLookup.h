#pragma once

#include "base/Fault.h"

#include <QObject>
#include <QSet>
#include <QStringList>

class QTableView;
class QTimer;

namespace dmsx {
class DmsClient;
} // namespace dmsx

namespace dmsx::ui {

class ProjectsModel;

// The "Last extension pack" column of one session: one DescribeExtensionPackAssociations per
// project. Worth it for a normal account, not for thousands of projects: above `limit` only the
// rows in view (and a margin) are looked up, as they come into view. A child of the session's
// object, so its calls, timers and books die with the session and an old session's answers are
// never shown.
class ProjectStatusLookup : public QObject
{
    Q_OBJECT
public:
    // `model` and `view` outlive the session; `view` shows `model` through its own (proxy) model.
    ProjectStatusLookup(DmsClient* client, ProjectsModel* model, QTableView* view, int limit,
                        QObject* parent);

    // The listing has finished: every project's status, or above the limit the rows in view.
    void start();
    // The details pane or the apply flow has shown this project's status: it needs no lookup of
    // its own when its row comes into view.
    void markKnown(const QString& projectArn);

signals:
    // Every project's status has been asked for (or there were too many to ask for all).
    void statusesLoaded();
    // Above the limit: every row in view (and its margin) has been asked for, or failed and waits
    // for its retry; emitted after each look at the rows in view once its lookups are done.
    void visibleStatusesLoaded();
    // Above the limit, the first failed lookup only: the failed rows are retried without another
    // word, so a throttled burst does not bring one message per row.
    void firstLookupFailed(const dmsx::Fault& fault);

private:
    void fetchNext();
    // Scroll, resize, filter and sort only restart the debounce timer.
    void scheduleVisible();
    void fetchVisible();
    void lookupFailed(const Fault& fault);

    DmsClient* m_client;
    ProjectsModel* m_model;
    QTableView* m_view;
    int m_limit;
    QStringList m_queue;
    int m_inFlight = 0;
    bool m_lazy = false;
    QSet<QString> m_known;  // answered (or shown by the details pane / the apply flow)
    QSet<QString> m_asking; // in flight
    QSet<QString> m_failed; // not asked again until the retry timer fires
    QTimer* m_scanTimer;    // debounces what comes into view
    QTimer* m_retryTimer;   // backs off after a failed lookup (throttling)
    int m_backoffMs;
    bool m_paused = false;     // throttled: nothing new is sent until the retry timer fires
    bool m_faultShown = false; // one message per session, not one per failed row
};

} // namespace dmsx::ui
