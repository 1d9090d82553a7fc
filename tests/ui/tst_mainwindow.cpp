#include "editor/codeeditor.h"
#include "mainwindow.h"
#include "panels/problemspanel.h"

#include <QAction>
#include <QDockWidget>
#include <QMenu>
#include <QMenuBar>
#include <QSettings>
#include <QStandardPaths>
#include <QSignalSpy>
#include <QTest>
#include <QTreeWidget>

using namespace gatehouse::ui;

class tst_MainWindow : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("GatehouseTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_mainwindow"));
        QSettings().clear();
    }

    void everyActionKeyboardReachable() {
        MainWindow window;
        const QList<QAction *> menus = window.menuBar()->actions();
        QVERIFY(menus.size() >= 4);
        QSet<QChar> mnemonics;
        for (QAction *menuAction : menus) {
            const QString title = menuAction->text();
            const qsizetype amp = title.indexOf(u'&');
            QVERIFY2(amp >= 0 && amp + 1 < title.size(), qPrintable(title));
            const QChar key = title.at(amp + 1).toLower();
            QVERIFY2(!mnemonics.contains(key), qPrintable(QStringLiteral("clash: ") + title));
            mnemonics.insert(key);
            QMenu *menu = menuAction->menu();
            QVERIFY(menu);
            QSet<QChar> inMenu;
            for (QAction *a : menu->actions()) {
                if (a->isSeparator() || a->menu())
                    continue;
                // Each entry has a mnemonic or a shortcut, and an object name.
                const qsizetype i = a->text().indexOf(u'&');
                const bool hasMnemonic = i >= 0 && i + 1 < a->text().size();
                QVERIFY2(hasMnemonic || !a->shortcut().isEmpty(), qPrintable(a->text()));
                QVERIFY2(!a->objectName().isEmpty(), qPrintable(a->text()));
                if (hasMnemonic) {
                    const QChar m = a->text().at(i + 1).toLower();
                    QVERIFY2(!inMenu.contains(m),
                             qPrintable(QStringLiteral("clash: ") + a->text()));
                    inMenu.insert(m);
                }
            }
        }
    }

    void standardShortcuts() {
        MainWindow window;
        auto shortcut = [&](const char *name) {
            auto *a = window.findChild<QAction *>(QString::fromLatin1(name));
            return a ? a->shortcut() : QKeySequence();
        };
        QCOMPARE(shortcut("actionQuit"), QKeySequence(QKeySequence::Quit));
        QCOMPARE(shortcut("actionUndo"), QKeySequence(QKeySequence::Undo));
        QCOMPARE(shortcut("actionRedo"), QKeySequence(QKeySequence::Redo));
        QCOMPARE(shortcut("actionGoToLine"), QKeySequence(Qt::CTRL | Qt::Key_L));
    }

    void docksPresentAndToggle() {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        for (const char *name : {"navigatorDock", "problemsDock", "logDock"}) {
            auto *dock = window.findChild<QDockWidget *>(QString::fromLatin1(name));
            QVERIFY2(dock, name);
            QVERIFY(dock->toggleViewAction());
        }
        auto *nav = window.findChild<QDockWidget *>(QStringLiteral("navigatorDock"));
        QVERIFY(nav->isVisible());
        window.findChild<QAction *>(QStringLiteral("actionShowNavigator"))->trigger();
        QVERIFY(!nav->isVisible());
    }

    void windowStatePersists() {
        {
            MainWindow window;
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            window.findChild<QAction *>(QStringLiteral("actionShowLog"))->setChecked(false);
            window.findChild<QDockWidget *>(QStringLiteral("logDock"))->hide();
            window.close();
        }
        MainWindow again;
        again.show();
        QVERIFY(QTest::qWaitForWindowExposed(&again));
        QVERIFY(!again.findChild<QDockWidget *>(QStringLiteral("logDock"))->isVisible());
        QVERIFY(again.findChild<QDockWidget *>(QStringLiteral("problemsDock"))->isVisible());
    }

    void problemsPanelListsAndActivates() {
        ProblemsPanel panel;
        QList<Problem> problems{{MarkerSeverity::Warning,
                                 QStringLiteral("W1"),
                                 QStringLiteral("weak"),
                                 {},
                                 QStringLiteral("/tmp/a.yaml"),
                                 3,
                                 4},
                                {MarkerSeverity::Error,
                                 QStringLiteral("E1"),
                                 QStringLiteral("bad"),
                                 {},
                                 QStringLiteral("/tmp/b.yaml"),
                                 7,
                                 2}};
        panel.setProblems(problems);
        QCOMPARE(panel.view()->topLevelItemCount(), 2);
        // Worst first.
        QCOMPARE(panel.view()->topLevelItem(0)->text(1), QStringLiteral("E1"));
        QCOMPARE(panel.view()->topLevelItem(0)->text(3), QStringLiteral("b.yaml:7:2"));
        QSignalSpy spy(&panel, &ProblemsPanel::problemActivated);
        Q_EMIT panel.view()->itemActivated(panel.view()->topLevelItem(1), 0);
        QCOMPARE(spy.size(), 1);
        QCOMPARE(spy.at(0).at(0).value<Problem>().code, QStringLiteral("W1"));
    }
};

QTEST_MAIN(tst_MainWindow)
#include "tst_mainwindow.moc"
