#include "history/AwsCliCommand.h"

#include "base/Redactor.h"

#include <QRegularExpression>

namespace dmsx::ui {

namespace {

QString projectIdentifier(const HistoryRecord& r)
{
    // The ARN names the project unambiguously across accounts; the name works too.
    return r.projectArn.isEmpty() ? r.projectName : r.projectArn;
}

bool takesProject(const QString& operation)
{
    static const QStringList ops = {QStringLiteral("StartExtensionPackAssociation"),
                                    QStringLiteral("DescribeExtensionPackAssociations"),
                                    QStringLiteral("DescribeConversionConfiguration"),
                                    QStringLiteral("StartMetadataModelConversion"),
                                    QStringLiteral("DescribeMetadataModelConversions"),
                                    QStringLiteral("StartMetadataModelExportToTarget"),
                                    QStringLiteral("ModifyConversionConfiguration")};
    return ops.contains(operation);
}

} // namespace

QString AwsCliCommand::kebabCase(const QString& operation)
{
    QString out;
    for (int i = 0; i < operation.size(); ++i) {
        const QChar c = operation.at(i);
        if (c.isUpper()) {
            const bool prevLower = i > 0 && operation.at(i - 1).isLower();
            const bool nextLower = i + 1 < operation.size() && operation.at(i + 1).isLower();
            const bool prevUpper = i > 0 && operation.at(i - 1).isUpper();
            if (i > 0 && (prevLower || (prevUpper && nextLower)))
                out += u'-';
            out += c.toLower();
        } else {
            out += c;
        }
    }
    return out;
}

QString AwsCliCommand::shellQuote(const QString& argument)
{
    static const QRegularExpression safe(QStringLiteral("^[A-Za-z0-9_@%+=:,./-]+$"));
    if (safe.match(argument).hasMatch())
        return argument;
    QString quoted = argument;
    quoted.replace(QStringLiteral("'"), QStringLiteral("'\\''"));
    return QStringLiteral("'") + quoted + QStringLiteral("'");
}

QString AwsCliCommand::endpointUrl(const HistoryRecord& r)
{
    if (r.endpointHost.isEmpty())
        return QString();
    const QString host = r.endpointHost.toLower();
    const QString service =
        r.operation == QLatin1String("GetCallerIdentity") ? QStringLiteral("sts") : QStringLiteral("dms");
    // The hosts the AWS CLI would pick by itself for the region need no flag.
    const QStringList standard = {service + u'.' + r.region + QStringLiteral(".amazonaws.com"),
                                  service + u'.' + r.region + QStringLiteral(".amazonaws.com.cn")};
    if (standard.contains(host))
        return QString();
    const QString bare = host.section(u':', 0, 0);
    const bool loopback = bare == QLatin1String("localhost") || bare.startsWith(QLatin1String("127.")) ||
                          bare == QLatin1String("[::1]");
    // Our loopback simulator speaks plain HTTP; every real endpoint is HTTPS.
    return (loopback ? QStringLiteral("http://") : QStringLiteral("https://")) + r.endpointHost;
}

QStringList AwsCliCommand::arguments(const HistoryRecord& r)
{
    if (r.operation.isEmpty())
        return {};
    QStringList args{QStringLiteral("aws")};
    if (r.operation == QLatin1String("GetCallerIdentity")) {
        args << QStringLiteral("sts") << QStringLiteral("get-caller-identity");
    } else {
        args << QStringLiteral("dms") << kebabCase(r.operation);
        const QString project = projectIdentifier(r);
        if (takesProject(r.operation) && !project.isEmpty()) {
            args << QStringLiteral("--migration-project-identifier") << project;
        } else if (r.operation == QLatin1String("DescribeMigrationProjects") && !project.isEmpty()) {
            args << QStringLiteral("--filters")
                 << QStringLiteral("Name=migration-project-identifier,Values=") + project;
        }
        if (r.operation == QLatin1String("DescribeExtensionPackAssociations") &&
            !r.dmsRequestIdentifier.isEmpty())
            args << QStringLiteral("--filters")
                 << QStringLiteral("Name=request-id,Values=") + r.dmsRequestIdentifier;
    }
    if (!r.region.isEmpty())
        args << QStringLiteral("--region") << r.region;
    // "default" is what the CLI uses anyway; environment credentials have no profile to name.
    if (!r.profile.isEmpty() && r.profile != QLatin1String("default"))
        args << QStringLiteral("--profile") << r.profile;
    if (const QString url = endpointUrl(r); !url.isEmpty())
        args << QStringLiteral("--endpoint-url") << url;
    return args;
}

QString AwsCliCommand::forRecord(const HistoryRecord& record)
{
    const QStringList args = arguments(record);
    if (args.isEmpty())
        return QString();
    QStringList quoted;
    quoted.reserve(args.size());
    for (const QString& a : args)
        quoted << shellQuote(a);
    return Redactor::redact(quoted.join(u' '));
}

} // namespace dmsx::ui
