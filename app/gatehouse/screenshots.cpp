// gatehouse_screenshots: renders the main screens of the desktop app to PNG files for the
// README (scripts/screenshots.sh runs it under Xvfb). Wiring only, like main.cpp.
#include "certificates/certificateinspector.h"
#include "certificates/newcertificatedialog.h"
#include "documents/documenteditor.h"
#include "documents/workspacesession.h"
#include "localgateway/localgatewaypanel.h"
#include "mainwindow.h"
#include "panels/logpanel.h"
#include "scan/scanview.h"
#include "support/icons.h"
#include "support/translations.h"

#include "controller/gatewaycontroller.h"

#include <QApplication>
#include <QDir>
#include <QDockWidget>
#include <QEventLoop>
#include <QTcpServer>
#include <QTimer>

#include <cstdio>

namespace {

// Runs the event loop until `done` or the timeout; false on timeout.
template <typename Done> bool waitFor(Done done, int timeoutMs) {
    QElapsedTimer timer;
    timer.start();
    while (!done()) {
        if (timer.elapsed() > timeoutMs)
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    }
    return true;
}

void settle(int ms) {
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < ms)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
}

bool save(QWidget *widget, const QString &dir, const char *name) {
    const QString path = QDir(dir).filePath(QString::fromLatin1(name));
    const bool ok = widget->grab().save(path);
    std::printf("%s %s\n", ok ? "wrote" : "FAILED", qPrintable(path));
    return ok;
}

int freePort() {
    QTcpServer server;
    server.listen(QHostAddress::LocalHost, 0);
    return server.serverPort();
}

} // namespace

int main(int argc, char **argv) {
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Gatehouse"));
    QApplication::setApplicationName(QStringLiteral("gatehouse"));
    QApplication::setWindowIcon(gatehouse::ui::Icons::appIcon());
    gatehouse::ui::LogSink::install();
    gatehouse::ui::installTranslations(&app);
    const QString out = app.arguments().value(1, QStringLiteral("docs/screenshots"));
    QDir().mkpath(out);
    using namespace gatehouse;
    bool ok = true;

    ui::MainWindow window;
    window.resize(1400, 900);
    window.show();
    if (!window.openDemoWorkspace())
        return 1;
    ui::DocumentEditor *doc = window.openDocument(
        QDir(window.session()->root()).filePath(QStringLiteral("kyma-gateway.yaml")));
    if (!doc)
        return 1;
    window.validateNow();
    settle(1500);
    ok &= save(&window, out, "main-window.png");

    // The local gateway with a little traffic, then a scan of it.
    window.setLocalPortMap({{80, freePort()}, {443, freePort()}});
    window.startLocalGateway();
    waitFor(
        [&] {
            return window.gatewayController()->state() == core::GatewayController::State::Running;
        },
        30000);
    settle(3000);
    if (auto *dock = window.findChild<QDockWidget *>(QStringLiteral("gatewayDock"))) {
        dock->raise();
        settle(300);
        ok &= save(&window, out, "local-gateway.png");
    }
    window.scanLocalGateway();
    if (auto *scan = window.findChild<ui::ScanView *>()) {
        waitFor([&] { return !scan->isRunning(); }, 120000);
        settle(300);
        ok &= save(&window, out, "tls-scan.png");
    }
    window.stopLocalGateway();

    ui::NewCertificateDialog *dialog = window.showNewCertificate();
    dialog->setKind(ui::NewCertificateDialog::Kind::SelfSignedLeaf);
    dialog->setCommonName(QStringLiteral("gatehouse.local.kyma.dev"));
    dialog->setSubjectAltNames({QStringLiteral("*.local.kyma.dev"), QStringLiteral("127.0.0.1")});
    dialog->create();
    waitFor([&] { return !dialog->isCreating(); }, 30000);
    settle(300);
    ok &= save(dialog, out, "new-certificate.png");
    ui::CertificateInspector *inspector = window.showInspector(
        dialog->result().chain, dialog->result().key, QStringLiteral("gatehouse.local.kyma.dev"));
    waitFor([&] { return !inspector->isVerifying(); }, 30000);
    settle(300);
    ok &= save(inspector, out, "certificate-inspector.png");

    waitFor(
        [&] {
            return window.gatewayController()->state() == core::GatewayController::State::Stopped;
        },
        30000);
    return ok ? 0 : 1;
}
