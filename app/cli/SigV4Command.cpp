#include "cli/SigV4Command.h"

#include "base/FaultCodes.h"
#include "base/Redactor.h"
#include "cli/CliContext.h"
#include "cli/CommandSupport.h"
#include "cli/ExitCode.h"
#include "cli/InterruptWatcher.h"
#include "sigv4/HttpRequestData.h"
#include "sigv4/SigV4Signer.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimeZone>

#include <cstdio>

namespace dmsx::cli {

QList<CommandLine::Command> SigV4Command::commands() const
{
    CommandLine::Command sign;
    sign.path = QStringList{QStringLiteral("sigv4"), QStringLiteral("sign")};
    sign.summary = QStringLiteral("Sign an HTTP request read from standard input and show every step");
    sign.description = QStringLiteral(
        "Signs a raw HTTP request read from standard input with AWS Signature Version 4 and prints the\n"
        "canonical request, the string to sign and the Authorization value. Credentials come from\n"
        "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN or --session-token-file).\n"
        "The session token's value is masked in the printed canonical request. The signing region is\n"
        "the global --region, else AWS_REGION or AWS_DEFAULT_REGION.");
    sign.options = {
        {QStringLiteral("service"), QStringLiteral("S"), QStringLiteral("Signing name (default: dms).")},
        {QStringLiteral("time"), QStringLiteral("T"),
         QStringLiteral("Signing time YYYYMMDDTHHMMSSZ (default: the request's X-Amz-Date, else now).")},
        {QStringLiteral("session-token-file"), QStringLiteral("F"),
         QStringLiteral("Read the session token from this file.")},
        {QStringLiteral("sign-body"), QString(), QStringLiteral("Add and sign X-Amz-Content-Sha256.")},
        {QStringLiteral("no-normalize-path"), QString(),
         QStringLiteral("Keep . and .. path segments (S3 style).")},
        {QStringLiteral("token-after-signing"), QString(),
         QStringLiteral("Attach the session token without signing it.")},
    };
    return {sign};
}

namespace {

QByteArray readAllStdin()
{
    QFile in;
    if (!in.open(stdin, QIODevice::ReadOnly))
        return {};
    // Outside the event loop: Ctrl-C here is answered by the signal handler itself.
    const InterruptWatcher::BlockingScope interruptible("\nCancelled.\n");
    return in.readAll();
}

} // namespace

int SigV4Command::run(CliContext& ctx, const CommandLine& line)
{
    SigningParams params;
    params.service =
        line.isSet(QStringLiteral("service")) ? line.value(QStringLiteral("service")) : QStringLiteral("dms");
    params.region = ctx.region;
    if (params.region.isEmpty())
        params.region = ctx.environment.value(QStringLiteral("AWS_REGION"),
                                              ctx.environment.value(QStringLiteral("AWS_DEFAULT_REGION")));
    if (params.region.isEmpty())
        return ctx.usageError(QStringLiteral("--region is required (or AWS_REGION)"));
    params.signBody = line.isSet(QStringLiteral("sign-body"));
    params.normalizePath = !line.isSet(QStringLiteral("no-normalize-path"));
    params.omitSessionToken = line.isSet(QStringLiteral("token-after-signing"));

    params.credentials.accessKeyId = ctx.environment.value(QStringLiteral("AWS_ACCESS_KEY_ID"));
    params.credentials.secretAccessKey = ctx.environment.value(QStringLiteral("AWS_SECRET_ACCESS_KEY"));
    params.credentials.sessionToken = ctx.environment.value(QStringLiteral("AWS_SESSION_TOKEN"));
    params.credentials.source = QStringLiteral("environment");
    if (line.isSet(QStringLiteral("session-token-file"))) {
        QFile f(line.value(QStringLiteral("session-token-file")));
        if (!f.open(QIODevice::ReadOnly)) {
            Fault fault = Fault::make(FaultKind::Configuration, FaultCode::SessionTokenFileUnreadable,
                                      QStringLiteral("Cannot read the session token file %1: %2")
                                          .arg(f.fileName(), f.errorString()));
            return ctx.reportFault(fault);
        }
        params.credentials.sessionToken = QString::fromUtf8(f.readAll().trimmed());
    }
    if (!params.credentials.isValid()) {
        return ctx.reportFault(Fault::make(
            FaultKind::Credentials, FaultCode::MissingCredentials,
            QStringLiteral(
                "sigv4 sign needs AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment.")));
    }
    Redactor::registerSecret(params.credentials.secretAccessKey);
    if (!params.credentials.sessionToken.isEmpty())
        Redactor::registerSecret(params.credentials.sessionToken);

    HttpRequestData request;
    QString parseError;
    if (!HttpRequestData::parse(readAllStdin(), &request, &parseError))
        return ctx.usageError(QStringLiteral("cannot parse the request on standard input: ") + parseError);

    QByteArray timeText = line.value(QStringLiteral("time")).toLatin1();
    if (timeText.isEmpty())
        timeText = request.header("x-amz-date");
    if (timeText.isEmpty()) {
        params.time = QDateTime::currentDateTimeUtc();
    } else {
        params.time =
            QDateTime::fromString(QString::fromLatin1(timeText), QStringLiteral("yyyyMMdd'T'HHmmss'Z'"));
        params.time.setTimeZone(QTimeZone::utc());
        if (!params.time.isValid())
            return ctx.usageError(QStringLiteral("--time must look like 20150830T123600Z"));
    }

    SigV4Signer signer;
    const SigningOutput signature = signer.sign(request, params);
    // The canonical request carries the session token in clear; it must never be printed.
    const QString canonical = Redactor::redact(QString::fromUtf8(signature.canonicalRequest));

    if (ctx.output == OutputFormat::Json) {
        QJsonObject o;
        o.insert(QStringLiteral("canonicalRequest"), canonical);
        o.insert(QStringLiteral("stringToSign"), QString::fromUtf8(signature.stringToSign));
        o.insert(QStringLiteral("signedHeaders"), QString::fromUtf8(signature.signedHeaders));
        o.insert(QStringLiteral("signature"), QString::fromUtf8(signature.signature));
        o.insert(QStringLiteral("authorization"), QString::fromUtf8(signature.authorization));
        ctx.out() << QJsonDocument(o).toJson(QJsonDocument::Indented);
        return ExitOk;
    }
    ctx.out() << "Canonical request:\n"
              << canonical << "\n\nString to sign:\n"
              << QString::fromUtf8(signature.stringToSign) << "\n\nAuthorization:\n"
              << QString::fromUtf8(signature.authorization) << '\n';
    return ExitOk;
}

} // namespace dmsx::cli
