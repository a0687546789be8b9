#include "settings/SettingsDialog.h"
#include "ui_SettingsDialog.h"

#include "config/ProxyConfig.h"
#include "dms/AssociationPoller.h"
#include "widgets/HomePath.h"
#include "widgets/Prompts.h"

#include <QCheckBox>
#include <QColor>
#include <QComboBox>
#include <QDir>
#include <QLabel>
#include <QNetworkProxyFactory>
#include <QPalette>
#include <QPushButton>
#include <QStyle>

namespace dmsx::ui {

namespace {

// Index 0 of every tri-state combo box is "not set here".
enum BoolChoice
{
    BoolInherit,
    BoolOn,
    BoolOff
};

std::optional<bool> boolChoice(const QComboBox* box)
{
    switch (box->currentIndex()) {
    case BoolOn:
        return true;
    case BoolOff:
        return false;
    default:
        return std::nullopt;
    }
}

int boolIndex(const std::optional<bool>& value)
{
    return !value ? BoolInherit : (*value ? BoolOn : BoolOff);
}

// Proxy and notification combos: index 0 is "not set", then the modes in enum order.
template <typename E> std::optional<E> enumChoice(const QComboBox* box)
{
    if (box->currentIndex() <= 0)
        return std::nullopt;
    return E(box->currentIndex() - 1);
}

template <typename E> int enumIndex(const std::optional<E>& value)
{
    return value ? int(*value) + 1 : 0;
}

// English without a translation file: "1 attempt", "3 attempts" rather than "3 attempt(s)".
QString counted(qint64 n, const char* one, const char* many)
{
    return n == 1 ? SettingsDialog::tr(one) : SettingsDialog::tr(many).arg(n);
}

QString onOff(bool value)
{
    return value ? SettingsDialog::tr("on") : SettingsDialog::tr("off");
}

} // namespace

SettingsDialog::SettingsDialog(AppSettings settings, QString proxyPassword, Context context, QWidget* parent)
    : QDialog(parent), m_ui(std::make_unique<Ui::SettingsDialog>()), m_context(std::move(context)),
      m_initialPassword(std::move(proxyPassword))
{
    m_ui->setupUi(this);
    connect(m_ui->allowInsecureHttpCheckBox, &QCheckBox::toggled, this, [this] {
        updateEnabled();
        updateSources();
    });
    for (QComboBox* box : {m_ui->fipsComboBox, m_ui->dualStackComboBox}) {
        box->addItem(tr("Not set here (inherit)"));
        box->addItem(tr("On"));
        box->addItem(tr("Off"));
    }
    m_ui->proxyModeComboBox->addItem(tr("Not set here (system)"));
    m_ui->proxyModeComboBox->addItem(tr("System: HTTPS_PROXY and friends, then the desktop settings"));
    m_ui->proxyModeComboBox->addItem(tr("No proxy: connect directly"));
    m_ui->proxyModeComboBox->addItem(tr("Manual"));
    m_ui->notificationsComboBox->addItem(tr("Not set here (always)"));
    m_ui->notificationsComboBox->addItem(tr("Off"));
    m_ui->notificationsComboBox->addItem(tr("When the window is not active"));
    m_ui->notificationsComboBox->addItem(tr("Always"));
    m_ui->retentionComboBox->addItem(tr("Not set here (inherit)"));
    m_ui->retentionComboBox->addItem(tr("Keep everything"));
    m_ui->retentionComboBox->addItem(tr("Keep for a number of days"));
    m_ui->retentionComboBox->addItem(tr("Keep the newest requests"));
    m_ui->maxAttemptsSpinBox->setRange(AppSettings::kMinAttempts - 1, AppSettings::kMaxAttempts);
    m_ui->maxAttemptsSpinBox->setSpecialValueText(tr("Not set here (inherit)"));
    m_ui->pollIntervalSpinBox->setRange(AppSettings::kMinPollSeconds - 1, AppSettings::kMaxPollSeconds);
    m_ui->pollIntervalSpinBox->setSpecialValueText(tr("Default back-off"));
    m_ui->proxyPortSpinBox->setRange(1, AppSettings::kMaxProxyPort);
    m_ui->validationLabel->hide();
    m_ui->caBundleBrowsePushButton->setIcon(QIcon::fromTheme(
        QStringLiteral("document-open"), style()->standardIcon(QStyle::SP_DialogOpenButton)));
    if (QPushButton* ok = m_ui->buttonBox->button(QDialogButtonBox::Ok))
        ok->setAccessibleName(tr("OK"));
    if (QPushButton* cancel = m_ui->buttonBox->button(QDialogButtonBox::Cancel))
        cancel->setAccessibleName(tr("Cancel"));

    m_ui->connectionIntroLabel->setText(
        m_context.profileText.isEmpty()
            ? tr("Where calls go. Leave a field unset to use the environment or ~/.aws; a value set here "
                 "wins over both.")
            : tr("Where calls go, shown for %1. Leave a field unset to use the environment or ~/.aws; a "
                 "value set here wins over both.")
                  .arg(m_context.profileText));
    m_ui->proxyPasswordNoteLabel->setText(
        m_context.keychainText.isEmpty()
            ? tr("The password is kept in the keychain, never in the settings file.")
            : m_context.keychainText);
    m_ui->endpointUrlLineEdit->setPlaceholderText(tr("Not set here"));
    m_ui->caBundleLineEdit->setPlaceholderText(tr("Not set here"));

    if (m_context.resolve) {
        const Result<EffectiveClientConfig> inherited = m_context.resolve(ClientSettings());
        if (inherited.ok())
            m_inherited = inherited.value();
        else
            m_inheritedError = inherited.fault().message;
    }

    populate(settings);

    connect(m_ui->caBundleBrowsePushButton, &QPushButton::clicked, this, [this] {
        const QString file = Prompts::openFileName(this, tr("CA bundle"),
                                                   QFileInfo(m_ui->caBundleLineEdit->text()).absolutePath(),
                                                   tr("Certificates (*.pem *.crt *.cer);;All files (*)"));
        if (!file.isEmpty())
            m_ui->caBundleLineEdit->setText(QDir::toNativeSeparators(file));
    });
    for (QLineEdit* edit : {m_ui->endpointUrlLineEdit, m_ui->caBundleLineEdit, m_ui->proxyHostLineEdit,
                            m_ui->proxyUserLineEdit})
        connect(edit, &QLineEdit::textChanged, this, [this] {
            updateEnabled();
            updateSources();
        });
    for (QComboBox* box : {m_ui->fipsComboBox, m_ui->dualStackComboBox, m_ui->proxyModeComboBox,
                           m_ui->notificationsComboBox, m_ui->retentionComboBox})
        connect(box, &QComboBox::currentIndexChanged, this, [this] {
            updateEnabled();
            updateSources();
        });
    for (QSpinBox* spin : {m_ui->maxAttemptsSpinBox, m_ui->pollIntervalSpinBox, m_ui->retentionSpinBox,
                           m_ui->proxyPortSpinBox})
        connect(spin, &QSpinBox::valueChanged, this, [this] { updateSources(); });
    updateEnabled();
    updateSources();
}

SettingsDialog::~SettingsDialog() = default;

QTabWidget* SettingsDialog::tabWidget() const
{
    return m_ui->settingsTabWidget;
}

void SettingsDialog::populate(const AppSettings& s)
{
    m_ui->endpointUrlLineEdit->setText(s.endpointUrl);
    m_ui->allowInsecureHttpCheckBox->setChecked(s.allowInsecureHttp);
    m_ui->fipsComboBox->setCurrentIndex(boolIndex(s.useFips));
    m_ui->dualStackComboBox->setCurrentIndex(boolIndex(s.useDualStack));
    m_ui->proxyModeComboBox->setCurrentIndex(enumIndex(s.proxyMode));
    m_ui->proxyHostLineEdit->setText(s.proxyHost);
    m_ui->proxyPortSpinBox->setValue(s.proxyPort);
    m_ui->proxyUserLineEdit->setText(s.proxyUser);
    m_ui->proxyPasswordLineEdit->setText(m_initialPassword);
    m_ui->caBundleLineEdit->setText(s.caBundlePath);
    m_ui->maxAttemptsSpinBox->setValue(s.maxAttempts.value_or(m_ui->maxAttemptsSpinBox->minimum()));
    m_ui->pollIntervalSpinBox->setValue(s.pollIntervalSeconds.value_or(m_ui->pollIntervalSpinBox->minimum()));
    m_ui->notificationsComboBox->setCurrentIndex(enumIndex(s.notifications));
    m_ui->retentionComboBox->setCurrentIndex(enumIndex(s.retention));
    m_ui->retentionSpinBox->setValue(s.retention == AppSettings::RetentionMode::Rows ? int(s.retentionRows)
                                                                                     : s.retentionDays);
}

AppSettings SettingsDialog::settings() const
{
    AppSettings s;
    s.endpointUrl = m_ui->endpointUrlLineEdit->text().trimmed();
    s.allowInsecureHttp = m_ui->allowInsecureHttpCheckBox->isChecked();
    s.useFips = boolChoice(m_ui->fipsComboBox);
    s.useDualStack = boolChoice(m_ui->dualStackComboBox);
    s.proxyMode = enumChoice<AppSettings::ProxyMode>(m_ui->proxyModeComboBox);
    if (s.proxyMode == AppSettings::ProxyMode::Manual) {
        s.proxyHost = m_ui->proxyHostLineEdit->text().trimmed();
        s.proxyPort = m_ui->proxyPortSpinBox->value();
        s.proxyUser = m_ui->proxyUserLineEdit->text().trimmed();
    }
    s.caBundlePath = m_ui->caBundleLineEdit->text().trimmed();
    if (m_ui->maxAttemptsSpinBox->value() != m_ui->maxAttemptsSpinBox->minimum())
        s.maxAttempts = m_ui->maxAttemptsSpinBox->value();
    if (m_ui->pollIntervalSpinBox->value() != m_ui->pollIntervalSpinBox->minimum())
        s.pollIntervalSeconds = m_ui->pollIntervalSpinBox->value();
    s.notifications = enumChoice<AppSettings::NotificationMode>(m_ui->notificationsComboBox);
    s.retention = enumChoice<AppSettings::RetentionMode>(m_ui->retentionComboBox);
    if (s.retention == AppSettings::RetentionMode::Days)
        s.retentionDays = m_ui->retentionSpinBox->value();
    else if (s.retention == AppSettings::RetentionMode::Rows)
        s.retentionRows = m_ui->retentionSpinBox->value();
    return s;
}

QString SettingsDialog::proxyPassword() const
{
    return settings().needsProxyPassword() ? m_ui->proxyPasswordLineEdit->text() : QString();
}

bool SettingsDialog::proxyPasswordChanged() const
{
    return proxyPassword() != m_initialPassword;
}

void SettingsDialog::updateEnabled()
{
    const bool manual =
        m_ui->proxyModeComboBox->currentIndex() == enumIndex(std::optional(AppSettings::ProxyMode::Manual));
    m_ui->manualProxyGroupBox->setEnabled(manual);
    const bool user = !m_ui->proxyUserLineEdit->text().trimmed().isEmpty();
    m_ui->proxyPasswordLineEdit->setEnabled(user);
    m_ui->proxyPasswordLabel->setEnabled(user);
    const auto retention = enumChoice<AppSettings::RetentionMode>(m_ui->retentionComboBox);
    const bool counted =
        retention == AppSettings::RetentionMode::Days || retention == AppSettings::RetentionMode::Rows;
    m_ui->retentionSpinBox->setVisible(counted);
    m_ui->retentionSpinBox->setSuffix(retention == AppSettings::RetentionMode::Days ? tr(" days")
                                                                                    : tr(" requests"));
    updateCleartextProblem();
}

void SettingsDialog::updateCleartextProblem()
{
    // Said while typing, under the field: unchecked it is an error and OK waits; checked, a warning.
    const QString url = m_ui->endpointUrlLineEdit->text().trimmed();
    const QString clear = url.isEmpty() ? QString() : AppSettings::cleartextEndpointProblem(url);
    const bool allowed = m_ui->allowInsecureHttpCheckBox->isChecked();
    QLabel* label = m_ui->endpointUrlProblemLabel;
    if (clear.isEmpty()) {
        label->clear();
        label->hide();
    } else {
        label->setText(allowed ? tr("Warning: %1 Allowed by the box below.").arg(clear)
                               : tr("Error: %1 Use https://, or check \"Allow plain HTTP to hosts other than "
                                    "this computer\" if you really mean it.")
                                     .arg(clear));
        QPalette palette = label->palette();
        palette.setColor(QPalette::WindowText, allowed ? QColor(0x8a, 0x5a, 0x00) : QColor(0xb0, 0x00, 0x20));
        label->setPalette(palette);
        label->show();
    }
    m_ui->endpointUrlLineEdit->setAccessibleDescription(label->text());
    if (QPushButton* ok = m_ui->buttonBox->button(QDialogButtonBox::Ok))
        ok->setEnabled(clear.isEmpty() || allowed);
}

QLabel* SettingsDialog::sourceLabel(const QString& field) const
{
    return findChild<QLabel*>(field + QStringLiteral("SourceLabel"));
}

QString SettingsDialog::sourceText(const QString& field) const
{
    const QLabel* label = sourceLabel(field);
    return label ? label->text() : QString();
}

QString SettingsDialog::validationText() const
{
    return m_ui->validationLabel->text();
}

QString SettingsDialog::displayPath(const QString& path) const
{
    return HomePath::shorten(path, m_context.environment.value(QStringLiteral("HOME")));
}

// "Not set here: on, from environment variable AWS_USE_FIPS_ENDPOINT."
QString SettingsDialog::inherited(const QString& value, const ValueSource& source) const
{
    switch (source.kind) {
    case ValueSource::Kind::Unset:
    case ValueSource::Kind::Default:
        return tr("Not set here: %1 (default).").arg(value);
    case ValueSource::Kind::File:
        return tr("Not set here: %1, from %2:%3 (%4, %5).")
            .arg(value, displayPath(source.filePath))
            .arg(source.line)
            .arg(source.section, source.name);
    case ValueSource::Kind::Option:
        // The window passes the chosen profile's own values (the demo's endpoint, an app
        // profile's endpoint) as options.
        return tr("Not set here: %1, from the profile in use.").arg(value);
    default:
        return tr("Not set here: %1, from %2.").arg(value, source.describe());
    }
}

// "Set here; overrides environment variable AWS_USE_FIPS_ENDPOINT (off)." when something
// outside the app would otherwise decide.
QString SettingsDialog::overriding(const ValueSource& source, const QString& value) const
{
    switch (source.kind) {
    case ValueSource::Kind::Option:
        return tr("Set here, but the profile in use sets its own (%1), which wins for it.").arg(value);
    case ValueSource::Kind::Environment:
        return tr("Set here; overrides %1 (%2).").arg(source.describe(), value);
    case ValueSource::Kind::File:
        return tr("Set here; overrides %1:%2 (%3, %4 = %5).")
            .arg(displayPath(source.filePath))
            .arg(source.line)
            .arg(source.section, source.name, value);
    default:
        return tr("Set here.");
    }
}

QString SettingsDialog::proxySource(const AppSettings& s) const
{
    // What "system" gives for the endpoint in use: the environment first, then the desktop.
    const QUrl endpoint =
        m_inherited ? m_inherited->endpoint.url : QUrl(QStringLiteral("https://amazonaws.com"));
    const ProxyConfig env = ProxyConfig::fromEnvironment(m_context.environment);
    const std::optional<QNetworkProxy> fromEnv = env.proxyFor(endpoint);
    const bool https = endpoint.scheme() == QLatin1String("https");
    QString systemText;
    bool fromEnvironment = false;
    if (fromEnv && fromEnv->type() == QNetworkProxy::NoProxy) {
        systemText = tr("direct, NO_PROXY matches %1").arg(endpoint.host());
        fromEnvironment = true;
    } else if (fromEnv) {
        const QString variable = https ? QStringLiteral("HTTPS_PROXY") : QStringLiteral("HTTP_PROXY");
        systemText =
            tr("%1 from environment variable %2")
                .arg((https ? env.httpsProxy : env.httpProxy).toString(QUrl::RemoveUserInfo), variable);
        fromEnvironment = true;
    } else {
        const QList<QNetworkProxy> system =
            QNetworkProxyFactory::systemProxyForQuery(QNetworkProxyQuery(endpoint));
        if (!system.isEmpty() && system.first().type() != QNetworkProxy::NoProxy &&
            system.first().type() != QNetworkProxy::DefaultProxy)
            systemText = tr("%1:%2 from the desktop's proxy settings")
                             .arg(system.first().hostName())
                             .arg(system.first().port());
        else
            systemText = tr("direct, no proxy is configured");
    }
    if (!s.proxyMode)
        return tr("Not set here: system (%1).").arg(systemText);
    switch (*s.proxyMode) {
    case AppSettings::ProxyMode::System:
        return tr("Set here: system (%1).").arg(systemText);
    case AppSettings::ProxyMode::None:
        return fromEnvironment ? tr("Set here: direct; overrides %1.").arg(systemText)
                               : tr("Set here: direct connections.");
    case AppSettings::ProxyMode::Manual:
        return fromEnvironment ? tr("Set here: the proxy below; overrides %1.").arg(systemText)
                               : tr("Set here: the proxy below.");
    }
    return QString();
}

void SettingsDialog::updateSources()
{
    const AppSettings s = settings();
    const bool known = m_inherited.has_value();
    const QString unknown =
        tr("Not set here: the AWS configuration could not be read (%1).").arg(m_inheritedError);
    const EffectiveClientConfig cfg = m_inherited.value_or(EffectiveClientConfig());

    QString text;
    if (!s.endpointUrl.isEmpty())
        text = known && cfg.endpointUrl.isSet() ? overriding(cfg.endpointUrl.source, cfg.endpointUrl.value)
                                                : tr("Set here.");
    else if (!known)
        text = unknown;
    else if (cfg.endpointUrl.isSet())
        text = inherited(cfg.endpointUrl.value, cfg.endpointUrl.source);
    else
        text = tr("Not set here: %1, from the endpoint rules for %2.")
                   .arg(cfg.endpoint.url.toString(), cfg.endpoint.signingRegion);
    m_ui->endpointUrlSourceLabel->setText(text);

    auto boolText = [&](const std::optional<bool>& here, const Sourced<bool>& from) {
        if (here)
            return known ? overriding(from.source, onOff(from.value)) : tr("Set here.");
        return known ? inherited(onOff(from.value), from.source) : unknown;
    };
    m_ui->fipsSourceLabel->setText(boolText(s.useFips, cfg.useFips));
    m_ui->dualStackSourceLabel->setText(boolText(s.useDualStack, cfg.useDualStack));

    m_ui->proxySourceLabel->setText(proxySource(s));

    if (!s.caBundlePath.isEmpty())
        text = known && cfg.caBundle.isSet()
                   ? overriding(cfg.caBundle.source, displayPath(cfg.caBundle.value))
                   : tr("Set here; replaces the system's trusted certificates.");
    else if (!known)
        text = unknown;
    else if (cfg.caBundle.isSet())
        text = inherited(displayPath(cfg.caBundle.value), cfg.caBundle.source);
    else
        text = tr("Not set here: the system's trusted certificates (default).");
    m_ui->caBundleSourceLabel->setText(text);

    if (s.maxAttempts)
        text = known ? overriding(cfg.maxAttempts.source, QString::number(cfg.maxAttempts.value))
                     : tr("Set here.");
    else
        text = known ? inherited(
                           counted(cfg.maxAttempts.value, QT_TR_NOOP("1 attempt"), QT_TR_NOOP("%1 attempts")),
                           cfg.maxAttempts.source)
                     : unknown;
    m_ui->maxAttemptsSourceLabel->setText(text);

    const QList<int> schedule = AssociationPoller::defaultSchedule();
    const QString backOff =
        tr("every %1 s at first, growing to %2 s").arg(schedule.first() / 1000).arg(schedule.last() / 1000);
    m_ui->pollIntervalSourceLabel->setText(
        s.pollIntervalSeconds
            ? tr("Set here: a running installation is checked every %1.")
                  .arg(counted(*s.pollIntervalSeconds, QT_TR_NOOP("second"), QT_TR_NOOP("%1 seconds")))
            : tr("Not set here: %1 (default).").arg(backOff));

    auto retentionText = [](const AppSettings::Retention& r) {
        if (r.days > 0)
            return counted(r.days, QT_TR_NOOP("requests of the last day"),
                           QT_TR_NOOP("requests of the last %1 days"));
        if (r.rows > 0)
            return counted(r.rows, QT_TR_NOOP("the newest request"), QT_TR_NOOP("the newest %1 requests"));
        return tr("everything");
    };
    const AppSettings::Retention fromEnv = AppSettings().effectiveRetention(m_context.environment);
    if (s.retention) {
        const QString kept = retentionText(s.effectiveRetention(m_context.environment));
        text = fromEnv.source.kind == ValueSource::Kind::Environment
                   ? tr("Set here: keeps %1; overrides %2 (%3).")
                         .arg(kept, fromEnv.source.describe(), retentionText(fromEnv))
                   : tr("Set here: keeps %1.").arg(kept);
    } else {
        text = fromEnv.source.kind == ValueSource::Kind::Environment
                   ? tr("Not set here: keeps %1, from %2.")
                         .arg(retentionText(fromEnv), fromEnv.source.describe())
                   : tr("Not set here: keeps everything (default).");
    }
    m_ui->retentionSourceLabel->setText(text);

    const QStringList modes{tr("off"), tr("when the window is not active"), tr("always")};
    m_ui->notificationsSourceLabel->setText(
        s.notifications
            ? tr("Set here: %1.").arg(modes.at(int(*s.notifications)))
            : tr("Not set here: %1 (default).").arg(modes.at(int(AppSettings::kDefaultNotifications))));
}

void SettingsDialog::showProblems(const QStringList& problems, QWidget* focus)
{
    m_ui->validationLabel->setText(problems.join(QLatin1Char('\n')));
    m_ui->validationLabel->setVisible(!problems.isEmpty());
    if (focus) {
        for (QWidget* w = focus->parentWidget(); w; w = w->parentWidget()) {
            if (m_ui->settingsTabWidget->indexOf(w) >= 0) {
                m_ui->settingsTabWidget->setCurrentWidget(w);
                break;
            }
        }
        focus->setFocus(Qt::OtherFocusReason);
    }
}

void SettingsDialog::accept()
{
    const AppSettings s = settings();
    // Field by field, so the first field with a problem gets the focus.
    struct Check
    {
        QString problem;
        QWidget* field;
    };
    QList<Check> checks;
    if (!s.endpointUrl.isEmpty())
        checks.append({AppSettings::endpointUrlProblem(s.endpointUrl), m_ui->endpointUrlLineEdit});
    if (s.proxyMode == AppSettings::ProxyMode::Manual) {
        checks.append({AppSettings::proxyHostProblem(s.proxyHost), m_ui->proxyHostLineEdit});
        checks.append({AppSettings::proxyPortProblem(s.proxyPort), m_ui->proxyPortSpinBox});
    }
    if (!s.caBundlePath.isEmpty())
        checks.append({AppSettings::caBundleProblem(s.caBundlePath), m_ui->caBundleLineEdit});
    QStringList problems;
    QWidget* first = nullptr;
    for (const Check& c : std::as_const(checks)) {
        if (c.problem.isEmpty())
            continue;
        problems.append(c.problem);
        if (!first)
            first = c.field;
    }
    for (const QString& p : s.problems()) {
        if (!problems.contains(p))
            problems.append(p);
    }
    // The endpoint rules have the last word on combinations (FIPS or dual-stack with a custom
    // endpoint, a partition without FIPS): a setting the connection would refuse is not saved.
    if (problems.isEmpty() && m_context.resolve && m_inherited) {
        const Result<EffectiveClientConfig> resolved = m_context.resolve(s.clientSettings());
        if (!resolved.ok()) {
            problems.append(
                tr("These settings do not work together for %1: %2")
                    .arg(m_context.profileText.isEmpty() ? tr("this profile") : m_context.profileText,
                         resolved.fault().message));
            if (s.useFips)
                first = m_ui->fipsComboBox;
            else if (s.useDualStack)
                first = m_ui->dualStackComboBox;
            else
                first = m_ui->endpointUrlLineEdit;
        }
    }
    if (!problems.isEmpty()) {
        showProblems(problems, first);
        return;
    }
    showProblems({}, nullptr);
    QDialog::accept();
}

} // namespace dmsx::ui
