#include "cli/ProfilesCommand.h"

#include "base/FaultCodes.h"
#include "base/Redactor.h"
#include "cli/CliContext.h"
#include "cli/CommandSupport.h"
#include "cli/ExitCode.h"
#include "cli/InterruptWatcher.h"
#include "cli/TableWriter.h"
#include "config/AwsConfigFile.h"
#include "credentials/AppProfileImport.h"
#include "credentials/AppProfileStore.h"
#include "credentials/KeychainStore.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <iostream>
#include <optional>
#include <string>

#ifdef Q_OS_UNIX
#include <termios.h>
#include <unistd.h>
#endif

namespace dmsx::cli {

QList<CommandLine::Command> ProfilesCommand::commands() const
{
    const QString nameRule = QStringLiteral("NAME: 1 to 64 letters, digits, '.', '_', '-' or '@'.");
    CommandLine::Command list;
    list.path = QStringList{QStringLiteral("profiles"), QStringLiteral("list")};
    list.summary = QStringLiteral("List the app's own profiles (their keys are in the keychain)");
    list.outputs = {OutputFormat::Table, OutputFormat::Text, OutputFormat::Json};
    list.textFields = QStringLiteral("one line per profile: name, region, endpoint, role, imported from");
    list.description =
        QStringLiteral("Lists the app's own profiles: region, endpoint, role and where each was "
                       "imported from.\nTheir keys are in the keychain and never shown.");

    CommandLine::Command add;
    add.path = QStringList{QStringLiteral("profiles"), QStringLiteral("add")};
    add.arguments = QStringLiteral("NAME");
    add.minArguments = add.maxArguments = 1;
    add.argumentsError =
        QStringLiteral("profiles add takes exactly one NAME (the secret is never an argument)");
    add.summary = QStringLiteral("Add a profile: its keys go to the keychain");
    add.description =
        QStringLiteral(
            "Adds a profile of the app: the access key id and the secret access key go to the keychain,\n"
            "the region, endpoint and role to the app's settings. The secret is asked on the terminal\n"
            "without echo, or read from standard input with --secret-stdin; never from an argument.\n"
            "The global --region and --endpoint-url given on the line are stored in the profile.\n") +
        nameRule;
    add.options = {
        {QStringLiteral("access-key-id"), QStringLiteral("ID"),
         QStringLiteral("The access key id (asked when not given on a terminal).")},
        {QStringLiteral("secret-stdin"), QString(),
         QStringLiteral("Read the secret access key from standard input.")},
        {QStringLiteral("role-arn"), QStringLiteral("ARN"),
         QStringLiteral("A role to assume with these keys.")},
        {QStringLiteral("replace"), QString(), QStringLiteral("Overwrite a profile of that name.")},
    };
    add.outputs = {OutputFormat::Table};

    CommandLine::Command remove;
    remove.path = QStringList{QStringLiteral("profiles"), QStringLiteral("remove")};
    remove.arguments = QStringLiteral("NAME");
    remove.minArguments = remove.maxArguments = 1;
    remove.argumentsError = QStringLiteral("profiles remove takes exactly one NAME");
    remove.summary = QStringLiteral("Remove a profile and delete its keys from the keychain");
    remove.description =
        QStringLiteral("Removes a profile of the app and deletes its keys from the keychain.");
    remove.outputs = {OutputFormat::Table};

    CommandLine::Command import;
    import.path = QStringList{QStringLiteral("profiles"), QStringLiteral("import")};
    import.arguments = QStringLiteral("NAME");
    import.minArguments = import.maxArguments = 1;
    import.argumentsError = QStringLiteral("profiles import takes exactly one NAME (of ~/.aws/credentials)");
    import.summary = QStringLiteral("Copy a profile of ~/.aws into the app, its keys into the keychain");
    import.description =
        QStringLiteral(
            "Copies the static keys of an AWS CLI profile (~/.aws/credentials and config) into a profile of\n"
            "the app, its keys into the keychain. The AWS files are only read, never changed.\n") +
        nameRule;
    import.options = {
        {QStringLiteral("as"), QStringLiteral("NEW"),
         QStringLiteral("The app profile's name (default: NAME).")},
        {QStringLiteral("replace"), QString(), QStringLiteral("Overwrite a profile of that name.")},
    };
    import.outputs = {OutputFormat::Table};
    return {list, add, remove, import};
}

namespace {

// The keychain is asynchronous; the CLI does one thing at a time, so each call is awaited here.
template <typename T> Result<T> await(const std::function<void(QObject*, KeychainStore::Handler<T>)>& start)
{
    QEventLoop loop;
    std::optional<Result<T>> result;
    start(&loop, [&](const Result<T>& r) {
        result = r;
        loop.quit();
    });
    if (!result)
        loop.exec();
    return *result;
}

bool stdinIsTerminal()
{
#ifdef Q_OS_UNIX
    return isatty(STDIN_FILENO) == 1;
#else
    return false;
#endif
}

// One line of standard input without its line ending; nullopt at end of input.
std::optional<QString> readStdinLine(bool echo)
{
#ifdef Q_OS_UNIX
    termios saved{};
    const bool hide = !echo && stdinIsTerminal() && tcgetattr(STDIN_FILENO, &saved) == 0;
    if (hide) {
        termios quiet = saved;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    }
#else
    Q_UNUSED(echo);
#endif
    std::string line;
    bool got = false;
    {
        // Outside the event loop: Ctrl-C here is answered by the signal handler itself.
#ifdef Q_OS_UNIX
        const InterruptWatcher::BlockingScope interruptible("\nCancelled.\n", hide ? &saved : nullptr);
#endif
        got = static_cast<bool>(std::getline(std::cin, line));
    }
#ifdef Q_OS_UNIX
    if (hide) {
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
        std::cerr << std::endl; // the user's Enter was not echoed
    }
#endif
    if (!got && line.empty())
        return std::nullopt;
    while (!line.empty() && (line.back() == '\r' || line.back() == '\n'))
        line.pop_back();
    QString text = QString::fromStdString(line);
    std::fill(line.begin(), line.end(), '\0');
    return text;
}

QJsonObject toJson(const AppProfileStore::Profile& p)
{
    QJsonObject o;
    o.insert(QStringLiteral("name"), p.name);
    o.insert(QStringLiteral("region"), p.region);
    o.insert(QStringLiteral("endpointUrl"), p.endpointUrl);
    o.insert(QStringLiteral("roleArn"), p.roleArn);
    o.insert(QStringLiteral("importedFrom"), p.importedFrom);
    o.insert(QStringLiteral("credentials"), QStringLiteral("keychain"));
    return o;
}

QString orDash(const QString& s)
{
    return s.isEmpty() ? QStringLiteral("-") : s;
}

// Stores the keys first and the index entry last, so a keychain failure leaves nothing behind.
int saveProfile(CliContext& ctx, const AppProfileStore::Profile& profile, const QString& accessKeyId,
                const QString& secret)
{
    KeychainStore keychain;
    const Result<void> stored = await<void>([&](QObject* c, KeychainStore::Handler<void> h) {
        keychain.writeCredentials(profile.name, accessKeyId, secret, c, h);
    });
    if (!stored)
        return ctx.reportFault(stored.fault());
    AppProfileStore store;
    const Result<void> indexed = store.save(profile);
    if (!indexed)
        return ctx.reportFault(indexed.fault());
    ctx.out() << "Profile " << profile.name << " saved: access key " << Redactor::maskAccessKeyId(accessKeyId)
              << " and its secret are in the keychain (" << KeychainStore::backendDescription()
              << "); its settings are in " << store.filePath() << ".\n";
    return ExitOk;
}

} // namespace

int ProfilesCommand::run(CliContext& ctx, const CommandLine& line)
{
    const QString sub = line.path().at(1);
    if (sub == QLatin1String("add"))
        return add(ctx, line);
    if (sub == QLatin1String("remove"))
        return remove(ctx, line);
    if (sub == QLatin1String("import"))
        return import(ctx, line);
    return list(ctx, line);
}

int ProfilesCommand::list(CliContext& ctx, const CommandLine&)
{
    const QList<AppProfileStore::Profile> profiles = AppProfileStore().profiles();
    if (ctx.output == OutputFormat::Json) {
        QJsonArray a;
        for (const auto& p : profiles)
            a.append(toJson(p));
        QJsonObject o;
        o.insert(QStringLiteral("profiles"), a);
        CommandSupport::writeJson(ctx, o);
        return ExitOk;
    }
    if (profiles.isEmpty()) {
        ctx.err() << "No profiles yet: add one with 'dms-extpack-cli profiles add NAME' or "
                     "'dms-extpack-cli profiles import NAME'.\n";
        return ExitOk;
    }
    TableWriter table({QStringLiteral("NAME"), QStringLiteral("REGION"), QStringLiteral("ENDPOINT"),
                       QStringLiteral("ROLE"), QStringLiteral("IMPORTED FROM")});
    // Text keeps empty fields empty, so they read "None" as everywhere in text output.
    const auto shown = [&ctx](const QString& s) { return ctx.output == OutputFormat::Text ? s : orDash(s); };
    for (const auto& p : profiles)
        table.addRow(
            {p.name, shown(p.region), shown(p.endpointUrl), shown(p.roleArn), shown(p.importedFrom)});
    CommandSupport::writeRows(ctx, table);
    return ExitOk;
}

int ProfilesCommand::add(CliContext& ctx, const CommandLine& line)
{
    AppProfileStore::Profile profile;
    profile.name = line.arguments().first();
    profile.region = ctx.region;
    profile.endpointUrl = ctx.endpointUrl;
    profile.roleArn = line.value(QStringLiteral("role-arn"));
    if (!AppProfileStore::isValidName(profile.name))
        return ctx.usageError(
            QStringLiteral("'%1' cannot be a profile name: use 1 to 64 letters, digits, '.', "
                           "'_', '-' or '@'")
                .arg(profile.name));
    if (AppProfileStore().contains(profile.name) && !line.isSet(QStringLiteral("replace")))
        return ctx.usageError(
            QStringLiteral("profile %1 already exists; add --replace to overwrite it").arg(profile.name));

    const bool fromStdin = line.isSet(QStringLiteral("secret-stdin"));
    const bool terminal = stdinIsTerminal();
    QString accessKeyId = line.value(QStringLiteral("access-key-id"));
    if (accessKeyId.isEmpty()) {
        if (fromStdin || !terminal)
            return ctx.usageError(QStringLiteral("--access-key-id is required when the secret comes from "
                                                 "standard input"));
        ctx.err() << "Access key id for " << profile.name << ": ";
        ctx.err().flush();
        accessKeyId = readStdinLine(true).value_or(QString()).trimmed();
    }
    if (!AppProfileImport::isPlausibleAccessKeyId(accessKeyId))
        return ctx.usageError(QStringLiteral("the access key id must be 16 to 128 letters and digits"));

    if (!fromStdin && !terminal)
        return ctx.usageError(
            QStringLiteral("standard input is not a terminal: pass --secret-stdin to read the "
                           "secret access key from it"));
    if (!fromStdin) {
        ctx.err() << "Secret access key for " << profile.name << " (not shown): ";
        ctx.err().flush();
    }
    QString secret = readStdinLine(false).value_or(QString());
    if (!AppProfileImport::isPlausibleSecretAccessKey(secret))
        return ctx.usageError(QStringLiteral("the secret access key is empty or contains spaces"));
    Redactor::registerSecret(secret);
    const int rc = saveProfile(ctx, profile, accessKeyId, secret);
    secret.fill(QLatin1Char('\0'));
    return rc;
}

int ProfilesCommand::remove(CliContext& ctx, const CommandLine& line)
{
    const QString name = line.arguments().first();
    AppProfileStore store;
    if (!store.contains(name)) {
        return ctx.reportFault(
            Fault::make(FaultKind::Configuration, FaultCode::AppProfileNotFound,
                        QStringLiteral("There is no profile named '%1' in %2.").arg(name, store.filePath())));
    }
    KeychainStore keychain;
    const Result<void> deleted = await<void>(
        [&](QObject* c, KeychainStore::Handler<void> h) { keychain.deleteCredentials(name, c, h); });
    // The index entry stays while its keys may still be in the keychain, so a retry can remove them.
    if (!deleted)
        return ctx.reportFault(deleted.fault());
    const Result<bool> removed = store.remove(name);
    if (!removed)
        return ctx.reportFault(removed.fault());
    ctx.out() << "Profile " << name << " removed and its keys deleted from the keychain.\n";
    return ExitOk;
}

int ProfilesCommand::import(CliContext& ctx, const CommandLine& line)
{
    const QString source = line.arguments().first();
    AppProfileStore::Profile profile;
    profile.name = line.isSet(QStringLiteral("as")) ? line.value(QStringLiteral("as")) : source;
    if (!AppProfileStore::isValidName(profile.name))
        return ctx.usageError(
            QStringLiteral("'%1' cannot be a profile name: use 1 to 64 letters, digits, '.', "
                           "'_', '-' or '@' (or choose another with --as NEW)")
                .arg(profile.name));
    if (AppProfileStore().contains(profile.name) && !line.isSet(QStringLiteral("replace")))
        return ctx.usageError(
            QStringLiteral("profile %1 already exists; add --replace to overwrite it").arg(profile.name));

    // Read-only: AwsConfigFile never writes, and nothing here touches the files afterwards.
    const AwsConfigFile files = AwsConfigFile::load(ctx.environment);
    for (const AwsConfigWarning& w : files.warnings())
        ctx.err() << "warning: " << Redactor::redact(w.toString()) << '\n';
    Result<AppProfileImport> imported = AppProfileImport::fromAwsFiles(files, source, profile.name);
    if (!imported)
        return ctx.reportFault(imported.fault());
    return saveProfile(ctx, imported.value().profile, imported.value().accessKeyId,
                       imported.value().secretAccessKey);
}

} // namespace dmsx::cli
