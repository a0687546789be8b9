// EngineColumnFitter: the engine columns end as wide as their widest shown cell, wherever in
// thousands of rows it is, without one turn of the event loop looking at them all.
#include "projects/EngineColumnFitter.h"
#include "projects/ProjectsFilterProxyModel.h"
#include "projects/ProjectsModel.h"

#include <QHeaderView>
#include <QSignalSpy>
#include <QTableView>
#include <QtTest>

using namespace dmsx;
using namespace dmsx::ui;

class TestEngineColumnFitter : public QObject
{
    Q_OBJECT

private:
    // The projects model shown through the window's proxy, as the projects pane has them.
    struct Table
    {
        ProjectsModel model;
        ProjectsFilterProxyModel proxy;
        QTableView view;
        Table()
        {
            proxy.setSourceModel(&model);
            view.setModel(&proxy);
        }
    };

    static constexpr int kRows = EngineColumnFitter::kRowsPerTurn * 2 + 500;

    static QString arnOf(const QString& name)
    {
        return QStringLiteral("arn:aws:dms:us-east-1:1:data-provider:") + name;
    }
    static DataProvider provider(const QString& name, const QString& engine, bool isVirtual)
    {
        DataProvider p;
        p.dataProviderName = name;
        p.dataProviderArn = arnOf(name);
        p.engine = engine;
        p.isVirtual = isVirtual;
        return p;
    }
    // kRows projects from "ora" to "pg"; the one at `wideRow` has a virtual target whose engine
    // has a long name, the widest cell of either column.
    static void fill(ProjectsModel& model, int wideRow)
    {
        QList<MigrationProject> projects;
        for (int row = 0; row < kRows; ++row) {
            MigrationProject p;
            p.migrationProjectName = QStringLiteral("project-%1").arg(row, 5, 10, QLatin1Char('0'));
            p.migrationProjectArn = QStringLiteral("arn:aws:dms:us-east-1:1:migration-project:%1").arg(row);
            DataProviderDescriptor source;
            source.dataProviderArn = arnOf(QStringLiteral("ora"));
            DataProviderDescriptor target;
            target.dataProviderArn = arnOf(row == wideRow ? QStringLiteral("wide") : QStringLiteral("pg"));
            p.sourceDataProviderDescriptors = {source};
            p.targetDataProviderDescriptors = {target};
            projects.append(p);
        }
        model.appendProjects(projects);
        model.setDataProviders({provider(QStringLiteral("ora"), QStringLiteral("oracle"), false),
                                provider(QStringLiteral("pg"), QStringLiteral("postgres"), false),
                                provider(QStringLiteral("wide"), QStringLiteral("aurora-postgresql"), true)});
    }

    static int needed(const QTableView& view, const ProjectsFilterProxyModel& proxy,
                      const ProjectsModel& model, int row, int column)
    {
        return view.sizeHintForIndex(proxy.mapFromSource(model.index(row, column))).width() +
               (view.showGrid() ? 1 : 0);
    }

private slots:
    void aWideCellFarDownIsFittedOverSeveralTurns()
    {
        Table table;
        auto& [model, proxy, view] = table;
        const int wideRow = kRows - 3;
        fill(model, wideRow);
        const int narrow = view.horizontalHeader()->minimumSectionSize();
        view.horizontalHeader()->resizeSection(ProjectsModel::TargetEngineColumn, narrow);

        EngineColumnFitter fitter(&view, &model, &proxy);
        QSignalSpy fitted(&fitter, &EngineColumnFitter::fitted);
        fitter.fit();
        // Not in one go: the first turn saw only the first slice of rows.
        QVERIFY(fitter.isFitting());
        QCOMPARE(fitted.count(), 0);
        QCOMPARE(view.columnWidth(ProjectsModel::TargetEngineColumn), narrow);
        QVERIFY(fitted.wait(5000));
        QVERIFY(!fitter.isFitting());

        const int wide = needed(view, proxy, model, wideRow, ProjectsModel::TargetEngineColumn);
        QVERIFY2(wide > needed(view, proxy, model, 0, ProjectsModel::TargetEngineColumn),
                 "the far row's cell must be the widest");
        QCOMPARE(view.columnWidth(ProjectsModel::TargetEngineColumn),
                 std::max(wide, view.horizontalHeader()->sectionSizeHint(ProjectsModel::TargetEngineColumn)));
        QCOMPARE(view.columnWidth(ProjectsModel::SourceEngineColumn),
                 std::max(needed(view, proxy, model, 0, ProjectsModel::SourceEngineColumn),
                          view.horizontalHeader()->sectionSizeHint(ProjectsModel::SourceEngineColumn)));
    }

    // As Qt's fit, only the rows the view shows count.
    void aFilteredOutCellDoesNotWidenTheColumn()
    {
        Table table;
        auto& [model, proxy, view] = table;
        fill(model, 7);
        proxy.setFilterText(QStringLiteral("project-0001"));
        QVERIFY(proxy.rowCount() > 0);
        EngineColumnFitter fitter(&view, &model, &proxy);
        QSignalSpy fitted(&fitter, &EngineColumnFitter::fitted);
        fitter.fit();
        QVERIFY(fitted.count() == 1 || fitted.wait(5000));
        QCOMPARE(view.columnWidth(ProjectsModel::TargetEngineColumn),
                 std::max(needed(view, proxy, model, 10, ProjectsModel::TargetEngineColumn),
                          view.horizontalHeader()->sectionSizeHint(ProjectsModel::TargetEngineColumn)));
    }

    void cancelLeavesTheColumnsAlone()
    {
        Table table;
        auto& [model, proxy, view] = table;
        fill(model, kRows - 1);
        const int narrow = view.horizontalHeader()->minimumSectionSize();
        view.horizontalHeader()->resizeSection(ProjectsModel::TargetEngineColumn, narrow);
        EngineColumnFitter fitter(&view, &model, &proxy);
        QSignalSpy fitted(&fitter, &EngineColumnFitter::fitted);
        fitter.fit();
        fitter.cancel();
        QVERIFY(!fitted.wait(300));
        QCOMPARE(view.columnWidth(ProjectsModel::TargetEngineColumn), narrow);
    }
};

QTEST_MAIN(TestEngineColumnFitter)
#include "tst_enginecolumnfitter.moc"
