#include "credentials/KeychainCredentialSource.h"

#include "base/FaultCodes.h"
#include "credentials/KeychainStore.h"

#include <QTimer>

namespace dmsx {

KeychainCredentialSource::KeychainCredentialSource(const QString& profileName, KeychainStore* store)
    : m_profileName(profileName), m_store(store)
{}

QString KeychainCredentialSource::describe() const
{
    return QStringLiteral("keychain (profile %1)").arg(m_profileName);
}

void KeychainCredentialSource::fetch(QObject* context, Handler done)
{
    if (!m_store) {
        const Fault f = Fault::make(
            FaultKind::Credentials, FaultCode::KeychainError,
            QStringLiteral("The keychain is not open, so profile %1 cannot be read.").arg(m_profileName));
        QTimer::singleShot(0, context, [done, f] { done(f); });
        return;
    }
    QPointer<KeychainStore> store = m_store;
    const QString profile = m_profileName;
    const QString source = describe();
    store->readCredentials(
        profile, context, [store, profile, source, context, done](const Result<AwsCredentials>& r) {
            if (r) {
                AwsCredentials c = r.value();
                c.source = source;
                done(c);
                return;
            }
            if (r.fault().code != FaultCode::KeychainEntryNotFound || !store) {
                done(r.fault());
                return;
            }
            // A locked Secret Service collection reads as "no such entry": ask before blaming the profile.
            store->probe(context, [profile, done, notFound = r.fault()](const KeychainStore::ProbeResult& p) {
                if (p.availability == KeychainStore::Availability::Locked) {
                    done(p.fault);
                    return;
                }
                Fault f = notFound;
                f.message = QStringLiteral("The keychain (%1) has no keys for profile %2. Add them with "
                                           "'dms-extpack-cli profiles add %2' or import them with "
                                           "'dms-extpack-cli profiles import %2'.")
                                .arg(KeychainStore::backendDescription(), profile);
                done(f);
            });
        });
}

} // namespace dmsx
