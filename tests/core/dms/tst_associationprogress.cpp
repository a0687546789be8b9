// AssociationProgress: the words the window and the CLI show for a request's status and step,
// and a percent of the whole request that never falls back when DMS moves to its next step.
#include "dms/AssociationProgress.h"

#include <QTest>

using namespace dmsx;

namespace {

SchemaConversionRequest request(const char* status, const char* step = nullptr,
                                std::optional<double> percent = std::nullopt)
{
    SchemaConversionRequest r;
    r.status = QString::fromLatin1(status);
    r.requestIdentifier = QStringLiteral("req-1");
    if (step) {
        Progress p;
        p.progressStep = QString::fromLatin1(step);
        p.progressPercent = percent;
        r.progress = p;
    }
    return r;
}

} // namespace

class TestAssociationProgress : public QObject
{
    Q_OBJECT
private slots:
    void stepsHaveWordsAndAPlace()
    {
        const AssociationProgress p(request("IN_PROGRESS", "CONVERTING", 22.7));
        QCOMPARE(p.stepText(), QStringLiteral("Converting objects"));
        QCOMPARE(p.step(), 4);
        QCOMPARE(AssociationProgress::stepCount(), 5);
        QCOMPARE(p.summary(), QStringLiteral("Converting objects — step 4 of 5, 22 %"));
        QCOMPARE(p.statusText(), QStringLiteral("Installing"));
        QCOMPARE(p.overallPercent(), 64); // three steps done and 22.7 % of the fourth
    }

    // The simulator's order (docs/protocol.md §3.3): each step starts again at 0 %, the whole never
    // goes back.
    void theWholeRequestOnlyGoesForward()
    {
        int last = -1;
        for (const char* step : {"IN_PROGRESS", "LOADING_METADATA", "COUNTING_OBJECTS", "ANALYZING",
                                 "CONVERTING", "APPLYING", "FINISHED"}) {
            for (double percent : {0.0, 50.0, 99.9}) {
                const int overall =
                    AssociationProgress(request("IN_PROGRESS", step, percent)).overallPercent();
                QVERIFY2(overall >= last, step);
                QVERIFY(overall >= 0 && overall <= 100);
                last = overall;
            }
        }
        QCOMPARE(last, 100);
        QCOMPARE(AssociationProgress(request("IN_PROGRESS", "APPLYING", 99.9)).overallPercent(), 99);
    }

    void receivedIsQueued()
    {
        const AssociationProgress p(request("RECEIVED"));
        QCOMPARE(p.statusText(), QStringLiteral("Queued"));
        QCOMPARE(p.summary(), QStringLiteral("Queued: waiting for DMS to start it"));
        QCOMPARE(p.overallPercent(), -1);
    }

    void endsAndUnknownsInWords()
    {
        QCOMPARE(AssociationProgress(request("SUCCESS", "FINISHED", 100)).summary(),
                 QStringLiteral("Installed"));
        QCOMPARE(AssociationProgress(request("SUCCESS")).overallPercent(), 100);
        QCOMPARE(AssociationProgress(request("FAILED", "ANALYZING", 10)).summary(), QStringLiteral("Failed"));
        QCOMPARE(AssociationProgress(request("FAILED")).overallPercent(), -1);
        QCOMPARE(AssociationProgress(request("CANCELED")).statusText(), QStringLiteral("Cancelled"));
        QCOMPARE(AssociationProgress(request("CANCELING", "APPLYING", 5)).summary(),
                 QStringLiteral("Cancelling (Applying to the target database — step 5 of 5, 5 %)"));
        // What DMS may add later is shown as it comes, never hidden.
        const AssociationProgress unknown(request("PAUSED", "REWRITING", 40));
        QCOMPARE(unknown.statusText(), QStringLiteral("PAUSED"));
        QCOMPARE(unknown.step(), 0);
        QCOMPARE(unknown.overallPercent(), -1);
        QCOMPARE(unknown.summary(), QStringLiteral("REWRITING, 40 %"));
        // "NaN" percent (docs/protocol.md §1.4) is no percent.
        const AssociationProgress nan(request("IN_PROGRESS", "ANALYZING", qQNaN()));
        QCOMPARE(nan.summary(), QStringLiteral("Analyzing objects — step 3 of 5"));
        QCOMPARE(nan.overallPercent(), 40);
        QCOMPARE(AssociationProgress(request("IN_PROGRESS")).summary(), QStringLiteral("Installing"));
    }
};

QTEST_GUILESS_MAIN(TestAssociationProgress)
#include "tst_associationprogress.moc"
