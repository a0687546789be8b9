#pragma once

#include <QList>
#include <QMap>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace dmsx {

// One value read from a shared config or credentials file, with where it was found so the
// UI and error texts can point at the exact line.
struct AwsConfigValue
{
    QString value;
    QString filePath;
    int line = 0; // 1-based
};

// A section of either file. Keys are lower-cased (as the AWS CLI does), values trimmed.
// Sub-sections are the indented blocks under a key with an empty value, e.g.
//   database_migration_service =
//     endpoint_url = http://localhost:4566
struct AwsConfigSection
{
    QString name; // profile / sso-session / services name, or the raw header for other sections
    QMap<QString, AwsConfigValue> values;
    QMap<QString, QMap<QString, AwsConfigValue>> subSections;

    bool contains(const QString& key) const { return values.contains(key); }
    // The value, or an empty string when absent.
    QString value(const QString& key) const { return values.value(key).value; }
    const AwsConfigValue* find(const QString& key) const;
    const AwsConfigValue* findSub(const QString& subSection, const QString& key) const;
};

// A line that could not be used. The rest of the file still loads.
struct AwsConfigWarning
{
    QString filePath;
    int line = 0; // 0 when the whole file is concerned (unreadable)
    QString message;

    QString toString() const; // "path:line: message"
};

// Read-only view of ~/.aws/config and ~/.aws/credentials, parsed the way the AWS CLI and
// the JS SDK read them: [default], [profile NAME] in config, [NAME] in credentials,
// [sso-session NAME], [services NAME], '#' and ';' comments. A profile found in both files
// is merged key by key with the credentials file winning. Nothing here interprets values;
// ClientConfigResolver and the credential providers do.
class AwsConfigFile
{
public:
    enum class SectionKind
    {
        Profile,
        SsoSession,
        Services,
        Other
    };

    struct Paths
    {
        QString configFile; // empty when no home directory is known
        QString credentialsFile;
    };

    // AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/config and ~/.aws/credentials,
    // with the home directory taken from env (HOME, then USERPROFILE, then HOMEDRIVE+HOMEPATH).
    static Paths defaultPaths(const QProcessEnvironment& env);
    // A missing file is normal and yields no sections and no warning.
    static AwsConfigFile load(const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment());
    static AwsConfigFile load(const Paths& paths);

    // Parses text as if read from the given path; used by load() and by anything previewing an edit.
    void addConfigText(const QString& text, const QString& filePath);
    void addCredentialsText(const QString& text, const QString& filePath);

    const Paths& paths() const { return m_paths; }
    bool configFileFound() const { return m_configFound; }
    bool credentialsFileFound() const { return m_credentialsFound; }

    // Profile names from both files, sorted.
    QStringList profileNames() const { return m_sections.value(SectionKind::Profile).keys(); }
    bool hasProfile(const QString& name) const { return section(SectionKind::Profile, name) != nullptr; }
    // The merged profile, or nullptr.
    const AwsConfigSection* profile(const QString& name) const { return section(SectionKind::Profile, name); }
    const AwsConfigSection* ssoSession(const QString& name) const
    {
        return section(SectionKind::SsoSession, name);
    }
    const AwsConfigSection* services(const QString& name) const
    {
        return section(SectionKind::Services, name);
    }

    const AwsConfigSection* section(SectionKind kind, const QString& name) const;
    QStringList sectionNames(SectionKind kind) const { return m_sections.value(kind).keys(); }

    const QList<AwsConfigWarning>& warnings() const { return m_warnings; }

private:
    enum class FileKind
    {
        Config,
        Credentials
    };
    using SectionMap = QMap<QString, AwsConfigSection>;
    void parse(const QString& text, const QString& filePath, FileKind fileKind);
    bool readFile(const QString& path, FileKind fileKind);
    void rebuildProfiles();

    Paths m_paths;
    bool m_configFound = false;
    bool m_credentialsFound = false;
    // Kept apart so the merge order (credentials over config, [profile default] over
    // [default]) does not depend on the order in which text was added.
    SectionMap m_bareDefault;                 // [default] in the config file
    SectionMap m_configProfiles;              // [profile NAME] in the config file
    SectionMap m_credentialsProfiles;         // [NAME] in the credentials file
    QMap<SectionKind, SectionMap> m_sections; // merged profiles plus every other kind
    QList<AwsConfigWarning> m_warnings;
};

} // namespace dmsx
