#include "base/FaultCodes.h"
#include "base/Result.h"

#include <QTest>

using namespace dmsx;

class TestResult : public QObject
{
    Q_OBJECT
private slots:
    void valueCarriesNoFault()
    {
        Result<int> r(42);
        QVERIFY(r.ok());
        QCOMPARE(r.value(), 42);
    }
    void faultCarriesNoValue()
    {
        Fault f = Fault::make(FaultKind::Service, FaultCode::ResourceNotFoundFault, QStringLiteral("gone"));
        f.httpStatus = 400;
        f.requestId = QStringLiteral("rid-1");
        Result<QString> r(f);
        QVERIFY(!r.ok());
        QCOMPARE(r.fault().code, FaultCode::ResourceNotFoundFault);
        QCOMPARE(r.fault().httpStatus, 400);
        QCOMPARE(r.fault().requestId, QStringLiteral("rid-1"));
    }
    void voidResult()
    {
        Result<void> okay;
        QVERIFY(okay.ok());
        Result<void> bad(Fault::make(FaultKind::Transport, FaultCode::ConnectionRefused));
        QVERIFY(!bad.ok());
        QCOMPARE(bad.fault().kind, FaultKind::Transport);
    }
};

QTEST_GUILESS_MAIN(TestResult)
#include "tst_result.moc"
