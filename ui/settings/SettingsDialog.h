#pragma once

#include "base/Result.h"
#include "config/AppSettings.h"
#include "config/ClientConfigResolver.h"

#include <QDialog>
#include <QProcessEnvironment>

#include <functional>
#include <memory>
#include <optional>

namespace Ui {
class SettingsDialog;
}

class QLabel;
class QTabWidget;

namespace dmsx::ui {

// Edit > Settings…: the app's own settings (AppSettings), each field with the value in effect and
// where it comes from when the app does not set it ("from environment variable
// AWS_USE_FIPS_ENDPOINT", "from ~/.aws/config:7 (profile dev, …)", "default"), computed for the
// window's current profile. OK validates (URL, CA file, proxy) and asks the endpoint rules whether
// the combination works before closing.
class SettingsDialog : public QDialog
{
    Q_OBJECT
public:
    struct Context
    {
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        // The window's connection resolved with these app settings (empty ClientSettings: what
        // the environment and the AWS files alone give). Null: sources are not shown.
        std::function<Result<EffectiveClientConfig>(const ClientSettings&)> resolve;
        QString profileText; // "profile dev in eu-west-1", for the introduction
        // How the proxy password is stored, for the note under the field.
        QString keychainText;
    };

    SettingsDialog(AppSettings settings, QString proxyPassword, Context context, QWidget* parent = nullptr);
    ~SettingsDialog() override;

    // What the fields say (valid once accepted).
    AppSettings settings() const;
    QString proxyPassword() const;
    bool proxyPasswordChanged() const;

    QTabWidget* tabWidget() const;
    // The text under a field: "endpointUrl", "fips", "dualStack", "proxy", "caBundle",
    // "maxAttempts", "pollInterval", "retention", "notifications".
    QString sourceText(const QString& field) const;
    QString validationText() const;

public slots:
    void accept() override;

private:
    void populate(const AppSettings& s);
    void updateSources();
    void updateEnabled();
    void updateCleartextProblem();
    QLabel* sourceLabel(const QString& field) const;
    QString inherited(const QString& value, const ValueSource& source) const;
    QString overriding(const ValueSource& source, const QString& value) const;
    QString displayPath(const QString& path) const;
    QString proxySource(const AppSettings& s) const;
    void showProblems(const QStringList& problems, QWidget* focus);

    std::unique_ptr<Ui::SettingsDialog> m_ui;
    Context m_context;
    QString m_initialPassword;
    std::optional<EffectiveClientConfig> m_inherited;
    QString m_inheritedError;
};

} // namespace dmsx::ui
