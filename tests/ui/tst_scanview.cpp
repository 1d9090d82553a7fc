#include "scan/scanview.h"

#include "gateway/engine.h"
#include "tls/certificatebuilder.h"

#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTest>

using namespace gatehouse;
using namespace gatehouse::ui;

// Drives the scan view against a real TLS listener of the gateway engine on loopback
// (TLS 1.2 minimum, two TLS 1.2 cipher suites) and checks the matrix and deviations.
class tst_ScanView : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        auto key = core::PrivateKey::generate(core::KeyAlgorithm::EcdsaP256);
        QVERIFY(key);
        auto spec = core::CertificateSpec::serverLeaf({"demo.local.kyma.dev", "*.local.kyma.dev"});
        auto cert = core::createSelfSigned(spec, *key);
        QVERIFY(cert);

        auto config = std::make_shared<gateway::Config>();
        gateway::TlsSettings tls;
        tls.minVersion = gateway::TlsVersion::V1_2;
        tls.cipherSuites = {"ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-ECDSA-AES256-GCM-SHA384"};
        tls.certificateChainPem = *cert->toPem();
        tls.privateKeyPem = *key->toPem();
        gateway::Server server;
        server.name = "test/https";
        server.hosts = {"*"};
        server.tls = tls;
        server.routeTable = "https";
        gateway::Listener listener;
        listener.name = "https";
        listener.port = 0;
        listener.gatewayPort = 443;
        listener.tls = true;
        listener.servers = {server};
        config->listeners = {listener};
        gateway::Route route;
        route.name = "direct";
        route.directStatus = 404;
        config->routeTables = {{"https", {{"any", {"*"}, false, 443, {route}}}}};
        config->adminPort = std::nullopt;

        m_engine = gateway::Engine::create({1});
        QVERIFY(m_engine);
        auto started = m_engine->start(config);
        QVERIFY2(started, started ? "" : started.error().message.c_str());
        const auto bound = m_engine->listeningAddresses();
        QCOMPARE(bound.size(), size_t(1));
        m_port = bound.front().port;
    }

    void cleanupTestCase() {
        if (m_engine)
            m_engine->stop(std::chrono::milliseconds(500));
    }

    void scanShowsMatrixAndDeviations() {
        ScanView view;
        view.resize(1000, 700);
        view.show();
        core::TlsPolicy policy;
        policy.serverName = "https";
        policy.minVersion = core::TlsVersion::Tls1_2;
        // The listener also accepts ECDHE-ECDSA-AES256-GCM-SHA384: a deviation.
        policy.cipherSuites = {"ECDHE-ECDSA-AES128-GCM-SHA256"};
        policy.hosts = {"*.local.kyma.dev"};
        view.setPolicies({{QStringLiteral("kyma-gateway / https"), policy}});
        view.selectPolicy(QStringLiteral("kyma-gateway / https"));
        view.setTarget(QStringLiteral("127.0.0.1"), m_port, QStringLiteral("demo.local.kyma.dev"));

        QSignalSpy finished(&view, &ScanView::finished);
        QTest::mouseClick(view.findChild<QPushButton *>(QStringLiteral("startButton")),
                          Qt::LeftButton);
        QVERIFY(view.isRunning());
        QVERIFY(view.findChild<QPushButton *>(QStringLiteral("cancelButton"))->isEnabled());
        QVERIFY(finished.wait(120000));
        QVERIFY2(view.report().has_value(), qPrintable(view.statusLabel()->text()));

        const core::ScanReport &report = *view.report();
        QVERIFY(report.accepts(core::TlsVersion::Tls1_2));
        QVERIFY(report.accepts(core::TlsVersion::Tls1_3));
        QVERIFY(!report.accepts(core::TlsVersion::Tls1_0));

        // The matrix: one row per cipher, one column per version, cells judged.
        QTableWidget *matrix = view.matrix();
        QCOMPARE(matrix->columnCount(), 4);
        auto cell = [&](const QString &cipher, int column) -> std::optional<ScanView::Cell> {
            for (int r = 0; r < matrix->rowCount(); ++r) {
                if (matrix->verticalHeaderItem(r)->text() != cipher)
                    continue;
                const QTableWidgetItem *item = matrix->item(r, column);
                if (!item || !item->data(Qt::UserRole).isValid())
                    return std::nullopt;
                return item->data(Qt::UserRole).value<ScanView::Cell>();
            }
            return std::nullopt;
        };
        const int tls12 = core::index(core::TlsVersion::Tls1_2);
        const int tls13 = core::index(core::TlsVersion::Tls1_3);
        QCOMPARE(cell(QStringLiteral("ECDHE-ECDSA-AES128-GCM-SHA256"), tls12),
                 ScanView::Cell::Accepted);
        QCOMPARE(cell(QStringLiteral("ECDHE-ECDSA-AES256-GCM-SHA384"), tls12),
                 ScanView::Cell::AcceptedAgainst);
        QCOMPARE(cell(QStringLiteral("TLS_AES_128_GCM_SHA256"), tls13), ScanView::Cell::Accepted);
        QVERIFY(matrix->horizontalHeaderItem(0)->text().contains(QStringLiteral("refused")));

        // Deviations listed: the extra cipher.
        bool sawCipher = false;
        for (int i = 0; i < view.deviationView()->count(); ++i)
            sawCipher |= view.deviationView()->item(i)->data(Qt::UserRole).toString() ==
                         QLatin1String("cipher-not-allowed");
        QVERIFY(sawCipher);
        QVERIFY(view.findChild<QPushButton *>(QStringLiteral("exportButton"))->isEnabled());
        QVERIFY(view.findChild<QListWidget *>(QStringLiteral("chainList"))->count() > 0);
    }

    void cancelStopsPromptly() {
        ScanView view;
        view.setTarget(QStringLiteral("127.0.0.1"), m_port, QStringLiteral("demo.local.kyma.dev"));
        QSignalSpy finished(&view, &ScanView::finished);
        view.start();
        QVERIFY(view.isRunning());
        QTest::mouseClick(view.findChild<QPushButton *>(QStringLiteral("cancelButton")),
                          Qt::LeftButton);
        QVERIFY(finished.wait(20000));
        QVERIFY(!view.isRunning());
        QVERIFY(view.findChild<QPushButton *>(QStringLiteral("startButton"))->isEnabled());
        // Either the cancel landed, or the scan was already done: both end cleanly.
        QVERIFY(view.statusLabel()->text().contains(QStringLiteral("cancelled")) ||
                view.report().has_value());
    }

    void emptyHostAsksForOne() {
        ScanView view;
        view.start();
        QVERIFY(!view.isRunning());
        QVERIFY(view.statusLabel()->text().contains(QStringLiteral("host")));
    }

private:
    std::unique_ptr<gateway::Engine> m_engine;
    uint16_t m_port = 0;
};

QTEST_MAIN(tst_ScanView)
#include "tst_scanview.moc"
