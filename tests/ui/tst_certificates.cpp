#include "certificates/certificateinspector.h"
#include "certificates/newcertificatedialog.h"
#include "certificates/validitytimeline.h"
#include "mainwindow.h"
#include "support/translations.h"

#include "tls/certificatebuilder.h"
#include "tls/certificateloader.h"

#include <QAction>
#include <QApplication>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QTimeZone>
#include <QTreeWidget>

#include <memory>

using namespace gatehouse;
using namespace gatehouse::ui;

namespace {
QString fieldValue(const CertificateInspector *inspector, const QString &field) {
    for (int i = 0; i < inspector->fieldView()->topLevelItemCount(); ++i) {
        const QTreeWidgetItem *item = inspector->fieldView()->topLevelItem(i);
        if (item->text(0) == field)
            return item->text(1);
    }
    return {};
}

QStringList verdictCodes(const CertificateInspector *inspector) {
    QStringList codes;
    for (int i = 0; i < inspector->verdictView()->count(); ++i)
        codes << inspector->verdictView()->item(i)->data(Qt::UserRole).toString();
    return codes;
}

QByteArray readAll(const QString &path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// Creates with the dialog's Create button and waits for the worker to finish.
bool createWith(NewCertificateDialog *dialog) {
    QSignalSpy created(dialog, &NewCertificateDialog::created);
    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("createButton")),
                      Qt::LeftButton);
    return created.wait(60000) && dialog->result().error.isEmpty();
}
} // namespace

class tst_Certificates : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("GatehouseTest"));
        // English plurals ("3 days") come from the embedded English file.
        QVERIFY(installTranslations(qApp, QLocale(QLocale::English, QLocale::UnitedStates)));
    }

    void createSelfSignedFromMenuAndInspect() {
        MainWindow window;
        window.show();
        window.findChild<QAction *>(QStringLiteral("actionNewCertificate"))->trigger();
        auto *dialog = window.findChild<NewCertificateDialog *>();
        QVERIFY(dialog);
        QVERIFY(dialog->isVisible());
        dialog->setKind(NewCertificateDialog::Kind::SelfSignedLeaf);
        dialog->setCommonName(QStringLiteral("demo.local.kyma.dev"));
        // Through the SAN editor, as a user types them.
        auto *input = dialog->findChild<QLineEdit *>(QStringLiteral("sanInput"));
        QTest::keyClicks(input, QStringLiteral("*.local.kyma.dev"));
        QTest::keyClick(input, Qt::Key_Return);
        QTest::keyClicks(input, QStringLiteral("127.0.0.1"));
        QTest::keyClick(input, Qt::Key_Return);
        QCOMPARE(dialog->subjectAltNames(),
                 QStringList({QStringLiteral("*.local.kyma.dev"), QStringLiteral("127.0.0.1")}));
        QVERIFY(createWith(dialog));
        QCOMPARE(dialog->result().chain.size(), size_t(1));
        QVERIFY(dialog->findChild<QLabel *>(QStringLiteral("statusLabel"))
                    ->text()
                    .contains(QStringLiteral("demo.local.kyma.dev")));

        auto *inspect = dialog->findChild<QPushButton *>(QStringLiteral("inspectButton"));
        QVERIFY(inspect->isEnabled());
        QTest::mouseClick(inspect, Qt::LeftButton);
        auto *inspector = window.findChild<CertificateInspector *>();
        QVERIFY(inspector);
        QVERIFY(inspector->isVisible());
        QCOMPARE(inspector->chainView()->topLevelItemCount(), 1);
        QCOMPARE(inspector->chainView()->topLevelItem(0)->text(0),
                 QStringLiteral("demo.local.kyma.dev"));
        QCOMPARE(fieldValue(inspector, QStringLiteral("DNS names")),
                 QStringLiteral("*.local.kyma.dev"));
        QCOMPARE(fieldValue(inspector, QStringLiteral("IP addresses")),
                 QStringLiteral("127.0.0.1"));
        QVERIFY(
            fieldValue(inspector, QStringLiteral("Public key")).contains(QStringLiteral("P-256")));
        QVERIFY(inspector->timeline()->statusText().contains(QStringLiteral("Valid for")));
        // A self-signed leaf that is no CA is not trusted by anything.
        QTRY_VERIFY2_WITH_TIMEOUT(
            !inspector->isVerifying() &&
                (verdictCodes(inspector).contains(QStringLiteral("self-signed")) ||
                 verdictCodes(inspector).contains(QStringLiteral("unknown-issuer"))),
            qPrintable(verdictCodes(inspector).join(u',')), 30000);
    }

    void caSignedLeafChainAndHostVerdicts() {
        NewCertificateDialog caDialog;
        caDialog.setKind(NewCertificateDialog::Kind::CertificateAuthority);
        caDialog.setCommonName(QStringLiteral("Gatehouse Test CA"));
        QVERIFY(createWith(&caDialog));
        const core::Certificate ca = caDialog.result().chain.front();
        QVERIFY(ca.isCa());

        NewCertificateDialog leafDialog;
        leafDialog.setKind(NewCertificateDialog::Kind::SignedLeaf);
        leafDialog.setIssuer(ca, *caDialog.result().key);
        leafDialog.setCommonName(QStringLiteral("api.local.kyma.dev"));
        leafDialog.setSubjectAltNames({QStringLiteral("api.local.kyma.dev")});
        leafDialog.setValidityDays(30);
        QVERIFY(createWith(&leafDialog));
        QCOMPARE(leafDialog.result().chain.size(), size_t(2));

        CertificateInspector inspector;
        QSignalSpy verified(&inspector, &CertificateInspector::verified);
        inspector.setHost(QStringLiteral("api.local.kyma.dev"));
        inspector.setPrivateKey(leafDialog.result().key);
        inspector.setCertificates(leafDialog.result().chain, QStringLiteral("test"));
        QTRY_VERIFY_WITH_TIMEOUT(!inspector.isVerifying() && verified.size() > 0, 30000);
        // The CA at the top, the leaf its child.
        QCOMPARE(inspector.chainView()->topLevelItemCount(), 1);
        QTreeWidgetItem *top = inspector.chainView()->topLevelItem(0);
        QCOMPARE(top->text(0), QStringLiteral("Gatehouse Test CA"));
        QCOMPARE(top->childCount(), 1);
        QCOMPARE(top->child(0)->text(0), QStringLiteral("api.local.kyma.dev"));
        QCOMPARE(inspector.chainView()->currentItem(), top->child(0));
        QVERIFY2(verdictCodes(&inspector).join(QString()).isEmpty(),
                 qPrintable(verdictCodes(&inspector).join(u',')));
        // Validity of 30 days: the timeline says so (29 or 30 full days left).
        QVERIFY(inspector.timeline()->statusText().contains(QStringLiteral("Valid for")));

        verified.clear();
        inspector.setHost(QStringLiteral("other.example.com"));
        QTRY_VERIFY_WITH_TIMEOUT(!inspector.isVerifying() && verified.size() > 0, 30000);
        QVERIFY(verdictCodes(&inspector).contains(QStringLiteral("hostname-not-covered")));

        // Another CA's key does not match the leaf.
        verified.clear();
        inspector.setHost(QString());
        inspector.setPrivateKey(caDialog.result().key);
        QTRY_VERIFY_WITH_TIMEOUT(!inspector.isVerifying() && verified.size() > 0, 30000);
        QVERIFY(verdictCodes(&inspector).contains(QStringLiteral("key-mismatch")));
    }

    void signedLeafNeedsIssuer() {
        NewCertificateDialog dialog;
        dialog.setKind(NewCertificateDialog::Kind::SignedLeaf);
        dialog.setCommonName(QStringLiteral("x.example"));
        dialog.create();
        QVERIFY(!dialog.isCreating());
        QVERIFY(dialog.findChild<QLabel *>(QStringLiteral("statusLabel"))
                    ->text()
                    .contains(QStringLiteral("CA")));
    }

    void csr() {
        NewCertificateDialog dialog;
        dialog.setKind(NewCertificateDialog::Kind::SigningRequest);
        dialog.setCommonName(QStringLiteral("csr.example"));
        QVERIFY(createWith(&dialog));
        QVERIFY(dialog.result().chain.empty());
        QVERIFY(QByteArray::fromStdString(dialog.result().csrPem)
                    .startsWith("-----BEGIN CERTIFICATE REQUEST-----"));
        QVERIFY(!dialog.findChild<QPushButton *>(QStringLiteral("inspectButton"))->isEnabled());
    }

    void inspectorExports_data() {
        QTest::addColumn<QString>("fileName");
        QTest::addColumn<QString>("filter");
        QTest::newRow("PEM chain") << "chain.pem"
                                   << "PEM";
        QTest::newRow("DER leaf") << "leaf.der"
                                  << "DER";
        QTest::newRow("JSON") << "chain.json"
                              << "JSON";
        // The chosen format wins over a name without its extension.
        QTest::newRow("DER, no extension") << "leaf"
                                           << "DER";
    }

    void inspectorExports() {
        QFETCH(QString, fileName);
        QFETCH(QString, filter);
        auto caKey = core::PrivateKey::generate(core::KeyAlgorithm::EcdsaP256);
        auto ca = core::createSelfSigned(core::CertificateSpec::ca("Export Test CA"), *caKey);
        auto leafKey = core::PrivateKey::generate(core::KeyAlgorithm::EcdsaP256);
        auto leaf = core::createSigned(core::CertificateSpec::serverLeaf({"export.example"}),
                                       *leafKey, *ca, *caKey);
        QVERIFY(ca && leaf);

        CertificateInspector inspector;
        inspector.show();
        QSignalSpy verified(&inspector, &CertificateInspector::verified);
        inspector.setCertificates({*leaf, *ca}, QStringLiteral("test"));
        QTRY_VERIFY_WITH_TIMEOUT(!inspector.isVerifying() && verified.size() > 0, 30000);
        QTemporaryDir dir;
        const QString path = dir.filePath(fileName);
        // (What the Export button's file dialog hands over; the dialog itself is Qt's.)
        const auto format = filter == QLatin1String("PEM") ? CertificateInspector::ExportFormat::Pem
                            : filter == QLatin1String("DER")
                                ? CertificateInspector::ExportFormat::Der
                                : CertificateInspector::ExportFormat::Json;
        QVERIFY(inspector.exportTo(path, format));
        const QByteArray data = readAll(path);
        QVERIFY2(!data.isEmpty(), qPrintable(path));

        if (filter == QLatin1String("JSON")) {
            const QJsonArray array = QJsonDocument::fromJson(data).array();
            QCOMPARE(array.size(), 2);
            QVERIFY(QJsonDocument(array).toJson().contains("export.example"));
            QVERIFY(QJsonDocument(array).toJson().contains("Export Test CA"));
            return;
        }
        auto certs = core::loadCertificates(data.toStdString());
        QVERIFY2(certs, certs ? "" : certs.error().message.c_str());
        if (filter == QLatin1String("PEM")) {
            QVERIFY(data.startsWith("-----BEGIN CERTIFICATE-----"));
            QCOMPARE(certs->size(), size_t(2));
            QCOMPARE(certs->front().sha256Fingerprint(), leaf->sha256Fingerprint());
        } else {
            QVERIFY(!data.contains("-----BEGIN"));
            QCOMPARE(certs->size(), size_t(1));
            // The certificate selected in the chain: the leaf.
            QCOMPARE(certs->front().sha256Fingerprint(), leaf->sha256Fingerprint());
        }
    }

    void timelineStates_data() {
        QTest::addColumn<int>("fromDays");
        QTest::addColumn<int>("toDays");
        QTest::addColumn<QString>("expect");
        QTest::newRow("valid") << -10 << 100 << "Valid for 100 more days";
        QTest::newRow("expired") << -100 << -3 << "Expired 3 days ago";
        QTest::newRow("not yet") << 5 << 100 << "Not valid for another 5 days";
    }

    void timelineStates() {
        QFETCH(int, fromDays);
        QFETCH(int, toDays);
        QFETCH(QString, expect);
        ValidityTimeline timeline;
        const QDateTime now(QDate(2026, 1, 15), QTime(12, 0), QTimeZone::utc());
        timeline.setNow(now);
        timeline.setValidity(now.addDays(fromDays), now.addDays(toDays));
        QCOMPARE(timeline.statusText(), expect);
    }
};

QTEST_MAIN(tst_Certificates)
#include "tst_certificates.moc"
