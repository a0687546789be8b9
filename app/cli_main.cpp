#include "base/AppIdentity.h"
#include "cli/CliApplication.h"

#include <QCoreApplication>

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    // The window's names, so both read and write the same settings.
    dmsx::AppIdentity::setUpApplication();
    return dmsx::cli::CliApplication().run(QCoreApplication::arguments());
}
