#include "profiles/ProfileKey.h"

#include <array>
#include <utility>

namespace dmsx::ui {

namespace {

// The prefixes of the saved setting; they must never change, or saved windows lose their profile.
constexpr std::array<std::pair<ProfileKey::Kind, const char*>, 5> kPrefixes{{
    {ProfileKey::Kind::Demo, "demo"},
    {ProfileKey::Kind::App, "app"},
    {ProfileKey::Kind::Aws, "aws"},
    {ProfileKey::Kind::Environment, "env"},
    {ProfileKey::Kind::Session, "session"},
}};

} // namespace

ProfileKey::ProfileKey(Kind kind, const QString& name)
    : m_kind(kind), m_name(kind == Kind::Environment || kind == Kind::None ? QString() : name)
{}

QString ProfileKey::chainProfile() const
{
    return m_kind == Kind::App || m_kind == Kind::Aws ? m_name : QString();
}

QString ProfileKey::toString() const
{
    for (const auto& [kind, prefix] : kPrefixes)
        if (kind == m_kind)
            return QString::fromLatin1(prefix) + QLatin1Char(':') + m_name;
    return QString();
}

ProfileKey ProfileKey::fromString(const QString& text)
{
    const qsizetype colon = text.indexOf(QLatin1Char(':'));
    if (colon <= 0)
        return ProfileKey();
    const QStringView prefix = QStringView(text).left(colon);
    const QString name = text.mid(colon + 1);
    for (const auto& [kind, known] : kPrefixes) {
        if (prefix != QLatin1String(known))
            continue;
        if ((kind == Kind::Environment) != name.isEmpty())
            return ProfileKey();
        return ProfileKey(kind, name);
    }
    return ProfileKey();
}

} // namespace dmsx::ui
