#include "config/AwsConfigFile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>

namespace dmsx {

namespace {

QString homeDirectory(const QProcessEnvironment& env)
{
    // Same order as the JS SDK's getHomeDir(); no fallback to the real process home, so an
    // injected environment fully decides which files are read.
    QString home = env.value(QStringLiteral("HOME"));
    if (home.isEmpty())
        home = env.value(QStringLiteral("USERPROFILE"));
    if (home.isEmpty() && env.contains(QStringLiteral("HOMEPATH")))
        home = env.value(QStringLiteral("HOMEDRIVE"), QStringLiteral("C:")) +
               env.value(QStringLiteral("HOMEPATH"));
    return home;
}

QString expandTilde(const QString& path, const QString& home)
{
    if (home.isEmpty())
        return path;
    if (path == u"~")
        return home;
    if (path.startsWith(u"~/") || path.startsWith(u"~\\"))
        return QDir(home).filePath(path.mid(2));
    return path;
}

// The JS parser's comment rule: '#' or ';' at the start of a line or after whitespace starts
// a comment. The AWS CLI only knows whole-line comments, but an inline comment left in a
// value would only produce a broken region or URL, so the friendlier reading wins.
QString stripComment(const QString& line)
{
    for (qsizetype i = 0; i < line.size(); ++i) {
        const QChar c = line.at(i);
        if ((c == u'#' || c == u';') && (i == 0 || line.at(i - 1).isSpace()))
            return line.left(i);
    }
    return line;
}

const QRegularExpression& whitespace()
{
    static const QRegularExpression re(QStringLiteral("\\s"));
    return re;
}

QString unquote(const QString& s)
{
    if (s.size() >= 2 && (s.front() == u'"' || s.front() == u'\'') && s.back() == s.front())
        return s.mid(1, s.size() - 2);
    return s;
}

void mergeInto(AwsConfigSection& target, const AwsConfigSection& source)
{
    for (auto it = source.values.cbegin(); it != source.values.cend(); ++it)
        target.values.insert(it.key(), it.value());
    for (auto it = source.subSections.cbegin(); it != source.subSections.cend(); ++it) {
        QMap<QString, AwsConfigValue>& sub = target.subSections[it.key()];
        for (auto v = it.value().cbegin(); v != it.value().cend(); ++v)
            sub.insert(v.key(), v.value());
    }
}

} // namespace

const AwsConfigValue* AwsConfigSection::find(const QString& key) const
{
    const auto it = values.constFind(key);
    return it == values.cend() ? nullptr : &it.value();
}

const AwsConfigValue* AwsConfigSection::findSub(const QString& subSection, const QString& key) const
{
    const auto sub = subSections.constFind(subSection);
    if (sub == subSections.cend())
        return nullptr;
    const auto it = sub->constFind(key);
    return it == sub->cend() ? nullptr : &it.value();
}

QString AwsConfigWarning::toString() const
{
    if (line > 0)
        return filePath + u':' + QString::number(line) + QStringLiteral(": ") + message;
    return filePath + QStringLiteral(": ") + message;
}

AwsConfigFile::Paths AwsConfigFile::defaultPaths(const QProcessEnvironment& env)
{
    const QString home = homeDirectory(env);
    Paths p;
    const QString config = env.value(QStringLiteral("AWS_CONFIG_FILE"));
    const QString credentials = env.value(QStringLiteral("AWS_SHARED_CREDENTIALS_FILE"));
    if (!config.isEmpty())
        p.configFile = expandTilde(config, home);
    else if (!home.isEmpty())
        p.configFile = QDir(home).filePath(QStringLiteral(".aws/config"));
    if (!credentials.isEmpty())
        p.credentialsFile = expandTilde(credentials, home);
    else if (!home.isEmpty())
        p.credentialsFile = QDir(home).filePath(QStringLiteral(".aws/credentials"));
    return p;
}

AwsConfigFile AwsConfigFile::load(const QProcessEnvironment& env)
{
    return load(defaultPaths(env));
}

AwsConfigFile AwsConfigFile::load(const Paths& paths)
{
    AwsConfigFile f;
    f.m_paths = paths;
    f.m_configFound = f.readFile(paths.configFile, FileKind::Config);
    f.m_credentialsFound = f.readFile(paths.credentialsFile, FileKind::Credentials);
    return f;
}

bool AwsConfigFile::readFile(const QString& path, FileKind fileKind)
{
    if (path.isEmpty() || !QFileInfo::exists(path))
        return false;
    QFile file(path);
    if (QFileInfo(path).isDir() || !file.open(QIODevice::ReadOnly)) {
        m_warnings.append({path, 0, QStringLiteral("cannot be read; it is ignored")});
        return false;
    }
    parse(QString::fromUtf8(file.readAll()), path, fileKind);
    return true;
}

void AwsConfigFile::addConfigText(const QString& text, const QString& filePath)
{
    parse(text, filePath, FileKind::Config);
}

void AwsConfigFile::addCredentialsText(const QString& text, const QString& filePath)
{
    parse(text, filePath, FileKind::Credentials);
}

const AwsConfigSection* AwsConfigFile::section(SectionKind kind, const QString& name) const
{
    const auto byKind = m_sections.constFind(kind);
    if (byKind == m_sections.cend())
        return nullptr;
    const auto it = byKind->constFind(name);
    return it == byKind->cend() ? nullptr : &it.value();
}

void AwsConfigFile::parse(const QString& text, const QString& filePath, FileKind fileKind)
{
    AwsConfigSection* current = nullptr;
    QString currentSub;
    bool inRejectedSection = false;
    // The value an indented line without '=' continues, as the AWS CLI's parser reads it.
    AwsConfigValue* continued = nullptr;
    const QStringList lines = text.split(u'\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const int lineNo = int(i) + 1;
        QString raw = lines.at(i);
        if (raw.endsWith(u'\r'))
            raw.chop(1);
        const QString line = stripComment(raw).trimmed();
        if (line.isEmpty())
            continue;
        auto warn = [&](const QString& message) { m_warnings.append({filePath, lineNo, message}); };

        const bool indented = raw.startsWith(u' ') || raw.startsWith(u'\t');
        if (indented && continued != nullptr && !line.contains(u'=')) {
            continued->value += u'\n' + line;
            continue;
        }
        continued = nullptr;

        if (line.startsWith(u'[')) {
            current = nullptr;
            currentSub.clear();
            inRejectedSection = true; // until the header proves valid
            if (!line.endsWith(u']')) {
                warn(QStringLiteral("malformed section header \"%1\" (no closing ']'); lines up to the next "
                                    "section are ignored")
                         .arg(line));
                continue;
            }
            const QString header = line.mid(1, line.size() - 2).trimmed();
            const qsizetype space = header.indexOf(whitespace());
            const QString prefix = space < 0 ? header : header.left(space);
            const QString rest = space < 0 ? QString() : unquote(header.mid(space + 1).trimmed());
            if (header.isEmpty()) {
                warn(QStringLiteral("empty section header \"[]\"; lines up to the next section are ignored"));
                continue;
            }

            if (fileKind == FileKind::Credentials) {
                if (prefix == u"profile" && !rest.isEmpty()) {
                    warn(QStringLiteral(
                             "the credentials file names profiles without a prefix: [%1], not [%2]; "
                             "this section is read as a profile named \"%2\"")
                             .arg(rest, header));
                }
                current = &m_credentialsProfiles[header];
                current->name = header;
                inRejectedSection = false;
                continue;
            }

            if (header == u"default") {
                current = &m_bareDefault[header];
                current->name = header;
                inRejectedSection = false;
                continue;
            }
            SectionKind kind = SectionKind::Other;
            if (prefix == u"profile")
                kind = SectionKind::Profile;
            else if (prefix == u"sso-session")
                kind = SectionKind::SsoSession;
            else if (prefix == u"services")
                kind = SectionKind::Services;
            if (kind == SectionKind::Other) {
                current = &m_sections[kind][header];
                current->name = header;
                inRejectedSection = false;
                continue;
            }
            if (rest.isEmpty() || rest.contains(whitespace())) {
                warn(QStringLiteral("malformed section header \"[%1]\": expected \"[%2 NAME]\" with a name "
                                    "without spaces; lines up to the next section are ignored")
                         .arg(header, prefix));
                continue;
            }
            current = kind == SectionKind::Profile ? &m_configProfiles[rest] : &m_sections[kind][rest];
            current->name = rest;
            inRejectedSection = false;
            continue;
        }

        const qsizetype eq = line.indexOf(u'=');
        if (eq <= 0) {
            warn(eq == 0 ? QStringLiteral("line has no key before '='; it is ignored")
                         : QStringLiteral("\"%1\" is neither a [section], a \"key = value\" line, a comment "
                                          "nor the indented continuation of a value; the line is ignored")
                               .arg(line.left(40)));
            continue;
        }
        if (current == nullptr) {
            // Inside a rejected section the header warning already covers these lines.
            if (!inRejectedSection)
                warn(QStringLiteral("\"key = value\" line outside any section; it is ignored"));
            continue;
        }
        const QString key = line.left(eq).trimmed().toLower();
        const QString value = line.mid(eq + 1).trimmed();

        if (!currentSub.isEmpty() && indented) {
            QMap<QString, AwsConfigValue>& sub = current->subSections[currentSub];
            if (sub.contains(key)) {
                warn(QStringLiteral(
                         "duplicate key \"%1\" in \"%2\" (first on line %3); the later value is used")
                         .arg(key, currentSub)
                         .arg(sub.value(key).line));
            }
            continued = &*sub.insert(key, {value, filePath, lineNo});
            continue;
        }
        currentSub.clear();
        if (value.isEmpty()) {
            // An empty value opens a sub-section (the indented lines that follow).
            currentSub = key;
            current->subSections[key];
            continue;
        }
        if (current->values.contains(key) && current->values.value(key).filePath == filePath) {
            warn(QStringLiteral("duplicate key \"%1\" (first on line %2); the later value is used")
                     .arg(key)
                     .arg(current->values.value(key).line));
        }
        continued = &*current->values.insert(key, {value, filePath, lineNo});
    }
    rebuildProfiles();
}

void AwsConfigFile::rebuildProfiles()
{
    SectionMap merged;
    for (const SectionMap* layer : {&m_bareDefault, &m_configProfiles, &m_credentialsProfiles}) {
        for (auto it = layer->cbegin(); it != layer->cend(); ++it) {
            AwsConfigSection& target = merged[it.key()];
            target.name = it.key();
            mergeInto(target, it.value());
        }
    }
    m_sections[SectionKind::Profile] = merged;
}

} // namespace dmsx
