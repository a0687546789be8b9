#include "cli/ProjectsCommand.h"

#include "base/FaultCodes.h"
#include "base/JsonWriter.h"
#include "cli/CliContext.h"
#include "cli/CliSession.h"
#include "cli/CommandSupport.h"
#include "cli/ExitCode.h"
#include "cli/ProgressLine.h"
#include "cli/TableWriter.h"
#include "dms/ProjectLister.h"
#include "dms/model/InstanceProfile.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace dmsx::cli {

using namespace CommandSupport;

namespace {

// The AWS CLI's NextToken as botocore writes it: base64 of {"Marker": ..., "boto_truncate_amount": n}.
QString encodeToken(const ProjectLister::ResumePoint& point)
{
    QJsonObject o{{QStringLiteral("Marker"), point.marker}};
    if (point.skip > 0)
        o.insert(QStringLiteral("boto_truncate_amount"), point.skip);
    return QString::fromLatin1(QJsonDocument(o).toJson(QJsonDocument::Compact).toBase64());
}

std::optional<ProjectLister::ResumePoint> decodeToken(const QString& token)
{
    const auto decoded =
        QByteArray::fromBase64Encoding(token.trimmed().toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return std::nullopt;
    const QJsonObject o = QJsonDocument::fromJson(*decoded).object();
    const QJsonValue marker = o.value(QStringLiteral("Marker"));
    const int skip = o.value(QStringLiteral("boto_truncate_amount")).toInt(0);
    if (!marker.isString() || skip < 0)
        return std::nullopt;
    return ProjectLister::ResumePoint{marker.toString(), skip};
}

// "--NAME N" from `minimum` to `maximum` into `value` (0 when not given); false when it is not.
bool boundedNumber(const CommandLine& line, const QString& name, int minimum, int maximum, int* value,
                   QString* error)
{
    *value = 0;
    if (!line.isSet(name))
        return true;
    bool ok = false;
    *value = line.value(name).toInt(&ok);
    if (ok && *value >= minimum && *value <= maximum)
        return true;
    *error = QStringLiteral("--%1 expects a whole number from %2 to %3, got '%4'")
                 .arg(name)
                 .arg(minimum)
                 .arg(maximum)
                 .arg(line.value(name));
    return false;
}

} // namespace

QList<CommandLine::Command> ProjectsCommand::commands() const
{
    CommandLine::Command list;
    list.path = QStringList{QStringLiteral("projects"), QStringLiteral("list")};
    list.summary = QStringLiteral("List the migration projects of the region with their engines");
    list.description = QStringLiteral(
        "Lists the migration projects of the region with their source and target engines. Several\n"
        "filters all apply; a filter name DMS does not know is refused before anything is sent.\n"
        "Example: dms-extpack-cli projects list --filters "
        "Name=migration-project-identifier,Values=erp-migration");
    list.outputs = {OutputFormat::Table, OutputFormat::Text, OutputFormat::Json};
    list.textFields =
        QStringLiteral("one line per project: name, ARN, source engine, target engine, instance "
                       "profile, created (ISO 8601, UTC)");
    list.options = filterOptions(QStringLiteral("DescribeMigrationProjects"));
    list.options += {
        {QStringLiteral("page-size"), QStringLiteral("N"),
         QStringLiteral("Projects per DescribeMigrationProjects call (MaxRecords), 1 to 100; every page is "
                        "still read unless --max-items is given.")},
        {QStringLiteral("max-items"), QStringLiteral("N"),
         QStringLiteral("List at most N projects (1 to 100000). When more exist, --output json has a "
                        "NextToken (text: a NEXTTOKEN line; table: a note on stderr).")},
        {QStringLiteral("starting-token"), QStringLiteral("TOKEN"),
         QStringLiteral("Resume where the NextToken of an earlier listing with the same filters and "
                        "--page-size left off.")},
    };
    CommandLine::Command show;
    show.path = QStringList{QStringLiteral("projects"), QStringLiteral("show")};
    show.arguments = QStringLiteral("PROJECT");
    show.minArguments = show.maxArguments = 1;
    show.argumentsError = QStringLiteral("projects show takes exactly one PROJECT (name or ARN)");
    show.summary =
        QStringLiteral("Show one project: data providers, instance profile, extension pack requests");
    show.outputs = {OutputFormat::Table, OutputFormat::Text, OutputFormat::Json};
    show.textFields = QStringLiteral(
        "one line per record, its kind first: PROJECT name, ARN, created, instance profile, S3 path; "
        "SOURCE and TARGET data provider name, ARN, engine, virtual (True/False), server, port, database; "
        "REQUEST id, status, step, percent, error");
    show.description = QStringLiteral(
        "Shows one project (name or ARN): its data providers, instance profile and extension pack\n"
        "requests. A project whose name starts with '-' or is 'help' is reached after '--'.");
    return {list, show};
}

int ProjectsCommand::run(CliContext& ctx, const CommandLine& line)
{
    if (line.path().at(1) == QLatin1String("list"))
        return list(ctx, line);
    return show(ctx, line);
}

int ProjectsCommand::list(CliContext& ctx, const CommandLine& line)
{
    const Result<QList<Filter>> parsed = parseFilters(line, QStringLiteral("DescribeMigrationProjects"));
    if (!parsed.ok())
        return ctx.usageError(parsed.fault().message);
    const QList<Filter> filters = parsed.value();
    int pageSize = 0;
    int maxItems = 0;
    QString error;
    if (!boundedNumber(line, QStringLiteral("page-size"), 1, 100, &pageSize, &error) ||
        !boundedNumber(line, QStringLiteral("max-items"), 1, 100000, &maxItems, &error))
        return ctx.usageError(error);
    std::optional<ProjectLister::ResumePoint> start;
    if (line.isSet(QStringLiteral("starting-token"))) {
        start = decodeToken(line.value(QStringLiteral("starting-token")));
        if (!start)
            return ctx.usageError(QStringLiteral("--starting-token expects the NextToken of an earlier "
                                                 "'projects list --max-items', as printed"));
    }

    CliSession session(ctx);
    if (const Result<void> opened = session.open(); !opened.ok())
        return ctx.reportFault(opened.fault());

    ProjectLister lister(session.client());
    lister.setFilters(filters);
    if (pageSize > 0)
        lister.setPageSize(pageSize);
    lister.setMaxItems(maxItems);
    if (start)
        lister.setStartPoint(*start);
    std::optional<Fault> failure;
    ProgressLine progress(ctx);
    int pages = 0;
    // JSON is written page by page while the next page is on its way, straight into bytes; it
    // reaches stdout only once the listing is complete, so a failed listing prints none.
    const bool json = ctx.output == OutputFormat::Json;
    // The engines of a table live on the data providers: read alongside the projects, not after
    // them, so neither waits for the other's round trips. Dropped unread when there is no project
    // to show them for.
    std::optional<Result<QHash<QString, DataProvider>>> providers;
    int providersRead = 0;
    int providerPages = 0;
    auto providersProgress = [&] {
        return QStringLiteral("Fetched page %1 (%2 data providers so far)…")
            .arg(providerPages)
            .arg(providersRead);
    };
    QEventLoop* waitingForProviders = nullptr;
    QObject providersContext;
    if (!json) {
        readDataProviders(
            session, &providersContext,
            [&](const Result<QHash<QString, DataProvider>>& read) {
                providers = read;
                if (waitingForProviders)
                    waitingForProviders->quit();
            },
            [&](int read) {
                providersRead = read;
                ++providerPages;
                if (waitingForProviders)
                    progress.update(providersProgress());
            });
    }
    JsonWriter writer;
    if (json) {
        writer.beginObject();
        writer.key(QLatin1String("MigrationProjects"));
        writer.beginArray();
    }
    QObject::connect(&lister, &ProjectLister::pageReceived, &lister,
                     [&](const QList<MigrationProject>& page, int pageIndex) {
                         if (json) {
                             for (const MigrationProject& p : page)
                                 p.writeJson(writer);
                         }
                         pages = pageIndex + 1;
                         progress.update(QStringLiteral("Fetched page %1 (%2 projects so far)…")
                                             .arg(pages)
                                             .arg(lister.projects().size()));
                     });
    QObject::connect(&lister, &ProjectLister::failed, &lister, [&](const Fault& f, int) { failure = f; });
    QObject::connect(&lister, &ProjectLister::finished, &lister,
                     [&](ProjectLister::StopReason reason, int, const QString&) {
                         if (reason == ProjectLister::StopReason::RepeatedMarker)
                             ctx.err() << "Warning: DMS repeated a page marker; the listing stopped there.\n";
                         else if (reason == ProjectLister::StopReason::PageCap)
                             ctx.err() << "Warning: stopped after " << lister.maxPages() << " pages.\n";
                     });
    QEventLoop loop;
    QObject::connect(&lister, &ProjectLister::finished, &loop, &QEventLoop::quit);
    QObject::connect(&lister, &ProjectLister::failed, &loop, &QEventLoop::quit);
    lister.start();
    loop.exec();
    if (failure)
        return ctx.reportFault(*failure);
    const qsizetype fetched = lister.projects().size();
    progress.say(QStringLiteral("Fetched %1 %2 in %3 %4.")
                     .arg(fetched)
                     .arg(fetched == 1 ? QStringLiteral("project") : QStringLiteral("projects"))
                     .arg(pages)
                     .arg(pages == 1 ? QStringLiteral("page") : QStringLiteral("pages")));

    const QList<MigrationProject>& projects = lister.projects();
    const QString nextToken = lister.resumePoint() ? encodeToken(*lister.resumePoint()) : QString();
    if (json) {
        writer.endArray();
        if (!nextToken.isEmpty())
            writer.putString(QLatin1String("NextToken"), nextToken);
        writer.endObject();
        ctx.writeOut(writer.bytes());
        return ExitOk;
    }

    if (!projects.isEmpty() && !providers) {
        QEventLoop wait;
        waitingForProviders = &wait;
        if (providerPages > 0)
            progress.update(providersProgress());
        wait.exec();
        waitingForProviders = nullptr;
        progress.clear();
    }
    if (!projects.isEmpty() && !providers->ok())
        return ctx.reportFault(providers->fault());
    const QHash<QString, DataProvider> engines =
        projects.isEmpty() ? QHash<QString, DataProvider>() : providers->value();
    const bool text = ctx.output == OutputFormat::Text;
    TableWriter table({QStringLiteral("NAME"), QStringLiteral("SOURCE"), QStringLiteral("TARGET"),
                       QStringLiteral("INSTANCE PROFILE"), QStringLiteral("CREATED")});
    for (const MigrationProject& p : projects) {
        const QString source =
            p.sourceDataProviderDescriptors.isEmpty()
                ? QString()
                : engineLabel(engines, p.sourceDataProviderDescriptors.first().dataProviderArn);
        const QString target =
            p.targetDataProviderDescriptors.isEmpty()
                ? QString()
                : engineLabel(engines, p.targetDataProviderDescriptors.first().dataProviderArn);
        if (text)
            table.addRow({p.migrationProjectName, p.migrationProjectArn, source, target,
                          p.instanceProfileName, isoTime(p.migrationProjectCreationTime)});
        else
            table.addRow({p.migrationProjectName, source, target, p.instanceProfileName,
                          formatTime(p.migrationProjectCreationTime)});
    }
    if (projects.isEmpty())
        ctx.err() << "No migration projects in region " << session.config().endpoint.signingRegion << ".\n";
    else
        writeRows(ctx, table);
    if (!nextToken.isEmpty() && text)
        ctx.out() << "NEXTTOKEN\t" << nextToken << '\n';
    else if (!nextToken.isEmpty())
        ctx.err() << "More projects exist: continue with --starting-token " << nextToken << '\n';
    return ExitOk;
}

int ProjectsCommand::show(CliContext& ctx, const CommandLine& line)
{
    const QString identifier = line.arguments().first();
    if (const Result<void> valid = DmsClient::validateProjectIdentifier(identifier); !valid.ok())
        return ctx.usageError(valid.fault().message);

    CliSession session(ctx);
    if (const Result<void> opened = session.open(); !opened.ok())
        return ctx.reportFault(opened.fault());

    const QList<Filter> filters{{QStringLiteral("migration-project-identifier"), {identifier}}};
    const Result<Page<MigrationProject>> page = session.await<Page<MigrationProject>>(
        [&](QObject* c, DmsClient::Handler<Page<MigrationProject>> done) {
            return session.client()->describeMigrationProjects(filters, std::nullopt, QString(), c, done);
        });
    if (!page.ok())
        return ctx.reportFault(page.fault());
    if (page->items.isEmpty()) {
        Fault f = Fault::make(FaultKind::Service, FaultCode::ResourceNotFoundFault,
                              QStringLiteral("No migration project named or with ARN '%1' in region %2.")
                                  .arg(identifier, session.config().endpoint.signingRegion));
        f.operation = QStringLiteral("DescribeMigrationProjects");
        return ctx.reportFault(f);
    }
    const MigrationProject project = page->items.first();

    QStringList providerIds;
    for (const auto& d : project.sourceDataProviderDescriptors + project.targetDataProviderDescriptors)
        providerIds.append(d.dataProviderArn.isEmpty() ? d.dataProviderName : d.dataProviderArn);
    QHash<QString, DataProvider> providers;
    if (!providerIds.isEmpty()) {
        const auto loaded = loadDataProviders(session, providerIds);
        if (!loaded.ok())
            return ctx.reportFault(loaded.fault());
        providers = loaded.value();
    }
    std::optional<InstanceProfile> profile;
    if (!project.instanceProfileArn.isEmpty()) {
        const QList<Filter> pf{{QStringLiteral("instance-profile-identifier"), {project.instanceProfileArn}}};
        const Result<Page<InstanceProfile>> profiles = session.await<Page<InstanceProfile>>(
            [&](QObject* c, DmsClient::Handler<Page<InstanceProfile>> done) {
                return session.client()->describeInstanceProfiles(pf, std::nullopt, QString(), c, done);
            });
        if (!profiles.ok())
            return ctx.reportFault(profiles.fault());
        if (!profiles->items.isEmpty())
            profile = profiles->items.first();
    }
    const auto requests = loadRequests(session, project.migrationProjectArn);
    if (!requests.ok())
        return ctx.reportFault(requests.fault());

    if (ctx.output == OutputFormat::Json) {
        QJsonArray providerArray;
        for (const QString& id : providerIds)
            if (providers.contains(id))
                providerArray.append(providers.value(id).toJson());
        QJsonArray requestArray;
        for (const SchemaConversionRequest& r : requests.value())
            requestArray.append(r.toJson());
        QJsonObject o{{QStringLiteral("MigrationProject"), project.toJson()},
                      {QStringLiteral("DataProviders"), providerArray},
                      {QStringLiteral("Requests"), requestArray}};
        if (profile)
            o.insert(QStringLiteral("InstanceProfile"), profile->toJson());
        writeJson(ctx, o);
        return ExitOk;
    }

    if (ctx.output == OutputFormat::Text) {
        TableWriter records({});
        const auto& attributes = project.schemaConversionApplicationAttributes;
        records.addRow({QStringLiteral("PROJECT"), project.migrationProjectName, project.migrationProjectArn,
                        isoTime(project.migrationProjectCreationTime), project.instanceProfileName,
                        attributes ? attributes->s3BucketPath : QString()});
        auto provider = [&](const QString& kind, const DataProviderDescriptor& d) {
            const QString id = d.dataProviderArn.isEmpty() ? d.dataProviderName : d.dataProviderArn;
            const DataProvider p = providers.value(id);
            records.addRow({kind, d.dataProviderName, d.dataProviderArn, p.engine,
                            p.isVirtual.value_or(false) ? QStringLiteral("True") : QStringLiteral("False"),
                            p.serverName(), p.port() ? QString::number(*p.port()) : QString(),
                            p.databaseName()});
        };
        for (const auto& d : project.sourceDataProviderDescriptors)
            provider(QStringLiteral("SOURCE"), d);
        for (const auto& d : project.targetDataProviderDescriptors)
            provider(QStringLiteral("TARGET"), d);
        for (const SchemaConversionRequest& r : requests.value())
            records.addRow({QStringLiteral("REQUEST"), r.requestIdentifier, r.status,
                            r.progress ? r.progress->progressStep : QString(), percentText(r),
                            r.error ? r.error->message : QString()});
        records.writeText(ctx.out());
        return ExitOk;
    }

    QTextStream& out = ctx.out();
    out << "Project:          " << project.migrationProjectName << '\n'
        << "ARN:              " << project.migrationProjectArn << '\n'
        << "Created:          " << formatTime(project.migrationProjectCreationTime) << '\n';
    if (!project.description.isEmpty())
        out << "Description:      " << project.description << '\n';
    auto writeProvider = [&](const char* role, const DataProviderDescriptor& d) {
        const QString id = d.dataProviderArn.isEmpty() ? d.dataProviderName : d.dataProviderArn;
        out << role << d.dataProviderName;
        if (providers.contains(id)) {
            const DataProvider& p = providers[id];
            out << "  engine " << p.engine;
            if (p.isVirtual.value_or(false))
                out << "  VIRTUAL (no database: an extension pack cannot be applied)";
            if (!p.serverName().isEmpty())
                out << "  server " << p.serverName();
            if (p.port())
                out << ':' << *p.port();
            if (!p.databaseName().isEmpty())
                out << "  database " << p.databaseName();
        }
        out << '\n';
    };
    for (const auto& d : project.sourceDataProviderDescriptors)
        writeProvider("Source:           ", d);
    for (const auto& d : project.targetDataProviderDescriptors)
        writeProvider("Target:           ", d);
    out << "Instance profile: " << project.instanceProfileName;
    if (profile && !profile->vpcSecurityGroups.isEmpty())
        out << "  security groups " << profile->vpcSecurityGroups.join(QLatin1Char(','));
    out << '\n';
    if (project.schemaConversionApplicationAttributes)
        out << "S3 path:          " << project.schemaConversionApplicationAttributes->s3BucketPath << '\n';
    out << "\nExtension pack requests:\n";
    if (requests->isEmpty()) {
        out << "  none\n";
        return ExitOk;
    }
    TableWriter table({QStringLiteral("REQUEST ID"), QStringLiteral("STATUS"), QStringLiteral("STEP"),
                       QStringLiteral("PERCENT"), QStringLiteral("ERROR")});
    for (const SchemaConversionRequest& r : requests.value()) {
        table.addRow({r.requestIdentifier, r.status, r.progress ? r.progress->progressStep : QString(),
                      percentText(r), r.error ? r.error->message : QString()});
    }
    table.write(out);
    return ExitOk;
}

} // namespace dmsx::cli
