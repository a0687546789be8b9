// dms-sim's DMS operations on a client's request body (the first line names the operation, the
// rest is the awsJson body), against the demo scenario: filters, markers, MaxRecords and
// identifiers as SimService reads them once a request's signature has been accepted.
#include "FuzzInput.h"
#include "SimScenario.h"
#include "SimService.h"
#include "base/Clock.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>
#include <cstdlib>

namespace {

dmsx::SimScenario demoScenario(const QDateTime& now)
{
    QFile file(QStringLiteral(":/dmsx_sim/demo.json"));
    const bool read = file.open(QIODevice::ReadOnly);
    const dmsx::Result<dmsx::SimScenario> scenario = dmsx::SimScenario::fromJson(
        QJsonDocument::fromJson(read ? file.readAll() : QByteArray()).object(), now);
    if (!scenario.ok()) {
        std::fprintf(stderr, "fuzz_sim_service: the demo scenario does not load\n");
        std::abort();
    }
    return scenario.value();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace dmsx;
    static const ManualClock clock(QDateTime::fromSecsSinceEpoch(1767962400, Qt::UTC));
    static const SimScenario scenario = demoScenario(clock.nowUtc());

    const fuzz::FuzzInput input(data, size);
    const qsizetype newline = input.bytes().indexOf('\n');
    const QString operation = QString::fromUtf8(newline < 0 ? input.bytes() : input.bytes().left(newline));
    const QByteArray body = newline < 0 ? QByteArray() : input.bytes().mid(newline + 1);

    // A fresh service each time: a Start adds an association that would carry into later inputs.
    SimService service(&clock);
    service.setScenario(scenario);
    (void)service.handle(operation, body);
    return 0;
}
