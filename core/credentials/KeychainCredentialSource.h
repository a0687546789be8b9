#pragma once

#include "credentials/CredentialSource.h"

#include <QPointer>

namespace dmsx {

class KeychainStore;

// The keys of one of our profiles (AppProfileStore), read from the OS keychain on every fetch so
// a key changed in the keychain is used at once. A missing entry is told apart from a locked
// keyring (which looks the same to QtKeychain) with KeychainStore::probe().
class KeychainCredentialSource : public CredentialSource
{
public:
    KeychainCredentialSource(const QString& profileName, KeychainStore* store);

    QString profileName() const { return m_profileName; }
    QString describe() const override; // "keychain (profile NAME)"
    void fetch(QObject* context, Handler done) override;

private:
    QString m_profileName;
    QPointer<KeychainStore> m_store;
};

} // namespace dmsx
