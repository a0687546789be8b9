#include "base/AppIdentity.h"
#include "cli/CliApplication.h"
#include "cli/InterruptWatcher.h"

#include <QCoreApplication>

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    // The window's names, so both read and write the same settings.
    dmsx::AppIdentity::setUpApplication();
    // Ctrl-C and SIGTERM are explained (and a followed request left resumable), not a silent death.
    const dmsx::cli::InterruptWatcher interrupts;
    return dmsx::cli::CliApplication().run(QCoreApplication::arguments());
}
