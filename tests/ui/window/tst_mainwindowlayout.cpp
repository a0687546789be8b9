#include "DmsSimulator.h"
#include "WindowTestSupport.h"
#include "apply/ApplyConfirmDialog.h"
#include "prereq/PrerequisitesController.h"
#include "projects/ProjectDetailsWidget.h"
#include "projects/ProjectsModel.h"
#include "widgets/LongText.h"
#include "window/MainWindow.h"

#include <QAccessible>
#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QScreen>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTabBar>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

using namespace dmsx;
using namespace dmsx::ui;
using windowtest::startAndWait;

// The window's layout on a screen of a given size (the offscreen platform's 1600x1000 screen, at
// QT_SCALE_FACTOR=2 in the _x2 run): the demo's 255-character project name, a saved geometry
// larger than the screen, and the confirmation of an apply, measured on the real widgets.
class TestMainWindowLayout : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<DmsSimulator> m_sim;
    std::unique_ptr<QTemporaryDir> m_dir;

    static QRect available() { return QGuiApplication::primaryScreen()->availableGeometry(); }

    static QString longProjectArn(const MainWindow& window)
    {
        const ProjectsModel* model = window.projectsModel();
        for (int row = 0; row < model->rowCount(); ++row)
            if (model->project(row)->migrationProjectName.size() == 255)
                return model->project(row)->migrationProjectArn;
        return QString();
    }

    static QRect globalRect(const QWidget* w) { return QRect(w->mapToGlobal(QPoint(0, 0)), w->size()); }
    static QString text(const QRect& r)
    {
        return QStringLiteral("%1,%2 %3x%4").arg(r.x()).arg(r.y()).arg(r.width()).arg(r.height());
    }
    // Layouts are redone in posted events, and a reply handled meanwhile may post more.
    static void settleLayouts()
    {
        for (int i = 0; i < 3; ++i) {
            QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
            QApplication::processEvents();
        }
    }

private slots:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_sim = windowtest::startSimulator();
        QVERIFY(m_sim);
    }
    void cleanup()
    {
        m_sim.reset();
        m_dir.reset();
    }

    void theScreenIsTheOneAsked()
    {
        const qreal scale = qEnvironmentVariableIsSet("QT_SCALE_FACTOR")
                                ? qEnvironmentVariable("QT_SCALE_FACTOR").toDouble()
                                : 1.0;
        QCOMPARE(available().size(), QSize(qRound(1600 / scale), qRound(1000 / scale)));
    }

    void theFirstWindowFitsTheScreen()
    {
        MainWindow window(windowtest::demoWindowOptions(*m_sim, *m_dir));
        QVERIFY(startAndWait(window));
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY2(available().contains(window.frameGeometry()),
                 qPrintable(text(window.frameGeometry()) + QStringLiteral(" in ") + text(available())));
        // A sensible minimum: the table and the details both usable, and still no larger than a
        // small screen at 200 %.
        QVERIFY(window.minimumWidth() >= 600 && window.minimumHeight() >= 380);
        QVERIFY2(window.minimumSizeHint().width() <= available().width() &&
                     window.minimumSizeHint().height() <= available().height(),
                 qPrintable(text(QRect(QPoint(), window.minimumSizeHint()))));
    }

    void theLongestNameNeitherWidensTheWindowNorHidesTheDetails()
    {
        MainWindow window(windowtest::demoWindowOptions(*m_sim, *m_dir));
        QVERIFY(startAndWait(window));
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        const QString arn = longProjectArn(window);
        QVERIFY2(!arn.isEmpty(), "the demo has a project with a 255-character name");
        const QSize before = window.size();
        QSignalSpy requests(window.detailsWidget(), &ProjectDetailsWidget::requestsLoaded);
        QVERIFY(window.selectProject(arn));
        QTRY_COMPARE(window.detailsWidget()->projectArn(), arn);
        // Everything the pane shows has arrived: the data providers and the requests.
        QTRY_VERIFY(
            !window.detailsWidget()->fieldText(QStringLiteral("target")).contains(QStringLiteral("loading")));
        QVERIFY(requests.count() > 0 || requests.wait(20000));
        settleLayouts();
        QCOMPARE(window.size(), before);
        QVERIFY(available().contains(window.frameGeometry()));

        // The details pane lies inside the window, its title wraps to its width, and the whole name
        // is the tooltip.
        ProjectDetailsWidget* details = window.detailsWidget();
        const QRect windowRect = globalRect(&window);
        auto* title = details->findChild<QLabel*>(QStringLiteral("titleLabel"));
        QVERIFY(title);
        QVERIFY2(windowRect.contains(globalRect(title)),
                 qPrintable(text(globalRect(title)) + QLatin1Char(' ') + text(windowRect)));
        const QString name = window.projectsPane()->projectName(arn);
        QCOMPARE(LongText::shown(title), name);
        QVERIFY(LongText::plain(title->toolTip()).contains(name));
        QCOMPARE(title->accessibleName(), name);
        QVERIFY(title->height() > 2 * title->fontMetrics().height()); // wrapped, not cut

        // Source and target wrap inside the pane at the narrowest width the splitter allows.
        auto* splitter = window.findChild<QSplitter*>(QStringLiteral("mainSplitter"));
        QVERIFY(splitter);
        splitter->setSizes({splitter->width(), 0}); // as narrow as the splitter lets the details be
        settleLayouts();
        auto* scroll = splitter->widget(1);
        const QRect paneRect = globalRect(scroll);
        for (const char* field : {"sourceLabel", "targetLabel", "titleLabel"}) {
            auto* label = details->findChild<QLabel*>(QLatin1String(field));
            QVERIFY(label);
            const QRect r = globalRect(label);
            QVERIFY2(
                r.left() >= paneRect.left() && r.right() <= paneRect.right(),
                qPrintable(
                    QStringLiteral("%1 %2 outside %3").arg(QLatin1String(field), text(r), text(paneRect))));
            // Each line of the value fits: nothing is drawn beyond the label's width.
            QVERIFY2(label->heightForWidth(label->width()) <= label->height(),
                     qPrintable(QStringLiteral("%1: %2 needs %3 at width %4")
                                    .arg(QLatin1String(field))
                                    .arg(label->height())
                                    .arg(label->heightForWidth(label->width()))
                                    .arg(label->width())));
        }
        QVERIFY(
            window.detailsWidget()->fieldText(QStringLiteral("target")).contains(QStringLiteral("database")));

        // The table's name column tells similar names apart and keeps the full name in the tooltip.
        QTableView* view = window.projectsView();
        const int nameWidth = view->columnWidth(ProjectsModel::NameColumn);
        QVERIFY(nameWidth >=
                view->fontMetrics().horizontalAdvance(QStringLiteral("billing-migration-wave2")));
        QVERIFY(nameWidth <= view->fontMetrics().averageCharWidth() * ProjectsPane::kNameColumnMaxChars + 1);
        const QModelIndex cell =
            view->selectionModel()->currentIndex().siblingAtColumn(ProjectsModel::NameColumn);
        QVERIFY(LongText::plain(cell.data(Qt::ToolTipRole).toString()).contains(name));

        // The window is closed with its size: the next start opens no wider.
        window.saveSettings();
        MainWindow again(windowtest::demoWindowOptions(*m_sim, *m_dir));
        QVERIFY(again.width() <= available().width());
    }

    // Under the longest name, at any scale, the checklist "Check prerequisites" brings to the front
    // is scrolled into the details pane's view, its tabs and first rows seen without scrolling.
    void theChecklistComesIntoViewUnderTheLongestName()
    {
        MainWindow window(windowtest::demoWindowOptions(*m_sim, *m_dir));
        QVERIFY(startAndWait(window));
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        const QString arn = longProjectArn(window);
        QVERIFY(window.selectProject(arn));
        QTRY_COMPARE(window.detailsWidget()->projectArn(), arn);
        QTRY_VERIFY_WITH_TIMEOUT(window.checkPrerequisitesAction()->isEnabled(), 20000);
        window.checkPrerequisitesAction()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(!window.prerequisitesController()->isRunning(arn), 20000);
        settleLayouts();
        auto* tabs = window.detailsWidget()->findChild<QTabWidget*>(QStringLiteral("detailsTabWidget"));
        QVERIFY(tabs);
        auto* area = window.findChild<QScrollArea*>(QStringLiteral("detailsScrollArea"));
        QVERIFY(area);
        const QRect viewport = globalRect(area->viewport());
        QTRY_VERIFY2(
            viewport.contains(globalRect(tabs->tabBar())),
            qPrintable(text(globalRect(tabs->tabBar())) + QStringLiteral(" outside ") + text(viewport)));
    }

    // A failure's explanation in the window at its smallest (large fonts, 200 %): every line of it
    // can be read, scrolling if need be, and none is cut to the height the pane had left.
    void aLongExplanationScrollsInsteadOfBeingCut()
    {
        MainWindow window(windowtest::demoWindowOptions(*m_sim, *m_dir));
        m_sim.reset(); // nothing listens: a connection fault with its steps
        QVERIFY(startAndWait(window));
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QCOMPARE(window.state(), MainWindow::State::Failed);
        window.resize(window.minimumSize());
        settleLayouts();
        for (const char* name : {"emptyTitleLabel", "emptyTextLabel"}) {
            auto* label = window.findChild<QLabel*>(QLatin1String(name));
            QVERIFY(label && label->isVisible());
            QVERIFY2(label->height() >= label->heightForWidth(label->width()),
                     qPrintable(QStringLiteral("%1: %2 high, needs %3")
                                    .arg(QLatin1String(name))
                                    .arg(label->height())
                                    .arg(label->heightForWidth(label->width()))));
        }
        auto* retry = window.findChild<QPushButton*>(QStringLiteral("emptyRetryPushButton"));
        QVERIFY(retry && retry->isVisible());
        // Tab reaches the button, and the area scrolls to it.
        window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        auto* filter = window.findChild<QWidget*>(QStringLiteral("filterLineEdit"));
        filter->setFocus(Qt::TabFocusReason);
        QTRY_COMPARE(QApplication::focusWidget(), filter);
        for (int i = 0; i < 10 && QApplication::focusWidget() != retry; ++i)
            QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
        QCOMPARE(QApplication::focusWidget(), retry);
        settleLayouts();
        auto* area = window.findChild<QScrollArea*>(QStringLiteral("emptyScrollArea"));
        QVERIFY(area);
        // The area scrolls once the layouts the focus change set off have placed the button.
        QTRY_VERIFY2(globalRect(area->viewport()).contains(globalRect(retry)),
                     qPrintable(text(globalRect(retry)) + QStringLiteral(" outside ") +
                                text(globalRect(area->viewport())) +
                                QStringLiteral(" sb %1/%2 contents %3 focus %4")
                                    .arg(area->verticalScrollBar()->value())
                                    .arg(area->verticalScrollBar()->maximum())
                                    .arg(text(globalRect(area->widget())))
                                    .arg(QApplication::focusWidget()->objectName())));
    }

    void aSavedGeometryLargerThanTheScreenIsClamped()
    {
        MainWindowOptions o = windowtest::demoWindowOptions(*m_sim, *m_dir);
        {
            // What a window widened by a long name saved before.
            QWidget huge;
            huge.setGeometry(40, 30, 5754, 3000);
            QSettings s(o.settingsFile, QSettings::IniFormat);
            s.setValue(QStringLiteral("window/geometry"), huge.saveGeometry());
        }
        MainWindow window(o);
        QVERIFY(startAndWait(window));
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        const QRect f = window.frameGeometry();
        QVERIFY2(
            available().contains(f),
            qPrintable(QStringLiteral("%1,%2 %3x%4").arg(f.x()).arg(f.y()).arg(f.width()).arg(f.height())));
    }

    void theConfirmationFitsTheScreenAndShowsItsFacts_data()
    {
        QTest::addColumn<bool>("longest");
        QTest::newRow("255 characters") << true;
        QTest::newRow("erp-migration") << false;
    }
    void theConfirmationFitsTheScreenAndShowsItsFacts()
    {
        QFETCH(bool, longest);
        MainWindow window(windowtest::demoWindowOptions(*m_sim, *m_dir));
        QVERIFY(startAndWait(window));
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QString arn = longProjectArn(window);
        if (!longest)
            for (const SimProject& p : m_sim->scenario().projects)
                if (p.name == QLatin1String("erp-migration"))
                    arn = p.arn;
        QVERIFY(window.selectProject(arn));
        QTRY_VERIFY(window.applyAction()->isEnabled());
        // The real flow, with no scripted answer: the pre-flight, then the real dialog.
        window.applyAction()->trigger();
        ApplyConfirmDialog* dialog = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT((dialog = window.findChild<ApplyConfirmDialog*>()) && dialog->isVisible(),
                                 20000);
        QVERIFY(QTest::qWaitForWindowExposed(dialog));
        const QRect screen = available();
        QVERIFY2(screen.contains(dialog->frameGeometry()), qPrintable(text(dialog->frameGeometry())));
        QVERIFY(screen.contains(globalRect(dialog->applyButton())));
        QVERIFY(screen.contains(globalRect(dialog->cancelButton())));
        QVERIFY(dialog->applyButton()->isVisible() && dialog->cancelButton()->isVisible());
        QVERIFY(dialog->summaryText().contains(window.projectsPane()->projectName(arn)));
        // The dialog takes the height its facts need: they scroll only when the screen is too small
        // for them, and then the dialog is as tall as the screen allows.
        auto* facts = dialog->findChild<QScrollArea*>(QStringLiteral("contentScrollArea"));
        QVERIFY(facts);
        if (facts->verticalScrollBar()->maximum() > 0)
            QVERIFY2(dialog->frameGeometry().height() >= screen.height() - 80,
                     qPrintable(text(dialog->frameGeometry())));
        // No value is cut: every wrapped label is as tall as its text at its width.
        const auto labels = facts->widget()->findChildren<QLabel*>();
        for (const QLabel* label : labels)
            QVERIFY2(!label->wordWrap() || label->heightForWidth(label->width()) <= label->height(),
                     qPrintable(label->objectName()));
        if (!longest || screen.height() >= 900)
            QCOMPARE(facts->verticalScrollBar()->maximum(), 0);
        dialog->cancelButton()->click();
        QTRY_VERIFY(!window.findChild<ApplyConfirmDialog*>() || !dialog->isVisible());
    }

    void applySaysWhyItIsDisabledAndTabLeavesTheTable()
    {
        MainWindow window(windowtest::demoWindowOptions(*m_sim, *m_dir));
        QVERIFY(startAndWait(window));
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QAction* apply = window.applyAction();
        window.projectsView()->clearSelection();
        window.projectsView()->setCurrentIndex(QModelIndex());
        QTRY_VERIFY(window.selectedProjectArn().isEmpty());
        QVERIFY(!apply->isEnabled());
        QVERIFY2(apply->toolTip().contains(QStringLiteral("Select a migration project")),
                 qPrintable(apply->toolTip()));

        QString virtualArn;
        QString realArn;
        for (const SimProject& p : m_sim->scenario().projects) {
            if (p.name == QLatin1String("erp-assessment-virtual"))
                virtualArn = p.arn;
            if (p.name == QLatin1String("erp-migration"))
                realArn = p.arn;
        }
        QVERIFY(window.selectProject(virtualArn));
        QTRY_VERIFY(window.projectsPane()->isTargetVirtual(virtualArn));
        QVERIFY(!apply->isEnabled());
        QVERIFY2(apply->toolTip().contains(QStringLiteral("virtual")), qPrintable(apply->toolTip()));
        QVERIFY(window.selectProject(realArn));
        QTRY_VERIFY(apply->isEnabled());
        QVERIFY(!apply->toolTip().contains(QStringLiteral("virtual")));

        // Ctrl+Shift+N copies the name, whole.
        QTableView* view = window.projectsView();
        window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        view->setFocus(Qt::TabFocusReason);
        QApplication::clipboard()->clear();
        QTest::keyClick(view, Qt::Key_N, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(QApplication::clipboard()->text(), QStringLiteral("erp-migration"));
        // Tab leaves the table instead of walking its cells.
        const QModelIndex current = view->currentIndex();
        QTest::keyClick(view, Qt::Key_Tab);
        QVERIFY(QApplication::focusWidget() != view);
        QCOMPARE(view->currentIndex(), current);
    }

    // Qt 6.4 exposes a label's text only as its accessible name: the identity and the requests'
    // status must be in it, not replaced by the field's caption.
    void aScreenReaderHearsTheIdentityAndTheRequestsStatus()
    {
        MainWindow window(windowtest::demoWindowOptions(*m_sim, *m_dir));
        QVERIFY(startAndWait(window));
        QTRY_VERIFY(window.identityText().contains(QStringLiteral("111122223333")));
        auto* identity = window.findChild<QLabel*>(QStringLiteral("identityLabel"));
        QVERIFY(identity);
        QVERIFY2(identity->accessibleName().contains(QStringLiteral("111122223333")),
                 qPrintable(identity->accessibleName()));
        QVERIFY(window.selectProject(longProjectArn(window)));
        auto* status = window.detailsWidget()->findChild<QLabel*>(QStringLiteral("requestsStatusLabel"));
        QVERIFY(status);
        QTRY_VERIFY(!status->text().isEmpty());
        QAccessibleInterface* a = QAccessible::queryAccessibleInterface(status);
        QVERIFY(a);
        QCOMPARE(a->text(QAccessible::Name), status->text());
    }

    void aStatusNamingTheLongestProjectIsElided()
    {
        MainWindow window(windowtest::demoWindowOptions(*m_sim, *m_dir));
        QVERIFY(startAndWait(window));
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        const QString name = window.projectsPane()->projectName(longProjectArn(window));
        const QSize before = window.size();
        QMetaObject::invokeMethod(window.projectsPane(), "statusMessage",
                                  Q_ARG(QString, QStringLiteral("Applying to %1").arg(name)));
        QVERIFY(window.statusText().contains(name));
        QVERIFY(window.statusBar()->currentMessage().size() < window.statusText().size());
        QVERIFY(LongText::plain(window.statusBar()->toolTip()).contains(name));
        QCOMPARE(window.size(), before);
    }
};

// The offscreen platform's screen is 800x600 unless a configuration file says otherwise.
int main(int argc, char** argv)
{
    QTemporaryDir config;
    if (qEnvironmentVariable("QT_QPA_PLATFORM") == QLatin1String("offscreen")) {
        const QString path = config.filePath(QStringLiteral("screens.json"));
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly))
            return 2;
        file.write(R"({"screens": [{"name": "Screen", "x": 0, "y": 0, "width": 1600, "height": 1000,
                     "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]})");
        file.close();
        qputenv("QT_QPA_PLATFORM", "offscreen:configfile=" + path.toLocal8Bit());
    }
    QApplication app(argc, argv);
    TestMainWindowLayout test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_mainwindowlayout.moc"
