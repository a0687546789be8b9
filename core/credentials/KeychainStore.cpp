#include "credentials/KeychainStore.h"

#include "base/FaultCodes.h"
#include "base/Redactor.h"
#include "base/Version.h"

#include <qt6keychain/keychain.h>

#include <QPointer>
#include <QTimer>

namespace dmsx {

const QString KeychainStore::kAccessKeyIdField = QStringLiteral("aws_access_key_id");
const QString KeychainStore::kSecretAccessKeyField = QStringLiteral("aws_secret_access_key");

namespace {

// Written and deleted by probe(); its value is not a secret.
const QString kProbeKey = QStringLiteral(".dmsx-probe/availability");

QString howToFixUnavailable()
{
    return QStringLiteral(
        "Start or unlock your keyring (GNOME Keyring, KWallet or KeePassXC with Secret Service "
        "integration) and try again; on a machine without a desktop, run the program inside "
        "'dbus-run-session' after 'gnome-keyring-daemon --unlock'. Until then, credentials can only be "
        "kept in memory for this run (session-only) or taken from the environment.");
}

} // namespace

KeychainStore::KeychainStore(QObject* parent) : KeychainStore(QStringLiteral(DMSX_APP_ID), parent) {}

KeychainStore::KeychainStore(const QString& service, QObject* parent) : QObject(parent), m_service(service) {}

KeychainStore::~KeychainStore() = default;

QString KeychainStore::backendDescription()
{
#if defined(Q_OS_MACOS) || defined(Q_OS_IOS)
    return QStringLiteral("macOS Keychain");
#elif defined(Q_OS_WIN)
    return QStringLiteral("Windows Credential Manager");
#else
    // QtKeychain prefers KWallet only on a KDE desktop; everywhere else it uses libsecret.
    if (qEnvironmentVariable("XDG_CURRENT_DESKTOP").contains(QLatin1String("KDE"), Qt::CaseInsensitive))
        return QStringLiteral("KWallet (KDE), else the Secret Service via libsecret");
    return QStringLiteral("Secret Service (org.freedesktop.secrets on the D-Bus session bus, via libsecret)");
#endif
}

QString KeychainStore::entryKey(const QString& profile, const QString& field)
{
    return profile + QLatin1Char('/') + field;
}

bool KeychainStore::looksAbsent(int keychainError)
{
    return keychainError == QKeychain::NoBackendAvailable || keychainError == QKeychain::NotImplemented ||
           keychainError == QKeychain::OtherError;
}

Fault KeychainStore::faultFor(int keychainError, const QString& backendMessage, const QString& action)
{
    const QString backend = backendDescription();
    const QString said = Redactor::redact(backendMessage.trimmed());
    const QString saidPart =
        said.isEmpty() ? QString() : QStringLiteral(" (the backend said: \"%1\")").arg(said);
    QString code;
    QString message;
    switch (keychainError) {
    case QKeychain::EntryNotFound:
        code = FaultCode::KeychainEntryNotFound;
        message = QStringLiteral("Could not %1. The keychain has no such entry. Keychain: %2.")
                      .arg(action, backend);
        break;
    case QKeychain::AccessDenied:
        code = FaultCode::KeychainLocked;
        message =
            QStringLiteral("Could not %1. The keychain refused access: the keyring is locked%2. Keychain: "
                           "%3. Unlock the keyring (log in to the desktop session, or unlock the 'login' "
                           "keyring in Passwords and Keys) and try again.")
                .arg(action, saidPart, backend);
        break;
    case QKeychain::AccessDeniedByUser:
        code = FaultCode::KeychainAccessDenied;
        message = QStringLiteral("Could not %1. Access to the keychain was declined%2. Keychain: %3. Allow "
                                 "access when the keychain asks and try again.")
                      .arg(action, saidPart, backend);
        break;
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
    case QKeychain::OtherError: {
        code = FaultCode::KeychainUnavailable;
        QString what;
        if (said.contains(QLatin1String("collection"), Qt::CaseInsensitive))
            what = QStringLiteral("The Secret Service has no default keyring (no 'login' collection)");
        else if (said.contains(QLatin1String("org.freedesktop.secrets")))
            what = QStringLiteral("No Secret Service is running on the D-Bus session bus");
        else if (said.contains(QLatin1String("bus"), Qt::CaseInsensitive) ||
                 said.contains(QLatin1String("connect"), Qt::CaseInsensitive) ||
                 said.contains(QLatin1String("dbus-launch")))
            what =
                QStringLiteral("The D-Bus session bus could not be reached, so no Secret Service answered");
        else
            what = QStringLiteral("No keychain service answered");
        message = QStringLiteral("Could not %1. %2%3. Keychain: %4. %5")
                      .arg(action, what, saidPart, backend, howToFixUnavailable());
        break;
    }
    default:
        code = FaultCode::KeychainError;
        message = QStringLiteral("Could not %1. The keychain reported an error%2. Keychain: %3.")
                      .arg(action, saidPart, backend);
        break;
    }
    Fault f = Fault::make(FaultKind::Credentials, code, message);
    f.detail = backend;
    f.requestWasSent = false;
    f.attempts = 1;
    return f;
}

void KeychainStore::run(Op op, const QString& key, const QString& value, QObject* context,
                        std::function<void(const Raw&)> done, bool isRetry)
{
    // Jobs have no parent and delete themselves when done: libsecret calls back into a job until it
    // finishes, so a job deleted with its store (a dialog or window closed mid-read) would crash the
    // app. A job that outlives its store only drops its answer (context / self are checked).
    QKeychain::Job* job = nullptr;
    switch (op) {
    case Op::Write: {
        auto* w = new QKeychain::WritePasswordJob(m_service);
        w->setTextData(value);
        job = w;
        break;
    }
    case Op::Read:
        job = new QKeychain::ReadPasswordJob(m_service);
        break;
    case Op::Delete:
        job = new QKeychain::DeletePasswordJob(m_service);
        break;
    }
    // Never a plaintext copy in QSettings, whatever QtKeychain's default becomes.
    job->setInsecureFallback(false);
    job->setAutoDelete(true);
    job->setKey(key);
    QPointer<KeychainStore> self(this);
    connect(job, &QKeychain::Job::finished, context,
            [self, op, key, value, context, done, isRetry](QKeychain::Job* j) {
                if (!self)
                    return; // the store was destroyed: its operations are abandoned, unanswered
                Raw raw;
                raw.error = j->error();
                raw.errorString = j->errorString();
                if (raw.error == QKeychain::NoError && op == Op::Read)
                    raw.text = static_cast<QKeychain::ReadPasswordJob*>(j)->textData();
                if (!isRetry && looksAbsent(raw.error) && self) {
                    // A Secret Service that is still being activated fails like a missing one.
                    QTimer::singleShot(self->m_retryDelayMs, context, [self, op, key, value, context, done] {
                        if (self)
                            self->run(op, key, value, context, done, true);
                    });
                    return;
                }
                done(raw);
            });
    job->start();
}

void KeychainStore::writeEntry(const QString& key, const QString& value, QObject* context, Handler<void> done)
{
    run(Op::Write, key, value, context, [key, done](const Raw& raw) {
        if (raw.error == QKeychain::NoError) {
            done(Result<void>());
            return;
        }
        Fault f =
            faultFor(raw.error, raw.errorString, QStringLiteral("store the keychain entry %1").arg(key));
        if (looksAbsent(raw.error))
            f.attempts = 2;
        done(f);
    });
}

void KeychainStore::readEntry(const QString& key, QObject* context, Handler<QString> done)
{
    run(Op::Read, key, QString(), context, [key, done](const Raw& raw) {
        if (raw.error == QKeychain::NoError) {
            done(raw.text);
            return;
        }
        Fault f = faultFor(raw.error, raw.errorString, QStringLiteral("read the keychain entry %1").arg(key));
        if (looksAbsent(raw.error))
            f.attempts = 2;
        done(f);
    });
}

void KeychainStore::deleteEntry(const QString& key, QObject* context, Handler<void> done)
{
    run(Op::Delete, key, QString(), context, [key, done](const Raw& raw) {
        if (raw.error == QKeychain::NoError || raw.error == QKeychain::EntryNotFound) {
            done(Result<void>());
            return;
        }
        Fault f =
            faultFor(raw.error, raw.errorString, QStringLiteral("delete the keychain entry %1").arg(key));
        if (looksAbsent(raw.error))
            f.attempts = 2;
        done(f);
    });
}

void KeychainStore::writeCredentials(const QString& profile, const QString& accessKeyId,
                                     const QString& secretAccessKey, QObject* context, Handler<void> done)
{
    Redactor::registerSecret(secretAccessKey);
    QPointer<KeychainStore> self(this);
    writeEntry(entryKey(profile, kSecretAccessKeyField), secretAccessKey, context,
               [self, profile, accessKeyId, context, done](const Result<void>& r) {
                   if (!r || !self) {
                       done(r);
                       return;
                   }
                   self->writeEntry(entryKey(profile, kAccessKeyIdField), accessKeyId, context, done);
               });
}

void KeychainStore::readCredentials(const QString& profile, QObject* context, Handler<AwsCredentials> done)
{
    QPointer<KeychainStore> self(this);
    readEntry(entryKey(profile, kAccessKeyIdField), context,
              [self, profile, context, done](const Result<QString>& id) {
                  if (!id) {
                      done(id.fault());
                      return;
                  }
                  if (!self)
                      return;
                  const QString accessKeyId = id.value();
                  self->readEntry(
                      entryKey(profile, kSecretAccessKeyField), context,
                      [profile, accessKeyId, done](const Result<QString>& secret) {
                          if (!secret) {
                              done(secret.fault());
                              return;
                          }
                          Redactor::registerSecret(secret.value());
                          AwsCredentials c;
                          c.accessKeyId = accessKeyId;
                          c.secretAccessKey = secret.value();
                          c.source = QStringLiteral("keychain (profile %1)").arg(profile);
                          if (!c.isValid()) {
                              done(Fault::make(FaultKind::Credentials, FaultCode::IncompleteCredentials,
                                               QStringLiteral("The keychain entries of profile %1 "
                                                              "are empty.")
                                                   .arg(profile)));
                              return;
                          }
                          done(c);
                      });
              });
}

void KeychainStore::deleteCredentials(const QString& profile, QObject* context, Handler<void> done)
{
    QPointer<KeychainStore> self(this);
    // The access key id goes first, so an interrupted delete leaves no profile that looks complete.
    deleteEntry(entryKey(profile, kAccessKeyIdField), context,
                [self, profile, context, done](const Result<void>& r) {
                    if (!r || !self) {
                        done(r);
                        return;
                    }
                    self->deleteEntry(entryKey(profile, kSecretAccessKeyField), context, done);
                });
}

void KeychainStore::probe(QObject* context, std::function<void(const ProbeResult&)> done)
{
    QPointer<KeychainStore> self(this);
    writeEntry(kProbeKey, QStringLiteral("probe"), context, [self, context, done](const Result<void>& w) {
        ProbeResult p;
        if (!w) {
            p.fault = w.fault();
            p.reason = w.fault().message;
            if (w.fault().code == FaultCode::KeychainUnavailable)
                p.availability = Availability::NoSecretService;
            else if (w.fault().code == FaultCode::KeychainLocked ||
                     w.fault().code == FaultCode::KeychainAccessDenied)
                p.availability = Availability::Locked;
            else
                p.availability = Availability::Failed;
            done(p);
            return;
        }
        if (!self)
            return;
        self->deleteEntry(kProbeKey, context, [done](const Result<void>& d) {
            ProbeResult p;
            if (d) {
                p.availability = Availability::Available;
                p.reason = QStringLiteral("The keychain is available: %1.").arg(backendDescription());
            } else {
                p.availability = Availability::Failed;
                p.fault = d.fault();
                p.reason = d.fault().message;
            }
            done(p);
        });
    });
}

} // namespace dmsx
