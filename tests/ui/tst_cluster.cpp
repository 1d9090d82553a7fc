// The desktop's Cluster menu against the real kube-apiserver (tests/kube/cluster.sh, started
// by the cluster_kube_start fixture): open a context, see its live Gateways in the cluster
// navigator and their YAML, pull one into the workspace, apply a workspace from the Apply
// dialog and find the object on the server. (No raw string literals here: Qt 6.4's moc
// loses the test class after some of them.)
#include "cluster/applydialog.h"
#include "cluster/clustercontroller.h"
#include "cluster/clusternavigator.h"
#include "cluster/opencontextdialog.h"
#include "cluster/planview.h"
#include "cluster/sidebysidediff.h"
#include "documents/workspacesession.h"
#include "editor/codeeditor.h"
#include "mainwindow.h"

#include "cluster/clusterconnection.h"
#include "cluster/clustersession.h"
#include "controller/gatewaycontroller.h"
#include "cluster/resourceobject.h"

#include "../support/processrun.h"
#include "../support/testfiles.h"

#include <QAction>
#include <QApplication>
#include <QAbstractButton>
#include <QCheckBox>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableWidget>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QTimer>
#include <QTreeWidget>

using namespace gatehouse;
using namespace gatehouse::ui;

using gatehouse::test::Run;
using gatehouse::test::runProcess;
using gatehouse::test::writeFile;

namespace {

// The object item `name` under namespace `ns` (context → namespace → kind → object).
QTreeWidgetItem *findObject(QTreeWidget *view, const QString &ns, const QString &name) {
    for (QTreeWidgetItemIterator it(view); *it; ++it) {
        QTreeWidgetItem *item = *it;
        if (item->text(0) == name && item->parent() && item->parent()->parent() &&
            item->parent()->parent()->text(0).section(u' ', 0, 0) == ns)
            return item;
    }
    return nullptr;
}

// While it lives, closes any message box that opens unasked (an error the app reports,
// e.g. "Delete failed") and keeps its text: the test then fails saying what it was, instead
// of hanging in the box's event loop until the test's time is up.
class UnexpectedBoxes {
public:
    UnexpectedBoxes() {
        m_timer.setInterval(100);
        QObject::connect(&m_timer, &QTimer::timeout, [this] {
            if (auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget())) {
                m_texts.append(box->text());
                box->reject();
            }
        });
        m_timer.start();
    }
    [[nodiscard]] QString texts() const { return m_texts.join(u'\n'); }

private:
    QTimer m_timer;
    QStringList m_texts;
};

const char *kGateway = "apiVersion: networking.istio.io/v1\n"
                       "kind: Gateway\n"
                       "metadata:\n"
                       "  name: %1\n"
                       "  namespace: %2\n"
                       "spec:\n"
                       "  selector:\n"
                       "    istio: ingressgateway\n"
                       "  servers:\n"
                       "  - port:\n"
                       "      number: 80\n"
                       "      name: http\n"
                       "      protocol: HTTP\n"
                       "    hosts:\n"
                       "    - \"%3\"\n";

} // namespace

class tst_Cluster : public QObject {
    Q_OBJECT

    QString m_kubeconfig;
    QString m_ns;
    QTemporaryDir m_tmp;

    Run kubectl(const QStringList &args, const QByteArray &input = {}) {
        return runProcess(QStringLiteral("kubectl"),
                          QStringList{"--kubeconfig", m_kubeconfig, "--context", "gh-admin"} + args,
                          {}, input, 60'000);
    }

    // Opens gh-admin in a fresh window's controller and waits for the navigator.
    bool openAdmin(MainWindow &window, ClusterController *&controller) {
        controller = window.findChild<ClusterController *>();
        if (!controller)
            return false;
        QSignalSpy loaded(controller, &ClusterController::overviewLoaded);
        controller->openContext(m_kubeconfig, QStringLiteral("gh-admin"));
        return loaded.wait(60'000);
    }

    // A Gateway for the test namespace.
    QByteArray gatewayYaml(const QString &name, const QString &host) const {
        return QString::fromUtf8(kGateway).arg(name, m_ns, host).toUtf8();
    }

    // Writes `files` (name, content) into `workspace`, opens it in `window` and connects the
    // window to gh-admin (openAdmin).
    bool openWorkspaceWithCluster(const QTemporaryDir &workspace,
                                  const QList<QPair<QString, QByteArray>> &files,
                                  MainWindow &window, ClusterController *&controller) {
        for (const auto &[name, content] : files) {
            if (!writeFile(workspace.filePath(name), content))
                return false;
        }
        return workspace.isValid() && window.openWorkspace(workspace.path()) &&
               openAdmin(window, controller);
    }

private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_tmp.isValid());
        const QByteArray state = qgetenv("GATEHOUSE_KUBE_STATE");
        QVERIFY2(!state.isEmpty(), "GATEHOUSE_KUBE_STATE is not set (run through ctest)");
        QFile env(QString::fromLocal8Bit(state) + QStringLiteral("/env"));
        QVERIFY2(env.open(QIODevice::ReadOnly), "the test cluster is not running (no env file)");
        for (const QByteArray &line : env.readAll().split('\n')) {
            if (line.startsWith("GATEHOUSE_KUBECONFIG="))
                m_kubeconfig = QString::fromUtf8(line.mid(line.indexOf('=') + 1));
        }
        QVERIFY(!m_kubeconfig.isEmpty());
        m_ns = QStringLiteral("gh-ui-%1").arg(QCoreApplication::applicationPid());
        Run r = kubectl({"create", "namespace", m_ns});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        // A Gateway that is live before the window opens.
        r = kubectl({"apply", "--server-side", "--field-manager=kubectl-test", "-f", "-"},
                    gatewayYaml("live-gw", "live.example.com"));
        QVERIFY2(r.exitCode == 0, r.err.constData());
    }

    void cleanupTestCase() {
        if (!m_ns.isEmpty() && !m_kubeconfig.isEmpty())
            kubectl({"delete", "namespace", m_ns, "--wait=false"});
    }

    void contextDialogMarksCurrent() {
        OpenContextDialog dialog(m_kubeconfig);
        QTreeWidget *list = dialog.contexts();
        QCOMPARE(list->topLevelItemCount(), 4);
        // gh-admin is the kubeconfig's current context: marked and preselected.
        QCOMPARE(dialog.context(), QStringLiteral("gh-admin"));
        QVERIFY(list->currentItem()->text(0).contains(u'*'));
        QVERIFY(list->currentItem()->font(0).bold());
        dialog.selectContext(QStringLiteral("gh-viewer"));
        QCOMPARE(dialog.context(), QStringLiteral("gh-viewer"));
        QCOMPARE(list->currentItem()->text(3), QStringLiteral("team-a"));
        QVERIFY(!dialog.warning()->isVisibleTo(&dialog));
    }

    void insecureContextWarns() {
        const QString path = m_tmp.filePath(QStringLiteral("insecure.yaml"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("apiVersion: v1\n"
                "kind: Config\n"
                "current-context: lax\n"
                "clusters: [{name: c, cluster: {server: \"https://127.0.0.1:1\", "
                "insecure-skip-tls-verify: true}}]\n"
                "users: [{name: u, user: {token: t}}]\n"
                "contexts: [{name: lax, context: {cluster: c, user: u}}]\n");
        f.close();
        OpenContextDialog dialog(path);
        QCOMPARE(dialog.context(), QStringLiteral("lax"));
        QVERIFY(dialog.warning()->isVisibleTo(&dialog));
        QVERIFY(dialog.warning()->text().contains(QStringLiteral("insecure-skip-tls-verify")));
    }

    void menuIsReachable() {
        MainWindow window;
        QMenu *menu = window.findChild<QMenu *>(QStringLiteral("menuCluster"));
        QVERIFY(menu);
        QVERIFY(window.menuBar()->actions().contains(menu->menuAction()));
        QVERIFY(menu->title().contains(u'&'));
        for (const char *name : {"actionOpenContext", "actionRefreshCluster",
                                 "actionPullIntoWorkspace", "actionDiffCluster",
                                 "actionApplyCluster", "actionDeleteLive", "actionServeLocally"}) {
            auto *a = window.findChild<QAction *>(QString::fromLatin1(name));
            QVERIFY2(a, name);
            QVERIFY2(menu->actions().contains(a), name);
            QVERIFY2(a->text().contains(u'&'), name);
        }
        // Nothing that needs a context works before one is open.
        QVERIFY(window.findChild<QAction *>(QStringLiteral("actionOpenContext"))->isEnabled());
        QVERIFY(!window.findChild<QAction *>(QStringLiteral("actionApplyCluster"))->isEnabled());
    }

    void openContextShowsLiveGateways() {
        MainWindow window;
        window.show();
        ClusterController *controller = nullptr;
        QVERIFY(openAdmin(window, controller));
        QVERIFY(controller->connection()->isOpen());

        // Status bar: context and server version.
        const QString status = controller->statusLabel()->text();
        QVERIFY2(status.contains(QStringLiteral("gh-admin")), qPrintable(status));
        QVERIFY2(status.contains(QStringLiteral("v1.33.")), qPrintable(status));

        // context → namespace → kind → the live Gateway.
        QTreeWidget *view = controller->navigator()->view();
        QCOMPARE(view->topLevelItem(0)->text(0), QStringLiteral("gh-admin"));
        QTreeWidgetItem *gateway = findObject(view, m_ns, QStringLiteral("live-gw"));
        QVERIFY(gateway);
        QVERIFY(gateway->parent()->text(0).startsWith(QStringLiteral("Gateway (")));
        QVERIFY(gateway->parent()->parent()->text(0).startsWith(m_ns));

        // Activating it shows its YAML, read-only.
        view->setCurrentItem(gateway);
        Q_EMIT view->itemActivated(gateway, 0);
        auto *yaml = qobject_cast<CodeEditor *>(window.tabs()->currentWidget());
        QVERIFY(yaml);
        QVERIFY(yaml->isReadOnly());
        QTRY_VERIFY_WITH_TIMEOUT(yaml->toPlainText().contains(QStringLiteral("live.example.com")),
                                 30'000);
        QVERIFY(yaml->toPlainText().contains(QStringLiteral("kind: Gateway")));

        // The navigator follows the cluster: a Gateway kubectl adds, then deletes, shows up
        // and goes away without a refresh.
        const Run added =
            kubectl({"apply", "--server-side", "--field-manager=kubectl-test", "-f", "-"},
                    gatewayYaml("watched-gw", "w.example.com"));
        QVERIFY2(added.exitCode == 0, added.err.constData());
        QTRY_VERIFY_WITH_TIMEOUT(findObject(view, m_ns, QStringLiteral("watched-gw")), 30'000);
        QCOMPARE(
            kubectl({"delete", "gateways.networking.istio.io", "-n", m_ns, "watched-gw"}).exitCode,
            0);
        QTRY_VERIFY_WITH_TIMEOUT(!findObject(view, m_ns, QStringLiteral("watched-gw")), 30'000);
    }

    void secretsHiddenUnlessAsked() {
        QCOMPARE(kubectl({"create", "secret", "generic", "live-cert", "-n", m_ns,
                          "--type=kubernetes.io/tls", "--from-literal=tls.crt=CERT",
                          "--from-literal=tls.key=KEY"})
                     .exitCode,
                 0);
        MainWindow window;
        ClusterController *controller = nullptr;
        QVERIFY(openAdmin(window, controller));
        QTreeWidget *view = controller->navigator()->view();
        QTRY_VERIFY_WITH_TIMEOUT(findObject(view, m_ns, QStringLiteral("live-cert")), 30'000);
        QTreeWidgetItem *secret = findObject(view, m_ns, QStringLiteral("live-cert"));
        view->clearSelection();
        secret->setSelected(true);
        window.findChild<QAction *>(QStringLiteral("actionShowLiveYaml"))->trigger();
        auto *hidden = qobject_cast<CodeEditor *>(window.tabs()->currentWidget());
        QVERIFY(hidden);
        QTRY_VERIFY_WITH_TIMEOUT(hidden->toPlainText().contains(QStringLiteral("tls.key")), 30'000);
        QVERIFY(!hidden->toPlainText().contains(QStringLiteral("S0VZ"))); // base64 of KEY
        QAction *values = window.findChild<QAction *>(QStringLiteral("actionShowSecretValues"));
        QVERIFY(values->isEnabled());
        values->trigger();
        auto *shown = qobject_cast<CodeEditor *>(window.tabs()->currentWidget());
        QVERIFY(shown && shown != hidden);
        QTRY_VERIFY_WITH_TIMEOUT(shown->toPlainText().contains(QStringLiteral("S0VZ")), 30'000);
    }

    void serveLocally() {
        MainWindow window;
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        const int port = probe.serverPort();
        probe.close();
        window.setLocalPortMap({{80, port}});
        ClusterController *controller = nullptr;
        QVERIFY(openAdmin(window, controller));
        // The test's namespace only: other tests leave Gateways the local gateway refuses.
        QTreeWidgetItem *gateway =
            findObject(controller->navigator()->view(), m_ns, QStringLiteral("live-gw"));
        QVERIFY(gateway);
        controller->navigator()->view()->clearSelection();
        gateway->parent()->parent()->setSelected(true);
        window.findChild<QAction *>(QStringLiteral("actionServeLocally"))->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(window.gatewayController()->state(),
                                  core::GatewayController::State::Running, 60'000);
        // The replayed workspace holds the live Gateway, without server-owned fields.
        const QString file =
            QDir(window.session()->root()).filePath(m_ns + QStringLiteral("/gateway-live-gw.yaml"));
        QVERIFY2(window.session()->indexOf(file) >= 0, qPrintable(file));
        QVERIFY(window.localUrls().join(u' ').contains(QString::number(port)));
        window.stopLocalGateway();
        QTRY_COMPARE_WITH_TIMEOUT(window.gatewayController()->state(),
                                  core::GatewayController::State::Stopped, 30'000);
    }

    void pullIntoWorkspace() {
        QTemporaryDir workspace;
        MainWindow window;
        ClusterController *controller = nullptr;
        QVERIFY(openWorkspaceWithCluster(workspace,
                                         {{"seed.yaml", gatewayYaml("seed", "seed.example.com")}},
                                         window, controller));
        QTreeWidget *view = controller->navigator()->view();
        QTreeWidgetItem *gateway = findObject(view, m_ns, QStringLiteral("live-gw"));
        QVERIFY(gateway);
        view->clearSelection();
        gateway->setSelected(true);
        QSignalSpy pulled(controller, &ClusterController::pulled);
        window.findChild<QAction *>(QStringLiteral("actionPullIntoWorkspace"))->trigger();
        QVERIFY(pulled.wait(30'000));
        const QStringList files = pulled.first().first().toStringList();
        QCOMPARE(files.size(), 1);
        QCOMPARE(files.first(), workspace.filePath(m_ns + QStringLiteral("/gateway-live-gw.yaml")));
        QFile file(files.first());
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray text = file.readAll();
        QVERIFY(text.contains("live.example.com"));
        // Without what the server owns.
        QVERIFY(!text.contains("managedFields"));
        QVERIFY(!text.contains("resourceVersion"));
        QVERIFY(!text.contains("uid:"));
        QVERIFY(window.session()->indexOf(files.first()) >= 0);
    }

    void applyFromDialog() {
        QTemporaryDir workspace;
        MainWindow window;
        window.show();
        ClusterController *controller = nullptr;
        QVERIFY(openWorkspaceWithCluster(
            workspace, {{"gateway.yaml", gatewayYaml("applied-gw", "applied.example.com")}}, window,
            controller));
        QVERIFY(window.findChild<QAction *>(QStringLiteral("actionApplyCluster"))->isEnabled());

        ApplyDialog *dialog = controller->showApplyDialog();
        QVERIFY(dialog);
        QSignalSpy planned(dialog, &ApplyDialog::planned);
        QVERIFY(planned.wait(60'000));
        QCOMPARE(dialog->stage(), ApplyDialog::Stage::Ready);
        QCOMPARE(dialog->planView()->results().size(), 1);
        QCOMPARE(dialog->planView()->results().first().outcome, core::ApplyOutcome::Created);
        QCOMPARE(dialog->planView()->table()->item(0, 2)->text(),
                 QStringLiteral("would be created"));
        // The dry run's diff, side by side: nothing live, the Gateway on the right.
        QVERIFY(dialog->planView()->diff()->right()->toPlainText().contains(
            QStringLiteral("applied.example.com")));
        // The dry run changed nothing.
        QVERIFY(
            kubectl({"get", "gateways.networking.istio.io", "-n", m_ns, "applied-gw"}).exitCode !=
            0);

        QVERIFY(dialog->applyButton()->isEnabled());
        QSignalSpy applied(dialog, &ApplyDialog::applied);
        QTest::mouseClick(dialog->applyButton(), Qt::LeftButton);
        QVERIFY(applied.wait(60'000));
        QCOMPARE(dialog->stage(), ApplyDialog::Stage::Done);
        const auto results = applied.first().first().value<QList<core::ApplyResult>>();
        QCOMPARE(results.size(), 1);
        QCOMPARE(results.first().outcome, core::ApplyOutcome::Created);
        QCOMPARE(dialog->planView()->table()->item(0, 2)->text(), QStringLiteral("created"));

        // On the server, owned by Gatehouse's field manager.
        const Run r = kubectl({"get", "gateways.networking.istio.io", "-n", m_ns, "applied-gw",
                               "-o", "json", "--show-managed-fields"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject live = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(live.value(u"spec")
                     .toObject()
                     .value(u"servers")
                     .toArray()
                     .at(0)
                     .toObject()
                     .value(u"hosts")
                     .toArray()
                     .at(0)
                     .toString(),
                 QStringLiteral("applied.example.com"));
        bool ours = false;
        for (const QJsonValue &m :
             live.value(u"metadata").toObject().value(u"managedFields").toArray())
            ours |= m.toObject().value(u"manager").toString() == u"gatehouse";
        QVERIFY(ours);

        // The navigator refreshes after the apply and shows it.
        QTRY_VERIFY_WITH_TIMEOUT(
            findObject(controller->navigator()->view(), m_ns, QStringLiteral("applied-gw")),
            30'000);

        // Applying again: unchanged.
        dialog->close();
        QTRY_VERIFY(!window.findChild<ApplyDialog *>());
        ApplyDialog *again = controller->showApplyDialog();
        QVERIFY(again);
        QSignalSpy plannedAgain(again, &ApplyDialog::planned);
        QVERIFY(plannedAgain.wait(60'000));
        QCOMPARE(again->planView()->results().first().outcome, core::ApplyOutcome::Unchanged);
        again->close();
    }

    void conflictOffersForce() {
        // Another manager owns the hosts; Gatehouse's different value conflicts.
        Run r = kubectl({"apply", "--server-side", "--field-manager=other", "-f", "-"},
                        gatewayYaml("contested", "theirs.example.com"));
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QTemporaryDir workspace;
        MainWindow window;
        ClusterController *controller = nullptr;
        QVERIFY(openWorkspaceWithCluster(
            workspace, {{"contested.yaml", gatewayYaml("contested", "ours.example.com")}}, window,
            controller));
        ApplyDialog *dialog = controller->showApplyDialog();
        QVERIFY(dialog);
        QSignalSpy planned(dialog, &ApplyDialog::planned);
        QVERIFY(planned.wait(60'000));
        const core::ApplyResult plan = dialog->planView()->results().first();
        QCOMPARE(plan.outcome, core::ApplyOutcome::Failed);
        QVERIFY(!plan.conflicts.isEmpty());
        QCOMPARE(plan.conflicts.first().manager, QStringLiteral("other"));
        QVERIFY(dialog->planView()->table()->item(0, 3)->toolTip().contains(
            QStringLiteral("\"other\"")));
        QVERIFY(dialog->forceConflicts()->isVisibleTo(dialog));
        QVERIFY(!dialog->applyButton()->isEnabled());

        // Force: the dry run again, then the apply takes the field over.
        dialog->forceConflicts()->setChecked(true);
        QVERIFY(planned.wait(60'000));
        QCOMPARE(dialog->planView()->results().first().outcome, core::ApplyOutcome::Configured);
        QVERIFY(dialog->applyButton()->isEnabled());
        QSignalSpy applied(dialog, &ApplyDialog::applied);
        dialog->apply();
        QVERIFY(applied.wait(60'000));
        QCOMPARE(applied.first().first().value<QList<core::ApplyResult>>().first().outcome,
                 core::ApplyOutcome::Configured);
        r = kubectl({"get", "gateways.networking.istio.io", "-n", m_ns, "contested", "-o",
                     "jsonpath={.spec.servers[0].hosts[0]}"});
        QCOMPARE(r.out, QByteArray("ours.example.com"));
        dialog->close();
    }

    void cancelStopsBetweenResources() {
        QTemporaryDir workspace;
        QList<QPair<QString, QByteArray>> files;
        for (int i = 0; i < 3; ++i)
            files.append({QStringLiteral("cm%1.yaml").arg(i),
                          QStringLiteral("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: "
                                         "cancel-%1, namespace: %2}\ndata: {a: '1'}\n")
                              .arg(i)
                              .arg(m_ns)
                              .toUtf8()});
        MainWindow window;
        ClusterController *controller = nullptr;
        QVERIFY(openWorkspaceWithCluster(workspace, files, window, controller));
        ApplyDialog *dialog = controller->showApplyDialog();
        QVERIFY(dialog);
        QSignalSpy planned(dialog, &ApplyDialog::planned);
        QVERIFY(planned.wait(60'000));
        QVERIFY(dialog->applyButton()->isEnabled());
        QSignalSpy applied(dialog, &ApplyDialog::applied);
        // Hold the session's thread for a moment, so the cancel lands before the first
        // resource starts (the applier checks it before each one).
        controller->connection()->run<int>(
            [](core::ClusterSession &) -> Result<int> {
                QThread::msleep(300);
                return 0;
            },
            [](const Result<int> &) {});
        dialog->apply();
        dialog->cancel();
        QVERIFY(applied.wait(60'000));
        // Every resource has a result, and the cluster agrees with each.
        const auto results = applied.first().first().value<QList<core::ApplyResult>>();
        QCOMPARE(results.size(), 3);
        int skipped = 0;
        for (const core::ApplyResult &r : results) {
            QVERIFY(r.outcome == core::ApplyOutcome::Created ||
                    r.outcome == core::ApplyOutcome::Skipped);
            skipped += r.outcome == core::ApplyOutcome::Skipped;
            const int exists = kubectl({"get", "configmap", "-n", m_ns, r.key.name}).exitCode;
            QCOMPARE(exists == 0, r.outcome == core::ApplyOutcome::Created);
        }
        QCOMPARE(skipped, 3);
        QVERIFY(dialog->findChild<QLabel *>(QStringLiteral("applyStatus"))
                    ->text()
                    .contains(QStringLiteral("cancelled")));
        dialog->close();
    }

    void diffThenDelete() {
        // The workspace changes the Gateway applyFromDialog() created.
        QTemporaryDir workspace;
        MainWindow window;
        ClusterController *controller = nullptr;
        QVERIFY(openWorkspaceWithCluster(
            workspace, {{"gateway.yaml", gatewayYaml("applied-gw", "changed.example.com")}}, window,
            controller));
        window.findChild<QAction *>(QStringLiteral("actionDiffCluster"))->trigger();
        auto *dialog = window.findChild<QDialog *>(QStringLiteral("clusterDiffDialog"));
        QVERIFY(dialog);
        auto *plan = dialog->findChild<PlanView *>();
        QVERIFY(plan);
        QTRY_VERIFY_WITH_TIMEOUT(!plan->results().isEmpty(), 60'000);
        QCOMPARE(plan->results().first().outcome, core::ApplyOutcome::Configured);
        // Side by side: live on the left, the workspace's value on the right.
        QVERIFY(
            plan->diff()->left()->toPlainText().contains(QStringLiteral("applied.example.com")));
        QVERIFY(
            plan->diff()->right()->toPlainText().contains(QStringLiteral("changed.example.com")));
        QVERIFY(
            !plan->diff()->right()->toPlainText().contains(QStringLiteral("applied.example.com")));
        // A diff changes nothing.
        QCOMPARE(kubectl({"get", "gateways.networking.istio.io", "-n", m_ns, "applied-gw", "-o",
                          "jsonpath={.spec.servers[0].hosts[0]}"})
                     .out,
                 QByteArray("applied.example.com"));
        dialog->close();

        // Delete asks first; "Cancel" keeps it, "Delete" removes it.
        QTreeWidget *view = controller->navigator()->view();
        QTreeWidgetItem *item = findObject(view, m_ns, QStringLiteral("applied-gw"));
        QVERIFY(item);
        view->clearSelection();
        item->setSelected(true);
        QAction *remove = window.findChild<QAction *>(QStringLiteral("actionDeleteLive"));
        QVERIFY(remove->isEnabled());
        // A refresh (here by hand; watch events cause them too) keeps the selection, so the
        // action still applies to what the user chose.
        QSignalSpy loaded(controller, &ClusterController::overviewLoaded);
        window.findChild<QAction *>(QStringLiteral("actionRefreshCluster"))->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(!loaded.isEmpty(), 60'000);
        item = findObject(view, m_ns, QStringLiteral("applied-gw"));
        QVERIFY(item && item->isSelected());
        QCOMPARE(view->selectedItems().size(), 1);
        QVERIFY(remove->isEnabled());
        auto answer = [](bool confirm) {
            QTimer::singleShot(200, [confirm] {
                auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
                if (!box)
                    return;
                for (QAbstractButton *b : box->buttons()) {
                    const bool isDelete = box->buttonRole(b) == QMessageBox::DestructiveRole;
                    if (isDelete == confirm) {
                        b->click();
                        return;
                    }
                }
            });
        };
        answer(false);
        remove->trigger();
        QTest::qWait(500);
        QCOMPARE(
            kubectl({"get", "gateways.networking.istio.io", "-n", m_ns, "applied-gw"}).exitCode, 0);
        answer(true);
        remove->trigger();
        // The delete runs on the session's thread (a refresh from an earlier watch event may
        // come first): the object goes, then the navigator follows.
        const UnexpectedBoxes boxes;
        QTRY_VERIFY2_WITH_TIMEOUT(
            kubectl({"get", "gateways.networking.istio.io", "-n", m_ns, "applied-gw"}).exitCode !=
                0,
            qPrintable(boxes.texts()), 60'000);
        QTRY_VERIFY2_WITH_TIMEOUT(!findObject(view, m_ns, QStringLiteral("applied-gw")),
                                  qPrintable(boxes.texts()), 60'000);
        QVERIFY2(boxes.texts().isEmpty(), qPrintable(boxes.texts()));
    }
};

QTEST_MAIN(tst_Cluster)
#include "tst_cluster.moc"
