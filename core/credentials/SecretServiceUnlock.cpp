#include "credentials/SecretServiceUnlock.h"

#include "base/FaultCodes.h"
#include "credentials/KeychainStore.h"

#include <QDBusConnection>
#include <QDBusMessage>
#include <QDBusObjectPath>
#include <QDBusPendingCall>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>

namespace dmsx {

namespace {

const QString kService = QStringLiteral("org.freedesktop.secrets");
const QString kServicePath = QStringLiteral("/org/freedesktop/secrets");
const QString kServiceInterface = QStringLiteral("org.freedesktop.Secret.Service");
const QString kPromptInterface = QStringLiteral("org.freedesktop.Secret.Prompt");
// QtKeychain (libsecret) keeps its entries in the collection the "default" alias names.
const QString kDefaultAliasPath = QStringLiteral("/org/freedesktop/secrets/aliases/default");

Fault unlockFault(const QLatin1StringView& code, const QString& message)
{
    Fault f = Fault::make(FaultKind::Credentials, code, message);
    f.detail = KeychainStore::backendDescription();
    return f;
}

} // namespace

SecretServiceUnlock::SecretServiceUnlock(const QString& windowId,
                                         std::function<void(const Result<void>&)> done, QObject* parent)
    : QObject(parent), m_windowId(windowId), m_done(std::move(done))
{}

QDBusPendingCallWatcher* SecretServiceUnlock::watch(const QDBusPendingCall& call)
{
    auto* watcher = new QDBusPendingCallWatcher(call, this);
    connect(watcher, &QDBusPendingCallWatcher::finished, watcher, &QObject::deleteLater);
    return watcher;
}

void SecretServiceUnlock::start()
{
    QDBusMessage readAlias = QDBusMessage::createMethodCall(kService, kServicePath, kServiceInterface,
                                                            QStringLiteral("ReadAlias"));
    readAlias << QStringLiteral("default");
    connect(watch(QDBusConnection::sessionBus().asyncCall(readAlias)), &QDBusPendingCallWatcher::finished,
            this, [this](QDBusPendingCallWatcher* w) {
                QDBusPendingReply<QDBusObjectPath> reply = *w;
                if (reply.isError() && reply.error().type() == QDBusError::ServiceUnknown) {
                    finish(unlockFault(FaultCode::KeychainUnavailable, reply.error().message()));
                    return;
                }
                const QString path = reply.isError() ? QString() : reply.value().path();
                unlockCollection(path.isEmpty() || path == QLatin1String("/") ? kDefaultAliasPath : path);
            });
}

void SecretServiceUnlock::unlockCollection(const QString& collectionPath)
{
    QDBusMessage unlock =
        QDBusMessage::createMethodCall(kService, kServicePath, kServiceInterface, QStringLiteral("Unlock"));
    unlock << QVariant::fromValue(QList<QDBusObjectPath>{QDBusObjectPath(collectionPath)});
    connect(watch(QDBusConnection::sessionBus().asyncCall(unlock)), &QDBusPendingCallWatcher::finished, this,
            [this](QDBusPendingCallWatcher* w) {
                QDBusPendingReply<QList<QDBusObjectPath>, QDBusObjectPath> reply = *w;
                if (reply.isError()) {
                    finish(unlockFault(reply.error().type() == QDBusError::ServiceUnknown
                                           ? FaultCode::KeychainUnavailable
                                           : FaultCode::KeychainError,
                                       reply.error().message()));
                    return;
                }
                const QString prompt = reply.argumentAt<1>().path();
                if (prompt.isEmpty() || prompt == QLatin1String("/")) {
                    finish(Result<void>()); // unlocked already, or without asking
                    return;
                }
                // Listen before prompting: Completed may follow the call's reply at once.
                m_promptPath = prompt;
                QDBusConnection::sessionBus().connect(kService, prompt, kPromptInterface,
                                                      QStringLiteral("Completed"), this,
                                                      SLOT(promptCompleted(QDBusMessage)));
                QDBusMessage show = QDBusMessage::createMethodCall(kService, prompt, kPromptInterface,
                                                                   QStringLiteral("Prompt"));
                show << m_windowId;
                connect(watch(QDBusConnection::sessionBus().asyncCall(show)),
                        &QDBusPendingCallWatcher::finished, this, [this](QDBusPendingCallWatcher* pw) {
                            QDBusPendingReply<> shown = *pw;
                            if (shown.isError())
                                finish(unlockFault(FaultCode::KeychainError, shown.error().message()));
                        });
            });
}

void SecretServiceUnlock::promptCompleted(const QDBusMessage& message)
{
    const QList<QVariant> args = message.arguments();
    const bool dismissed = args.isEmpty() || args.first().toBool();
    if (dismissed)
        finish(
            unlockFault(FaultCode::KeychainAccessDenied, QStringLiteral("The unlock prompt was dismissed")));
    else
        finish(Result<void>());
}

void SecretServiceUnlock::finish(const Result<void>& result)
{
    if (m_finished)
        return;
    m_finished = true;
    if (!m_promptPath.isEmpty())
        QDBusConnection::sessionBus().disconnect(kService, m_promptPath, kPromptInterface,
                                                 QStringLiteral("Completed"), this,
                                                 SLOT(promptCompleted(QDBusMessage)));
    const auto done = std::move(m_done);
    deleteLater();
    done(result);
}

} // namespace dmsx
