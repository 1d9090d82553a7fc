#include "documents/documenteditor.h"
#include "documents/workspacesession.h"
#include "editor/codeeditor.h"
#include "localgateway/localgatewaypanel.h"
#include "mainwindow.h"
#include "panels/problemspanel.h"
#include "scan/scanview.h"

#include "controller/gatewaycontroller.h"

#include <QAction>
#include <QLabel>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTcpServer>
#include <QTest>
#include <QTreeWidget>

using namespace gatehouse;
using namespace gatehouse::ui;

namespace {
// A port the OS considers free right now (loopback only).
int freePort() {
    QTcpServer server;
    server.listen(QHostAddress::LocalHost, 0);
    return server.serverPort();
}
} // namespace

// The demo workspace end to end: validation markers and problems, the local gateway
// started from the Gateway menu and fetched with a real client, and a scan of it.
class tst_LocalGateway : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("GatehouseTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_localgateway"));
        // A fresh demo every run.
        QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).removeRecursively();
    }

    void demoOpensAndValidates() {
        MainWindow window;
        QSignalSpy findings(&window, &MainWindow::findingsUpdated);
        QVERIFY(window.openDemoWorkspace());
        QVERIFY(window.session()->fileCount() >= 4);
        QVERIFY(findings.wait(30000));
        int errors = 0;
        for (const core::Finding &f : window.findings())
            errors += f.severity == core::Severity::Error;
        QCOMPARE(errors, 0);
    }

    void errorShowsMarkerAndProblem() {
        MainWindow window;
        window.show();
        QVERIFY(window.openDemoWorkspace());
        const QString path =
            QDir(window.session()->root()).filePath(QStringLiteral("kyma-gateway.yaml"));
        DocumentEditor *doc = window.openDocument(path);
        QVERIFY(doc);
        const int at = int(doc->text().indexOf(QStringLiteral("443")));
        QVERIFY(at > 0);
        QTextCursor cursor = doc->editor()->textCursor();
        cursor.setPosition(at);
        cursor.setPosition(at + 3, QTextCursor::KeepAnchor);
        doc->editor()->setTextCursor(cursor);
        const int line = cursor.blockNumber() + 1;
        QSignalSpy findings(&window, &MainWindow::findingsUpdated);
        QTest::keyClicks(doc->editor(), QStringLiteral("99999"));
        QTRY_VERIFY_WITH_TIMEOUT(!doc->editor()->markersAt(line).isEmpty(), 30000);
        QCOMPARE(doc->editor()->markersAt(line).front().severity, MarkerSeverity::Error);

        // The problems panel lists it; activating it goes to its line.
        ProblemsPanel *problems = window.problemsPanel();
        int row = -1;
        for (int i = 0; i < problems->problems().size(); ++i) {
            if (problems->problems().at(i).line == line &&
                problems->problems().at(i).file == doc->path())
                row = i;
        }
        QVERIFY2(row >= 0, "no problem entry for the port");
        doc->editor()->goTo(1, 1);
        Q_EMIT problems->view()->itemActivated(problems->view()->topLevelItem(row), 0);
        QCOMPARE(doc->editor()->currentLine(), line);

        // Undo, and the error goes away.
        doc->editor()->undo();
        QTRY_VERIFY_WITH_TIMEOUT(doc->editor()->markersAt(line).isEmpty(), 30000);
    }

    void startFetchScanStop() {
        MainWindow window;
        window.show();
        QVERIFY(window.openDemoWorkspace());
        const int httpPort = freePort();
        const int httpsPort = freePort();
        window.setLocalPortMap({{80, httpPort}, {443, httpsPort}});
        core::GatewayController *controller = window.gatewayController();

        QSignalSpy started(controller, &core::GatewayController::started);
        auto *start = window.findChild<QAction *>(QStringLiteral("actionStartGateway"));
        QVERIFY(start->isEnabled());
        start->trigger();
        QVERIFY2(started.wait(30000),
                 qPrintable(window.localGatewayPanel()->statusLabel()->text()));
        QCOMPARE(controller->state(), core::GatewayController::State::Running);
        QVERIFY(
            window.localGatewayPanel()->urlLabel()->text().contains(QString::number(httpsPort)));

        // A real client through the HTTP listener: kyma-gateway redirects to HTTPS.
        QNetworkAccessManager nam;
        QNetworkRequest request(QUrl(QStringLiteral("http://127.0.0.1:%1/").arg(httpPort)));
        request.setRawHeader("Host", "gatehouse.local.kyma.dev");
        request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                             QNetworkRequest::ManualRedirectPolicy);
        QNetworkReply *reply = nam.get(request);
        QSignalSpy done(reply, &QNetworkReply::finished);
        QVERIFY(done.wait(15000));
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        QCOMPARE(status, 301);
        QVERIFY(reply->rawHeader("Location").startsWith("https://"));
        reply->deleteLater();

        // The statistics reach the panel's charts.
        QSignalSpy stats(controller, &core::GatewayController::statsUpdated);
        QVERIFY(stats.wait(10000));

        // Scan This Gateway: the matrix fills in.
        window.findChild<QAction *>(QStringLiteral("actionScanGateway"))->trigger();
        auto *scan = window.findChild<ScanView *>();
        QVERIFY(scan);
        QSignalSpy scanned(scan, &ScanView::finished);
        QVERIFY(scanned.wait(120000));
        QVERIFY2(scan->report().has_value(), qPrintable(scan->statusLabel()->text()));
        QVERIFY(scan->report()->accepts(core::TlsVersion::Tls1_2));
        QVERIFY(scan->matrix()->rowCount() > 0);
        bool anyAccepted = false;
        for (int r = 0; r < scan->matrix()->rowCount(); ++r) {
            const QTableWidgetItem *item = scan->matrix()->item(r, 2);
            anyAccepted |= item && item->data(Qt::UserRole).value<ScanView::Cell>() ==
                                       ScanView::Cell::Accepted;
        }
        QVERIFY(anyAccepted);

        QSignalSpy stopped(controller, &core::GatewayController::stopped);
        window.findChild<QAction *>(QStringLiteral("actionStopGateway"))->trigger();
        QVERIFY(stopped.wait(30000));
        QCOMPARE(controller->state(), core::GatewayController::State::Stopped);
    }

    void reloadOnSaveOnlyWhenValid() {
        MainWindow window;
        window.show();
        QVERIFY(window.openDemoWorkspace());
        window.setLocalPortMap({{80, freePort()}, {443, freePort()}});
        core::GatewayController *controller = window.gatewayController();
        QSignalSpy started(controller, &core::GatewayController::started);
        window.findChild<QAction *>(QStringLiteral("actionStartGateway"))->trigger();
        QVERIFY(started.wait(30000));
        DocumentEditor *doc = window.openDocument(
            QDir(window.session()->root()).filePath(QStringLiteral("kyma-gateway.yaml")));
        QVERIFY(doc);
        auto *save = window.findChild<QAction *>(QStringLiteral("actionSave"));

        // A valid change: saved, and the running gateway reloads it.
        QSignalSpy reloaded(controller, &core::GatewayController::reloaded);
        doc->applyText(doc->text().replace(QStringLiteral("TLSV1_2"), QStringLiteral("TLSV1_3")));
        save->trigger();
        QVERIFY(reloaded.wait(30000));

        // An invalid one: saved, but not served; the old config keeps serving.
        reloaded.clear();
        QString text = doc->text();
        text.replace(text.indexOf(QStringLiteral("443")), 3, QStringLiteral("99999"));
        doc->applyText(text);
        save->trigger();
        QTest::qWait(1500);
        QCOMPARE(reloaded.size(), 0);
        QCOMPARE(controller->state(), core::GatewayController::State::Running);
        QVERIFY(
            window.localGatewayPanel()->statusLabel()->text().contains(QStringLiteral("error")));

        QSignalSpy stopped(controller, &core::GatewayController::stopped);
        window.stopLocalGateway();
        QVERIFY(stopped.wait(30000));
    }
};

QTEST_MAIN(tst_LocalGateway)
#include "tst_localgateway.moc"
