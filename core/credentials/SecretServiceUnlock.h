#pragma once

#include "base/Result.h"

#include <QObject>
#include <QString>

#include <functional>

class QDBusMessage;
class QDBusPendingCall;
class QDBusPendingCallWatcher;

namespace dmsx {

// Asks the Secret Service to unlock the default keyring: org.freedesktop.Secret.Service.Unlock on
// the collection, then the Prompt it returns, which shows the desktop's own password dialog. The
// password never passes through this process. Ends once, asynchronously: ok when the keyring is
// unlocked, KeychainAccessDenied when the person dismissed the prompt, KeychainUnavailable when no
// Secret Service answered. Deletes itself when done; destroying it (or its parent) first
// abandons the request without calling `done`.
class SecretServiceUnlock : public QObject
{
    Q_OBJECT
    // Qt DBus is a private dependency of the core library: its headers are not in users' paths.
    Q_MOC_INCLUDE(<QDBusMessage>)
public:
    // windowId: the X11 window the prompt belongs to, as text ("" when none).
    SecretServiceUnlock(const QString& windowId, std::function<void(const Result<void>&)> done,
                        QObject* parent = nullptr);

    void start();

private slots:
    // org.freedesktop.Secret.Prompt.Completed(bool dismissed, variant result)
    void promptCompleted(const QDBusMessage& message);

private:
    void unlockCollection(const QString& collectionPath);
    void finish(const Result<void>& result);
    // A watcher of `call`'s reply, deleted with its own reply.
    QDBusPendingCallWatcher* watch(const QDBusPendingCall& call);

    QString m_windowId;
    QString m_promptPath;
    std::function<void(const Result<void>&)> m_done;
    bool m_finished = false;
};

} // namespace dmsx
