#include "CliRun.h"

#include "SanitizerOptions.h"

#include <QProcess>

CliRun CliRun::run(const QStringList& args, const QProcessEnvironment& env, const QByteArray& stdinData)
{
    QProcess p;
    p.setProcessEnvironment(sanitizers::withSanitizerOptions(env));
    p.setProgram(qEnvironmentVariable("DMSX_CLI_BIN"));
    p.setArguments(args);
    p.start();
    if (!p.waitForStarted(10000))
        return {};
    if (!stdinData.isEmpty())
        p.write(stdinData);
    p.closeWriteChannel();
    if (!p.waitForFinished(120000)) {
        p.kill();
        p.waitForFinished();
    }
    return CliRun{p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1,
                  QString::fromUtf8(p.readAllStandardOutput()), QString::fromUtf8(p.readAllStandardError())};
}

QProcessEnvironment CliRun::cleanEnvironment(const QString& home)
{
    QProcessEnvironment env;
    env.insert(QStringLiteral("PATH"), qEnvironmentVariable("PATH"));
    env.insert(QStringLiteral("HOME"), home);
    env.insert(QStringLiteral("LANG"), QStringLiteral("C.UTF-8"));
    return env;
}
