#include "documents/documenteditor.h"
#include "documents/workspacesession.h"
#include "editor/codeeditor.h"
#include "localgateway/localgatewaypanel.h"
#include "mainwindow.h"
#include "panels/problemspanel.h"
#include "preferencesdialog.h"
#include "scan/scanview.h"
#include "support/settings.h"

#include "controller/gatewaycontroller.h"

#include <QAction>
#include <QApplication>
#include <QDesktopServices>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>
#include <QUuid>
#include <QTreeWidget>

#include "../support/testfiles.h"

using namespace gatehouse;
using namespace gatehouse::ui;

namespace {
// A port the OS considers free right now (loopback only).
int freePort() {
    QTcpServer server;
    server.listen(QHostAddress::LocalHost, 0);
    return server.serverPort();
}

// A plain HTTP/1.1 upstream on loopback that answers every request with the path it saw.
class TestUpstream : public QObject {
public:
    bool listen() {
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
                connect(socket, &QTcpSocket::readyRead, this, [this, socket] { serve(socket); });
            }
        });
        return m_server.listen(QHostAddress::LocalHost, 0);
    }
    [[nodiscard]] int port() const { return m_server.serverPort(); }
    QStringList paths;
    QStringList hosts;

private:
    void serve(QTcpSocket *socket) {
        QByteArray request = socket->property("request").toByteArray() + socket->readAll();
        socket->setProperty("request", request);
        if (!request.contains("\r\n\r\n"))
            return;
        socket->setProperty("request", QByteArray());
        const QList<QByteArray> lines = request.left(request.indexOf("\r\n\r\n")).split('\n');
        const QList<QByteArray> first = lines.value(0).trimmed().split(' ');
        const QString path = QString::fromLatin1(first.value(1));
        paths << path;
        for (const QByteArray &line : lines)
            if (line.toLower().startsWith("host:"))
                hosts << QString::fromLatin1(line.mid(5).trimmed());
        const QByteArray body = "upstream saw " + path.toLatin1();
        socket->write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " +
                      QByteArray::number(body.size()) + "\r\n\r\n" + body);
    }
    QTcpServer m_server;
};

using test::readFile;
using test::writeFile;
} // namespace

// Catches what the app would open in the browser (QDesktopServices calls open()).
class UrlCatcher : public QObject {
    Q_OBJECT
public:
    QList<QUrl> urls;
public Q_SLOTS:
    void open(const QUrl &url) { urls << url; }
};

// The demo workspace end to end: validation markers and problems, the local gateway
// started from the Gateway menu and fetched with a real client, and a scan of it.
class tst_LocalGateway : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("GatehouseTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_localgateway"));
    }

    // A fresh demo for every test (reloadOnSaveOnlyWhenValid saves an invalid one).
    void init() {
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
        window.setLocalAdminPort(0);
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
        window.setLocalAdminPort(0);
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

    // The demo VirtualService routes httpbin.local.kyma.dev to the workspace's endpoints
    // file, as `gatehousectl serve --workspace` does: a real client reaches the test's
    // upstream through the HTTPS listener, the access log tail shows the request, and
    // Open in Browser offers the HTTPS listener.
    void demoServesWorkspaceEndpoints() {
        const QString curl = QStandardPaths::findExecutable(QStringLiteral("curl"));
        if (curl.isEmpty())
            QSKIP("curl is not installed");
        TestUpstream upstream;
        QVERIFY(upstream.listen());
        MainWindow window;
        window.show();
        QVERIFY(window.openDemoWorkspace());
        const QString endpoints =
            QDir(window.session()->root()).filePath(QStringLiteral("gatehouse.endpoints"));
        const QByteArray original = readFile(endpoints);
        QVERIFY(original.contains("httpbin.default.svc.cluster.local="));
        QVERIFY(writeFile(endpoints, "# the test's upstream\nhttpbin.default.svc.cluster.local="
                                     "127.0.0.1:" +
                                         QByteArray::number(upstream.port()) + "\n"));
        const int httpsPort = freePort();
        window.setLocalPortMap({{80, freePort()}, {443, httpsPort}});
        window.setLocalAdminPort(0);
        core::GatewayController *controller = window.gatewayController();
        QSignalSpy started(controller, &core::GatewayController::started);
        window.findChild<QAction *>(QStringLiteral("actionStartGateway"))->trigger();
        QVERIFY2(started.wait(30000),
                 qPrintable(window.localGatewayPanel()->statusLabel()->text()));

        const QString path =
            QStringLiteral("/anything/%1").arg(QUuid::createUuid().toString(QUuid::WithoutBraces));
        const QString host = QStringLiteral("httpbin.local.kyma.dev");
        QProcess client;
        client.start(curl, {QStringLiteral("-sk"), QStringLiteral("--max-time"),
                            QStringLiteral("20"), QStringLiteral("--resolve"),
                            QStringLiteral("%1:%2:127.0.0.1").arg(host).arg(httpsPort),
                            QStringLiteral("-w"), QStringLiteral("\n%{http_code}"),
                            QStringLiteral("https://%1:%2%3").arg(host).arg(httpsPort).arg(path)});
        QSignalSpy finished(&client, &QProcess::finished);
        QVERIFY(finished.wait(30000));
        const QString output = QString::fromUtf8(client.readAllStandardOutput());
        QVERIFY2(output.endsWith(QLatin1String("\n200")), qPrintable(output));
        QVERIFY2(output.startsWith(QStringLiteral("upstream saw ") + path), qPrintable(output));
        QCOMPARE(upstream.paths, QStringList{path});

        // The access log tail in the panel shows the request.
        QPlainTextEdit *log = window.localGatewayPanel()->accessLog();
        QTRY_VERIFY2_WITH_TIMEOUT(log->toPlainText().contains(path),
                                  qPrintable(log->toPlainText().right(500)), 15000);

        // Gateway ▸ Open in Browser: the HTTPS listener, by a name of the Gateway's hosts.
        UrlCatcher browser;
        QDesktopServices::setUrlHandler(QStringLiteral("https"), &browser, "open");
        QDesktopServices::setUrlHandler(QStringLiteral("http"), &browser, "open");
        auto *open = window.findChild<QAction *>(QStringLiteral("actionOpenInBrowser"));
        QVERIFY(open->isEnabled());
        open->trigger();
        QDesktopServices::unsetUrlHandler(QStringLiteral("https"));
        QDesktopServices::unsetUrlHandler(QStringLiteral("http"));
        QCOMPARE(browser.urls.size(), 1);
        const QUrl url = browser.urls.front();
        QCOMPARE(url.scheme(), QStringLiteral("https"));
        QCOMPARE(url.port(), httpsPort);
        QVERIFY2(url.host().endsWith(QLatin1String(".local.kyma.dev")), qPrintable(url.toString()));

        QSignalSpy stopped(controller, &core::GatewayController::stopped);
        window.stopLocalGateway();
        QVERIFY(stopped.wait(30000));
        QVERIFY(!open->isEnabled());
        QVERIFY(writeFile(endpoints, original));
    }

    // Edit ▸ Preferences: the port map (checked by core's parser) and the admin port are
    // kept and used by the next start.
    void portMapPreference() {
        const Preferences saved = Settings::preferences();
        MainWindow window;
        window.show();
        QVERIFY(window.openDemoWorkspace());
        const int httpPort = freePort();
        const int httpsPort = freePort();
        const QString map = QStringLiteral("80=%1, 443=%2").arg(httpPort).arg(httpsPort);
        bool invalidRefused = false;
        auto *timer = new QTimer(&window);
        connect(timer, &QTimer::timeout, timer, [&invalidRefused, timer, map] {
            auto *dialog = qobject_cast<PreferencesDialog *>(QApplication::activeModalWidget());
            if (!dialog)
                return;
            timer->stop();
            QPushButton *ok = dialog->buttonBox()->button(QDialogButtonBox::Ok);
            dialog->portMapEdit()->setText(QStringLiteral("80=eighty"));
            invalidRefused = !ok->isEnabled();
            dialog->portMapEdit()->setText(map);
            dialog->adminPortSpin()->setValue(0);
            ok->click();
        });
        timer->start(20);
        window.findChild<QAction *>(QStringLiteral("actionPreferences"))->trigger();
        QVERIFY(invalidRefused);
        QCOMPARE(Settings::preferences().portMap, map);
        QCOMPARE(Settings::preferences().adminPort, 0);

        core::GatewayController *controller = window.gatewayController();
        QSignalSpy started(controller, &core::GatewayController::started);
        window.findChild<QAction *>(QStringLiteral("actionStartGateway"))->trigger();
        QVERIFY2(started.wait(30000),
                 qPrintable(window.localGatewayPanel()->statusLabel()->text()));
        const QString urls = window.localGatewayPanel()->urlLabel()->text();
        QVERIFY2(urls.contains(QStringLiteral(":%1/").arg(httpPort)), qPrintable(urls));
        QVERIFY2(urls.contains(QStringLiteral(":%1/").arg(httpsPort)), qPrintable(urls));
        QVERIFY(!controller->adminAddress().has_value());
        QSignalSpy stopped(controller, &core::GatewayController::stopped);
        window.stopLocalGateway();
        QVERIFY(stopped.wait(30000));
        Settings::setPreferences(saved);
    }
};

QTEST_MAIN(tst_LocalGateway)
#include "tst_localgateway.moc"
