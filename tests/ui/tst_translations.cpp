#include "mainwindow.h"
#include "support/translations.h"

#include <QApplication>
#include <QMenu>
#include <QMenuBar>
#include <QStandardPaths>
#include <QTest>
#include <QTranslator>

using namespace gatehouse::ui;

// Runs under a German locale: the embedded German translation must load and the
// window's menus must show German text.
class tst_Translations : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QLocale::setDefault(QLocale(QLocale::German, QLocale::Germany));
        QVERIFY(installTranslations(qApp, QLocale()));
    }

    void menusAreGerman() {
        MainWindow window;
        QStringList titles;
        for (QAction *a : window.menuBar()->actions())
            titles << a->text();
        QVERIFY2(titles.contains(QStringLiteral("&Datei")), qPrintable(titles.join(u' ')));
        QVERIFY(titles.contains(QStringLiteral("&Bearbeiten")));
        QVERIFY(titles.contains(QStringLiteral("&Hilfe")));
        auto *undo = window.findChild<QAction *>(QStringLiteral("actionUndo"));
        QVERIFY(undo);
        QCOMPARE(undo->text(), QStringLiteral("&Rückgängig"));
    }

    void pluralsAreGerman() {
        QCOMPARE(QCoreApplication::translate("gatehouse::ui::ProblemsPanel", "%n warning(s)",
                                             nullptr, 3),
                 QStringLiteral("3 Warnungen"));
        QCOMPARE(QCoreApplication::translate("gatehouse::ui::ProblemsPanel", "%n warning(s)",
                                             nullptr, 1),
                 QStringLiteral("1 Warnung"));
    }

    void everyStringTranslated() {
        // The .ts file is the source of truth: no unfinished entries may ship.
        QFile ts(QStringLiteral(GATEHOUSE_SOURCE_DIR "/translations/gatehouse_de.ts"));
        QVERIFY(ts.open(QIODevice::ReadOnly));
        const QByteArray text = ts.readAll();
        QVERIFY(text.contains("<message"));
        QCOMPARE(text.count("type=\"unfinished\""), 0);
    }
};

QTEST_MAIN(tst_Translations)
#include "tst_translations.moc"
