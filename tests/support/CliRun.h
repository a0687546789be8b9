#pragma once

#include <QByteArray>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

// One run of dms-extpack-cli (the executable DMSX_CLI_BIN names) through a real process.
struct CliRun
{
    int exitCode = -1; // -1: it did not start, crashed, or was killed at the time limit
    QString out;
    QString err;

    // Runs it to its end (at most two minutes) in `env` plus the sanitizers' options, with
    // `stdinData` then the end of its input.
    static CliRun run(const QStringList& args, const QProcessEnvironment& env,
                      const QByteArray& stdinData = {});

    // PATH, HOME and LANG only, so the developer's own AWS settings or proxies never leak in.
    static QProcessEnvironment cleanEnvironment(const QString& home);
};
