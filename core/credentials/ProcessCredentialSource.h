#pragma once

#include "credentials/CredentialSource.h"

#include <QByteArray>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace dmsx {

// credential_process from a profile of ~/.aws/config: runs the command (split like the AWS CLI
// does, without a shell) and reads the JSON Version 1 document it prints. Its stdout holds the
// secret and is never logged or quoted; its stderr becomes the error text, redacted.
class ProcessCredentialSource final : public CredentialSource
{
public:
    ProcessCredentialSource(const QString& command, const QString& profileName,
                            const QProcessEnvironment& env, int timeoutMs = 60000);

    QString describe() const override;
    void fetch(QObject* context, Handler done) override;

    // POSIX shell-like word splitting (Python's shlex.split, which the AWS CLI uses): whitespace
    // separates words, '...' is literal, "..." allows \" \\ \$ \` escapes, a backslash outside
    // quotes escapes the next character. No variables, globs or pipes: nothing is a shell.
    static Result<QStringList> splitCommand(const QString& command);

    // Reads the process's stdout document. Faults never quote `output`.
    static Result<AwsCredentials> parseOutput(const QByteArray& output, const QString& profileName);

    // Longest stderr excerpt put into a fault message.
    static constexpr int kMaxStderrChars = 2000;
    // A credentials document is a few KiB: a helper writing more than this is stopped, so a
    // runaway one cannot fill the memory. Kept of its stderr: the last kMaxStderrBytes.
    static constexpr qint64 kMaxOutputBytes = 1024 * 1024;
    static constexpr qint64 kMaxStderrBytes = 64 * 1024;

private:
    QString m_command;
    QString m_profileName;
    QProcessEnvironment m_env;
    int m_timeoutMs;
};

} // namespace dmsx
