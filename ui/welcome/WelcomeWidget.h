#pragma once

#include "config/AwsConfigFile.h"

#include <QProcessEnvironment>
#include <QWidget>

#include <memory>

namespace Ui {
class WelcomeWidget;
}

class QTableView;

namespace dmsx::ui {

class AwsProfilesModel;

// The first-start view: three ways to get connected — add keys to the app, use a profile
// of the AWS CLI's files, or try the built-in demo — each a large button with a line saying what it
// does. "Use my AWS CLI profiles" opens a second page listing what the AWS files hold. The widget
// only says what was chosen; MainWindow does the connecting.
class WelcomeWidget : public QWidget
{
    Q_OBJECT
public:
    enum class Page
    {
        Choices,
        AwsProfiles
    };

    explicit WelcomeWidget(QWidget* parent = nullptr);
    ~WelcomeWidget() override;

    // Where the AWS files are looked for: AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE, else
    // ~/.aws/config and ~/.aws/credentials under the environment's HOME. Read again on every
    // showAwsProfiles(). With readAwsFiles false (test and screenshot windows, which use no shared
    // files) the page says so instead of listing anything.
    void setEnvironment(const QProcessEnvironment& environment, bool readAwsFiles = true);
    // Without a demo to start, "Try the demo" is hidden.
    void setDemoAvailable(bool available);

    Page page() const;
    void showChoices();
    // Reads the AWS files and shows what they hold.
    void showAwsProfiles();
    void reloadAwsProfiles();

    AwsProfilesModel* awsProfilesModel() const { return m_model; }
    QTableView* awsProfilesView() const;
    QString pathsText() const;        // which files were read, as shown (rich text)
    QString nothingFoundText() const; // shown instead of the list when it is empty (rich text)
    QString explanationText() const;  // about the selected profile

signals:
    void addKeysRequested();
    void demoRequested();
    // A usable profile of the AWS files; `region` is its own region (empty when it has none).
    void awsProfileChosen(const QString& name, const QString& region);

private:
    void chooseProfile(int row);
    void updateSelection();
    QString displayPath(const QString& path) const;

    std::unique_ptr<Ui::WelcomeWidget> m_ui;
    AwsProfilesModel* m_model;
    QProcessEnvironment m_environment;
    bool m_readAwsFiles = true;
};

} // namespace dmsx::ui
