#include "welcome/WelcomeWidget.h"
#include "ui_WelcomeWidget.h"

#include "welcome/AwsProfilesModel.h"
#include "widgets/AccessibleValueLabel.h"
#include "widgets/HomePath.h"

#include <QDir>
#include <QHeaderView>
#include <QItemSelectionModel>

namespace dmsx::ui {

WelcomeWidget::WelcomeWidget(QWidget* parent)
    : QWidget(parent), m_ui(std::make_unique<Ui::WelcomeWidget>()), m_model(new AwsProfilesModel(this))
{
    m_ui->setupUi(this);
    for (QLabel* title : {m_ui->titleLabel, m_ui->awsProfilesTitleLabel}) {
        QFont font = title->font();
        font.setBold(true);
        font.setPointSizeF(font.pointSizeF() * (title == m_ui->titleLabel ? 1.6 : 1.3));
        title->setFont(font);
    }
    // Wide enough for the descriptions to read as one or two lines, not a narrow column.
    const int width = fontMetrics().averageCharWidth() * 85;
    for (QWidget* w : {static_cast<QWidget*>(m_ui->titleLabel), static_cast<QWidget*>(m_ui->introLabel),
                       static_cast<QWidget*>(m_ui->addKeysCommandLinkButton),
                       static_cast<QWidget*>(m_ui->awsProfilesCommandLinkButton),
                       static_cast<QWidget*>(m_ui->demoCommandLinkButton)})
        w->setMinimumWidth(width);

    QTableView* view = m_ui->profilesTableView;
    view->setModel(m_model);
    view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    view->horizontalHeader()->setStretchLastSection(true);
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 8);

    connect(m_ui->addKeysCommandLinkButton, &QAbstractButton::clicked, this,
            &WelcomeWidget::addKeysRequested);
    connect(m_ui->addKeysPushButton, &QAbstractButton::clicked, this, &WelcomeWidget::addKeysRequested);
    connect(m_ui->demoCommandLinkButton, &QAbstractButton::clicked, this, &WelcomeWidget::demoRequested);
    connect(m_ui->awsProfilesCommandLinkButton, &QAbstractButton::clicked, this,
            &WelcomeWidget::showAwsProfiles);
    connect(m_ui->backPushButton, &QAbstractButton::clicked, this, &WelcomeWidget::showChoices);
    connect(m_ui->reloadPushButton, &QAbstractButton::clicked, this, &WelcomeWidget::reloadAwsProfiles);
    connect(m_ui->useProfilePushButton, &QAbstractButton::clicked, this,
            [this] { chooseProfile(m_ui->profilesTableView->currentIndex().row()); });
    // Double-click and Enter.
    connect(view, &QAbstractItemView::activated, this,
            [this](const QModelIndex& index) { chooseProfile(index.row()); });
    connect(view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &WelcomeWidget::updateSelection);
    connect(m_model, &QAbstractItemModel::modelReset, this, &WelcomeWidget::updateSelection);
    m_ui->pagesStackedWidget->setCurrentWidget(m_ui->choicesPage);
    updateSelection();
}

WelcomeWidget::~WelcomeWidget() = default;

void WelcomeWidget::setEnvironment(const QProcessEnvironment& environment, bool readAwsFiles)
{
    m_environment = environment;
    m_model->setHomeDirectory(environment.value(QStringLiteral("HOME")));
    m_readAwsFiles = readAwsFiles;
    if (page() == Page::AwsProfiles)
        reloadAwsProfiles();
}

void WelcomeWidget::setDemoAvailable(bool available)
{
    m_ui->demoCommandLinkButton->setVisible(available);
}

WelcomeWidget::Page WelcomeWidget::page() const
{
    return m_ui->pagesStackedWidget->currentWidget() == m_ui->awsProfilesPage ? Page::AwsProfiles
                                                                              : Page::Choices;
}

QTableView* WelcomeWidget::awsProfilesView() const
{
    return m_ui->profilesTableView;
}

QString WelcomeWidget::pathsText() const
{
    return m_ui->pathsLabel->text();
}

QString WelcomeWidget::nothingFoundText() const
{
    return m_ui->nothingFoundLabel->text();
}

QString WelcomeWidget::explanationText() const
{
    return m_ui->explanationLabel->text();
}

void WelcomeWidget::showChoices()
{
    const bool wasProfiles = page() == Page::AwsProfiles;
    m_ui->pagesStackedWidget->setCurrentWidget(m_ui->choicesPage);
    // Back where the user left (the button that opened the list), else on the first choice so
    // Enter or Space takes it at once.
    if (wasProfiles)
        m_ui->awsProfilesCommandLinkButton->setFocus(Qt::OtherFocusReason);
    else
        m_ui->addKeysCommandLinkButton->setFocus(Qt::OtherFocusReason);
}

void WelcomeWidget::showAwsProfiles()
{
    m_ui->pagesStackedWidget->setCurrentWidget(m_ui->awsProfilesPage);
    reloadAwsProfiles();
    if (m_model->rowCount() > 0)
        m_ui->profilesTableView->setFocus(Qt::OtherFocusReason);
    else
        m_ui->addKeysPushButton->setFocus(Qt::OtherFocusReason);
}

QString WelcomeWidget::displayPath(const QString& path) const
{
    return HomePath::shorten(path, m_environment.value(QStringLiteral("HOME")));
}

void WelcomeWidget::reloadAwsProfiles()
{
    if (!m_readAwsFiles) {
        m_model->setFiles(AwsConfigFile());
        // Named "<field>: <text>": a screen reader hears a label's name only, not its text.
        AccessibleValueLabel::setRichValue(
            m_ui->pathsLabel, tr("This window does not read the AWS files (it was started for a test or a "
                                 "screenshot)."));
        AccessibleValueLabel::setRichValue(
            m_ui->nothingFoundLabel,
            tr("<p>No AWS files were read.</p><p>Use <b>Add AWS keys</b> to store a key pair for this app "
               "instead.</p>"));
        m_ui->profilesStackedWidget->setCurrentWidget(m_ui->nothingFoundPage);
        return;
    }
    const AwsConfigFile::Paths paths = AwsConfigFile::defaultPaths(m_environment);
    const AwsConfigFile files = AwsConfigFile::load(paths);
    m_model->setFiles(files);

    auto describe = [this](const QString& path, bool found, const char* variable) -> QString {
        QString text = QStringLiteral("<b>%1</b>").arg(displayPath(path).toHtmlEscaped());
        if (!m_environment.value(QString::fromLatin1(variable)).isEmpty())
            text += QLatin1Char(' ') + tr("(from %1)").arg(QString::fromLatin1(variable));
        return text + QLatin1Char(' ') + (found ? tr("(read)") : tr("(not found)"));
    };
    QString text;
    if (paths.configFile.isEmpty() && paths.credentialsFile.isEmpty()) {
        text = tr("No home folder is known (HOME is not set), so there are no AWS files to read.");
    } else {
        text = tr("Looked in %1 and %2.")
                   .arg(describe(paths.configFile, files.configFileFound(), "AWS_CONFIG_FILE"),
                        describe(paths.credentialsFile, files.credentialsFileFound(),
                                 "AWS_SHARED_CREDENTIALS_FILE"));
    }
    if (!files.warnings().isEmpty()) {
        // The lines that were skipped: a profile missing from the list is usually one of these.
        text += QStringLiteral("<br>") +
                tr("%n line(s) could not be read, e.g. %1", nullptr, int(files.warnings().size()))
                    .arg(files.warnings().first().toString().toHtmlEscaped());
    }
    AccessibleValueLabel::setRichValue(m_ui->pathsLabel, text);

    QString nothing = QStringLiteral("<p>") +
                      (files.configFileFound() || files.credentialsFileFound()
                           ? tr("The AWS files define no profile.")
                           : tr("Neither file exists: the AWS CLI has not been set up for this user.")) +
                      QStringLiteral("</p>");
    nothing += tr("<p>To use the AWS CLI's profiles, run <code>aws configure</code> in a terminal (it asks "
                  "for an access key and writes both files), then choose <b>Look again</b>.</p>"
                  "<p>Or choose <b>Add AWS keys</b> to keep a key pair in this app only, with the secret "
                  "in your system keychain.</p>");
    AccessibleValueLabel::setRichValue(m_ui->nothingFoundLabel, nothing);
    m_ui->profilesStackedWidget->setCurrentWidget(m_model->rowCount() > 0 ? m_ui->profilesListPage
                                                                          : m_ui->nothingFoundPage);
    // Start on the first profile that works: Enter then uses it at once.
    int first = 0;
    for (int row = 0; row < m_model->rowCount(); ++row) {
        if (m_model->index(row, 0).data(AwsProfilesModel::UsableRole).toBool()) {
            first = row;
            break;
        }
    }
    if (m_model->rowCount() > 0)
        m_ui->profilesTableView->selectionModel()->setCurrentIndex(
            m_model->index(first, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
}

void WelcomeWidget::updateSelection()
{
    const QModelIndex current = m_ui->profilesTableView->currentIndex();
    const bool usable = current.isValid() && current.data(AwsProfilesModel::UsableRole).toBool();
    m_ui->useProfilePushButton->setEnabled(usable);
    m_ui->explanationLabel->setText(
        current.isValid() ? current.siblingAtColumn(0).data(AwsProfilesModel::ExplanationRole).toString()
                          : QString());
}

void WelcomeWidget::chooseProfile(int row)
{
    const QModelIndex index = m_model->index(row, 0);
    // An incomplete profile would only fail with the chain's fault; the line below the list
    // already says what is missing.
    if (!index.isValid() || !index.data(AwsProfilesModel::UsableRole).toBool())
        return;
    emit awsProfileChosen(index.data(AwsProfilesModel::NameRole).toString(),
                          index.data(AwsProfilesModel::RegionRole).toString());
}

} // namespace dmsx::ui
