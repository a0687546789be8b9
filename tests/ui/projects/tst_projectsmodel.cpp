#include "projects/ProjectsFilterProxyModel.h"
#include "projects/ProjectsModel.h"

#include <QAbstractItemModelTester>
#include <QtTest>

#include <algorithm>

using namespace dmsx;
using namespace dmsx::ui;

class TestProjectsModel : public QObject
{
    Q_OBJECT

private:
    static DataProvider provider(const QString& name, const QString& engine, bool isVirtual = false)
    {
        DataProvider p;
        p.dataProviderName = name;
        p.dataProviderArn = QStringLiteral("arn:aws:dms:us-east-1:1:data-provider:") + name.toUpper();
        p.engine = engine;
        p.isVirtual = isVirtual;
        return p;
    }
    static MigrationProject project(const QString& name, const QString& source, const QString& target,
                                    const QDateTime& created)
    {
        MigrationProject p;
        p.migrationProjectName = name;
        p.migrationProjectArn = QStringLiteral("arn:aws:dms:us-east-1:1:migration-project:") + name.toUpper();
        p.migrationProjectCreationTime = created;
        DataProviderDescriptor s;
        s.dataProviderArn = QStringLiteral("arn:aws:dms:us-east-1:1:data-provider:") + source.toUpper();
        DataProviderDescriptor t;
        t.dataProviderArn = QStringLiteral("arn:aws:dms:us-east-1:1:data-provider:") + target.toUpper();
        p.sourceDataProviderDescriptors = {s};
        p.targetDataProviderDescriptors = {t};
        return p;
    }
    static QList<DataProvider> providers()
    {
        return {provider(QStringLiteral("ora"), QStringLiteral("oracle")),
                provider(QStringLiteral("mss"), QStringLiteral("sqlserver")),
                provider(QStringLiteral("apg"), QStringLiteral("aurora-postgresql")),
                provider(QStringLiteral("virt"), QStringLiteral("postgres"), true)};
    }
    static QList<MigrationProject> projects()
    {
        const QDateTime base(QDate(2025, 12, 10), QTime(9, 0), Qt::UTC);
        return {
            project(QStringLiteral("erp"), QStringLiteral("ora"), QStringLiteral("apg"), base),
            project(QStringLiteral("crm"), QStringLiteral("mss"), QStringLiteral("virt"), base.addDays(23)),
            project(QStringLiteral("billing"), QStringLiteral("ora"), QStringLiteral("virt"),
                    base.addDays(-300))};
    }

private slots:
    void passesTheModelTesterThroughItsLifecycle()
    {
        ProjectsModel model;
        ProjectsFilterProxyModel proxy;
        proxy.setSourceModel(&model);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        proxy.sort(ProjectsModel::CreatedColumn);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        model.appendProjects(projects().mid(0, 2));
        model.appendProjects(projects().mid(2));
        model.appendProjects({});
        QCOMPARE(inserted.count(), 2); // one insertion per page, none for an empty page
        QCOMPARE(model.rowCount(), 3);
        model.setDataProviders(providers());
        model.setLastStatus(projects().at(1).migrationProjectArn, QStringLiteral("IN_PROGRESS"));
        proxy.setFilterText(QStringLiteral("oracle"));
        proxy.setFilterText(QString());
        model.clear();
        QCOMPARE(model.rowCount(), 0);
    }

    void resolvesEnginesAndMarksVirtualTargets()
    {
        ProjectsModel model;
        model.appendProjects(projects());
        // Before the data providers arrive there is no engine to show.
        QCOMPARE(model.index(0, ProjectsModel::SourceEngineColumn).data().toString(), QString());
        model.setDataProviders(providers());
        QCOMPARE(model.index(0, ProjectsModel::SourceEngineColumn).data().toString(),
                 QStringLiteral("oracle"));
        QCOMPARE(model.index(0, ProjectsModel::TargetEngineColumn).data().toString(),
                 QStringLiteral("aurora-postgresql"));
        QVERIFY(!model.index(0, 0).data(ProjectsModel::VirtualTargetRole).toBool());
        const QString virtualText = model.index(1, ProjectsModel::TargetEngineColumn).data().toString();
        QVERIFY2(virtualText.contains(QStringLiteral("postgres")) &&
                     virtualText.contains(QStringLiteral("virtual")),
                 qPrintable(virtualText));
        QVERIFY(model.index(1, 0).data(ProjectsModel::VirtualTargetRole).toBool());
        model.setLastStatus(projects().at(2).migrationProjectArn, QStringLiteral("FAILED"));
        QCOMPARE(model.index(2, ProjectsModel::StatusColumn).data().toString(), QStringLiteral("FAILED"));
    }

    void sortsCreatedByTimeNotByText()
    {
        ProjectsModel model;
        model.appendProjects(projects());
        ProjectsFilterProxyModel proxy;
        proxy.setSourceModel(&model);
        proxy.sort(ProjectsModel::CreatedColumn, Qt::AscendingOrder);
        QStringList names;
        for (int row = 0; row < proxy.rowCount(); ++row)
            names << proxy.index(row, ProjectsModel::NameColumn).data().toString();
        QCOMPARE(names,
                 (QStringList{QStringLiteral("billing"), QStringLiteral("erp"), QStringLiteral("crm")}));
        proxy.sort(ProjectsModel::NameColumn, Qt::DescendingOrder);
        QCOMPARE(proxy.index(0, 0).data().toString(), QStringLiteral("erp"));
        QCOMPARE(proxy.index(2, 0).data().toString(), QStringLiteral("billing"));
    }

    void sortsNamesWithoutRegardToCase()
    {
        ProjectsModel model;
        const QDateTime created(QDate(2025, 12, 10), QTime(9, 0), Qt::UTC);
        const QStringList names{QStringLiteral("erp"), QStringLiteral("Billing"), QStringLiteral("CRM"),
                                QStringLiteral("archive"), QStringLiteral("billing-2")};
        QList<MigrationProject> page;
        for (const QString& name : names)
            page << project(name, QStringLiteral("ora"), QStringLiteral("apg"), created);
        ProjectsFilterProxyModel proxy;
        proxy.setSourceModel(&model);
        proxy.sort(ProjectsModel::NameColumn, Qt::AscendingOrder);
        QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        // Arriving into the sorted table, one at a time and as a page.
        model.appendProjects(page.mid(0, 1));
        model.appendProjects(page.mid(1));
        auto shown = [&proxy] {
            QStringList shown;
            for (int row = 0; row < proxy.rowCount(); ++row)
                shown << proxy.index(row, ProjectsModel::NameColumn).data().toString();
            return shown;
        };
        const QStringList ascending{QStringLiteral("archive"), QStringLiteral("Billing"),
                                    QStringLiteral("billing-2"), QStringLiteral("CRM"),
                                    QStringLiteral("erp")};
        QCOMPARE(shown(), ascending);
        proxy.sort(ProjectsModel::NameColumn, Qt::DescendingOrder);
        QStringList descending = ascending;
        std::reverse(descending.begin(), descending.end());
        QCOMPARE(shown(), descending);
    }

    void filtersAcrossNameArnAndEngines_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("name") << QStringLiteral("CRM") << QStringList{QStringLiteral("crm")};
        QTest::newRow("arn") << QStringLiteral("migration-project:BILL")
                             << QStringList{QStringLiteral("billing")};
        QTest::newRow("source engine")
            << QStringLiteral("oracle") << QStringList{QStringLiteral("billing"), QStringLiteral("erp")};
        QTest::newRow("target engine") << QStringLiteral("aurora") << QStringList{QStringLiteral("erp")};
        QTest::newRow("every word") << QStringLiteral("oracle postgres")
                                    << QStringList{QStringLiteral("billing"), QStringLiteral("erp")};
        QTest::newRow("two words, one project") << QStringLiteral("sqlserver billing") << QStringList{};
        QTest::newRow("nothing") << QStringLiteral("db2") << QStringList{};
        QTest::newRow("empty") << QStringLiteral("  ")
                               << QStringList{QStringLiteral("billing"), QStringLiteral("crm"),
                                              QStringLiteral("erp")};
    }

    void filtersAcrossNameArnAndEngines()
    {
        QFETCH(QString, text);
        QFETCH(QStringList, expected);
        ProjectsModel model;
        model.appendProjects(projects());
        model.setDataProviders(providers());
        ProjectsFilterProxyModel proxy;
        proxy.setSourceModel(&model);
        proxy.sort(ProjectsModel::NameColumn);
        proxy.setFilterText(text);
        QStringList names;
        for (int row = 0; row < proxy.rowCount(); ++row)
            names << proxy.index(row, 0).data().toString();
        QCOMPARE(names, expected);
    }

    void keepsFilteringRowsThatArriveLater()
    {
        ProjectsModel model;
        model.setDataProviders(providers());
        ProjectsFilterProxyModel proxy;
        proxy.setSourceModel(&model);
        proxy.setFilterText(QStringLiteral("sqlserver"));
        model.appendProjects(projects().mid(0, 1));
        QCOMPARE(proxy.rowCount(), 0);
        model.appendProjects(projects().mid(1));
        QCOMPARE(proxy.rowCount(), 1);
        QCOMPARE(proxy.index(0, 0).data().toString(), QStringLiteral("crm"));
    }

    // Text many projects have in common is kept once, each project still reading its own value;
    // as each page's JSON gives every project a copy, 10,000 projects would keep 10,000.
    void textProjectsShareIsKeptOnce()
    {
        ProjectsModel model;
        QList<MigrationProject> page = projects();
        for (MigrationProject& p : page) {
            // Equal but separate texts, as two objects of one JSON answer give.
            p.instanceProfileArn = QStringLiteral("arn:aws:dms:us-east-1:1:instance-profile:sc-%1").arg(1);
            p.description = QStringLiteral("Generated %1 project").arg(QStringLiteral("oracle"));
        }
        page[2].description = QStringLiteral("Its own description");
        model.appendProjects(page.mid(0, 2));
        model.appendProjects(page.mid(2));
        model.setDataProviders(providers());
        model.setDataProviders(
            {provider(QStringLiteral("ora2"), QStringLiteral("or") + QStringLiteral("acle"))});
        const MigrationProject* first = model.project(0);
        const MigrationProject* third = model.project(2);
        QCOMPARE(third->instanceProfileArn, page[2].instanceProfileArn);
        QCOMPARE(third->instanceProfileArn.constData(), first->instanceProfileArn.constData());
        QCOMPARE(model.project(1)->description.constData(), first->description.constData());
        QCOMPARE(third->description, QStringLiteral("Its own description"));
        const DataProvider* oracle = model.dataProvider(providers().first().dataProviderArn);
        const DataProvider* oracle2 =
            model.dataProvider(QStringLiteral("arn:aws:dms:us-east-1:1:data-provider:ORA2"));
        QVERIFY(oracle && oracle2);
        QCOMPARE(oracle2->engine.constData(), oracle->engine.constData());
    }
};

QTEST_MAIN(TestProjectsModel)
#include "tst_projectsmodel.moc"
