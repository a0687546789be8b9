#include "cli/ProjectsCommand.h"

#include "base/FaultCodes.h"
#include "cli/CliContext.h"
#include "cli/CliSession.h"
#include "cli/CommandSupport.h"
#include "cli/ExitCode.h"
#include "cli/TableWriter.h"
#include "dms/ProjectLister.h"
#include "dms/model/InstanceProfile.h"

#include <QCommandLineParser>
#include <QJsonArray>

namespace dmsx::cli {

using namespace CommandSupport;

QString ProjectsCommand::synopsis() const
{
    return QStringLiteral("projects list [--filter NAME=VALUES]...   |   projects show PROJECT");
}

int ProjectsCommand::run(CliContext& ctx, const QStringList& args)
{
    if (args.isEmpty() || args.first() == QLatin1String("--help") || args.first() == QLatin1String("-h")) {
        ctx.out()
            << "Usage: dms-extpack-cli projects list [--filter NAME=V1,V2]...\n"
               "       dms-extpack-cli projects show PROJECT\n"
               "\n"
               "list   Lists the migration projects of the region with their source and target engines.\n"
               "       Filter names: migration-project-identifier, instance-profile-identifier,\n"
               "       data-provider-identifier, source-data-provider-identifier,\n"
               "       target-data-provider-identifier.\n"
               "show   Shows one project (name or ARN): data providers, instance profile and its\n"
               "       extension pack requests.\n";
        return args.isEmpty() ? ExitUsage : ExitOk;
    }
    if (args.first() == QLatin1String("list"))
        return list(ctx, args.mid(1));
    if (args.first() == QLatin1String("show"))
        return show(ctx, args.mid(1));
    return ctx.usageError(QStringLiteral("unknown projects action '%1' (list or show)").arg(args.first()));
}

int ProjectsCommand::list(CliContext& ctx, const QStringList& args)
{
    QCommandLineParser parser;
    const QCommandLineOption filterOpt(QStringLiteral("filter"), QString(), QStringLiteral("NAME=VALUES"));
    parser.addOption(filterOpt);
    if (!parser.parse(QStringList{QStringLiteral("list")} + args))
        return ctx.usageError(parser.errorText());
    if (!parser.positionalArguments().isEmpty())
        return ctx.usageError(QStringLiteral("projects list takes no arguments besides --filter"));
    QList<Filter> filters;
    for (const QString& text : parser.values(filterOpt)) {
        const Result<Filter> f = parseFilter(text);
        if (!f.ok())
            return ctx.usageError(f.fault().message);
        filters.append(f.value());
    }

    CliSession session(ctx);
    if (const Result<void> opened = session.open(); !opened.ok())
        return ctx.reportFault(opened.fault());

    ProjectLister lister(session.client());
    lister.setFilters(filters);
    std::optional<Fault> failure;
    QObject::connect(&lister, &ProjectLister::pageReceived, &lister,
                     [&](const QList<MigrationProject>&, int pageIndex) {
                         ctx.err() << QStringLiteral("Fetched page %1 (%2 projects so far)…")
                                          .arg(pageIndex + 1)
                                          .arg(lister.projects().size())
                                   << '\n';
                         ctx.err().flush();
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

    const QList<MigrationProject>& projects = lister.projects();
    if (ctx.output == OutputFormat::Json) {
        QJsonArray array;
        for (const MigrationProject& p : projects)
            array.append(p.toJson());
        writeJson(ctx, QJsonObject{{QStringLiteral("MigrationProjects"), array}});
        return ExitOk;
    }

    // Engines live on the data providers, not on the projects.
    QHash<QString, DataProvider> providers;
    if (!projects.isEmpty()) {
        const auto loaded = loadDataProviders(session);
        if (!loaded.ok())
            return ctx.reportFault(loaded.fault());
        providers = loaded.value();
    }
    TableWriter table({QStringLiteral("NAME"), QStringLiteral("SOURCE"), QStringLiteral("TARGET"),
                       QStringLiteral("INSTANCE PROFILE"), QStringLiteral("CREATED")});
    for (const MigrationProject& p : projects) {
        const QString source =
            p.sourceDataProviderDescriptors.isEmpty()
                ? QString()
                : engineLabel(providers, p.sourceDataProviderDescriptors.first().dataProviderArn);
        const QString target =
            p.targetDataProviderDescriptors.isEmpty()
                ? QString()
                : engineLabel(providers, p.targetDataProviderDescriptors.first().dataProviderArn);
        table.addRow({p.migrationProjectName, source, target, p.instanceProfileName,
                      formatTime(p.migrationProjectCreationTime)});
    }
    if (projects.isEmpty())
        ctx.err() << "No migration projects in region " << session.config().endpoint.signingRegion << ".\n";
    else
        table.write(ctx.out());
    return ExitOk;
}

int ProjectsCommand::show(CliContext& ctx, const QStringList& args)
{
    if (args.size() != 1 || args.first().startsWith(QLatin1Char('-')))
        return ctx.usageError(QStringLiteral("projects show takes exactly one PROJECT (name or ARN)"));
    const QString identifier = args.first();
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
