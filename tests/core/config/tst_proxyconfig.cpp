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

    void socksProxy()
    {
        const auto p = ProxyConfig::toProxy(url("socks5://gw:1081"));
        QCOMPARE(p.type(), QNetworkProxy::Socks5Proxy);
        QCOMPARE(p.port(), quint16(1081));
    }
};

QTEST_GUILESS_MAIN(TestProxyConfig)
#include "tst_proxyconfig.moc"
