#include "credentials/ProcessCredentialSource.h"

#include "base/AwsTime.h"
#include "base/FaultCodes.h"
#include "base/Redactor.h"

#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QProcess>
#include <QStandardPaths>
#include <QTimer>

#include <memory>

namespace dmsx {

namespace {

Fault processFault(const QString& code, const QString& message)
{
    return Fault::make(FaultKind::Credentials, code, Redactor::redact(message));
}

QString stderrExcerpt(const QByteArray& raw)
{
    QString text = QString::fromUtf8(raw).trimmed();
    // The end of stderr usually says what went wrong; keep that part of a long output.
    if (text.size() > ProcessCredentialSource::kMaxStderrChars)
        text = QStringLiteral("…") + text.right(ProcessCredentialSource::kMaxStderrChars);
    return Redactor::redact(text);
}

// Resolve a bare program name with the PATH of the environment the process will get, not ours.
QString resolveProgram(const QString& program, const QProcessEnvironment& env)
{
    if (program.contains(QLatin1Char('/')))
        return program;
    const QStringList path =
        env.value(QStringLiteral("PATH")).split(QDir::listSeparator(), Qt::SkipEmptyParts);
    const QString found = QStandardPaths::findExecutable(program, path);
    return found.isEmpty() ? program : found;
}

} // namespace

ProcessCredentialSource::ProcessCredentialSource(const QString& command, const QString& profileName,
                                                 const QProcessEnvironment& env, int timeoutMs)
    : m_command(command), m_profileName(profileName), m_env(env), m_timeoutMs(timeoutMs)
{}

QString ProcessCredentialSource::describe() const
{
    // Only the program: the arguments of a helper may carry something private.
    const Result<QStringList> words = splitCommand(m_command);
    const QString program = words && !words->isEmpty() ? words->first() : QString();
    return QStringLiteral("credential_process %1 (profile %2)").arg(program, m_profileName);
}

Result<QStringList> ProcessCredentialSource::splitCommand(const QString& command)
{
    QStringList words;
    QString word;
    bool inWord = false;
    enum class Quote
    {
        None,
        Single,
        Double
    } quote = Quote::None;
    for (qsizetype i = 0; i < command.size(); ++i) {
        const QChar c = command.at(i);
        if (quote == Quote::Single) {
            if (c == QLatin1Char('\''))
                quote = Quote::None;
            else
                word += c;
            continue;
        }
        if (quote == Quote::Double) {
            if (c == QLatin1Char('"')) {
                quote = Quote::None;
            } else if (c == QLatin1Char('\\') && i + 1 < command.size() &&
                       QStringView(u"\"\\$`\n").contains(command.at(i + 1))) {
                word += command.at(++i);
            } else {
                word += c;
            }
            continue;
        }
        if (c.isSpace()) {
            if (inWord) {
                words.append(word);
                word.clear();
                inWord = false;
            }
            continue;
        }
        inWord = true;
        if (c == QLatin1Char('\'')) {
            quote = Quote::Single;
        } else if (c == QLatin1Char('"')) {
            quote = Quote::Double;
        } else if (c == QLatin1Char('\\')) {
            if (i + 1 >= command.size())
                return Fault::make(FaultKind::Configuration, FaultCode::CredentialProcessInvalidCommand,
                                   QStringLiteral("credential_process ends with a lone backslash"));
            word += command.at(++i);
        } else {
            word += c;
        }
    }
    if (quote != Quote::None)
        return Fault::make(
            FaultKind::Configuration, FaultCode::CredentialProcessInvalidCommand,
            QStringLiteral("credential_process has an unterminated %1 quote")
                .arg(quote == Quote::Single ? QStringLiteral("single") : QStringLiteral("double")));
    if (inWord)
        words.append(word);
    if (words.isEmpty())
        return Fault::make(FaultKind::Configuration, FaultCode::CredentialProcessInvalidCommand,
                           QStringLiteral("credential_process is empty"));
    return words;
}

Result<AwsCredentials> ProcessCredentialSource::parseOutput(const QByteArray& output,
                                                            const QString& profileName)
{
    const QString who = QStringLiteral("credential_process of profile %1").arg(profileName);
    auto invalid = [&](const QString& why) {
        return processFault(FaultCode::CredentialProcessInvalidOutput, who + QStringLiteral(": ") + why);
    };
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(output, &error);
    if (error.error != QJsonParseError::NoError)
        return invalid(QStringLiteral("its output is not JSON (%1 at byte %2)")
                           .arg(error.errorString())
                           .arg(error.offset));
    if (!doc.isObject())
        return invalid(QStringLiteral("its output is not a JSON object"));
    const QJsonObject o = doc.object();
    const QJsonValue version = o.value(QLatin1String("Version"));
    if (!version.isDouble() || version.toDouble() != 1.0)
        return invalid(version.isUndefined()
                           ? QStringLiteral("its output has no \"Version\"; only Version 1 is supported")
                           : QStringLiteral("its output has \"Version\" %1; only Version 1 is supported")
                                 .arg(version.isDouble() ? QString::number(version.toDouble())
                                                         : QStringLiteral("that is not a number")));
    const auto text = [&](const char* key) { return o.value(QLatin1String(key)).toString(); };
    AwsCredentials c;
    c.accessKeyId = text("AccessKeyId");
    c.secretAccessKey = text("SecretAccessKey");
    c.sessionToken = text("SessionToken");
    // Register before any further fault text could mention them.
    Redactor::registerSecrets(QStringLiteral("credential_process"), {c.secretAccessKey, c.sessionToken});
    QStringList missing;
    if (c.accessKeyId.isEmpty())
        missing << QStringLiteral("AccessKeyId");
    if (c.secretAccessKey.isEmpty())
        missing << QStringLiteral("SecretAccessKey");
    if (!missing.isEmpty())
        return invalid(QStringLiteral("its output lacks %1").arg(missing.join(QStringLiteral(" and "))));
    const QJsonValue expiration = o.value(QLatin1String("Expiration"));
    if (!expiration.isUndefined() && !expiration.isNull()) {
        c.expiration = AwsTime::parseIso8601(expiration.toString());
        if (!c.expiration.isValid())
            return invalid(QStringLiteral("its \"Expiration\" is not an ISO 8601 timestamp"));
    }
    return c;
}

void ProcessCredentialSource::fetch(QObject* context, Handler done)
{
    const QString source = describe();
    auto finish = std::make_shared<Handler>(std::move(done));
    auto deliver = [finish, source](Result<AwsCredentials> r) {
        if (!*finish)
            return; // exactly once
        Handler h = std::move(*finish);
        *finish = nullptr;
        if (r.ok())
            r.value().source = source;
        h(r);
    };

    const Result<QStringList> words = splitCommand(m_command);
    if (!words) {
        Fault f = words.fault();
        f.message = Redactor::redact(QStringLiteral("profile %1: %2").arg(m_profileName, f.message));
        QTimer::singleShot(0, context, [deliver, f] { deliver(f); });
        return;
    }

    auto* process = new QProcess(context);
    process->setProgram(resolveProgram(words->first(), m_env));
    process->setArguments(words->mid(1));
    process->setProcessEnvironment(m_env);
    process->setProcessChannelMode(QProcess::SeparateChannels);
    process->setStandardInputFile(QProcess::nullDevice());
    auto* timer = new QTimer(process);
    timer->setSingleShot(true);
    auto timedOut = std::make_shared<bool>(false);
    auto tooMuch = std::make_shared<bool>(false);
    auto out = std::make_shared<QByteArray>();
    auto err = std::make_shared<QByteArray>();
    const QString profile = m_profileName;
    const QString program = words->first();
    const int timeoutMs = m_timeoutMs;

    // The context going away must not leave a helper running, nor call back into it.
    QObject::connect(context, &QObject::destroyed, process, [process] {
        process->disconnect();
        process->kill();
        process->waitForFinished(2000);
    });
    QObject::connect(timer, &QTimer::timeout, process, [process, timedOut] {
        *timedOut = true;
        process->kill();
    });
    // Read as it comes, so the pipe never holds more than we accept.
    QObject::connect(process, &QProcess::readyReadStandardOutput, process, [process, out, tooMuch] {
        *out += process->readAllStandardOutput();
        if (out->size() > kMaxOutputBytes && !*tooMuch) {
            *tooMuch = true;
            process->kill();
        }
    });
    QObject::connect(process, &QProcess::readyReadStandardError, process, [process, err] {
        *err += process->readAllStandardError();
        if (err->size() > kMaxStderrBytes)
            *err = err->right(kMaxStderrBytes);
    });
    QObject::connect(process, &QProcess::errorOccurred, context,
                     [process, deliver, profile, program](QProcess::ProcessError error) {
                         if (error != QProcess::FailedToStart)
                             return; // crashes and kills arrive through finished()
                         deliver(processFault(FaultCode::CredentialProcessFailed,
                                              QStringLiteral("credential_process of profile %1 could not "
                                                             "start %2: %3")
                                                  .arg(profile, program, process->errorString())));
                         process->deleteLater();
                     });
    QObject::connect(
        process, &QProcess::finished, context,
        [process, timer, timedOut, tooMuch, out, err, deliver, profile,
         timeoutMs](int exitCode, QProcess::ExitStatus status) {
            timer->stop();
            if (!*tooMuch)
                *out += process->readAllStandardOutput();
            *err += process->readAllStandardError();
            process->deleteLater();
            if (*tooMuch || out->size() > kMaxOutputBytes) {
                deliver(
                    processFault(FaultCode::CredentialProcessInvalidOutput,
                                 QStringLiteral("credential_process of profile %1 wrote more than %2 KiB to "
                                                "its output and was stopped")
                                     .arg(profile)
                                     .arg(kMaxOutputBytes / 1024)));
                return;
            }
            if (*timedOut) {
                deliver(processFault(FaultCode::CredentialProcessTimeout,
                                     QStringLiteral("credential_process of profile %1 did not finish within "
                                                    "%2 s and was stopped")
                                         .arg(profile)
                                         .arg(timeoutMs / 1000.0)));
                return;
            }
            if (status != QProcess::NormalExit || exitCode != 0) {
                const QString excerpt = stderrExcerpt(*err);
                const QString how = status != QProcess::NormalExit
                                        ? QStringLiteral("crashed")
                                        : QStringLiteral("exited with code %1").arg(exitCode);
                QString message = QStringLiteral("credential_process of profile %1 %2").arg(profile, how);
                message += excerpt.isEmpty() ? QStringLiteral(" and wrote nothing to stderr")
                                             : QStringLiteral(": ") + excerpt;
                Fault f = processFault(FaultCode::CredentialProcessFailed, message);
                f.detail = excerpt;
                deliver(f);
                return;
            }
            deliver(parseOutput(*out, profile));
        });

    // Started from the event loop so that even a failure to start is never reported synchronously.
    QTimer::singleShot(0, process, [process, timer, timeoutMs] {
        timer->start(timeoutMs);
        process->start(QIODevice::ReadOnly);
    });
}

} // namespace dmsx
