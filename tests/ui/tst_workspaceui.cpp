#include "documents/documenteditor.h"
#include "documents/workspacesession.h"
#include "editor/codeeditor.h"
#include "certificates/newcertificatedialog.h"
#include "forms/gatewayform.h"
#include "forms/rowactions.h"
#include "forms/serviceentryform.h"
#include "forms/stringlisteditor.h"
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
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
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

#include <memory>

#include "../support/testfiles.h"

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

using test::readFile;
using test::writeFile;

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

// Runs `answer` on the next modal dialog of type T once it shows (polled, so that the
// dialog's own event loop runs it).
template <typename T, typename F> void answerNextDialog(F answer) {
    auto *timer = new QTimer(qApp);
    QObject::connect(timer, &QTimer::timeout, timer, [timer, answer] {
        if (auto *dialog = qobject_cast<T *>(QApplication::activeModalWidget())) {
            timer->stop();
            timer->deleteLater();
            answer(dialog);
        }
    });
    timer->start(20);
}

// The editor a table or list opened in its cell (after editItem, Insert, F2).
QLineEdit *cellEditor(QAbstractItemView *view) {
    for (QLineEdit *edit : view->viewport()->findChildren<QLineEdit *>()) {
        if (edit->isVisible())
            return edit;
    }
    return nullptr;
}

// Types `text` into the open cell editor and commits it with Return.
bool typeIntoCell(QAbstractItemView *view, const QString &text) {
    QLineEdit *edit = cellEditor(view);
    if (!edit)
        return false;
    edit->selectAll();
    QTest::keyClicks(edit, text);
    QTest::keyClick(edit, Qt::Key_Return);
    // The delegate commits on the next turn of the event loop.
    for (int i = 0; i < 200 && cellEditor(view); ++i)
        QTest::qWait(10);
    return !cellEditor(view);
}

QString certificateCn(const core::Certificate &c) {
    return QString::fromStdString(c.info().commonName);
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
        QTRY_COMPARE(form->hostsEditor()->values(), QStringList{QStringLiteral("example.org")});
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

    void gatewayServersAddRemoveWithUndo() {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        QVERIFY(window.openWorkspace(m_dir.path()));
        DocumentEditor *doc = window.openDocument(m_dir.filePath(QStringLiteral("gateway.yaml")));
        auto *form = qobject_cast<GatewayForm *>(doc->form());
        QVERIFY(form);
        const QString original = doc->text();
        QTableWidget *table = form->serversTable();
        QCOMPARE(table->rowCount(), 2);

        // The Add button appends a server after the highest port, with the selected server's
        // hosts, and opens its port for typing.
        form->selectServer(1);
        QTest::mouseClick(form->serverActions()->addButton(), Qt::LeftButton);
        QCOMPARE(table->rowCount(), 3);
        QVERIFY2(doc->text().contains(QStringLiteral("number: 444")), qPrintable(doc->text()));
        QVERIFY(doc->text().contains(QStringLiteral("name: http-444")));
        QCOMPARE(form->currentServer(), 2);
        QCOMPARE(form->hostsEditor()->values(), QStringList{QStringLiteral("*.local.kyma.dev")});
        QVERIFY(typeIntoCell(table, QStringLiteral("8080")));
        QVERIFY2(doc->text().contains(QStringLiteral("number: 8080")), qPrintable(doc->text()));
        // Fields the model does not know survive the re-emitted document.
        QVERIFY(doc->text().contains(QStringLiteral("x-custom: keep-me")));

        // One undo stack: the port, then the new server go back; redo brings them again.
        auto *undo = window.findChild<QAction *>(QStringLiteral("actionUndo"));
        auto *redo = window.findChild<QAction *>(QStringLiteral("actionRedo"));
        doc->editor()->setFocus();
        undo->trigger();
        QVERIFY(doc->text().contains(QStringLiteral("number: 444")));
        undo->trigger();
        QCOMPARE(doc->text(), original);
        QCOMPARE(table->rowCount(), 2);
        redo->trigger();
        QCOMPARE(table->rowCount(), 3);
        redo->trigger();
        QVERIFY(doc->text().contains(QStringLiteral("number: 8080")));

        // Keyboard: Delete on the table removes the current server, Insert adds one.
        table->setFocus();
        table->setCurrentCell(2, 1);
        QTest::keyClick(table, Qt::Key_Delete);
        QCOMPARE(table->rowCount(), 2);
        QVERIFY(!doc->text().contains(QStringLiteral("8080")));
        QTest::keyClick(table, Qt::Key_Insert);
        QCOMPARE(table->rowCount(), 3);
        QVERIFY(cellEditor(table));
        QTest::keyClick(cellEditor(table), Qt::Key_Escape);

        // The Remove button takes out the selected one (the first, here).
        table->setCurrentCell(0, 0);
        QTest::mouseClick(form->serverActions()->removeButton(), Qt::LeftButton);
        QCOMPARE(table->rowCount(), 2);
        QCOMPARE(table->item(0, 0)->text(), QStringLiteral("443"));
        QVERIFY(!doc->text().contains(QStringLiteral("httpsRedirect")));

        // Hosts of the selected server: Enter in the input adds, Delete in the list removes.
        form->selectServer(0);
        StringListEditor *hosts = form->hostsEditor();
        QTest::keyClicks(hosts->input(), QStringLiteral("api.example.com"));
        QTest::keyClick(hosts->input(), Qt::Key_Return);
        QCOMPARE(hosts->values(), QStringList({QStringLiteral("*.local.kyma.dev"),
                                               QStringLiteral("api.example.com")}));
        QVERIFY(doc->text().contains(QStringLiteral("- api.example.com")));
        hosts->list()->setCurrentRow(0);
        QTest::keyClick(hosts->list(), Qt::Key_Delete);
        QCOMPARE(hosts->values(), QStringList{QStringLiteral("api.example.com")});
        QCOMPARE(table->item(0, 3)->text(), QStringLiteral("api.example.com"));

        // Everything goes back to the text as it was opened.
        doc->editor()->setFocus();
        while (doc->document()->isUndoAvailable())
            undo->trigger();
        QCOMPARE(doc->text(), original);
        QVERIFY(!doc->isDirty());
    }

    void serviceEntryPortsEndpointsHosts() {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        QVERIFY(window.openWorkspace(m_dir.path()));
        DocumentEditor *doc =
            window.openDocument(m_dir.filePath(QStringLiteral("serviceentry.yaml")));
        auto *form = qobject_cast<ServiceEntryForm *>(doc->form());
        QVERIFY(form);
        const QString original = doc->text();

        // Ports: add one (next number, plain HTTP), rename it, remove the first.
        QTest::mouseClick(form->portActions()->addButton(), Qt::LeftButton);
        QCOMPARE(form->portsTable()->rowCount(), 2);
        QVERIFY2(doc->text().contains(QStringLiteral("number: 444")), qPrintable(doc->text()));
        QVERIFY(typeIntoCell(form->portsTable(), QStringLiteral("8000")));
        QVERIFY(doc->text().contains(QStringLiteral("number: 8000")));
        form->portsTable()->setCurrentCell(0, 0);
        QTest::mouseClick(form->portActions()->removeButton(), Qt::LeftButton);
        QCOMPARE(form->portsTable()->rowCount(), 1);
        QCOMPARE(form->portsTable()->item(0, 0)->text(), QStringLiteral("8000"));
        QVERIFY(!doc->text().contains(QStringLiteral("443")));

        // Endpoints, by keyboard: Insert adds one and opens its address.
        QTableWidget *endpoints = form->endpointsTable();
        QCOMPARE(endpoints->rowCount(), 0);
        endpoints->setFocus();
        QTest::keyClick(endpoints, Qt::Key_Insert);
        QCOMPARE(endpoints->rowCount(), 1);
        QVERIFY(typeIntoCell(endpoints, QStringLiteral("10.0.0.7")));
        QVERIFY2(doc->text().contains(QStringLiteral("10.0.0.7")), qPrintable(doc->text()));
        QTest::mouseClick(form->endpointActions()->addButton(), Qt::LeftButton);
        QCOMPARE(endpoints->rowCount(), 2);
        QTest::keyClick(cellEditor(endpoints), Qt::Key_Escape);
        endpoints->setFocus();
        endpoints->setCurrentCell(0, 0);
        QTest::keyClick(endpoints, Qt::Key_Delete);
        QCOMPARE(endpoints->rowCount(), 1);
        QVERIFY(!doc->text().contains(QStringLiteral("10.0.0.7")));

        // Hosts: add with the Add button, remove with Remove.
        StringListEditor *hosts = form->hostsEditor();
        hosts->input()->setText(QStringLiteral("example.org"));
        QTest::mouseClick(hosts->actions()->addButton(), Qt::LeftButton);
        QCOMPARE(hosts->values(),
                 QStringList({QStringLiteral("httpbin.org"), QStringLiteral("example.org")}));
        hosts->list()->setCurrentRow(0);
        QTest::mouseClick(hosts->actions()->removeButton(), Qt::LeftButton);
        QCOMPARE(hosts->values(), QStringList{QStringLiteral("example.org")});
        QVERIFY(!doc->text().contains(QStringLiteral("httpbin.org")));

        // Undo spans all of it.
        auto *undo = window.findChild<QAction *>(QStringLiteral("actionUndo"));
        doc->editor()->setFocus();
        while (doc->document()->isUndoAvailable())
            undo->trigger();
        QCOMPARE(doc->text(), original);
        QCOMPARE(form->portsTable()->rowCount(), 1);
        QCOMPARE(form->portsTable()->item(0, 0)->text(), QStringLiteral("443"));
        QCOMPARE(endpoints->rowCount(), 0);
        QCOMPARE(hosts->values(), QStringList{QStringLiteral("httpbin.org")});
    }

    void tlsFormLoadsCertificateAndKeyFiles() {
        auto key = core::PrivateKey::generate(core::KeyAlgorithm::EcdsaP256);
        QVERIFY(key);
        auto cert = core::createSelfSigned(
            core::CertificateSpec::serverLeaf({"files.local.kyma.dev"}), *key);
        QVERIFY(cert);
        QTemporaryDir files;
        const QString certPath = files.filePath(QStringLiteral("tls.crt"));
        const QString keyPath = files.filePath(QStringLiteral("tls.key"));
        const QString junkPath = files.filePath(QStringLiteral("junk.pem"));
        QVERIFY(writeFile(certPath, QByteArray::fromStdString(*cert->toPem())));
        QVERIFY(writeFile(keyPath, QByteArray::fromStdString(*key->toPem())));
        QVERIFY(writeFile(junkPath, "not a certificate"));

        MainWindow window;
        window.show();
        QVERIFY(window.openWorkspace(m_dir.path()));
        DocumentEditor *doc = window.openDocument(m_dir.filePath(QStringLiteral("secret.yaml")));
        auto *form = qobject_cast<TlsMaterialForm *>(doc->form());
        QVERIFY(form);
        QVERIFY(form->privateKey()->matches(form->certificates().front()));

        // The certificate first (the file the Load Certificate button's dialog hands over):
        // the old key no longer matches it.
        QVERIFY(form->findChild<QPushButton *>(QStringLiteral("loadCertificateButton")));
        QVERIFY(form->loadCertificateFile(certPath));
        QCOMPARE(form->certificates().size(), size_t(1));
        QCOMPARE(certificateCn(form->certificates().front()),
                 QStringLiteral("files.local.kyma.dev"));
        QVERIFY(!form->privateKey()->matches(form->certificates().front()));
        QVERIFY(form->summaryLabel()->text().contains(QStringLiteral("does NOT match")));
        // Its host does not cover the Gateway's.
        QVERIFY(!form->hostList()->item(0)->data(Qt::UserRole).toBool());

        // Then its key.
        QVERIFY(form->findChild<QPushButton *>(QStringLiteral("loadKeyButton")));
        QVERIFY(form->loadKeyFile(keyPath));
        QVERIFY(form->privateKey()->matches(form->certificates().front()));
        QVERIFY(form->summaryLabel()->text().contains(QStringLiteral("matches")));
        QVERIFY(doc->text().contains(
            QString::fromStdString(core::base64Encode(*key->toPem())).left(40)));

        // A file that is neither says so and changes nothing.
        const QString before = doc->text();
        QVERIFY(!form->loadCertificateFile(junkPath));
        QCOMPARE(doc->text(), before);
        auto *error = form->findChild<QLabel *>(QStringLiteral("formError"));
        QVERIFY(error->isVisibleTo(form));
        QVERIFY(error->text().contains(QStringLiteral("junk.pem")));
    }

    void newCertificateGoesIntoWorkspace() {
        MainWindow window;
        window.show();
        QVERIFY(window.openWorkspace(m_dir.path()));

        // From the Secret's tab: straight into its form.
        DocumentEditor *secretDoc =
            window.openDocument(m_dir.filePath(QStringLiteral("secret.yaml")));
        auto *form = qobject_cast<TlsMaterialForm *>(secretDoc->form());
        QVERIFY(form);
        window.findChild<QAction *>(QStringLiteral("actionNewCertificate"))->trigger();
        auto *dialog = window.findChild<NewCertificateDialog *>();
        QVERIFY(dialog);
        auto *use = dialog->findChild<QPushButton *>(QStringLiteral("useInWorkspaceButton"));
        QVERIFY(use->isVisibleTo(dialog));
        QVERIFY(!use->isEnabled());
        dialog->setKind(NewCertificateDialog::Kind::SelfSignedLeaf);
        dialog->setCommonName(QStringLiteral("first.local.kyma.dev"));
        dialog->setSubjectAltNames({QStringLiteral("*.local.kyma.dev")});
        QSignalSpy created(dialog, &NewCertificateDialog::created);
        dialog->create();
        QVERIFY(created.wait(60000));
        QVERIFY(use->isEnabled());
        QTest::mouseClick(use, Qt::LeftButton);
        QCOMPARE(certificateCn(form->certificates().front()),
                 QStringLiteral("first.local.kyma.dev"));
        QVERIFY(form->privateKey()->matches(form->certificates().front()));
        QVERIFY(secretDoc->isDirty());

        // From a tab without TLS material: the user picks the Secret; a CA-signed leaf goes
        // in with its issuer.
        NewCertificateDialog caDialog;
        caDialog.setKind(NewCertificateDialog::Kind::CertificateAuthority);
        caDialog.setCommonName(QStringLiteral("Workspace Test CA"));
        QSignalSpy caCreated(&caDialog, &NewCertificateDialog::created);
        caDialog.create();
        QVERIFY(caCreated.wait(60000));
        window.openDocument(m_dir.filePath(QStringLiteral("gateway.yaml")));
        window.showNewCertificate();
        dialog->setKind(NewCertificateDialog::Kind::SignedLeaf);
        dialog->setIssuer(caDialog.result().chain.front(), *caDialog.result().key);
        dialog->setCommonName(QStringLiteral("second.local.kyma.dev"));
        created.clear();
        dialog->create();
        QVERIFY(created.wait(60000));
        QCOMPARE(dialog->result().chain.size(), size_t(2));
        QStringList offered;
        answerNextDialog<QInputDialog>([&offered](QInputDialog *input) {
            offered = input->comboBoxItems();
            for (const QString &item : offered)
                if (item.contains(QLatin1String("kyma-gateway-certs")))
                    input->setTextValue(item);
            input->accept();
        });
        QTest::mouseClick(use, Qt::LeftButton);
        QCOMPARE(offered.size(), 1);
        QCOMPARE(window.currentDocument(), secretDoc);
        form = qobject_cast<TlsMaterialForm *>(secretDoc->form());
        QCOMPARE(form->certificates().size(), size_t(2));
        QCOMPARE(certificateCn(form->certificates().front()),
                 QStringLiteral("second.local.kyma.dev"));
        QCOMPARE(certificateCn(form->certificates().back()), QStringLiteral("Workspace Test CA"));
        QVERIFY(form->privateKey()->matches(form->certificates().front()));
    }

    void recentWorkspacesMenu() {
        QTemporaryDir first;
        QTemporaryDir second;
        QTemporaryDir gone;
        for (const QTemporaryDir *d : {&first, &second, &gone})
            QVERIFY(writeFile(d->filePath(QStringLiteral("se.yaml")), serviceEntryYaml));
        MainWindow window;
        window.show();
        QVERIFY(window.openWorkspace(gone.path()));
        QVERIFY(window.openWorkspace(first.path()));
        QVERIFY(window.openWorkspace(second.path()));
        QVERIFY(QDir(gone.path()).removeRecursively());

        auto *menu = window.findChild<QMenu *>(QStringLiteral("menuRecent"));
        QVERIFY(menu);
        Q_EMIT menu->aboutToShow();
        const QList<QAction *> entries = menu->actions();
        QVERIFY(entries.size() >= 5); // three workspaces, a separator, Clear List
        // Most recent first, each with its number as mnemonic.
        QCOMPARE(entries.at(0)->text(),
                 QStringLiteral("&1 ") + QDir::toNativeSeparators(second.path()));
        QCOMPARE(entries.at(1)->text(),
                 QStringLiteral("&2 ") + QDir::toNativeSeparators(first.path()));
        QVERIFY(entries.at(0)->isEnabled());
        // A folder that is gone stays listed but cannot be chosen.
        QVERIFY(entries.at(2)->text().endsWith(QDir::toNativeSeparators(gone.path())));
        QVERIFY(!entries.at(2)->isEnabled());

        entries.at(1)->trigger();
        QCOMPARE(QDir(window.session()->root()).canonicalPath(),
                 QDir(first.path()).canonicalPath());
        Q_EMIT menu->aboutToShow();
        QCOMPARE(menu->actions().at(0)->text(),
                 QStringLiteral("&1 ") + QDir::toNativeSeparators(first.path()));

        menu->actions().constLast()->trigger(); // Clear List
        Q_EMIT menu->aboutToShow();
        QCOMPARE(menu->actions().size(), 1);
        QVERIFY(!menu->actions().at(0)->isEnabled());
    }

private:
    QTemporaryDir m_dir;
};

QTEST_MAIN(tst_WorkspaceUi)
#include "tst_workspaceui.moc"
