#include "clustercontroller.h"

#include "applydialog.h"
#include "clusternavigator.h"
#include "opencontextdialog.h"
#include "planview.h"

#include "documents/workspacesession.h"
#include "editor/codeeditor.h"
#include "mainwindow.h"
#include "support/icons.h"

#include "cluster/clusterconnection.h"
#include "cluster/clustersession.h"
#include "cluster/jsonyaml.h"
#include "cluster/resourceobject.h"

#include <QAction>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QItemSelectionModel>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <utility>

namespace gatehouse::ui {

using core::ApplyResult;
using core::ClusterSession;

ClusterController::ClusterController(MainWindow *window)
    : QObject(window)
    , m_window(window)
    , m_connection(new core::ClusterConnection(this))
    , m_navigator(new ClusterNavigator)
    , m_dock(new QDockWidget(tr("Cluster"), window))
    , m_statusLabel(new QLabel) {
    setObjectName(QStringLiteral("clusterController"));
    m_dock->setObjectName(QStringLiteral("clusterDock"));
    m_dock->setWidget(m_navigator);
    window->addDockWidget(Qt::LeftDockWidgetArea, m_dock);
    if (auto *workspace = window->findChild<QDockWidget *>(QStringLiteral("navigatorDock"))) {
        window->tabifyDockWidget(workspace, m_dock);
        workspace->raise();
    }
    m_statusLabel->setObjectName(QStringLiteral("clusterStatus"));
    m_statusLabel->setAccessibleName(tr("Cluster context"));
    window->statusBar()->addPermanentWidget(m_statusLabel);

    createActions();
    connect(m_navigator, &ClusterNavigator::showRequested, this,
            [this](const QJsonObject &object) { showLive(object); });
    connect(m_navigator->view()->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &ClusterController::updateActions);
    connect(m_connection, &core::ClusterConnection::busyChanged, this,
            &ClusterController::updateActions);
    connect(window->session(), &WorkspaceSession::modelChanged, this,
            &ClusterController::updateActions);
    connect(window->session(), &WorkspaceSession::workspaceReplaced, this,
            &ClusterController::updateActions);
    // Changes seen by the watches arrive in bursts; one refresh follows each burst.
    m_changes.setSingleShot(true);
    m_changes.setInterval(300);
    connect(&m_changes, &QTimer::timeout, this, &ClusterController::refresh);
    setStatus();
    updateActions();
}

ClusterController::~ClusterController() = default;

void ClusterController::createActions() {
    auto action = [this](const char *name, const QString &text, const QString &icon = {},
                         const QKeySequence &shortcut = {}) {
        auto *a = new QAction(text, m_window);
        a->setObjectName(QString::fromLatin1(name));
        if (!icon.isEmpty())
            a->setIcon(Icons::icon(icon));
        if (!shortcut.isEmpty())
            a->setShortcut(shortcut);
        return a;
    };
    m_open = action("actionOpenContext", tr("&Open Context…"), QStringLiteral("open-folder"),
                    QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_K));
    connect(m_open, &QAction::triggered, this, &ClusterController::chooseContext);
    m_refresh = action("actionRefreshCluster", tr("&Refresh"), QStringLiteral("reload"),
                       QKeySequence(Qt::CTRL | Qt::Key_F5));
    connect(m_refresh, &QAction::triggered, this, &ClusterController::refresh);
    m_pull = action("actionPullIntoWorkspace", tr("&Pull into Workspace"), QStringLiteral("export"),
                    QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P));
    connect(m_pull, &QAction::triggered, this, &ClusterController::pullSelection);
    m_editCopy =
        action("actionEditLiveCopy", tr("&Edit a Copy in the Workspace"), QStringLiteral("file"));
    connect(m_editCopy, &QAction::triggered, this,
            [this] { pullInto(m_navigator->selectedObjects().mid(0, 1), true); });
    m_showYaml = action("actionShowLiveYaml", tr("Show Live &YAML"), QStringLiteral("resource"));
    connect(m_showYaml, &QAction::triggered, this, [this] {
        for (const QJsonObject &o : m_navigator->selectedObjects())
            showLive(o);
    });
    m_showSecret = action("actionShowSecretValues", tr("Show Secret &Values"));
    m_showSecret->setToolTip(tr("Show the live Secret with its data (hidden otherwise)"));
    connect(m_showSecret, &QAction::triggered, this, [this] {
        for (const QJsonObject &o : m_navigator->selectedObjects()) {
            if (o.value(u"kind").toString() == u"Secret")
                showLive(o, true);
        }
    });
    m_diff = action("actionDiffCluster", tr("&Diff Against Cluster"), QStringLiteral("find"),
                    QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_D));
    connect(m_diff, &QAction::triggered, this, &ClusterController::showDiff);
    m_apply = action("actionApplyCluster", tr("&Apply…"), QStringLiteral("start"),
                     QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_A));
    connect(m_apply, &QAction::triggered, this, [this] { showApplyDialog(); });
    m_delete = action("actionDeleteLive", tr("De&lete…"), QStringLiteral("error"));
    connect(m_delete, &QAction::triggered, this, &ClusterController::deleteSelection);
    m_serve = action("actionServeLocally", tr("&Serve Locally"), QStringLiteral("gateway"));
    m_serve->setToolTip(tr("Pull the Gateways and VirtualServices of the selected namespaces (or "
                           "of all) and their TLS material into a workspace and start the local "
                           "gateway on it"));
    connect(m_serve, &QAction::triggered, this, &ClusterController::serveLocally);

    m_menu = new QMenu(tr("&Cluster"), m_window);
    m_menu->setObjectName(QStringLiteral("menuCluster"));
    m_menu->addActions({m_open, m_refresh});
    m_menu->addSeparator();
    m_menu->addActions({m_pull, m_diff, m_apply, m_delete});
    m_menu->addSeparator();
    m_menu->addAction(m_serve);
    // Before Tools (or at the end when there is none).
    QMenuBar *bar = m_window->menuBar();
    if (auto *tools = m_window->findChild<QMenu *>(QStringLiteral("menuTools")))
        bar->insertMenu(tools->menuAction(), m_menu);
    else
        bar->addMenu(m_menu);
    if (auto *view = m_window->findChild<QMenu *>(QStringLiteral("menuView"))) {
        QAction *toggle = m_dock->toggleViewAction();
        toggle->setObjectName(QStringLiteral("actionShowCluster"));
        toggle->setShortcut(QKeySequence(Qt::ALT | Qt::Key_5));
        view->addAction(toggle);
    }
    // The navigator's context menu; Delete works there from the keyboard.
    auto *deleteKey = new QAction(m_navigator->view());
    deleteKey->setShortcut(QKeySequence::Delete);
    deleteKey->setShortcutContext(Qt::WidgetShortcut);
    connect(deleteKey, &QAction::triggered, this, &ClusterController::deleteSelection);
    m_navigator->view()->addAction(deleteKey);
    m_navigator->setActions(
        {m_showYaml, m_showSecret, m_editCopy, m_pull, nullptr, m_delete, nullptr, m_refresh});
}

void ClusterController::updateActions() {
    const bool open = m_connection->isOpen();
    const bool selected = open && !m_navigator->selectedObjects().isEmpty();
    const bool workspace = m_window->session()->isOpen();
    m_refresh->setEnabled(open && !m_loading);
    m_pull->setEnabled(selected);
    m_editCopy->setEnabled(selected);
    m_showYaml->setEnabled(selected);
    bool secret = false;
    for (const QJsonObject &o : m_navigator->selectedObjects())
        secret |= o.value(u"kind").toString() == u"Secret";
    m_showSecret->setEnabled(open && secret);
    m_delete->setEnabled(selected);
    m_diff->setEnabled(open && workspace);
    m_apply->setEnabled(open && workspace);
    m_serve->setEnabled(open);
}

void ClusterController::setStatus() {
    if (!m_connection->isOpen()) {
        m_statusLabel->setText(tr("No cluster"));
        m_statusLabel->setToolTip(tr("Cluster ▸ Open Context… connects to a cluster"));
        return;
    }
    const core::ResolvedContext &c = m_connection->context();
    QString text = m_overview.serverVersion.isEmpty()
                       ? tr("Cluster: %1").arg(c.contextName)
                       : tr("Cluster: %1 (%2)").arg(c.contextName, m_overview.serverVersion);
    QString tip = tr("Server %1, user %2, namespace %3").arg(c.cluster.server, c.user.name, c.ns);
    if (c.cluster.insecureSkipTlsVerify) {
        text = tr("⚠ %1").arg(text);
        tip += u'\n' + tr("TLS verification is off for this context (insecure-skip-tls-verify).");
    }
    m_statusLabel->setText(text);
    m_statusLabel->setToolTip(tip);
}

QString ClusterController::errorText(const Error &error) const {
    return QString::fromStdString(error.toString());
}

void ClusterController::chooseContext() {
    OpenContextDialog dialog(m_lastKubeconfig, m_window);
    if (m_connection->isOpen())
        dialog.selectContext(m_connection->context().contextName);
    if (dialog.exec() != QDialog::Accepted)
        return;
    openContext(dialog.kubeconfig(), dialog.context());
}

void ClusterController::openContext(const QString &kubeconfig, const QString &context) {
    m_lastKubeconfig = kubeconfig;
    m_overview = {};
    m_watching = false;
    m_changes.stop();
    m_navigator->clear();
    m_navigator->setMessage(
        tr("Connecting to %1…").arg(context.isEmpty() ? tr("the current context") : context));
    QPointer<ClusterController> self(this);
    m_connection->open(kubeconfig, context, [self](const Result<core::ResolvedContext> &resolved) {
        if (!self)
            return;
        self->setStatus();
        self->updateActions();
        if (!resolved) {
            const QString message = self->errorText(resolved.error());
            self->m_navigator->setMessage(message);
            self->m_window->statusBar()->showMessage(tr("Cannot open the context: %1").arg(message),
                                                     8000);
            Q_EMIT self->contextFailed(message);
            return;
        }
        for (const QString &w : resolved->warnings)
            self->m_window->statusBar()->showMessage(tr("Warning: %1").arg(w), 8000);
        Q_EMIT self->contextOpened();
        self->m_dock->show();
        self->m_dock->raise();
        self->refresh();
    });
}

void ClusterController::refresh() {
    if (!m_connection->isOpen())
        return;
    if (m_loading) {
        m_refreshAgain = true;
        return;
    }
    m_loading = true;
    updateActions();
    m_navigator->setMessage(tr("Loading…"));
    QPointer<ClusterController> self(this);
    m_connection->run<core::ClusterOverview>(
        [](ClusterSession &session) { return core::ClusterBrowser::overview(session); },
        [self](const Result<core::ClusterOverview> &overview) {
            if (!self)
                return;
            self->m_loading = false;
            if (!overview) {
                self->m_navigator->setMessage(self->errorText(overview.error()));
            } else {
                self->m_overview = *overview;
                self->m_navigator->setOverview(self->m_connection->context().contextName,
                                               *overview);
                if (!self->m_watching) {
                    self->m_watching = true;
                    QStringList names;
                    for (const core::ClusterBrowser::Browsed &b :
                         core::ClusterBrowser::browsedResources())
                        names.append(b.resource);
                    QPointer<ClusterController> watcher = self;
                    self->m_connection->watchResources(
                        names, [watcher](const QString &, const QJsonObject &) {
                            if (watcher)
                                watcher->m_changes.start();
                        });
                }
            }
            if (std::exchange(self->m_refreshAgain, false))
                self->m_changes.start();
            self->setStatus();
            self->updateActions();
            Q_EMIT self->overviewLoaded();
        });
}

QStringList ClusterController::workspaceFiles() const {
    QStringList files;
    WorkspaceSession *session = m_window->session();
    for (int i = 0; i < session->fileCount(); ++i)
        files.append(session->filePath(i));
    return files;
}

ApplyDialog *ClusterController::showApplyDialog() {
    if (m_applyDialog) {
        m_applyDialog->raise();
        m_applyDialog->activateWindow();
        return m_applyDialog;
    }
    if (!m_connection->isOpen() || !m_window->session()->isOpen())
        return nullptr;
    // What is applied is what is on disk.
    if (!m_window->saveAll())
        return nullptr;
    const QStringList files = workspaceFiles();
    if (files.isEmpty())
        return nullptr;
    m_applyDialog = new ApplyDialog(m_connection, files, m_window);
    m_applyDialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_applyDialog, &ApplyDialog::applied, this, &ClusterController::refresh);
    m_applyDialog->show();
    m_applyDialog->start();
    return m_applyDialog;
}

void ClusterController::showDiff() {
    if (!m_connection->isOpen() || !m_window->session()->isOpen())
        return;
    if (!m_window->saveAll())
        return;
    const QStringList files = workspaceFiles();
    auto *dialog = new QDialog(m_window);
    dialog->setObjectName(QStringLiteral("clusterDiffDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Diff Against Cluster %1").arg(m_connection->context().contextName));
    dialog->resize(900, 640);
    auto *status = new QLabel(tr("Dry run on the server…"));
    status->setWordWrap(true);
    auto *view = new PlanView;
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    auto *layout = new QVBoxLayout(dialog);
    layout->addWidget(status);
    layout->addWidget(view, 1);
    layout->addWidget(buttons);
    dialog->show();

    QPointer<QDialog> guard(dialog);
    m_connection->run<QList<ApplyResult>>(
        [files](ClusterSession &session) -> Result<QList<ApplyResult>> {
            Result<QList<core::ApplyItem>> items = ClusterSession::loadItems(files);
            if (!items)
                return std::unexpected(items.error());
            if (Status loaded = session.discovery().load(); !loaded)
                return std::unexpected(loaded.error());
            return session.applier().plan(*items, core::ApplyOptions{});
        },
        [guard, status, view](const Result<QList<ApplyResult>> &plan) {
            if (!guard)
                return;
            if (!plan) {
                status->setText(tr("The dry run failed: %1")
                                    .arg(QString::fromStdString(plan.error().toString())));
                return;
            }
            view->setResults(*plan);
            int differ = 0;
            for (const ApplyResult &r : *plan)
                differ += r.outcome != core::ApplyOutcome::Unchanged;
            status->setText(differ == 0
                                ? tr("The cluster matches the workspace.")
                                : tr("%n resource(s) differ from the cluster.", nullptr, differ));
        });
}

void ClusterController::pullSelection() {
    pullInto(m_navigator->selectedObjects(), false);
}

void ClusterController::pullInto(const QList<QJsonObject> &objects, bool openFirstOnly) {
    if (objects.isEmpty() || !m_connection->isOpen())
        return;
    QString dir = m_window->session()->isOpen() ? m_window->session()->root() : QString();
    if (dir.isEmpty() || !QFileInfo(dir).isDir()) {
        dir = QFileDialog::getExistingDirectory(m_window, tr("Pull into Folder"));
        if (dir.isEmpty())
            return;
    }
    QPointer<ClusterController> self(this);
    m_connection->run<QStringList>(
        [objects, dir](ClusterSession &session) {
            return core::ClusterBrowser::pull(session, objects, dir);
        },
        [self, openFirstOnly](const Result<QStringList> &files) {
            if (!self)
                return;
            if (!files) {
                QMessageBox::warning(self->m_window, tr("Pull failed"),
                                     self->errorText(files.error()));
                return;
            }
            const QStringList opened = openFirstOnly ? files->mid(0, 1) : *files;
            for (const QString &file : opened)
                self->m_window->openFile(file);
            self->m_window->statusBar()->showMessage(
                tr("Pulled %n file(s) into the workspace.", nullptr, int(files->size())), 5000);
            Q_EMIT self->pulled(*files);
        });
}

void ClusterController::deleteSelection() {
    const QList<QJsonObject> objects = m_navigator->selectedObjects();
    if (objects.isEmpty() || !m_connection->isOpen())
        return;
    QStringList names;
    for (const QJsonObject &o : objects)
        names.append(core::ResourceKey::of(o).display());
    QMessageBox box(QMessageBox::Warning, tr("Delete from Cluster"),
                    tr("Delete %n object(s) from context %1? This cannot be undone.", nullptr,
                       int(objects.size()))
                        .arg(m_connection->context().contextName),
                    QMessageBox::Cancel, m_window);
    box.setObjectName(QStringLiteral("confirmDelete"));
    box.setDetailedText(names.join(u'\n'));
    QPushButton *yes = box.addButton(tr("&Delete"), QMessageBox::DestructiveRole);
    box.setDefaultButton(QMessageBox::Cancel);
    box.exec();
    if (box.clickedButton() != yes)
        return;
    QPointer<ClusterController> self(this);
    m_connection->run<QStringList>(
        [objects](ClusterSession &session) -> Result<QStringList> {
            // Every object is tried; the failures are collected, not the first one only.
            QStringList failures;
            for (const QJsonObject &o : objects) {
                if (Status removed = core::ClusterBrowser::remove(session, o); !removed)
                    failures.append(core::ResourceKey::of(o).display() + QStringLiteral(": ") +
                                    QString::fromStdString(removed.error().message));
            }
            return failures;
        },
        [self, count = int(objects.size())](const Result<QStringList> &failures) {
            if (!self)
                return;
            if (failures && failures->isEmpty())
                self->m_window->statusBar()->showMessage(
                    tr("Deleted %n object(s).", nullptr, count), 5000);
            else
                QMessageBox::warning(self->m_window, tr("Delete failed"),
                                     failures ? failures->join(u'\n')
                                              : self->errorText(failures.error()));
            self->refresh();
        });
}

void ClusterController::serveLocally() {
    if (!m_connection->isOpen())
        return;
    // One folder per context in the app's data folder, so the workspace can be reopened.
    QString name = m_connection->context().contextName;
    name.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9._-]")), QStringLiteral("_"));
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation) +
                        QStringLiteral("/cluster-replay/") + name;
    // The namespaces of the selection; nothing selected: all of them.
    QStringList namespaces;
    for (const QJsonObject &o : m_navigator->selectedObjects()) {
        const QString ns = core::ResourceKey::of(o).ns;
        if (!ns.isEmpty() && !namespaces.contains(ns))
            namespaces.append(ns);
    }
    m_window->statusBar()->showMessage(tr("Pulling the context's Gateways…"));
    QPointer<ClusterController> self(this);
    m_connection->run<QStringList>(
        [dir, namespaces](ClusterSession &session) -> Result<QStringList> {
            Result<QList<QJsonObject>> objects =
                core::ClusterBrowser::serveSet(session, namespaces);
            if (!objects)
                return std::unexpected(objects.error());
            QDir(dir).removeRecursively();
            return core::ClusterReader::writePulled(*objects, dir);
        },
        [self, dir](const Result<QStringList> &files) {
            if (!self)
                return;
            if (!files) {
                QMessageBox::warning(self->m_window, tr("Serve Locally"),
                                     tr("Cannot read the context's Gateways: %1")
                                         .arg(self->errorText(files.error())));
                return;
            }
            if (files->isEmpty()) {
                self->m_window->statusBar()->showMessage(
                    tr("The context has no Gateways to serve."), 5000);
                return;
            }
            if (!self->m_window->openWorkspace(dir))
                return;
            self->m_window->startLocalGateway();
        });
}

void ClusterController::showLive(const QJsonObject &object, bool showSecrets) {
    const core::ResourceKey key = core::ResourceKey::of(object);
    QTabWidget *tabs = m_window->tabs();
    const QString tabName = QStringLiteral("live:") + key.apiVersion + u'|' + key.display() +
                            (showSecrets ? QStringLiteral("|values") : QString());
    for (int i = 0; i < tabs->count(); ++i) {
        if (tabs->widget(i)->property("liveKey").toString() == tabName) {
            tabs->setCurrentIndex(i);
            return;
        }
    }
    auto *editor = new CodeEditor;
    editor->setObjectName(QStringLiteral("liveYaml"));
    editor->setProperty("liveKey", tabName);
    editor->setReadOnly(true);
    editor->setAccessibleName(tr("Live %1 (read-only)").arg(key.display()));
    editor->setPlainText(tr("# Loading %1…").arg(key.display()));
    const int index = tabs->addTab(editor, Icons::icon(QStringLiteral("resource")),
                                   tr("%1 (live)").arg(key.name));
    tabs->setTabToolTip(
        index,
        tr("%1 in context %2, read-only").arg(key.display(), m_connection->context().contextName));
    tabs->setCurrentIndex(index);
    QPointer<CodeEditor> guard(editor);
    m_connection->run<QJsonObject>(
        [object, showSecrets](ClusterSession &session) {
            return core::ClusterBrowser::get(session, object, showSecrets);
        },
        [guard](const Result<QJsonObject> &live) {
            if (!guard)
                return;
            guard->setPlainText(
                live ? QString::fromUtf8(core::jsonyaml::toYaml(*live))
                     : tr("# %1").arg(QString::fromStdString(live.error().toString())));
        });
}

} // namespace gatehouse::ui
