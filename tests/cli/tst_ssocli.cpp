// `dms-extpack-cli sso login` and `sso logout` as a person types them, against the real dms-sim:
// the program prints the AWS CLI's words with the code, the test plays the browser by approving
// that code through POST /__sim/sso/approve (read from the program's output, as a person reads
// it), and the token it caches lets `projects list` work; `sso logout` signs out and removes it.
#include "CliRun.h"
#include "DmsSimProcess.h"
#include "SanitizerOptions.h"

#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

namespace {

const QString kStartUrl = QStringLiteral("https://d-1234567890.awsapps.com/start");
// sha1("corp"): the AWS CLI's name for the sso-session's token file.
const QString kTokenFile = QStringLiteral(".aws/sso/cache/ee0bfd2552fbd840c02cc48b6e823320543c450f.json");

// The key pair the portal hands out for the role, fixed so the calls signed with it can be told apart.
const QString kRoleKeyId = QStringLiteral("ASIASSOROLEKEY000002");

// The demo's projects (erp-migration installs cleanly) and one more, behind this test's sign-in.
QByteArray scenario()
{
    QFile demo(qEnvironmentVariable("DMSX_SOURCE_DIR") + QStringLiteral("/sim/scenarios/demo.json"));
    if (!demo.open(QIODevice::ReadOnly))
        return QByteArray();
    QJsonObject s = QJsonDocument::fromJson(demo.readAll()).object();
    const QJsonObject role{{QStringLiteral("roleName"), QStringLiteral("DmsOperator")},
                           {QStringLiteral("accessKeyId"), kRoleKeyId},
                           {QStringLiteral("secretAccessKey"), QStringLiteral("sso-role-secret-key")},
                           {QStringLiteral("sessionToken"), QStringLiteral("sso-role-session-token")}};
    const QJsonObject account{{QStringLiteral("accountId"), QStringLiteral("111122223333")},
                              {QStringLiteral("accountName"), QStringLiteral("Databases")},
                              {QStringLiteral("roles"), QJsonArray{role}}};
    s.insert(QStringLiteral("ssoOidc"),
             QJsonObject{{QStringLiteral("interval"), 0}, {QStringLiteral("accounts"), QJsonArray{account}}});
    QJsonArray projects = s.value(QStringLiteral("projects")).toArray();
    projects.append(QJsonObject{{QStringLiteral("name"), QStringLiteral("sso-project")}});
    s.insert(QStringLiteral("projects"), projects);
    return QJsonDocument(s).toJson();
}

const char kConfig[] = "[profile dba]\n"
                       "sso_session = corp\n"
                       "sso_account_id = 111122223333\n"
                       "sso_role_name = DmsOperator\n"
                       "region = us-east-1\n"
                       "\n"
                       "[sso-session corp]\n"
                       "sso_start_url = https://d-1234567890.awsapps.com/start\n"
                       "sso_region = eu-west-1\n"
                       "sso_registration_scopes = sso:account:access\n";

unsigned modeOf(const QString& path)
{
    struct stat st
    {
    };
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return 0;
    return st.st_mode & 0777;
}

struct Signed
{
    int exitCode = -1;
    QString out;
    QString err;
    QString userCode;
};

} // namespace

class TestSsoCli : public QObject
{
    Q_OBJECT

private:
    DmsSimProcess m_sim;
    QTemporaryDir m_home;
    QNetworkAccessManager m_nam;

    QProcessEnvironment env() const
    {
        QProcessEnvironment e = CliRun::cleanEnvironment(m_home.path());
        // The simulator serves the portal and sign-in; DMS is given with --endpoint-url.
        e.insert(QStringLiteral("AWS_ENDPOINT_URL_SSO"), m_sim.url().toString());
        e.insert(QStringLiteral("AWS_ENDPOINT_URL_SSO_OIDC"), m_sim.url().toString());
        e.insert(QStringLiteral("AWS_ENDPOINT_URL_STS"), m_sim.url().toString());
        return e;
    }

    bool simPost(const QString& path, const QJsonObject& body)
    {
        QNetworkRequest request(m_sim.url().resolved(QUrl(path)));
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        QNetworkReply* reply = m_nam.post(request, QJsonDocument(body).toJson());
        QEventLoop loop;
        connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        loop.exec();
        reply->deleteLater();
        return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 200;
    }

    // Runs `sso login ARGS` and answers the code it prints through `browser` ("approve" or
    // "deny"), as the person at the browser would; "" leaves the answer to someone else.
    Signed login(const QStringList& args, const QString& browser, const QProcessEnvironment& environment)
    {
        QProcess p;
        p.setProcessEnvironment(sanitizers::withSanitizerOptions(environment));
        p.setProgram(qEnvironmentVariable("DMSX_CLI_BIN"));
        p.setArguments(QStringList{QStringLiteral("sso"), QStringLiteral("login")} + args);
        Signed out;
        static const QRegularExpression codeLine(
            QStringLiteral("Then enter the code:\\n\\n([A-Z]{4}-[A-Z]{4})\\n"));
        connect(&p, &QProcess::readyReadStandardOutput, this, [&] {
            out.out += QString::fromUtf8(p.readAllStandardOutput());
            const QRegularExpressionMatch m = codeLine.match(out.out);
            if (m.hasMatch() && out.userCode.isEmpty()) {
                out.userCode = m.captured(1);
                if (!browser.isEmpty())
                    QVERIFY(simPost(QStringLiteral("/__sim/sso/") + browser,
                                    QJsonObject{{QStringLiteral("userCode"), out.userCode}}));
            }
        });
        QEventLoop loop;
        connect(&p, &QProcess::finished, &loop, &QEventLoop::quit);
        connect(&p, &QProcess::errorOccurred, &loop, &QEventLoop::quit);
        p.start();
        loop.exec();
        out.out += QString::fromUtf8(p.readAllStandardOutput());
        out.err = QString::fromUtf8(p.readAllStandardError());
        out.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
        return out;
    }

    QJsonObject tokenFile() const
    {
        QFile f(QDir(m_home.path()).filePath(kTokenFile));
        if (!f.open(QIODevice::ReadOnly))
            return {};
        return QJsonDocument::fromJson(f.readAll()).object();
    }

private slots:
    void initTestCase()
    {
        m_nam.setProxy(QNetworkProxy::NoProxy);
        QVERIFY(m_home.isValid());
        QFile scenarioFile(QDir(m_home.path()).filePath(QStringLiteral("scenario.json")));
        QVERIFY(scenarioFile.open(QIODevice::WriteOnly));
        const QByteArray text = scenario();
        QVERIFY(!text.isEmpty());
        scenarioFile.write(text);
        scenarioFile.close();
        QString error;
        QVERIFY2(m_sim.start({QStringLiteral("--scenario"), scenarioFile.fileName(),
                              QStringLiteral("--time-scale"), QStringLiteral("30")},
                             &error),
                 qPrintable(error));
        QVERIFY(QDir(m_home.path()).mkpath(QStringLiteral(".aws")));
        QFile config(QDir(m_home.path()).filePath(QStringLiteral(".aws/config")));
        QVERIFY(config.open(QIODevice::WriteOnly));
        config.write(kConfig);
    }

    // With --no-browser: the AWS CLI's words, the code approved, the token cached as the CLI
    // caches it, and DMS then works for the profile.
    void loginWithoutBrowserThenListProjects()
    {
        const Signed s =
            login({QStringLiteral("--profile"), QStringLiteral("dba"), QStringLiteral("--no-browser")},
                  QStringLiteral("approve"), env());
        QVERIFY2(s.exitCode == 0, qPrintable(s.err));
        QVERIFY(!s.userCode.isEmpty());
        const QString device = m_sim.url().resolved(QUrl(QStringLiteral("/__sim/sso/device"))).toString();
        const QString expected =
            QStringLiteral(
                "Browser will not be automatically opened.\nPlease visit the following URL:\n\n%1\n\n"
                "Then enter the code:\n\n%2\n\nAlternatively, you may visit the following URL which "
                "will autofill the code upon loading:\n%1?user_code=%2\n"
                "Successfully logged into Start URL: %3\n")
                .arg(device, s.userCode, kStartUrl);
        QCOMPARE(s.out, expected);

        const QString path = QDir(m_home.path()).filePath(kTokenFile);
        QCOMPARE(modeOf(path), 0600u);
        const QJsonObject token = tokenFile();
        QCOMPARE(token.value(QLatin1String("startUrl")).toString(), kStartUrl);
        for (const char* secret : {"accessToken", "refreshToken", "clientSecret"}) {
            const QString value = token.value(QLatin1String(secret)).toString();
            QVERIFY2(!value.isEmpty(), secret);
            QVERIFY(!s.out.contains(value) && !s.err.contains(value));
        }

        const CliRun listed =
            CliRun::run({QStringLiteral("projects"), QStringLiteral("list"), QStringLiteral("--profile"),
                         QStringLiteral("dba"), QStringLiteral("--endpoint-url"), m_sim.url().toString(),
                         QStringLiteral("--output"), QStringLiteral("text")},
                        env());
        QVERIFY2(listed.exitCode == 0, qPrintable(listed.err));
        QVERIFY(listed.out.contains(QLatin1String("sso-project")));
    }

    // Signed in, the DBA applies the extension pack with the role's credentials: no AWS CLI, no keys.
    void applyAfterSignIn()
    {
        QProcessEnvironment e = env();
        e.insert(QStringLiteral("AWS_ENDPOINT_URL"), m_sim.url().toString()); // the checks' services too
        const CliRun r =
            CliRun::run({QStringLiteral("--profile"), QStringLiteral("dba"), QStringLiteral("--endpoint-url"),
                         m_sim.url().toString(), QStringLiteral("apply"), QStringLiteral("erp-migration"),
                         QStringLiteral("--yes"), QStringLiteral("--wait"), QStringLiteral("--poll-interval"),
                         QStringLiteral("0.1")},
                        e);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains(QLatin1String("SUCCESS")), qPrintable(r.out));
        const QJsonArray starts = m_sim.requests(QStringLiteral("StartExtensionPackAssociation"));
        QCOMPARE(starts.size(), 1);
        QCOMPARE(starts.first().toObject().value(QLatin1String("accessKeyId")).toString(), kRoleKeyId);
    }

    // A token about to expire is refreshed on the way to a DMS call, the file rewritten; the
    // secrets of neither token show in any output (--debug included) or in the request history.
    void tokenAboutToExpireIsRefreshedQuietly()
    {
        const QString path = QDir(m_home.path()).filePath(kTokenFile);
        QJsonObject token = tokenFile();
        QVERIFY(!token.isEmpty());
        const QString oldAccess = token.value(QLatin1String("accessToken")).toString();
        const QString oldRefresh = token.value(QLatin1String("refreshToken")).toString();
        const QString secret = token.value(QLatin1String("clientSecret")).toString();
        token.insert(QStringLiteral("expiresAt"), QDateTime::currentDateTimeUtc().addSecs(120).toString(
                                                      QStringLiteral("yyyy-MM-ddTHH:mm:ss'Z'")));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(QJsonDocument(token).toJson());
        f.close();

        const CliRun listed =
            CliRun::run({QStringLiteral("projects"), QStringLiteral("list"), QStringLiteral("--profile"),
                         QStringLiteral("dba"), QStringLiteral("--endpoint-url"), m_sim.url().toString(),
                         QStringLiteral("--debug")},
                        env());
        QVERIFY2(listed.exitCode == 0, qPrintable(listed.err));
        const QJsonObject renewed = tokenFile();
        const QString newAccess = renewed.value(QLatin1String("accessToken")).toString();
        const QString newRefresh = renewed.value(QLatin1String("refreshToken")).toString();
        QVERIFY(newAccess != oldAccess && !newAccess.isEmpty());
        QVERIFY(newRefresh != oldRefresh && !newRefresh.isEmpty());
        QCOMPARE(modeOf(path), 0600u);

        const CliRun history = CliRun::run({QStringLiteral("history"), QStringLiteral("--all"),
                                            QStringLiteral("--output"), QStringLiteral("json")},
                                           env());
        QCOMPARE(history.exitCode, 0);
        QVERIFY(history.out.contains(QLatin1String("GetRoleCredentials")));
        for (const QString& value : {oldAccess, oldRefresh, secret, newAccess, newRefresh}) {
            QVERIFY(!listed.out.contains(value) && !listed.err.contains(value));
            QVERIFY(!history.out.contains(value));
        }
    }

    // With a display the page with the code in it opens in the default browser (xdg-open): here a
    // stand-in that records the URL, loads the page and answers Allow with the code the page
    // shows, as its button does.
    void loginOpensTheBrowser()
    {
        QDir bin(m_home.path());
        QVERIFY(bin.mkpath(QStringLiteral("bin")));
        const QString opened = bin.filePath(QStringLiteral("opened.txt"));
        QFile fake(bin.filePath(QStringLiteral("bin/xdg-open")));
        QVERIFY(fake.open(QIODevice::WriteOnly));
        fake.write(
            QStringLiteral("#!/bin/sh\n"
                           "printf '%s\\n' \"$1\" >> '%1'\n"
                           "code=$(curl -s \"$1\" | sed -n 's/.*id=\"code\"[^>]*>\\([^<]*\\)<.*/\\1/p')\n"
                           "curl -s -o /dev/null -H 'Content-Type: application/json' "
                           "-d \"{\\\"userCode\\\": \\\"$code\\\"}\" \"${1%%/__sim/*}/__sim/sso/approve\"\n")
                .arg(opened)
                .toUtf8());
        fake.close();
        QVERIFY(
            fake.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner));
        QProcessEnvironment e = env();
        e.insert(QStringLiteral("DISPLAY"), QStringLiteral(":99"));
        e.insert(QStringLiteral("PATH"),
                 bin.filePath(QStringLiteral("bin")) + QLatin1Char(':') + e.value(QStringLiteral("PATH")));

        const Signed s = login({QStringLiteral("--profile"), QStringLiteral("dba")}, QString(), e);
        QVERIFY2(s.exitCode == 0, qPrintable(s.err));
        const QString device = m_sim.url().resolved(QUrl(QStringLiteral("/__sim/sso/device"))).toString();
        QVERIFY2(s.out.startsWith(
                     QStringLiteral(
                         "Attempting to automatically open the SSO authorization page in your default "
                         "browser.\nIf the browser does not open or you wish to use a different device to "
                         "authorize this request, open the following URL:\n\n%1\n\nThen enter the "
                         "code:\n\n%2\n")
                         .arg(device, s.userCode)),
                 qPrintable(s.out));
        QVERIFY(s.out.endsWith(QStringLiteral("Successfully logged into Start URL: %1\n").arg(kStartUrl)));
        // Only the page it opened and answered approved the code, after recording it.
        QFile record(opened);
        QVERIFY(record.open(QIODevice::ReadOnly));
        QCOMPARE(QString::fromUtf8(record.readAll()).trimmed(),
                 QStringLiteral("%1?user_code=%2").arg(device, s.userCode));
    }

    void deniedLoginExplainsAndCachesNothing()
    {
        QFile::remove(QDir(m_home.path()).filePath(kTokenFile));
        const Signed s =
            login({QStringLiteral("--sso-session"), QStringLiteral("corp"), QStringLiteral("--no-browser")},
                  QStringLiteral("deny"), env());
        QCOMPARE(s.exitCode, 3);
        QVERIFY2(s.err.contains(QLatin1String("The sign-in was denied")), qPrintable(s.err));
        QVERIFY(!s.out.contains(QLatin1String("Successfully")));
        QVERIFY(!QFile::exists(QDir(m_home.path()).filePath(kTokenFile)));
    }

    // `sso logout` signs the token out at the portal and removes it: the profile then needs a
    // new sign-in, which the fault says.
    void logoutRemovesTheTokenAndSignsOut()
    {
        const Signed s = login({QStringLiteral("--no-browser")}, QStringLiteral("approve"), [this] {
            QProcessEnvironment e = env();
            e.insert(QStringLiteral("AWS_PROFILE"), QStringLiteral("dba"));
            return e;
        }());
        QVERIFY2(s.exitCode == 0, qPrintable(s.err));
        QVERIFY(m_sim.clearRequests());
        const CliRun out = CliRun::run({QStringLiteral("sso"), QStringLiteral("logout")}, env());
        QVERIFY2(out.exitCode == 0, qPrintable(out.err));
        QCOMPARE(out.out, QString());
        QVERIFY(!QFile::exists(QDir(m_home.path()).filePath(kTokenFile)));
        QCOMPARE(m_sim.requests(QStringLiteral("Logout")).size(), 1);
        // The client registration stays, as with the AWS CLI.
        QVERIFY(!QDir(QDir(m_home.path()).filePath(QStringLiteral(".aws/sso/cache"))).isEmpty());

        const CliRun listed =
            CliRun::run({QStringLiteral("projects"), QStringLiteral("list"), QStringLiteral("--profile"),
                         QStringLiteral("dba"), QStringLiteral("--endpoint-url"), m_sim.url().toString()},
                        env());
        QCOMPARE(listed.exitCode, 3);
        QVERIFY2(listed.err.contains(QLatin1String("sso login")), qPrintable(listed.err));
    }
};

QTEST_GUILESS_MAIN(TestSsoCli)
#include "tst_ssocli.moc"
