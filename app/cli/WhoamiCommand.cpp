#include "cli/WhoamiCommand.h"

#include "base/Redactor.h"
#include "cli/CliContext.h"
#include "cli/CliSession.h"
#include "cli/CommandSupport.h"
#include "cli/ExitCode.h"
#include "cli/TableWriter.h"
#include "credentials/StsClient.h"
#include "net/CallObserver.h"

#include <QEventLoop>
#include <QJsonObject>

namespace dmsx::cli {

QList<CommandLine::Command> WhoamiCommand::commands() const
{
    CommandLine::Command whoami;
    whoami.path = QStringList{QStringLiteral("whoami")};
    whoami.summary = QStringLiteral("Show the account, ARN and user id of the credentials, and their source");
    whoami.description =
        QStringLiteral("Asks AWS STS (GetCallerIdentity) who the selected credentials belong to and\n"
                       "prints the account, ARN, user id and which source supplied the credentials.");
    whoami.outputs = {OutputFormat::Table, OutputFormat::Text, OutputFormat::Json};
    whoami.textFields =
        QStringLiteral("one line: account, ARN, user id, credentials source, access key id (masked)");
    return {whoami};
}

int WhoamiCommand::run(CliContext& context, const CommandLine&)
{
    CliSession session(context);
    const Result<void> opened = session.open();
    if (!opened.ok())
        return context.reportFault(opened.fault());

    TransportConfig cfg;
    cfg.region = session.config().endpoint.signingRegion;
    const QString custom = session.stsEndpoint().value;
    cfg.endpoint = custom.isEmpty() ? StsClient::regionalEndpoint(cfg.region) : QUrl(custom);
    cfg.credentials = session.chain()->provider();
    cfg.maxAttempts = session.config().maxAttempts.value;
    cfg.caBundlePath = session.config().caBundle.value;
    cfg.environment = context.environment;
    StsClient sts(cfg, session.networkAccessManager());
    if (CallObserver* history = session.historyObserver())
        sts.addObserver(history);

    QEventLoop loop;
    std::optional<Result<CallerIdentity>> result;
    sts.getCallerIdentity(&loop, [&](const Result<CallerIdentity>& r) {
        result = r;
        loop.quit();
    });
    if (!result)
        loop.exec();
    if (!result->ok())
        return context.reportFault(result->fault());

    const CallerIdentity& id = result->value();
    const QString source = Redactor::redact(id.credentialsSource.isEmpty() ? session.credentials().source
                                                                           : id.credentialsSource);
    if (context.output == OutputFormat::Json) {
        QJsonObject o;
        o.insert(QStringLiteral("Account"), id.account);
        o.insert(QStringLiteral("Arn"), id.arn);
        o.insert(QStringLiteral("UserId"), id.userId);
        // STS's own member names for its answer; camelCase for what is ours.
        o.insert(QStringLiteral("credentialsSource"), source);
        o.insert(QStringLiteral("accessKeyId"), Redactor::maskAccessKeyId(session.credentials().accessKeyId));
        CommandSupport::writeJson(context, o);
    } else if (context.output == OutputFormat::Text) {
        TableWriter line({});
        line.addRow({id.account, id.arn, id.userId, source,
                     Redactor::maskAccessKeyId(session.credentials().accessKeyId)});
        line.writeText(context.out());
    } else {
        TableWriter table({QStringLiteral("Field"), QStringLiteral("Value")});
        table.addRow({QStringLiteral("Account"), id.account});
        table.addRow({QStringLiteral("ARN"), id.arn});
        table.addRow({QStringLiteral("User id"), id.userId});
        table.addRow({QStringLiteral("Credentials"), source});
        table.addRow(
            {QStringLiteral("Access key"), Redactor::maskAccessKeyId(session.credentials().accessKeyId)});
        table.write(context.out());
    }
    context.out().flush();
    return ExitOk;
}

} // namespace dmsx::cli
