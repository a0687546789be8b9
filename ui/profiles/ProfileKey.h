#pragma once

#include <QMetaType>
#include <QString>

namespace dmsx::ui {

// Which credentials the window connects with: a kind and, for every kind but the environment, a
// profile name. Saved in the window's settings as "KIND:NAME" ("demo:demo", "app:ops",
// "aws:default", "session:offline", "env:"); the profile list carries it as item data.
class ProfileKey
{
public:
    enum class Kind
    {
        None,        // not a profile: an empty or unreadable setting
        Demo,        // the in-process simulator's keys, in memory
        App,         // a profile of this app: settings in the index, keys in the keychain
        Aws,         // a profile of ~/.aws/config or ~/.aws/credentials
        Environment, // the default chain: the environment's keys or AWS_PROFILE
        Session,     // keys typed for this run only, in memory
    };

    ProfileKey() = default;
    ProfileKey(Kind kind, const QString& name);

    static ProfileKey demo(const QString& name) { return {Kind::Demo, name}; }
    static ProfileKey app(const QString& name) { return {Kind::App, name}; }
    static ProfileKey aws(const QString& name) { return {Kind::Aws, name}; }
    static ProfileKey environment() { return {Kind::Environment, QString()}; }
    static ProfileKey session(const QString& name) { return {Kind::Session, name}; }

    Kind kind() const { return m_kind; }
    QString name() const { return m_name; }
    bool isValid() const { return m_kind != Kind::None; }
    // Keys held in memory only: no AWS file, keychain or environment key is used with them.
    bool isInMemory() const { return m_kind == Kind::Demo || m_kind == Kind::Session; }
    // The profile name the credential chain looks up (app and AWS profiles); empty otherwise.
    QString chainProfile() const;

    QString toString() const;
    // An invalid key for anything toString() does not write: no or an unknown kind, a missing
    // name, or a name after "env:".
    static ProfileKey fromString(const QString& text);

    friend bool operator==(const ProfileKey& a, const ProfileKey& b)
    {
        return a.m_kind == b.m_kind && a.m_name == b.m_name;
    }
    friend bool operator!=(const ProfileKey& a, const ProfileKey& b) { return !(a == b); }

private:
    Kind m_kind = Kind::None;
    QString m_name;
};

} // namespace dmsx::ui

Q_DECLARE_METATYPE(dmsx::ui::ProfileKey)
