#pragma once

#include "profiles/ProfileKey.h"
#include "window/ConnectionController.h"

#include <QWidget>

#include <memory>

namespace Ui {
class ConnectionBar;
}

class QAction;

namespace dmsx::ui {

// The row above the projects: which profile and region to connect with (the regions grouped by
// partition), a mark while a session-only profile is in use, who the connection's credentials
// belong to, and the buttons of the window's Profiles… and Refresh actions.
class ConnectionBar : public QWidget
{
    Q_OBJECT
public:
    explicit ConnectionBar(QWidget* parent = nullptr);
    ~ConnectionBar() override;

    void setActions(QAction* profiles, QAction* refresh);
    // Lists `choices`; the current one is the first until setCurrentProfileKey().
    void setProfiles(const QList<ConnectionController::ProfileChoice>& choices);

    ProfileKey currentProfileKey() const;
    QString currentProfileText() const;
    QString currentRegion() const;
    // Nothing changes when the key or region is not listed.
    void setCurrentProfileKey(const ProfileKey& key);
    void setCurrentRegion(const QString& region);

    QString identityText() const;
    void setIdentity(const QString& text);
    void setIdentity(const QString& text, const QString& toolTip);

signals:
    // The person (or the window) chose another profile or region.
    void choiceChanged();

private:
    std::unique_ptr<Ui::ConnectionBar> m_ui;
};

} // namespace dmsx::ui
