#include "profiles/ProfilesDialog.h"
#include "ui_ProfilesDialog.h"

#include "base/FaultCatalogue.h"
#include "base/FaultCodes.h"
#include "base/Redactor.h"
#include "config/AwsProfileSummary.h"
#include "credentials/AppProfileImport.h"
#include "credentials/AppProfileStore.h"
#include "credentials/StsClient.h"
#include "dms/DmsConnection.h"
#include "profiles/KeychainBanner.h"
#include "profiles/ProfileEditorDialog.h"
#include "profiles/ProfilesModel.h"
#include "profiles/SsoProfileDialog.h"
#include "widgets/Prompts.h"

#include <QApplication>
#include <QClipboard>
#include <QHeaderView>
#include <QPushButton>

namespace dmsx::ui {

ProfilesDialog::ProfilesDialog(ProfilesContext context, QWidget* parent)
    : QDialog(parent), m_ui(std::make_unique<Ui::ProfilesDialog>()), m_context(std::move(context)),
      m_model(new ProfilesModel(this)), m_keychain(m_context.createKeychain(this))
{
    m_ui->setupUi(this);
    m_model->setHomeDirectory(m_context.environment.value(QStringLiteral("HOME")));
    QTableView* view = m_ui->profilesTableView;
    view->setModel(m_model);
    view->horizontalHeader()->setStretchLastSection(true);
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 8);
    m_ui->copyCommandPushButton->setIcon(
        QIcon::fromTheme(QStringLiteral("edit-copy"), style()->standardIcon(QStyle::SP_DialogSaveButton)));
    m_ui->buttonBox->button(QDialogButtonBox::Close)->setAccessibleName(tr("Close"));
    m_ui->loginCommandWidget->hide();
    m_ui->testResultLabel->hide();
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_ui->addPushButton, &QPushButton::clicked, this, &ProfilesDialog::addProfile);
    connect(m_ui->addSsoPushButton, &QPushButton::clicked, this, &ProfilesDialog::addSsoProfile);
    connect(m_ui->editPushButton, &QPushButton::clicked, this, &ProfilesDialog::editProfile);
    connect(m_ui->removePushButton, &QPushButton::clicked, this, &ProfilesDialog::removeProfile);
    connect(m_ui->importPushButton, &QPushButton::clicked, this, &ProfilesDialog::importProfile);
    connect(m_ui->testPushButton, &QPushButton::clicked, this, &ProfilesDialog::testProfile);
    connect(m_ui->keychainBanner, &KeychainBanner::unlocked, this, &ProfilesDialog::reload);
    connect(view, &QTableView::doubleClicked, this, [this] {
        if (m_model->isAppProfile(selectedRow()))
            editProfile();
    });
    connect(m_ui->copyCommandPushButton, &QPushButton::clicked, this,
            [this] { QApplication::clipboard()->setText(m_ui->loginCommandLineEdit->text()); });
    connect(view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &ProfilesDialog::updateButtons);
    connect(m_model, &QAbstractItemModel::modelReset, this, &ProfilesDialog::updateButtons);
    reload();
    resize(qMax(width(), 1000), height());
}

ProfilesDialog::~ProfilesDialog() = default;

KeychainBanner* ProfilesDialog::keychainBanner() const
{
    return m_ui->keychainBanner;
}

QString ProfilesDialog::testResultText() const
{
    return m_ui->testResultLabel->text();
}

QString ProfilesDialog::loginCommand() const
{
    return m_ui->loginCommandWidget->isHidden() ? QString() : m_ui->loginCommandLineEdit->text();
}

int ProfilesDialog::selectedRow() const
{
    const QModelIndexList rows = m_ui->profilesTableView->selectionModel()->selectedRows();
    return rows.isEmpty() ? -1 : rows.first().row();
}

bool ProfilesDialog::selectProfile(const ProfileKey& key)
{
    const int row = m_model->rowForKey(key);
    if (row < 0)
        return false;
    m_ui->profilesTableView->selectRow(row);
    return true;
}

void ProfilesDialog::reload()
{
    const ProfileKey selected = m_model->key(selectedRow());
    m_model->setProfiles(AppProfileStore(m_context.profilesFile()).profiles(),
                         AwsProfileSummary::list(m_context.loadAwsFiles()));
    m_ui->profilesTableView->resizeColumnsToContents();
    // Long ARNs and paths are cut (their tooltip has them whole), so every column stays in view.
    const int widest = m_ui->profilesTableView->fontMetrics().horizontalAdvance(QLatin1Char('M')) * 22;
    for (int column = 0; column < ProfilesModel::ColumnCount; ++column)
        if (m_ui->profilesTableView->columnWidth(column) > widest)
            m_ui->profilesTableView->setColumnWidth(column, widest);
    if (!selectProfile(selected) && m_model->rowCount() > 0)
        m_ui->profilesTableView->selectRow(0);
    // Answers of an earlier reload belong to rows that may be gone.
    delete m_keysSession;
    m_keysSession = new QObject(this);
    QObject* session = m_keysSession;
    if (m_context.assumedKeychain) {
        const KeychainStore::ProbeResult r = KeychainBanner::assumedProbe(*m_context.assumedKeychain);
        QMetaObject::invokeMethod(
            session, [this, r] { loadKeysStatus(r); }, Qt::QueuedConnection);
        return;
    }
    m_keychain->probe(session, [this](const KeychainStore::ProbeResult& r) { loadKeysStatus(r); });
}

void ProfilesDialog::loadKeysStatus(const KeychainStore::ProbeResult& probe)
{
    m_ui->keychainBanner->showProbe(probe);
    if (probe.availability != KeychainStore::Availability::Available) {
        m_model->setAllKeysStatus(probe.availability == KeychainStore::Availability::Locked
                                      ? tr("keychain locked")
                                      : tr("keychain unavailable"));
        emit keysStatusLoaded();
        return;
    }
    if (m_context.assumedKeychain) {
        m_model->setAllKeysStatus(tr("in the keychain"));
        emit keysStatusLoaded();
        return;
    }
    const int count = m_model->appProfileCount();
    if (count == 0) {
        emit keysStatusLoaded();
        return;
    }
    auto pending = std::make_shared<int>(count);
    for (int row = 0; row < count; ++row) {
        const QString name = m_model->name(row);
        // Only the access key id, which is no secret, and only masked: the secret is never read here.
        m_keychain->readEntry(
            KeychainStore::entryKey(name, KeychainStore::kAccessKeyIdField), m_keysSession,
            [this, name, pending](const Result<QString>& r) {
                if (r)
                    m_model->setKeysStatus(
                        name, tr("in the keychain (%1)").arg(Redactor::maskAccessKeyId(r.value())));
                else if (r.fault().code == FaultCode::KeychainEntryNotFound)
                    m_model->setKeysStatus(name, tr("missing from the keychain"));
                else
                    m_model->setKeysStatus(name, FaultCatalogue::explain(r.fault()).title);
                if (--*pending == 0)
                    emit keysStatusLoaded();
            });
    }
}

void ProfilesDialog::updateButtons()
{
    const int row = selectedRow();
    const bool app = m_model->isAppProfile(row);
    const std::optional<AwsProfileSummary> aws = m_model->awsProfile(row);
    // The key editor would drop an IAM Identity Center profile's settings: such a profile is
    // removed and added again instead.
    const std::optional<AppProfileStore::Profile> appProfile = m_model->appProfile(row);
    m_ui->editPushButton->setEnabled(app && !(appProfile && appProfile->isSso()));
    m_ui->removePushButton->setEnabled(app);
    m_ui->importPushButton->setEnabled(aws && aws->kind == AwsProfileSummary::Kind::Keys);
    m_ui->testPushButton->setEnabled(row >= 0);
}

void ProfilesDialog::openEditor(ProfileEditorDialog* editor)
{
    m_editor = editor;
    editor->setAttribute(Qt::WA_DeleteOnClose);
    connect(editor, &QDialog::accepted, this, [this, editor] {
        if (const std::optional<SessionProfile> session = editor->sessionProfile()) {
            emit sessionProfileAdded(*session);
            return;
        }
        reload();
        const ProfileKey key = ProfileKey::app(editor->savedProfile().name);
        selectProfile(key);
        emit profilesChanged();
        if (editor->mode() != ProfileEditorDialog::Mode::Edit)
            emit profileAdded(key, editor->savedProfile().region);
    });
    editor->open();
}

void ProfilesDialog::addProfile()
{
    openEditor(new ProfileEditorDialog(m_context, this));
}

SsoProfileDialog* ProfilesDialog::ssoEditor() const
{
    return m_ssoEditor;
}

void ProfilesDialog::addSsoProfile()
{
    auto* dialog = new SsoProfileDialog(m_context, this);
    m_ssoEditor = dialog;
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        reload();
        const ProfileKey key = ProfileKey::app(dialog->savedProfile().name);
        selectProfile(key);
        emit profilesChanged();
        emit profileAdded(key, dialog->savedProfile().region);
    });
    dialog->open();
}

void ProfilesDialog::editProfile()
{
    const std::optional<AppProfileStore::Profile> profile = m_model->appProfile(selectedRow());
    if (!profile || profile->isSso())
        return;
    auto* editor = new ProfileEditorDialog(m_context, this);
    editor->setEditedProfile(*profile);
    openEditor(editor);
}

void ProfilesDialog::importProfile()
{
    const std::optional<AwsProfileSummary> aws = m_model->awsProfile(selectedRow());
    if (!aws)
        return;
    const Result<AppProfileImport> imported =
        AppProfileImport::fromAwsFiles(m_context.loadAwsFiles(), aws->name);
    if (!imported) {
        const FaultExplanation why = FaultCatalogue::explain(imported.fault());
        Prompts::warning(this, tr("Cannot Import %1").arg(aws->name),
                         why.cause + QStringLiteral("\n\n") + why.steps.join(QLatin1Char('\n')));
        return;
    }
    auto* editor = new ProfileEditorDialog(m_context, this);
    editor->setImport(imported.value());
    openEditor(editor);
}

void ProfilesDialog::removeProfile()
{
    const std::optional<AppProfileStore::Profile> profile = m_model->appProfile(selectedRow());
    if (!profile)
        return;
    const QMessageBox::StandardButton answer = Prompts::question(
        this, tr("Remove Profile %1").arg(profile->name),
        tr("Remove the profile %1 and delete its access key pair from the keychain?\n\nThe keys "
           "themselves stay valid in AWS; deactivate them in IAM if they are no longer needed.")
            .arg(profile->name));
    if (answer != QMessageBox::Yes) {
        emit removeFinished();
        return;
    }
    m_ui->removePushButton->setEnabled(false);
    const QString name = profile->name;
    // The index entry goes only once the keys are gone, as `profiles remove` does, so a failed
    // delete can be retried from this list.
    m_keychain->deleteCredentials(name, this, [this, name](const Result<void>& deleted) {
        if (!deleted) {
            const FaultExplanation why = FaultCatalogue::explain(deleted.fault());
            Prompts::warning(this, tr("Profile Not Removed"),
                             tr("The keys of %1 could not be deleted from the keychain: %2\n\n%3")
                                 .arg(name, why.title, why.steps.join(QLatin1Char('\n'))));
        } else if (const Result<bool> removed = AppProfileStore(m_context.profilesFile()).remove(name);
                   !removed) {
            Prompts::warning(this, tr("Profile Not Removed"), FaultCatalogue::explain(removed.fault()).title);
        }
        reload();
        emit profilesChanged();
        emit removeFinished();
    });
}

void ProfilesDialog::testProfile()
{
    const int row = selectedRow();
    if (row < 0)
        return;
    const QString name = m_model->name(row);
    const std::optional<AppProfileStore::Profile> app = m_model->appProfile(row);
    delete m_testSession;
    m_testSession = new QObject(this);
    QObject* session = m_testSession;

    DmsConnection::Options options;
    options.environment = m_context.environment;
    options.appProfilesFile = m_context.appProfilesFile;
    options.keychainService = m_context.keychainService;
    options.ignoreSharedFiles = m_context.ignoreAwsFiles;
    options.useKeychain = true;
    options.client.profile = name;
    if (app)
        options.client.region = app->region;
    options.mfa = [this, session](const QString& serial, std::function<void(std::optional<QString>)> reply) {
        Prompts::askMfaCode(this, serial, session, std::move(reply));
    };
    auto* connection = new DmsConnection(options, session);
    m_ui->testPushButton->setEnabled(false);
    showTestResult(tr("Testing %1…").arg(name), QString(), false);
    auto fail = [this, name](const Fault& fault) {
        const FaultExplanation why = FaultCatalogue::explain(fault);
        // The SSO faults of an AWS CLI profile carry the exact sign-in command in their detail.
        const bool login = FaultCatalogue::signInHelps(fault) && !fault.appSsoProfile &&
                           fault.detail.startsWith(QLatin1String("dms-extpack-cli sso login"));
        showTestResult(tr("%1 does not work: %2. %3").arg(name, why.title, why.cause),
                       login ? fault.detail : QString());
    };
    connection->open(session, [this, connection, session, name, fail](const Result<void>& opened) {
        if (!opened) {
            fail(opened.fault());
            return;
        }
        auto* sts = new StsClient(connection->stsTransportConfig(), connection->networkAccessManager(),
                                  nullptr, {}, session);
        sts->getCallerIdentity(session, [this, connection, name, fail](const Result<CallerIdentity>& r) {
            if (!r) {
                fail(r.fault());
                return;
            }
            const QString source =
                Redactor::redact(r.value().credentialsSource.isEmpty() ? connection->credentials().source
                                                                       : r.value().credentialsSource);
            showTestResult(tr("%1 works: account %2, %3 (credentials from %4).")
                               .arg(name, r.value().account, r.value().arn, source));
        });
    });
}

void ProfilesDialog::showTestResult(const QString& text, const QString& loginCommand, bool done)
{
    m_ui->testResultLabel->setText(text);
    m_ui->testResultLabel->show();
    m_ui->loginCommandLineEdit->setText(loginCommand);
    m_ui->loginCommandWidget->setVisible(!loginCommand.isEmpty());
    if (done) {
        updateButtons();
        emit testFinished();
    }
}

} // namespace dmsx::ui
