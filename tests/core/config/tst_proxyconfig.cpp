#include "base/FaultCatalogue.h"
#include "base/FaultCodes.h"
#include "config/ProxyConfig.h"
#include "net/EnvironmentProxyFactory.h"

#include <QTest>

using namespace dmsx;

namespace {
QProcessEnvironment env(std::initializer_list<std::pair<const char*, const char*>> vars)
{
    QProcessEnvironment e;
    for (const auto& v : vars)
        e.insert(QString::fromLatin1(v.first), QString::fromLatin1(v.second));
    return e;
}
QUrl url(const char* s)
{
    return QUrl(QString::fromLatin1(s));
}
} // namespace

class TestProxyConfig : public QObject
{
    Q_OBJECT
private slots:
    void readsBothSpellingsPreferringLowerCase()
    {
        const auto c = ProxyConfig::fromEnvironment(env({{"HTTPS_PROXY", "http://upper:3128"},
                                                         {"https_proxy", "http://lower:3129"},
                                                         {"HTTP_PROXY", "plain:8080"}}));
        QCOMPARE(c.httpsProxy.host(), QStringLiteral("lower"));
        QCOMPARE(c.httpsProxy.port(), 3129);
        QCOMPARE(c.httpProxy.host(), QStringLiteral("plain")); // no scheme means http
        QCOMPARE(c.httpProxy.port(), 8080);
        QVERIFY(ProxyConfig::fromEnvironment(QProcessEnvironment()).isEmpty());
    }

    void schemeSelectsTheProxy()
    {
        const auto c =
            ProxyConfig::fromEnvironment(env({{"HTTPS_PROXY", "http://user:p%40ss@secure-proxy:3128"},
                                              {"HTTP_PROXY", "http://plain-proxy:80"}}));
        const auto https = c.proxyFor(url("https://dms.us-east-1.amazonaws.com"));
        QVERIFY(https.has_value());
        QCOMPARE(https->type(), QNetworkProxy::HttpProxy);
        QCOMPARE(https->hostName(), QStringLiteral("secure-proxy"));
        QCOMPARE(https->port(), quint16(3128));
        QCOMPARE(https->user(), QStringLiteral("user"));
        QCOMPARE(https->password(), QStringLiteral("p@ss"));
        QCOMPARE(c.proxyFor(url("http://127.0.0.1:4566"))->hostName(), QStringLiteral("plain-proxy"));
        // An https URL does not fall back to HTTP_PROXY.
        const auto onlyHttp = ProxyConfig::fromEnvironment(env({{"HTTP_PROXY", "http://plain-proxy:80"}}));
        QVERIFY(!onlyHttp.proxyFor(url("https://dms.us-east-1.amazonaws.com")).has_value());
    }

    void noProxyRules_data()
    {
        QTest::addColumn<QString>("noProxy");
        QTest::addColumn<QString>("target");
        QTest::addColumn<bool>("bypassed");
        QTest::newRow("exact") << "localhost,dms.local"
                               << "http://dms.local:80" << true;
        QTest::newRow("suffix") << "amazonaws.com"
                                << "https://dms.us-east-1.amazonaws.com" << true;
        QTest::newRow("dot suffix") << ".amazonaws.com"
                                    << "https://dms.us-east-1.amazonaws.com" << true;
        QTest::newRow("wildcard suffix") << "*.amazonaws.com"
                                         << "https://dms.us-east-1.amazonaws.com" << true;
        QTest::newRow("not a suffix") << "zonaws.com"
                                      << "https://dms.us-east-1.amazonaws.com" << false;
        QTest::newRow("star") << "*"
                              << "https://anything.example" << true;
        QTest::newRow("case") << "DMS.LOCAL"
                              << "http://dms.local" << true;
        QTest::newRow("ip") << "127.0.0.1"
                            << "http://127.0.0.1:4566" << true;
        QTest::newRow("cidr") << "10.0.0.0/8"
                              << "http://10.1.2.3" << true;
        QTest::newRow("cidr miss") << "10.0.0.0/8"
                                   << "http://11.1.2.3" << false;
        QTest::newRow("port match") << "dms.local:4566"
                                    << "http://dms.local:4566" << true;
        QTest::newRow("port miss") << "dms.local:4566"
                                   << "http://dms.local:80" << false;
        QTest::newRow("spaces") << " foo , dms.local "
                                << "http://dms.local" << true;
        QTest::newRow("unrelated") << "example.com"
                                   << "https://dms.us-east-1.amazonaws.com" << false;
    }
    void noProxyRules()
    {
        QFETCH(QString, noProxy);
        QFETCH(QString, target);
        QFETCH(bool, bypassed);
        QProcessEnvironment e;
        e.insert(QStringLiteral("HTTPS_PROXY"), QStringLiteral("http://proxy:3128"));
        e.insert(QStringLiteral("HTTP_PROXY"), QStringLiteral("http://proxy:3128"));
        e.insert(QStringLiteral("NO_PROXY"), noProxy);
        const auto p = ProxyConfig::fromEnvironment(e).proxyFor(QUrl(target));
        QVERIFY(p.has_value());
        QCOMPARE(p->type() == QNetworkProxy::NoProxy, bypassed);
    }

    void factoryUsesTheEnvironmentFirst()
    {
        EnvironmentProxyFactory f(ProxyConfig::fromEnvironment(
            env({{"HTTPS_PROXY", "http://proxy:3128"}, {"NO_PROXY", "127.0.0.1"}})));
        const auto viaProxy = f.queryProxy(QNetworkProxyQuery(url("https://dms.eu-west-1.amazonaws.com")));
        QCOMPARE(viaProxy.size(), 1);
        QCOMPARE(viaProxy.first().hostName(), QStringLiteral("proxy"));
        const auto direct = f.queryProxy(QNetworkProxyQuery(url("https://127.0.0.1:8443")));
        QCOMPARE(direct.first().type(), QNetworkProxy::NoProxy);
        // Undecided by the environment: the system configuration answers (never an empty list).
        QVERIFY(!f.queryProxy(QNetworkProxyQuery(url("http://example.invalid"))).isEmpty());
    }

    // The system's answer for one URL is asked for once in its lifetime, not once per request;
    // what the environment decides never asks it.
    void systemAnswersAreReusedForTheirLifetime()
    {
        ManualClock clock(QDateTime(QDate(2026, 12, 7), QTime(5, 0), Qt::UTC));
        QStringList asked;
        QNetworkProxy viaSystem(QNetworkProxy::HttpProxy, QStringLiteral("pac-proxy"), 8080);
        EnvironmentProxyFactory f(
            ProxyConfig::fromEnvironment(
                env({{"HTTPS_PROXY", "http://proxy:3128"}, {"NO_PROXY", "127.0.0.1"}})),
            [&](const QNetworkProxyQuery& q) {
                asked << q.url().toString();
                return QList<QNetworkProxy>{viaSystem};
            },
            &clock);
        const QNetworkProxyQuery dms(url("http://dms.internal:8080/"));
        for (int i = 0; i < 100; ++i)
            QCOMPARE(f.queryProxy(dms).value(0).hostName(), QStringLiteral("pac-proxy"));
        QCOMPARE(asked, QStringList{QStringLiteral("http://dms.internal:8080/")});
        // The environment decides these: the system is not asked.
        QCOMPARE(
            f.queryProxy(QNetworkProxyQuery(url("https://dms.eu-west-1.amazonaws.com"))).value(0).hostName(),
            QStringLiteral("proxy"));
        QCOMPARE(f.queryProxy(QNetworkProxyQuery(url("https://127.0.0.1:8443"))).value(0).type(),
                 QNetworkProxy::NoProxy);
        QCOMPARE(asked.size(), 1);
        // Another URL is asked about on its own; a password in it is not part of what is kept.
        f.queryProxy(QNetworkProxyQuery(url("http://dba:S3cretPw@s3.internal/bucket?location")));
        QCOMPARE(asked.size(), 2);
        f.queryProxy(QNetworkProxyQuery(url("http://other:Pw2@s3.internal/bucket?location")));
        QCOMPARE(asked.size(), 2);
        // Asked again once the answer is older than its lifetime, and after the clock goes back.
        clock.advanceMs(EnvironmentProxyFactory::kSystemAnswerLifetimeMs - 1);
        f.queryProxy(dms);
        QCOMPARE(asked.size(), 2);
        clock.advanceMs(1);
        f.queryProxy(dms);
        QCOMPARE(asked.size(), 3);
        clock.advanceMs(-60000);
        f.queryProxy(dms);
        QCOMPARE(asked.size(), 4);
        // A changed answer is what later requests get.
        viaSystem.setHostName(QStringLiteral("new-pac-proxy"));
        clock.advanceMs(EnvironmentProxyFactory::kSystemAnswerLifetimeMs);
        QCOMPARE(f.queryProxy(dms).value(0).hostName(), QStringLiteral("new-pac-proxy"));
    }

    // Many different URLs do not make the kept answers grow without end.
    void systemAnswersAreBounded()
    {
        ManualClock clock(QDateTime(QDate(2026, 12, 7), QTime(5, 0), Qt::UTC));
        int asked = 0;
        EnvironmentProxyFactory f(
            ProxyConfig::fromEnvironment(env({})),
            [&](const QNetworkProxyQuery&) {
                ++asked;
                return QList<QNetworkProxy>{QNetworkProxy(QNetworkProxy::NoProxy)};
            },
            &clock);
        for (int i = 0; i < EnvironmentProxyFactory::kMaxSystemAnswers * 3; ++i)
            f.queryProxy(QNetworkProxyQuery(QUrl(QStringLiteral("http://host-%1.internal/").arg(i))));
        QCOMPARE(asked, EnvironmentProxyFactory::kMaxSystemAnswers * 3);
        // The first URL's answer was dropped on the way: asked again.
        f.queryProxy(QNetworkProxyQuery(url("http://host-0.internal/")));
        QCOMPARE(asked, EnvironmentProxyFactory::kMaxSystemAnswers * 3 + 1);
    }

    void socksProxy()
    {
        const auto p = ProxyConfig::toProxy(url("socks5://gw:1081"));
        QCOMPARE(p.type(), QNetworkProxy::Socks5Proxy);
        QCOMPARE(p.port(), quint16(1081));
    }

    // An unusable proxy variable is a fault naming it, never "direct"; the password never shows.
    void unusableProxyIsAConfigurationFault_data()
    {
        QTest::addColumn<QString>("variable");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("why");
        const QString invalid = FaultCode::ProxyUrlInvalid;
        QTest::newRow("TLS to the proxy")
            << QStringLiteral("HTTPS_PROXY") << QStringLiteral("https://dba:S3cretPw@proxy:3128")
            << QString(FaultCode::ProxyTlsUnsupported) << QStringLiteral("TLS");
        QTest::newRow("TLS, lower case")
            << QStringLiteral("https_proxy") << QStringLiteral("HTTPS://proxy.example.com")
            << QString(FaultCode::ProxyTlsUnsupported) << QStringLiteral("TLS");
        QTest::newRow("unknown scheme")
            << QStringLiteral("HTTP_PROXY") << QStringLiteral("ftp://dba:S3cretPw@proxy:21") << invalid
            << QStringLiteral("ftp://");
        QTest::newRow("socks4") << QStringLiteral("ALL_PROXY") << QStringLiteral("socks4://proxy:1080")
                                << invalid << QStringLiteral("socks4://");
        QTest::newRow("port too big")
            << QStringLiteral("HTTPS_PROXY") << QStringLiteral("http://dba:S3cretPw@proxy:99999") << invalid
            << QStringLiteral("port 99999");
        QTest::newRow("port zero") << QStringLiteral("HTTPS_PROXY") << QStringLiteral("proxy:0") << invalid
                                   << QStringLiteral("port 0");
        QTest::newRow("port huge") << QStringLiteral("HTTP_PROXY")
                                   << QStringLiteral("http://proxy:123456789012345678901234") << invalid
                                   << QStringLiteral("out of range");
        QTest::newRow("no host") << QStringLiteral("HTTPS_PROXY")
                                 << QStringLiteral("http://dba:S3cretPw@:3128") << invalid
                                 << QStringLiteral("no host");
        QTest::newRow("password with @ and no host")
            << QStringLiteral("HTTPS_PROXY") << QStringLiteral("http://dba:S3c@retPw@") << invalid
            << QStringLiteral("cannot be used");
        QTest::newRow("unparsable") << QStringLiteral("HTTPS_PROXY") << QStringLiteral("http://pro xy:3128")
                                    << invalid << QStringLiteral("not a URL");
    }
    void unusableProxyIsAConfigurationFault()
    {
        QFETCH(QString, variable);
        QFETCH(QString, value);
        QFETCH(QString, code);
        QFETCH(QString, why);
        QProcessEnvironment e;
        e.insert(variable, value);
        const Result<ProxyConfig> r = ProxyConfig::load(e);
        QVERIFY(!r.ok());
        QCOMPARE(r.fault().code, code);
        QCOMPARE(r.fault().kind, FaultKind::Configuration);
        const QString text = FaultCatalogue::formatText(r.fault());
        QVERIFY2(text.contains(variable + QLatin1Char('=')), qPrintable(text));
        QVERIFY2(r.fault().message.contains(why), qPrintable(r.fault().message));
        QVERIFY2(!text.contains(QLatin1String("S3cretPw")) && !text.contains(QLatin1String("retPw")),
                 qPrintable(text));
        QVERIFY(
            FaultCatalogue::explain(r.fault()).catalogueKey.startsWith(QLatin1String("Configuration.Proxy")));
        // For display, the unusable variable is left out rather than failing.
        QVERIFY(ProxyConfig::fromEnvironment(e).httpsProxy.isEmpty());
    }

    void tlsProxyAdviceSaysWhatToDo()
    {
        QProcessEnvironment e;
        e.insert(QStringLiteral("HTTPS_PROXY"), QStringLiteral("https://proxy:3128"));
        const FaultExplanation x = FaultCatalogue::explain(ProxyConfig::load(e).fault());
        QVERIFY2(x.steps.join(QLatin1Char(' ')).contains(QLatin1String("http://HOST:PORT")),
                 qPrintable(x.steps.join(u' ')));
        QVERIFY(x.steps.join(QLatin1Char(' ')).contains(QLatin1String("CONNECT")));
    }

    void usableValuesStillLoad()
    {
        const Result<ProxyConfig> r =
            ProxyConfig::load(env({{"HTTPS_PROXY", "http://user:p%40ss@secure-proxy:3128"},
                                   {"http_proxy", "plain:8080"},
                                   {"NO_PROXY", "localhost"}}));
        QVERIFY2(r.ok(), qPrintable(r.fault().message));
        QCOMPARE(r->httpsProxy.host(), QStringLiteral("secure-proxy"));
        QCOMPARE(r->httpsProxyVariable, QStringLiteral("HTTPS_PROXY"));
        QCOMPARE(r->httpProxyVariable, QStringLiteral("http_proxy"));
        QVERIFY(ProxyConfig::load(env({{"HTTPS_PROXY", "socks5h://gw:1080"}})).ok());
        QVERIFY(ProxyConfig::load(env({{"HTTPS_PROXY", "  "}})).ok()); // blank is unset
    }

    void allProxyIsTheFallback()
    {
        const auto c = ProxyConfig::load(env({{"ALL_PROXY", "http://everything:3128"},
                                              {"HTTP_PROXY", "http://plain:8080"}}))
                           .value();
        QCOMPARE(c.httpsProxy.host(), QStringLiteral("everything"));
        QCOMPARE(c.httpsProxyVariable, QStringLiteral("ALL_PROXY"));
        QCOMPARE(c.httpProxy.host(), QStringLiteral("plain"));
        // A broken ALL_PROXY counts even when both specific variables are set.
        QVERIFY(!ProxyConfig::load(env({{"all_proxy", "https://x:1"},
                                        {"HTTPS_PROXY", "http://a:1"},
                                        {"HTTP_PROXY", "http://b:1"}}))
                     .ok());
    }

    void maskedHidesUserAndPassword()
    {
        QCOMPARE(ProxyConfig::masked(QStringLiteral("http://u:p@ss@host:1")),
                 QStringLiteral("http://****@host:1"));
        QCOMPARE(ProxyConfig::masked(QStringLiteral("u:p@host:1")), QStringLiteral("****@host:1"));
        QCOMPARE(ProxyConfig::masked(QStringLiteral("http://host:1")), QStringLiteral("http://host:1"));
    }
};

QTEST_GUILESS_MAIN(TestProxyConfig)
#include "tst_proxyconfig.moc"
