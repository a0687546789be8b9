#include "config/AwsProfileSummary.h"

#include <QTest>

using namespace dmsx;

// The kind of each profile as the welcome view and the profiles dialog show it, decided in the
// credential chain's order, and never a secret in the detail column.
class TestAwsProfileSummary : public QObject
{
    Q_OBJECT
private slots:
    void kinds()
    {
        AwsConfigFile files;
        files.addConfigText(
            QStringLiteral("[default]\nregion = eu-west-1\n"
                           "[profile admin]\nrole_arn = arn:aws:iam::123456789012:role/Admin\n"
                           "source_profile = default\n"
                           "[profile tool]\ncredential_process = \"/opt/my tool/creds\" --account 1\n"
                           "[profile corp]\nsso_session = corp\nsso_account_id = 1\n"
                           "[profile legacy-sso]\nsso_start_url = https://x.awsapps.com/start\n"
                           "[profile empty]\nregion = us-east-1\n"
                           "[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\n"),
            QStringLiteral("/h/.aws/config"));
        files.addCredentialsText(
            QStringLiteral("[default]\naws_access_key_id = AKIAEXAMPLE0000KEY1\n"
                           "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYSECRET\n"
                           "[half]\naws_access_key_id = AKIAEXAMPLE0000KEY2\n"),
            QStringLiteral("/h/.aws/credentials"));
        const QList<AwsProfileSummary> list = AwsProfileSummary::list(files);
        QStringList names;
        for (const AwsProfileSummary& s : list)
            names << s.name;
        QCOMPARE(names,
                 QStringList({QStringLiteral("admin"), QStringLiteral("corp"), QStringLiteral("default"),
                              QStringLiteral("empty"), QStringLiteral("half"), QStringLiteral("legacy-sso"),
                              QStringLiteral("tool")}));
        auto find = [&list](const char* name) {
            for (const AwsProfileSummary& s : list)
                if (s.name == QLatin1String(name))
                    return s;
            return AwsProfileSummary();
        };
        QCOMPARE(find("default").kind, AwsProfileSummary::Kind::Keys);
        QCOMPARE(find("default").region, QStringLiteral("eu-west-1"));
        QCOMPARE(find("default").detail, QStringLiteral("AKIA…KEY1"));
        QCOMPARE(find("default").location, QStringLiteral("/h/.aws/credentials:2"));
        QCOMPARE(find("admin").kind, AwsProfileSummary::Kind::Role);
        QCOMPARE(find("admin").detail, QStringLiteral("arn:aws:iam::123456789012:role/Admin"));
        QCOMPARE(find("tool").kind, AwsProfileSummary::Kind::Process);
        QCOMPARE(find("tool").detail, QStringLiteral("/opt/my tool/creds"));
        QCOMPARE(find("corp").kind, AwsProfileSummary::Kind::Sso);
        QCOMPARE(find("corp").detail, QStringLiteral("sso-session corp"));
        QCOMPARE(find("legacy-sso").kind, AwsProfileSummary::Kind::Sso);
        QCOMPARE(find("legacy-sso").detail, QStringLiteral("https://x.awsapps.com/start"));
        QCOMPARE(find("empty").kind, AwsProfileSummary::Kind::Incomplete);
        QCOMPARE(find("half").kind, AwsProfileSummary::Kind::Incomplete);
        for (const AwsProfileSummary& s : list)
            QVERIFY2(!s.detail.contains(QLatin1String("SECRET")), qPrintable(s.detail));
        QCOMPARE(AwsProfileSummary::kindName(AwsProfileSummary::Kind::Sso), QStringLiteral("SSO"));
    }
};

QTEST_GUILESS_MAIN(TestAwsProfileSummary)
#include "tst_awsprofilesummary.moc"
