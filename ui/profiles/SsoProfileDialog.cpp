#include "profiles/SsoProfileDialog.h"
#include "ui_SsoProfileDialog.h"

#include "base/FaultCatalogue.h"
#include "config/AwsConfigSsoWriter.h"
#include "config/Partition.h"
#include "dms/DmsConnection.h"
#include "profiles/SsoSignInDialog.h"
#include "sso/SsoPortalClient.h"

#include <QPushButton>
#include <QRegularExpression>

namespace dmsx::ui {

namespace {

bool isRegionName(const QString& region)
{
    static const QRegularExpression re(QStringLiteral("^[a-z]{2}(-[a-z]+)+-\\d+$"));
    return re.match(region).hasMatch();
}

QString describe(const Fault& fault)
{
    const FaultExplanation why = FaultCatalogue::explain(fault);
    return why.title + QStringLiteral(": ") + fault.message;
}

} // namespace

SsoProfileDialog::SsoProfileDialog(ProfilesContext context, QWidget* parent)
    : QDialog(parent), m_ui(std::make_unique<Ui::SsoProfileDialog>()), m_context(std::move(context))
{
    m_ui->setupUi(this);
    m_ui->regionComboBox->addItem(QString());
    for (const Partition& partition : Partition::all()) {
        m_ui->ssoRegionComboBox->addItems(partition.regions);
        m_ui->regionComboBox->addItems(partition.regions);
    }
    m_ui->ssoRegionComboBox->setCurrentText(QStringLiteral("us-east-1"));
    m_ui->regionComboBox->lineEdit()->setPlaceholderText(tr("The SSO region"));
    m_ui->buttonBox->button(QDialogButtonBox::Save)->setAccessibleName(tr("Save"));
    m_ui->buttonBox->button(QDialogButtonBox::Save)->setEnabled(false);
    m_ui->buttonBox->button(QDialogButtonBox::Cancel)->setAccessibleName(tr("Cancel"));
    m_ui->statusLabel->hide();
    m_ui->saveToAwsConfigCheckBox->setVisible(!m_context.ignoreAwsFiles);
    connect(m_ui->signInPushButton, &QPushButton::clicked, this, &SsoProfileDialog::signIn);
    connect(m_ui->accountComboBox, &QComboBox::currentIndexChanged, this, &SsoProfileDialog::listRoles);
    connect(m_ui->roleComboBox, &QComboBox::currentIndexChanged, this, [this] {
        m_ui->buttonBox->button(QDialogButtonBox::Save)->setEnabled(m_ui->roleComboBox->currentIndex() >= 0);
    });
    // Another portal or region: the accounts listed no longer belong to it.
    auto forgetSignIn = [this] {
        m_accessToken.clear();
        m_ui->accountComboBox->clear();
        m_ui->accountComboBox->setEnabled(false);
        m_ui->roleComboBox->clear();
        m_ui->roleComboBox->setEnabled(false);
    };
    connect(m_ui->startUrlLineEdit, &QLineEdit::textEdited, this, forgetSignIn);
    connect(m_ui->ssoRegionComboBox, &QComboBox::currentTextChanged, this, forgetSignIn);
    connect(m_ui->buttonBox, &QDialogButtonBox::accepted, this, &SsoProfileDialog::save);
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

SsoProfileDialog::~SsoProfileDialog()
{
    // The sign-in and the portal calls use m_network's manager: end them before it goes.
    delete m_signIn;
    delete m_calls;
}

SsoSignInDialog* SsoProfileDialog::signInDialog() const
{
    return m_signIn;
}

QString SsoProfileDialog::statusText() const
{
    return m_ui->statusLabel->isHidden() ? QString() : m_ui->statusLabel->text();
}

void SsoProfileDialog::showStatus(const QString& text)
{
    m_ui->statusLabel->setText(text);
    m_ui->statusLabel->setVisible(!text.isEmpty());
}

SsoProfileConfig SsoProfileDialog::config() const
{
    AppProfileStore::Profile p;
    p.name = m_ui->nameLineEdit->text().trimmed();
    p.ssoStartUrl = m_ui->startUrlLineEdit->text().trimmed();
    p.ssoRegion = m_ui->ssoRegionComboBox->currentText().trimmed();
    SsoProfileConfig c = p.ssoConfig();
    if (m_network && m_network->resolve().ok()) {
        c.oidcEndpoint = m_network->config().ssoOidcEndpointUrl.value;
        c.portalEndpoint = m_network->config().ssoEndpointUrl.value;
        c.caBundlePath = m_network->config().caBundle.value;
    }
    return c;
}

void SsoProfileDialog::signIn()
{
    if (m_signIn)
        return;
    const QString name = m_ui->nameLineEdit->text().trimmed();
    if (!AppProfileStore::isValidName(name)) {
        showStatus(tr("Choose a name of 1 to 64 letters, digits, '.', '_', '-' or '@' first: the sign-in is "
                      "kept under it."));
        m_ui->nameLineEdit->setFocus();
        return;
    }
    const QUrl start(m_ui->startUrlLineEdit->text().trimmed(), QUrl::StrictMode);
    if (!start.isValid() || start.scheme() != QLatin1String("https") || start.host().isEmpty()) {
        showStatus(tr("The start URL must be your AWS access portal's https:// address, such as "
                      "https://my-company.awsapps.com/start."));
        m_ui->startUrlLineEdit->setFocus();
        return;
    }
    if (!isRegionName(m_ui->ssoRegionComboBox->currentText().trimmed())) {
        showStatus(tr("Choose the region of your IAM Identity Center, such as us-east-1."));
        m_ui->ssoRegionComboBox->setFocus();
        return;
    }
    // The environment's endpoints (AWS_ENDPOINT_URL_SSO_OIDC, ...), CA bundle and proxy: no
    // profile is read, as none exists yet.
    DmsConnection::Options network;
    network.environment = m_context.environment;
    network.ignoreSharedFiles = true;
    network.useKeychain = false;
    network.client.region = m_ui->ssoRegionComboBox->currentText().trimmed();
    for (const char* variable : {"AWS_PROFILE", "AWS_DEFAULT_PROFILE"})
        network.environment.remove(QString::fromLatin1(variable));
    delete m_calls;
    m_calls = nullptr;
    m_network = std::make_unique<DmsConnection>(network);
    if (const Result<void> resolved = m_network->resolve(); !resolved.ok()) {
        showStatus(describe(resolved.fault()));
        return;
    }
    SsoSignInDialog::Options options;
    options.config = config();
    options.nam = m_network->networkAccessManager();
    options.environment = m_context.environment;
    options.openUrl = m_context.openUrl;
    auto* dialog = new SsoSignInDialog(std::move(options), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_signIn = dialog;
    connect(dialog, &SsoSignInDialog::signedIn, this, [this, dialog] {
        m_accessToken = dialog->token() ? dialog->token()->accessToken : QString();
        listAccounts();
    });
    showStatus(QString());
    dialog->open();
    dialog->start();
    emit signInDialogOpened(dialog);
}

void SsoProfileDialog::listAccounts()
{
    delete m_calls;
    m_calls = new QObject(this);
    showStatus(tr("Listing the accounts you may use…"));
    const SsoProfileConfig c = config();
    SsoPortalClient portal(c.ssoRegion, c.portalEndpoint, m_network->networkAccessManager(), c.caBundlePath);
    portal.listAccounts(m_accessToken, m_calls, [this](const Result<QList<SsoPortalClient::Account>>& r) {
        m_ui->accountComboBox->clear();
        if (!r.ok()) {
            showStatus(describe(r.fault()));
            emit accountsLoaded();
            return;
        }
        if (r.value().isEmpty()) {
            showStatus(tr("Your user is assigned no AWS account here. Ask your IAM Identity Center "
                          "administrator for one."));
            emit accountsLoaded();
            return;
        }
        showStatus(QString());
        const QSignalBlocker quiet(m_ui->accountComboBox);
        for (const SsoPortalClient::Account& a : r.value())
            m_ui->accountComboBox->addItem(
                a.accountName.isEmpty() ? a.accountId : tr("%1 (%2)").arg(a.accountName, a.accountId),
                a.accountId);
        m_ui->accountComboBox->setEnabled(true);
        m_ui->accountComboBox->setCurrentIndex(0);
        emit accountsLoaded();
        listRoles();
    });
}

void SsoProfileDialog::listRoles()
{
    m_ui->roleComboBox->clear();
    m_ui->roleComboBox->setEnabled(false);
    const QString account = m_ui->accountComboBox->currentData().toString();
    if (account.isEmpty() || m_accessToken.isEmpty() || !m_network)
        return;
    delete m_calls;
    m_calls = new QObject(this);
    const SsoProfileConfig c = config();
    SsoPortalClient portal(c.ssoRegion, c.portalEndpoint, m_network->networkAccessManager(), c.caBundlePath);
    portal.listAccountRoles(
        m_accessToken, account, m_calls, [this](const Result<QList<SsoPortalClient::Role>>& r) {
            if (!r.ok()) {
                showStatus(describe(r.fault()));
                emit rolesLoaded();
                return;
            }
            QStringList roles;
            for (const SsoPortalClient::Role& role : r.value())
                roles << role.roleName;
            roles.sort(Qt::CaseInsensitive);
            m_ui->roleComboBox->addItems(roles);
            m_ui->roleComboBox->setEnabled(!roles.isEmpty());
            showStatus(roles.isEmpty() ? tr("You may use no role in this account: choose another.")
                                       : QString());
            emit rolesLoaded();
        });
}

void SsoProfileDialog::save()
{
    AppProfileStore::Profile p;
    p.name = m_ui->nameLineEdit->text().trimmed();
    p.ssoStartUrl = m_ui->startUrlLineEdit->text().trimmed();
    p.ssoRegion = m_ui->ssoRegionComboBox->currentText().trimmed();
    p.ssoAccountId = m_ui->accountComboBox->currentData().toString();
    p.ssoRoleName = m_ui->roleComboBox->currentText();
    p.region = m_ui->regionComboBox->currentText().trimmed();
    if (p.region.isEmpty())
        p.region = p.ssoRegion;
    if (!AppProfileStore::isValidName(p.name) || p.ssoAccountId.isEmpty() || p.ssoRoleName.isEmpty()) {
        showStatus(tr("Sign in and choose an account and a role first."));
        return;
    }
    if (!isRegionName(p.region)) {
        showStatus(tr("%1 is not a region name such as eu-west-1.").arg(p.region));
        m_ui->regionComboBox->setFocus();
        return;
    }
    AppProfileStore store(m_context.profilesFile());
    if (store.contains(p.name)) {
        showStatus(tr("A profile named %1 already exists: choose another name.").arg(p.name));
        m_ui->nameLineEdit->setFocus();
        return;
    }
    if (m_ui->saveToAwsConfigCheckBox->isChecked() && !m_context.ignoreAwsFiles) {
        // First, so a refusal (a profile of that name there) leaves nothing half done.
        const Result<void> written =
            AwsConfigSsoWriter::append(m_context.environment, p.ssoConfig(), p.region);
        if (!written.ok()) {
            showStatus(describe(written.fault()));
            return;
        }
    }
    if (const Result<void> saved = store.save(p); !saved.ok()) {
        showStatus(describe(saved.fault()));
        return;
    }
    m_saved = p;
    accept();
}

} // namespace dmsx::ui
