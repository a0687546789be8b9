#include "profiles/ProfileEditorDialog.h"
#include "ui_ProfileEditorDialog.h"

#include "base/FaultCatalogue.h"
#include "base/Redactor.h"
#include "config/Partition.h"
#include "profiles/KeychainBanner.h"

#include <QPushButton>
#include <QRegularExpression>
#include <QUrl>

namespace dmsx::ui {

namespace {

bool isRoleArn(const QString& arn)
{
    static const QRegularExpression re(QStringLiteral("^arn:aws[a-z-]*:iam::\\d{12}:role/\\S+$"));
    return re.match(arn).hasMatch();
}

bool isEndpointUrl(const QString& text)
{
    const QUrl url(text, QUrl::StrictMode);
    return url.isValid() && !url.host().isEmpty() &&
           (url.scheme() == QLatin1String("https") || url.scheme() == QLatin1String("http"));
}

} // namespace

ProfileEditorDialog::ProfileEditorDialog(ProfilesContext context, QWidget* parent)
    : QDialog(parent), m_ui(std::make_unique<Ui::ProfileEditorDialog>()), m_context(std::move(context)),
      m_keychain(m_context.createKeychain(this))
{
    m_ui->setupUi(this);
    m_ui->regionComboBox->addItem(QString());
    for (const Partition& partition : Partition::all())
        m_ui->regionComboBox->addItems(partition.regions);
    m_ui->regionComboBox->lineEdit()->setPlaceholderText(tr("From the environment or the AWS files"));
    m_ui->buttonBox->button(QDialogButtonBox::Save)->setAccessibleName(tr("Save"));
    m_ui->buttonBox->button(QDialogButtonBox::Cancel)->setAccessibleName(tr("Cancel"));
    m_ui->statusLabel->hide();
    resize(width(), sizeHint().height());
    connect(m_ui->buttonBox, &QDialogButtonBox::accepted, this, &ProfileEditorDialog::save);
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_ui->keychainBanner, &KeychainBanner::sessionOnlyRequested, this,
            &ProfileEditorDialog::useForSessionOnly);
    connect(m_ui->keychainBanner, &KeychainBanner::unlocked, this,
            [this] { probe([this](const KeychainStore::ProbeResult& r) { showKeychainProbe(r); }); });
    // Said before anything is typed: better to learn the keychain is locked before typing a secret.
    probe([this](const KeychainStore::ProbeResult& r) { showKeychainProbe(r); });
}

ProfileEditorDialog::~ProfileEditorDialog()
{
    // Best effort: do not leave the typed secret in this widget's memory.
    m_ui->secretAccessKeyLineEdit->clear();
}

KeychainBanner* ProfileEditorDialog::keychainBanner() const
{
    return m_ui->keychainBanner;
}

QLineEdit* ProfileEditorDialog::secretAccessKeyLineEdit() const
{
    return m_ui->secretAccessKeyLineEdit;
}

QString ProfileEditorDialog::statusText() const
{
    return m_ui->statusLabel->text();
}

void ProfileEditorDialog::setEditedProfile(const AppProfileStore::Profile& profile)
{
    m_mode = Mode::Edit;
    m_edited = profile;
    setWindowTitle(tr("Edit Profile %1").arg(profile.name));
    m_ui->nameLineEdit->setText(profile.name);
    m_ui->nameLineEdit->setReadOnly(true);
    m_ui->nameLineEdit->setToolTip(tr("The keychain entries are named after the profile: a profile "
                                      "cannot be renamed. Add a new one and remove this one instead."));
    const QString keep = tr("Stored in the keychain — leave empty to keep");
    m_ui->accessKeyIdLineEdit->setPlaceholderText(keep);
    m_ui->secretAccessKeyLineEdit->setPlaceholderText(keep);
    m_ui->regionComboBox->setCurrentText(profile.region);
    m_ui->endpointLineEdit->setText(profile.endpointUrl);
    m_ui->roleArnLineEdit->setText(profile.roleArn);
    m_ui->accessKeyIdLineEdit->setFocus();
}

void ProfileEditorDialog::setImport(const AppProfileImport& import)
{
    m_mode = Mode::Import;
    m_import = import;
    setWindowTitle(tr("Import Profile"));
    m_ui->introLabel->setText(tr("The access key pair of %1 is copied into the system keychain. The AWS "
                                 "files are not changed.")
                                  .arg(import.profile.importedFrom));
    m_ui->nameLineEdit->setText(import.profile.name);
    const QString copied = tr("Copied from the AWS files");
    for (QLineEdit* edit : {m_ui->accessKeyIdLineEdit, m_ui->secretAccessKeyLineEdit}) {
        edit->clear();
        edit->setPlaceholderText(copied);
        edit->setEnabled(false);
    }
    m_ui->regionComboBox->setCurrentText(import.profile.region);
    m_ui->endpointLineEdit->setText(import.profile.endpointUrl);
}

void ProfileEditorDialog::probe(std::function<void(const KeychainStore::ProbeResult&)> done)
{
    if (m_context.assumedKeychain) {
        const KeychainStore::ProbeResult r = KeychainBanner::assumedProbe(*m_context.assumedKeychain);
        QMetaObject::invokeMethod(
            this,
            [this, done, r] {
                done(r);
                emit keychainProbed();
            },
            Qt::QueuedConnection);
        return;
    }
    m_keychain->probe(this, [this, done](const KeychainStore::ProbeResult& r) {
        done(r);
        emit keychainProbed();
    });
}

void ProfileEditorDialog::showKeychainProbe(const KeychainStore::ProbeResult& probe)
{
    m_availability = probe.availability;
    m_ui->keychainBanner->showProbe(probe);
    // Imported keys are already in the AWS files, which work directly: session-only adds nothing.
    m_ui->keychainBanner->setSessionOnlyOffered(m_mode != Mode::Import &&
                                                probe.availability != KeychainStore::Availability::Available);
    fitHeight();
}

std::optional<ProfileEditorDialog::Input> ProfileEditorDialog::validate(bool keysRequired)
{
    Input in;
    in.profile.name = m_ui->nameLineEdit->text().trimmed();
    in.profile.region = m_ui->regionComboBox->currentText().trimmed();
    in.profile.endpointUrl = m_ui->endpointLineEdit->text().trimmed();
    in.profile.roleArn = m_ui->roleArnLineEdit->text().trimmed();
    if (!AppProfileStore::isValidName(in.profile.name)) {
        showError(tr("Choose a name of 1 to 64 letters, digits, '.', '_', '-' or '@'."));
        m_ui->nameLineEdit->setFocus();
        return std::nullopt;
    }
    if (m_mode != Mode::Edit && AppProfileStore(m_context.profilesFile()).contains(in.profile.name)) {
        showError(tr("A profile named %1 already exists: choose another name, or edit that one.")
                      .arg(in.profile.name));
        m_ui->nameLineEdit->setFocus();
        return std::nullopt;
    }
    if (m_import) {
        in.accessKeyId = m_import->accessKeyId;
        in.secretAccessKey = m_import->secretAccessKey;
        in.profile.importedFrom = m_import->profile.importedFrom;
    } else {
        in.accessKeyId = m_ui->accessKeyIdLineEdit->text().trimmed();
        in.secretAccessKey = m_ui->secretAccessKeyLineEdit->text();
        if (!in.secretAccessKey.isEmpty())
            Redactor::registerSecret(in.secretAccessKey);
        const bool keysGiven = !in.accessKeyId.isEmpty() || !in.secretAccessKey.isEmpty();
        if (keysRequired || m_mode == Mode::Add || keysGiven) {
            if (!AppProfileImport::isPlausibleAccessKeyId(in.accessKeyId)) {
                showError(tr("The access key ID must be 16 to 128 letters and digits."));
                m_ui->accessKeyIdLineEdit->setFocus();
                return std::nullopt;
            }
            if (!AppProfileImport::isPlausibleSecretAccessKey(in.secretAccessKey)) {
                showError(tr("Type the secret access key (it cannot be empty or contain spaces)."));
                m_ui->secretAccessKeyLineEdit->setFocus();
                return std::nullopt;
            }
        }
        // Kept keys keep their origin; new ones were typed here.
        if (m_edited && !keysGiven)
            in.profile.importedFrom = m_edited->importedFrom;
    }
    if (!in.profile.region.isEmpty() && !QRegularExpression(QStringLiteral("^[a-z]{2}(-[a-z]+)+-\\d+$"))
                                             .match(in.profile.region)
                                             .hasMatch()) {
        showError(tr("%1 is not a region name such as eu-west-1.").arg(in.profile.region));
        m_ui->regionComboBox->setFocus();
        return std::nullopt;
    }
    if (!in.profile.endpointUrl.isEmpty() && !isEndpointUrl(in.profile.endpointUrl)) {
        showError(tr("The custom endpoint must be an https:// (or http://) URL."));
        m_ui->endpointLineEdit->setFocus();
        return std::nullopt;
    }
    if (!in.profile.roleArn.isEmpty() && !isRoleArn(in.profile.roleArn)) {
        showError(tr("The role ARN must look like arn:aws:iam::123456789012:role/name."));
        m_ui->roleArnLineEdit->setFocus();
        return std::nullopt;
    }
    return in;
}

void ProfileEditorDialog::save()
{
    if (m_busy)
        return;
    const std::optional<Input> input = validate(false);
    if (!input)
        return;
    setBusy(true, tr("Checking the keychain…"));
    // Asked again on save: the keyring may have been locked or unlocked since the dialog opened.
    probe([this, input](const KeychainStore::ProbeResult& r) {
        showKeychainProbe(r);
        if (r.availability != KeychainStore::Availability::Available) {
            setBusy(false);
            showError(tr("Not saved: %1.").arg(FaultCatalogue::explain(r.fault).title));
            return;
        }
        if (input->accessKeyId.isEmpty()) {
            writeIndex(input->profile);
            return;
        }
        setBusy(true, tr("Saving the keys in the keychain…"));
        // Keys first and the index entry last, as `profiles add` does: a keychain failure leaves
        // no profile without keys behind.
        m_keychain->writeCredentials(input->profile.name, input->accessKeyId, input->secretAccessKey, this,
                                     [this, profile = input->profile](const Result<void>& written) {
                                         if (!written) {
                                             setBusy(false);
                                             const FaultExplanation why =
                                                 FaultCatalogue::explain(written.fault());
                                             showError(tr("Not saved: %1. %2").arg(why.title, why.cause));
                                             return;
                                         }
                                         m_ui->secretAccessKeyLineEdit->clear();
                                         writeIndex(profile);
                                     });
    });
}

void ProfileEditorDialog::writeIndex(const AppProfileStore::Profile& profile)
{
    AppProfileStore store(m_context.profilesFile());
    const Result<void> saved = store.save(profile);
    setBusy(false);
    if (!saved) {
        const FaultExplanation why = FaultCatalogue::explain(saved.fault());
        showError(tr("Not saved: %1. %2").arg(why.title, why.cause));
        return;
    }
    m_saved = profile;
    accept();
}

void ProfileEditorDialog::useForSessionOnly()
{
    if (m_busy)
        return;
    const std::optional<Input> input = validate(true);
    if (!input)
        return;
    if (!input->profile.roleArn.isEmpty()) {
        // Session-only keys are used as they are: the credential chain assumes an app profile's
        // role only with keys from the keychain.
        showError(tr("Session-only keys are used directly: clear the role ARN, or unlock the keychain "
                     "to save a profile with a role."));
        m_ui->roleArnLineEdit->setFocus();
        return;
    }
    SessionProfile session;
    session.profile = input->profile;
    session.credentials.accessKeyId = input->accessKeyId;
    session.credentials.secretAccessKey = input->secretAccessKey;
    m_session = session;
    m_saved = input->profile;
    m_ui->secretAccessKeyLineEdit->clear();
    accept();
}

void ProfileEditorDialog::fitHeight()
{
    // Tall enough for the banner's wrapped text at the current width, never shrinking what the
    // person chose.
    layout()->activate();
    const int wanted =
        layout()->hasHeightForWidth() ? layout()->totalHeightForWidth(width()) : sizeHint().height();
    resize(width(), qMax(height(), wanted));
}

void ProfileEditorDialog::setBusy(bool busy, const QString& status)
{
    m_busy = busy;
    m_ui->buttonBox->button(QDialogButtonBox::Save)->setEnabled(!busy);
    m_ui->keychainBanner->setEnabled(!busy);
    if (!status.isEmpty()) {
        m_ui->statusLabel->setText(status);
        m_ui->statusLabel->show();
    }
    if (busy)
        setCursor(Qt::BusyCursor);
    else
        unsetCursor();
}

void ProfileEditorDialog::showError(const QString& text)
{
    m_ui->statusLabel->setText(text);
    m_ui->statusLabel->setAccessibleDescription(text);
    m_ui->statusLabel->show();
    fitHeight();
}

} // namespace dmsx::ui
