#include "base/PrivateFiles.h"
#include "config/AppSettings.h"
#include "credentials/AppProfileStore.h"
#include "history/HistoryRecord.h"
#include "history/HistoryStore.h"

#include <QFileInfo>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace dmsx;

namespace {

unsigned modeOf(const QString& path)
{
    struct stat st = {};
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return 0xFFFF;
    return st.st_mode & 07777;
}

// Runs the test body with a permissive umask, so only explicit modes can make the files private.
class PermissiveUmask
{
public:
    PermissiveUmask() : m_old(::umask(0)) {}
    ~PermissiveUmask() { ::umask(m_old); }

private:
    mode_t m_old;
};

} // namespace

class TestPrivateFiles : public QObject
{
    Q_OBJECT
private slots:
    void foldersAndFileAreOwnerOnly()
    {
        QTemporaryDir tmp;
        const PermissiveUmask umask;
        const QString path = tmp.filePath(QStringLiteral("a/b/file.ini"));
        QVERIFY(PrivateFiles::createFile(path));
        QCOMPARE(modeOf(path), 0600u);
        QCOMPARE(modeOf(tmp.filePath(QStringLiteral("a/b"))), 0700u);
        QCOMPARE(modeOf(tmp.filePath(QStringLiteral("a"))), 0700u);
        // An existing file and an existing folder are left as they are.
        QFile f(path);
        QVERIFY(f.open(QIODevice::Append));
        f.write("kept");
        f.close();
        QVERIFY(PrivateFiles::createFile(path));
        QCOMPARE(QFileInfo(path).size(), 4);
        QCOMPARE(modeOf(tmp.path()), 0700u); // QTemporaryDir's own
        QVERIFY(::chmod(QFile::encodeName(tmp.filePath(QStringLiteral("a"))).constData(), 0755) == 0);
        QVERIFY(PrivateFiles::createFile(tmp.filePath(QStringLiteral("a/other"))));
        QCOMPARE(modeOf(tmp.filePath(QStringLiteral("a"))), 0755u);
    }

    void historyDatabaseAndJournals()
    {
        QTemporaryDir tmp;
        const PermissiveUmask umask;
        const QString path = tmp.filePath(QStringLiteral("data/dms-extpack/history.sqlite"));
        HistoryStore store(path);
        QVERIFY(store.open().ok());
        HistoryRecord r;
        r.startedAt = QDateTime::currentDateTimeUtc();
        r.operation = QStringLiteral("ListMigrationProjects");
        r.region = QStringLiteral("us-east-1");
        QVERIFY(store.insert(r).ok());
        QCOMPARE(modeOf(path), 0600u);
        QVERIFY(QFileInfo::exists(path + QStringLiteral("-wal")));
        QCOMPARE(modeOf(path + QStringLiteral("-wal")), 0600u);
        QCOMPARE(modeOf(path + QStringLiteral("-shm")), 0600u);
        QCOMPARE(modeOf(tmp.filePath(QStringLiteral("data/dms-extpack"))), 0700u);
        QCOMPARE(modeOf(tmp.filePath(QStringLiteral("data"))), 0700u);
    }

    void profilesIndex()
    {
        QTemporaryDir tmp;
        const PermissiveUmask umask;
        const QString path = tmp.filePath(QStringLiteral("config/dms-extpack/profiles.ini"));
        AppProfileStore store(path);
        AppProfileStore::Profile p;
        p.name = QStringLiteral("prod");
        p.region = QStringLiteral("eu-west-1");
        QVERIFY(store.save(p).ok());
        QCOMPARE(modeOf(path), 0600u);
        QCOMPARE(modeOf(tmp.filePath(QStringLiteral("config/dms-extpack"))), 0700u);
        // A rewrite keeps the mode (QSettings replaces the file through a temporary one).
        p.region = QStringLiteral("us-east-1");
        QVERIFY(store.save(p).ok());
        QCOMPARE(modeOf(path), 0600u);
    }

    void settings()
    {
        QTemporaryDir tmp;
        const PermissiveUmask umask;
        const QString path = tmp.filePath(QStringLiteral("config/dms-extpack.ini"));
        {
            QSettings s(path, QSettings::IniFormat);
            AppSettings a;
            a.endpointUrl = QStringLiteral("http://127.0.0.1:4566");
            a.save(s);
            s.sync();
            QCOMPARE(s.status(), QSettings::NoError);
        }
        QVERIFY(QFileInfo(path).size() > 0);
        QCOMPARE(modeOf(path), 0600u);
        QCOMPARE(modeOf(tmp.filePath(QStringLiteral("config"))), 0700u);
    }
};

QTEST_GUILESS_MAIN(TestPrivateFiles)
#include "tst_privatefiles.moc"
