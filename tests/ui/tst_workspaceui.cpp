#include "documents/documenteditor.h"
#include "documents/workspacesession.h"
#include "editor/codeeditor.h"
#include "forms/gatewayform.h"
#include "forms/serviceentryform.h"
#include "forms/tlsmaterialform.h"
#include "mainwindow.h"
#include "panels/navigator.h"

#include "tls/certificatebuilder.h"
#include "tls/certificateloader.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QTreeWidget>

using namespace gatehouse;
using namespace gatehouse::ui;

namespace {
const char *gatewayYaml = R"(# the ingress gateway
apiVersion: networking.istio.io/v1beta1
kind: Gateway
metadata:
  name: kyma-gateway
  namespace: istio-system
spec:
  selector:
    istio: ingressgateway
  servers:
    - port:
        number: 80
        name: http
        protocol: HTTP
      hosts:
        - "*.local.kyma.dev"
      tls:
        httpsRedirect: true
    - port:
        number: 443
        name: https
        protocol: HTTPS
      hosts:
        - "*.local.kyma.dev"
      tls:
        mode: SIMPLE # terminate here
        credentialName: kyma-gateway-certs
        minProtocolVersion: TLSV1_2
        x-custom: keep-me
)";

const char *serviceEntryYaml = R"(apiVersion: networking.istio.io/v1beta1
kind: ServiceEntry
metadata:
  name: httpbin-ext
  namespace: default
spec:
  hosts:
    - httpbin.org
  location: MESH_EXTERNAL
  resolution: DNS
  ports:
    - number: 443
      name: https
      protocol: TLS
)";

bool writeFile(const QString &path, const QByteArray &data) {
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(data) == data.size();
}

QByteArray readFile(const QString &path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// Answers the next message box with `button` once it shows (polled, so the box's own
// event loop runs the click).
void answerNextMessageBox(QMessageBox::StandardButton button) {
    auto *timer = new QTimer(qApp);
    QObject::connect(timer, &QTimer::timeout, timer, [timer, button] {
        if (auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget())) {
            timer->stop();
            timer->deleteLater();
            box->button(button)->click();
        }
    });
    timer->start(20);
}
} // namespace

class tst_WorkspaceUi : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("GatehouseTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_workspaceui"));
    }

    void init() {
        QVERIFY(m_dir.isValid());
        QVERIFY(writeFile(m_dir.filePath(QStringLiteral("gateway.yaml")), gatewayYaml));
        QVERIFY(writeFile(m_dir.filePath(QStringLiteral("serviceentry.yaml")), serviceEntryYaml));
        auto key = core::PrivateKey::generate(core::KeyAlgorithm::EcdsaP256);
        QVERIFY(key);
        auto cert =
            core::createSelfSigned(core::CertificateSpec::serverLeaf({"*.local.kyma.dev"}), *key);
        QVERIFY(cert);
        const std::string secret =
            "apiVersion: v1\nkind: Secret\nmetadata:\n  name: kyma-gateway-certs\n"
            "  namespace: istio-system\ntype: Opaque\ndata:\n  cert: " +
            core::base64Encode(*cert->toPem()) + "\n  key: " + core::base64Encode(*key->toPem()) +
            "\n";
        QVERIFY(writeFile(m_dir.filePath(QStringLiteral("secret.yaml")),
                          QByteArray::fromStdString(secret)));
    }

    void openWorkspaceFillsNavigator() {
        MainWindow window;
        QVERIFY(window.openWorkspace(m_dir.path()));
        QTreeWidget *tree = window.navigator()->view();
        QCOMPARE(tree->topLevelItemCount(), 3);
        QStringList kinds;
        for (QTreeWidgetItemIterator it(tree); *it; ++it)
            kinds << (*it)->text(0);
        QVERIFY2(kinds.contains(QStringLiteral("Gateway (1)")), qPrintable(kinds.join(u'|')));
        QVERIFY(kinds.contains(QStringLiteral("istio-system/kyma-gateway")));
        QVERIFY(kinds.contains(QStringLiteral("ServiceEntry (1)")));
        QVERIFY(kinds.contains(QStringLiteral("Secret (1)")));
        // Activating a resource opens its file with its form.
        for (QTreeWidgetItemIterator it(tree); *it; ++it) {
            if ((*it)->text(0) == QLatin1String("default/httpbin-ext"))
                Q_EMIT tree->itemActivated(*it, 0);
        }
        DocumentEditor *doc = window.currentDocument();
        QVERIFY(doc);
        QVERIFY(doc->path().endsWith(QLatin1String("serviceentry.yaml")));
        QVERIFY(qobject_cast<ServiceEntryForm *>(doc->form()));
    }

    void gatewayFormAndYamlStayInStep() {
        MainWindow window;
        window.show();
        QVERIFY(window.openWorkspace(m_dir.path()));
        const QString path = m_dir.filePath(QStringLiteral("gateway.yaml"));
        DocumentEditor *doc = window.openDocument(path);
        QVERIFY(doc);
        auto *form = qobject_cast<GatewayForm *>(doc->form());
        QVERIFY(form);
        QCOMPARE(form->serversTable()->rowCount(), 2);
        QCOMPARE(form->serversTable()->item(1, 0)->text(), QStringLiteral("443"));

        // Form → YAML: the HTTPS server's minimum version.
        form->selectServer(1);
        QCOMPARE(form->minVersionCombo()->currentData().toString(), QStringLiteral("TLSV1_2"));
        QComboBox *min = form->minVersionCombo();
        const int tls13 = min->findData(QStringLiteral("TLSV1_3"));
        min->setCurrentIndex(tls13);
        Q_EMIT min->activated(tls13);
        QVERIFY2(doc->text().contains(QStringLiteral("minProtocolVersion: TLSV1_3")),
                 qPrintable(doc->text()));
        // Comments and fields the model does not know survive.
        QVERIFY(doc->text().contains(QStringLiteral("# the ingress gateway")));
        QVERIFY(doc->text().contains(QStringLiteral("mode: SIMPLE # terminate here")));
        QVERIFY(doc->text().contains(QStringLiteral("x-custom: keep-me")));
        QVERIFY(doc->isDirty());
        QVERIFY(window.tabs()->tabText(window.tabs()->indexOf(doc)).endsWith(u'*'));

        // One undo stack: Edit ▸ Undo takes the form edit back, and the form follows.
        doc->editor()->setFocus();
        window.findChild<QAction *>(QStringLiteral("actionUndo"))->trigger();
        QVERIFY(doc->text().contains(QStringLiteral("minProtocolVersion: TLSV1_2")));
        QCOMPARE(form->minVersionCombo()->currentData().toString(), QStringLiteral("TLSV1_2"));
        QVERIFY(!doc->isDirty());

        // YAML → form: type in the text.
        const int at = int(doc->text().indexOf(QStringLiteral("TLSV1_2")));
        QTextCursor cursor = doc->editor()->textCursor();
        cursor.setPosition(at + 6);
        cursor.setPosition(at + 7, QTextCursor::KeepAnchor);
        doc->editor()->setTextCursor(cursor);
        QTest::keyClicks(doc->editor(), QStringLiteral("1"));
        QVERIFY(doc->text().contains(QStringLiteral("minProtocolVersion: TLSV1_1")));
        QCOMPARE(form->minVersionCombo()->currentData().toString(), QStringLiteral("TLSV1_1"));

        // The table edits the YAML too; hosts become a list.
        form->serversTable()->item(1, 3)->setText(
            QStringLiteral("*.local.kyma.dev, api.example.com"));
        QVERIFY2(doc->text().contains(QStringLiteral("api.example.com")), qPrintable(doc->text()));

        // httpsRedirect check box on the first server.
        form->selectServer(0);
        QVERIFY(form->httpsRedirectCheck()->isChecked());
        form->httpsRedirectCheck()->setChecked(false);
        QVERIFY(!doc->text().contains(QStringLiteral("httpsRedirect")));

        // credentialName choices come from the workspace's Secrets.
        form->selectServer(1);
        QVERIFY(form->credentialCombo()->findText(QStringLiteral("kyma-gateway-certs")) >= 0);

        // Save writes through core; the tab is clean again.
        window.findChild<QAction *>(QStringLiteral("actionSave"))->trigger();
        QVERIFY(!doc->isDirty());
        QCOMPARE(QString::fromUtf8(readFile(path)), doc->text());
    }

    void closePromptsForUnsavedChanges() {
        MainWindow window;
        window.show();
        QVERIFY(window.openWorkspace(m_dir.path()));
        DocumentEditor *doc = window.openDocument(m_dir.filePath(QStringLiteral("gateway.yaml")));
        doc->editor()->moveCursor(QTextCursor::End);
        QTest::keyClicks(doc->editor(), QStringLiteral("# more"));
        QTest::keyClick(doc->editor(), Qt::Key_Return);
        QVERIFY(doc->isDirty());
        answerNextMessageBox(QMessageBox::Cancel);
        // (QWidget::close()'s return value is not reliable for top-level windows on Qt 6.4's
        // platform path; visibility is what the user sees.)
        window.close();
        QVERIFY(window.isVisible());
        answerNextMessageBox(QMessageBox::Discard);
        window.close();
        QVERIFY(!window.isVisible());
        // Discarded: the file on disk is unchanged.
        QVERIFY(!readFile(m_dir.filePath(QStringLiteral("gateway.yaml"))).contains("# more"));
    }

    void externalChangeOffersReload() {
        MainWindow window;
        window.show();
        QVERIFY(window.openWorkspace(m_dir.path()));
        const QString path = m_dir.filePath(QStringLiteral("serviceentry.yaml"));
        DocumentEditor *doc = window.openDocument(path);
        QSignalSpy changed(window.session(), &WorkspaceSession::externallyChanged);
        answerNextMessageBox(QMessageBox::Yes);
        QByteArray changedText = QByteArray(serviceEntryYaml).replace("httpbin.org", "example.org");
        QVERIFY(writeFile(path, changedText));
        QVERIFY(changed.wait(10000));
        QTRY_VERIFY(doc->text().contains(QStringLiteral("example.org")));
        QVERIFY(!doc->isDirty());
        auto *form = qobject_cast<ServiceEntryForm *>(doc->form());
        QVERIFY(form);
        QTRY_COMPARE(form->hostsEdit()->text(), QStringLiteral("example.org"));
    }

    void tlsSecretFormShowsAndReplacesCertificate() {
        MainWindow window;
        QVERIFY(window.openWorkspace(m_dir.path()));
        DocumentEditor *doc = window.openDocument(m_dir.filePath(QStringLiteral("secret.yaml")));
        auto *form = qobject_cast<TlsMaterialForm *>(doc->form());
        QVERIFY(form);
        QCOMPARE(form->certificates().size(), size_t(1));
        QVERIFY(form->summaryLabel()->text().contains(QStringLiteral("*.local.kyma.dev")));
        QVERIFY(form->summaryLabel()->text().contains(QStringLiteral("matches")));
        // The Gateway's HTTPS host is covered.
        QCOMPARE(form->hostList()->count(), 1);
        QVERIFY(form->hostList()->item(0)->data(Qt::UserRole).toBool());

        const QString before = doc->text();
        QTest::mouseClick(form->findChild<QPushButton *>(QStringLiteral("generateButton")),
                          Qt::LeftButton);
        QVERIFY(doc->text() != before);
        QVERIFY(doc->text().contains(QStringLiteral("cert: ")));
        QVERIFY(form->privateKey().has_value());
        QVERIFY(form->privateKey()->matches(form->certificates().front()));
        QVERIFY(form->certificates().front().coversHost("*.local.kyma.dev"));
    }

private:
    QTemporaryDir m_dir;
};

QTEST_MAIN(tst_WorkspaceUi)
#include "tst_workspaceui.moc"
