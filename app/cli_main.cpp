#include "CliApplication.h"

#include <QCoreApplication>

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("dms-extpack-cli"));
    return dmsx::cli::CliApplication().run(QCoreApplication::arguments());
}
