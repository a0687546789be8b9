#include "base/FaultCodes.h"
#include "config/AppSettings.h"
#include "config/ClientConfigResolver.h"
#include "settings/SettingsDialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QtTest>

using namespace dmsx;
using namespace dmsx::ui;

// The Settings dialog on the offscreen platform: each field's source computed with
// ClientConfigResolver from an injected environment and a real ~/.aws/config, and validation.
class TestSettingsDialog : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_home;
    QProcessEnvironment m_env;

    void writeConfig(const QByteArray& text)
    {
        QDir(m_home->path()).mkpath(QStringLiteral(".aws"));
        QFile f(m_home->filePath(QStringLiteral(".aws/config")));
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(text);
    }

    SettingsDialog::Context context() const
    {
        SettingsDialog::Context c;
        c.environment = m_env;
        c.profileText = QStringLiteral("dev in eu-west-1");
        const QProcessEnvironment env = m_env;
        c.resolve = [env](const ClientSettings& settings) {
            ClientOptions options;
            options.profile = QStringLiteral("dev");
            options.settings = settings;
            return ClientConfigResolver::resolve(options, env);
        };
        return c;
    }

    template <typename T> static T* child(const QDialog& d, const char* name)
    {
        T* w = d.findChild<T*>(QString::fromLatin1(name));
        if (!w)
            qWarning("no child %s", name);
        return w;
    }

private slots:
    void init()
    {
        m_home = std::make_unique<QTemporaryDir>();
        QVERIFY(m_home->isValid());
        m_env = QProcessEnvironment();
        m_env.insert(QStringLiteral("HOME"), m_home->path());
        writeConfig("[default]\nregion = us-east-1\n\n[profile dev]\nregion = eu-west-1\nmax_attempts = 4\n");
    }

    void showsWhereInheritedValuesComeFrom()
    {
        m_env.insert(QStringLiteral("AWS_USE_FIPS_ENDPOINT"), QStringLiteral("true"));
        m_env.insert(QStringLiteral("DMSX_HISTORY_RETENTION_DAYS"), QStringLiteral("30"));
        SettingsDialog dialog(AppSettings(), QString(), context());
        dialog.show();
        QVERIFY2(dialog.sourceText(QStringLiteral("fips"))
                     .contains(QStringLiteral("on, from environment variable AWS_USE_FIPS_ENDPOINT")),
                 qPrintable(dialog.sourceText(QStringLiteral("fips"))));
        // The file, with its line, the profile and the key; the home folder shortened to ~.
        QVERIFY2(
            dialog.sourceText(QStringLiteral("maxAttempts"))
                .contains(QStringLiteral("4 attempts, from ~/.aws/config:6 (profile dev, max_attempts)")),
            qPrintable(dialog.sourceText(QStringLiteral("maxAttempts"))));
        QVERIFY(dialog.sourceText(QStringLiteral("dualStack")).contains(QStringLiteral("off (default)")));
        QVERIFY2(
            dialog.sourceText(QStringLiteral("endpointUrl")).contains(QStringLiteral("dms-fips.eu-west-1")),
            qPrintable(dialog.sourceText(QStringLiteral("endpointUrl"))));
        QVERIFY(dialog.sourceText(QStringLiteral("retention"))
                    .contains(QStringLiteral("from environment variable DMSX_HISTORY_RETENTION_DAYS")));
        QVERIFY(dialog.sourceText(QStringLiteral("caBundle")).contains(QStringLiteral("default")));
        QVERIFY(dialog.sourceText(QStringLiteral("pollInterval")).contains(QStringLiteral("default")));

        // Set in the app: the label says what it overrides.
        child<QComboBox>(dialog, "fipsComboBox")->setCurrentIndex(2); // Off
        QVERIFY2(dialog.sourceText(QStringLiteral("fips"))
                     .contains(QStringLiteral(
                         "Set here; overrides environment variable AWS_USE_FIPS_ENDPOINT (on)")),
                 qPrintable(dialog.sourceText(QStringLiteral("fips"))));
        child<QSpinBox>(dialog, "maxAttemptsSpinBox")->setValue(1);
        QVERIFY(dialog.sourceText(QStringLiteral("maxAttempts"))
                    .contains(QStringLiteral("overrides ~/.aws/config:6 (profile dev, max_attempts = 4)")));
        child<QComboBox>(dialog, "retentionComboBox")->setCurrentIndex(1); // keep everything
        QVERIFY(dialog.sourceText(QStringLiteral("retention"))
                    .contains(QStringLiteral("overrides environment variable DMSX_HISTORY_RETENTION_DAYS")));

        dialog.accept();
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        const AppSettings s = dialog.settings();
        QCOMPARE(s.useFips, std::optional<bool>(false));
        QCOMPARE(s.maxAttempts, std::optional<int>(1));
        QCOMPARE(s.retention, std::optional(AppSettings::RetentionMode::KeepAll));
        QVERIFY(!s.useDualStack && !s.pollIntervalSeconds && !s.proxyMode && s.endpointUrl.isEmpty());
    }

    void showsTheEnvironmentProxyAndWhatOverridesIt()
    {
        m_env.insert(QStringLiteral("HTTPS_PROXY"),
                     QStringLiteral("http://user:secret@proxy.env.example:3128"));
        SettingsDialog dialog(AppSettings(), QString(), context());
        const QString system = dialog.sourceText(QStringLiteral("proxy"));
        QVERIFY2(system.contains(
                     QStringLiteral("http://proxy.env.example:3128 from environment variable HTTPS_PROXY")),
                 qPrintable(system));
        QVERIFY(!system.contains(QStringLiteral("secret")));
        QVERIFY(!child<QWidget>(dialog, "manualProxyGroupBox")->isEnabled());
        child<QComboBox>(dialog, "proxyModeComboBox")->setCurrentIndex(2); // none
        QVERIFY(dialog.sourceText(QStringLiteral("proxy")).contains(QStringLiteral("direct; overrides")));
        child<QComboBox>(dialog, "proxyModeComboBox")->setCurrentIndex(3); // manual
        QVERIFY(child<QWidget>(dialog, "manualProxyGroupBox")->isEnabled());
        // The password field only matters with a user.
        QVERIFY(!child<QWidget>(dialog, "proxyPasswordLineEdit")->isEnabled());
        child<QLineEdit>(dialog, "proxyUserLineEdit")->setText(QStringLiteral("alice"));
        QVERIFY(child<QWidget>(dialog, "proxyPasswordLineEdit")->isEnabled());
        QCOMPARE(child<QLineEdit>(dialog, "proxyPasswordLineEdit")->echoMode(), QLineEdit::Password);
        auto* port = child<QSpinBox>(dialog, "proxyPortSpinBox");
        QCOMPARE(port->minimum(), 1);
        QCOMPARE(port->maximum(), 65535);
    }

    void validatesWithSpecificMessages()
    {
        SettingsDialog dialog(AppSettings(), QString(), context());
        dialog.show();
        auto* tabs = dialog.tabWidget();
        auto* endpoint = child<QLineEdit>(dialog, "endpointUrlLineEdit");
        auto* ca = child<QLineEdit>(dialog, "caBundleLineEdit");

        tabs->setCurrentIndex(2);
        endpoint->setText(QStringLiteral("dms.example.com"));
        dialog.accept();
        QVERIFY(dialog.isVisible());
        QVERIFY2(dialog.validationText().contains(QStringLiteral("must start with https://")),
                 qPrintable(dialog.validationText()));
        QCOMPARE(tabs->currentIndex(), 0); // back to the field with the problem
        QVERIFY(endpoint->hasFocus() || QApplication::focusWidget() == endpoint || !dialog.isActiveWindow());

        endpoint->clear();
        ca->setText(m_home->filePath(QStringLiteral("missing.pem")));
        dialog.accept();
        QVERIFY(dialog.isVisible());
        QVERIFY2(dialog.validationText().contains(QStringLiteral("The CA bundle file does not exist")),
                 qPrintable(dialog.validationText()));
        QCOMPARE(tabs->currentWidget()->objectName(), QStringLiteral("networkTab"));

        ca->clear();
        child<QComboBox>(dialog, "proxyModeComboBox")->setCurrentIndex(3); // manual, no host
        dialog.accept();
        QVERIFY(dialog.isVisible());
        QVERIFY(dialog.validationText().contains(QStringLiteral("proxy's host name")));
        child<QLineEdit>(dialog, "proxyHostLineEdit")->setText(QStringLiteral("http://proxy:3128"));
        dialog.accept();
        QVERIFY(dialog.validationText().contains(QStringLiteral("looks like a URL")));
        child<QComboBox>(dialog, "proxyModeComboBox")->setCurrentIndex(0);

        // Valid one by one, but the endpoint rules refuse FIPS with a custom endpoint.
        endpoint->setText(QStringLiteral("https://dms.corp.example"));
        child<QComboBox>(dialog, "fipsComboBox")->setCurrentIndex(1); // on
        dialog.accept();
        QVERIFY(dialog.isVisible());
        QVERIFY2(
            dialog.validationText().contains(QStringLiteral("FIPS and custom endpoint are not supported")),
            qPrintable(dialog.validationText()));

        child<QComboBox>(dialog, "fipsComboBox")->setCurrentIndex(0);
        dialog.accept();
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QCOMPARE(dialog.settings().endpointUrl, QStringLiteral("https://dms.corp.example"));
    }

    void showsWhatIsSetAndIsKeyboardReady()
    {
        AppSettings s;
        s.endpointUrl = QStringLiteral("https://dms.corp.example");
        s.useDualStack = false;
        s.proxyMode = AppSettings::ProxyMode::Manual;
        s.proxyHost = QStringLiteral("proxy.corp");
        s.proxyPort = 8080;
        s.proxyUser = QStringLiteral("bob");
        s.maxAttempts = 5;
        s.pollIntervalSeconds = 20;
        s.notifications = AppSettings::NotificationMode::WhenInactive;
        s.retention = AppSettings::RetentionMode::Days;
        s.retentionDays = 14;
        SettingsDialog dialog(s, QStringLiteral("pw"), context());
        QVERIFY(dialog.settings() == s);
        QCOMPARE(dialog.proxyPassword(), QStringLiteral("pw"));
        QVERIFY(!dialog.proxyPasswordChanged());
        child<QLineEdit>(dialog, "proxyPasswordLineEdit")->setText(QStringLiteral("new"));
        QVERIFY(dialog.proxyPasswordChanged());
        QVERIFY(
            dialog.sourceText(QStringLiteral("pollInterval")).contains(QStringLiteral("every 20 seconds")));
        QVERIFY(dialog.sourceText(QStringLiteral("notifications")).contains(QStringLiteral("not active")));

        // Every label with a mnemonic leads to its field; every field has an accessible name.
        for (QLabel* label : dialog.findChildren<QLabel*>()) {
            if (label->text().contains(QLatin1Char('&')))
                QVERIFY2(label->buddy(), qPrintable(label->objectName()));
        }
        for (QWidget* w : dialog.findChildren<QWidget*>()) {
            if (qobject_cast<QLineEdit*>(w) || qobject_cast<QComboBox*>(w) || qobject_cast<QSpinBox*>(w)) {
                if (w->parentWidget() && qobject_cast<QSpinBox*>(w->parentWidget()))
                    continue; // a spin box's own line edit
                QVERIFY2(!w->accessibleName().isEmpty(), qPrintable(w->objectName()));
            }
        }
        QCOMPARE(dialog.tabWidget()->count(), 4);
    }
    // Plain http:// beyond this computer is an explicit choice: typed with the box unchecked it is
    // an error under the field and OK waits; checked, a warning, and the connection honours it.
    void plainHttpToAnotherComputerNeedsTheBox()
    {
        SettingsDialog dialog(AppSettings(), QString(), context());
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        auto* endpoint = child<QLineEdit>(dialog, "endpointUrlLineEdit");
        auto* problem = child<QLabel>(dialog, "endpointUrlProblemLabel");
        auto* allow = child<QCheckBox>(dialog, "allowInsecureHttpCheckBox");
        QPushButton* ok = dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok);
        QVERIFY(endpoint && problem && allow && ok);
        QVERIFY(!allow->isChecked()); // off by default
        QVERIFY(!problem->isVisible());

        endpoint->setFocus();
        QTest::keyClicks(endpoint, QStringLiteral("http://127.0.0.1:4566"));
        QVERIFY(!problem->isVisible()); // this computer: nothing crosses the network
        QVERIFY(ok->isEnabled());

        endpoint->clear();
        QTest::keyClicks(endpoint, QStringLiteral("http://10.0.0.5:8080"));
        QVERIFY(problem->isVisible());
        QVERIFY2(problem->text().startsWith(QLatin1String("Error: http://10.0.0.5 is not this computer")),
                 qPrintable(problem->text()));
        QVERIFY(
            problem->text().contains(QLatin1String("Allow plain HTTP to hosts other than this computer")));
        QVERIFY(!ok->isEnabled());
        QCOMPARE(endpoint->accessibleDescription(), problem->text());
        QTest::keyClick(&dialog, Qt::Key_Return); // the default button is disabled: nothing happens
        QVERIFY(dialog.isVisible());

        QTest::mouseClick(allow, Qt::LeftButton, {}, QPoint(5, allow->height() / 2));
        QVERIFY(allow->isChecked());
        QVERIFY(problem->isVisible());
        QVERIFY2(problem->text().startsWith(QLatin1String("Warning: http://10.0.0.5 is not this computer")),
                 qPrintable(problem->text()));
        QVERIFY(ok->isEnabled());
        // The connection the dialog checks against is the one the window opens: allowed now.
        const Result<EffectiveClientConfig> resolved = context().resolve(dialog.settings().clientSettings());
        QVERIFY2(resolved.ok(), qPrintable(resolved.ok() ? QString() : resolved.fault().message));
        QVERIFY(resolved->allowInsecureHttp.value);
        QCOMPARE(resolved->insecureEndpoints(), QStringList{QStringLiteral("DMS http://10.0.0.5:8080")});
        QTest::mouseClick(ok, Qt::LeftButton);
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QVERIFY(dialog.settings().allowInsecureHttp);

        // Unchecked, the same settings are refused by the connection as by the CLI without the option.
        AppSettings off = dialog.settings();
        off.allowInsecureHttp = false;
        const Result<EffectiveClientConfig> refused = context().resolve(off.clientSettings());
        QVERIFY(!refused.ok());
        QCOMPARE(refused.fault().code, QString(FaultCode::InsecureEndpoint));
    }
};

QTEST_MAIN(TestSettingsDialog)
#include "tst_settingsdialog.moc"
