#include "mainwindow.h"

#include "aboutdialog.h"
#include "certificates/certificateinspector.h"
#include "certificates/newcertificatedialog.h"
#include "cluster/clustercontroller.h"
#include "documents/documenteditor.h"
#include "documents/workspacesession.h"
#include "editor/codeeditor.h"
#include "forms/gatewayform.h"
#include "forms/serviceentryform.h"
#include "forms/tlsmaterialform.h"
#include "localgateway/localgatewaypanel.h"
#include "panels/logpanel.h"
#include "panels/navigator.h"
#include "panels/problemspanel.h"
#include "preferencesdialog.h"
#include "scan/scanview.h"
#include "support/convert.h"
#include "support/icons.h"

#include "controller/gatewaycontroller.h"
#include "render/kymadefault.h"
#include "tls/tlspolicy.h"
#include "translation/gatewaytranslator.h"
#include "validation/validator.h"

#include <QApplication>
#include <QDesktopServices>
#include <QStandardPaths>
#include <QUrl>
#include <QtConcurrent>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QRegularExpression>
#include <QStatusBar>
#include <QTabWidget>
#include <QTextDocument>
#include <QToolBar>

namespace gatehouse::ui {

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_prefs(Settings::preferences())
    , m_session(new WorkspaceSession(this)) {
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("Gatehouse"));
    setWindowIcon(Icons::appIcon());

    m_tabs = new QTabWidget;
    m_tabs->setObjectName(QStringLiteral("editorTabs"));
    m_tabs->setDocumentMode(true);
    m_tabs->setTabsClosable(true);
    m_tabs->setMovable(true);
    setCentralWidget(m_tabs);
    connect(m_tabs, &QTabWidget::currentChanged, this, &MainWindow::updateActions);
    connect(m_tabs, &QTabWidget::tabCloseRequested, this, &MainWindow::closeTab);

    m_position = new QLabel;
    m_position->setObjectName(QStringLiteral("cursorPosition"));
    statusBar()->addPermanentWidget(m_position);

    createDocks();
    createMenus();
    new ClusterController(this); // the Cluster menu, dock and status (ui/cluster)
    restoreWindow();
    applyPreferences();
    updateActions();
    updateGatewayActions();
    connect(qApp, &QApplication::focusChanged, this, &MainWindow::updateActions);
    connect(m_session, &WorkspaceSession::modelChanged, this, &MainWindow::onModelChanged);
    connect(m_session, &WorkspaceSession::externallyChanged, this, &MainWindow::onExternalChange);
    connect(m_navigator, &Navigator::openRequested, this,
            [this](const QString &file, int line) { openDocument(file, line); });
    connect(m_problems, &ProblemsPanel::problemActivated, this, [this](const Problem &p) {
        if (!p.file.isEmpty())
            openDocument(p.file, std::max(1, p.line), std::max(1, p.column));
    });

    // Validation runs off the GUI thread after a pause in typing.
    m_validationTimer.setSingleShot(true);
    connect(m_session, &WorkspaceSession::modelChanged, this,
            [this] { m_validationTimer.start(m_prefs.validationDelayMs); });
    connect(&m_validationTimer, &QTimer::timeout, this, &MainWindow::validateNow);
    connect(&m_validation, &QFutureWatcher<std::vector<core::Finding>>::finished, this, [this] {
        m_findings = m_validation.result();
        showFindings();
        if (m_validationPending) {
            m_validationPending = false;
            validateNow();
        }
    });

    // Reload the running gateway after a save that leaves the workspace valid.
    connect(this, &MainWindow::saved, this, [this] {
        if (m_prefs.reloadOnSave &&
            m_controller->state() == core::GatewayController::State::Running)
            reloadLocalGateway();
    });
}

MainWindow::~MainWindow() {
    // Children die after this body; focus moves while they do, and the slots below must
    // not run on a half-destroyed window.
    disconnect(qApp, nullptr, this, nullptr);
}

QAction *MainWindow::addAction(QMenu *menu, const char *objectName, const QString &text,
                               const QString &icon, const QKeySequence &shortcut) {
    auto *action = new QAction(text, this);
    action->setObjectName(QString::fromLatin1(objectName));
    if (!icon.isEmpty())
        action->setIcon(Icons::icon(icon));
    if (!shortcut.isEmpty())
        action->setShortcut(shortcut);
    if (menu)
        menu->addAction(action);
    return action;
}

void MainWindow::createDocks() {
    m_navigator = new Navigator;
    m_problems = new ProblemsPanel;
    m_log = new LogPanel;

    auto dock = [this](QWidget *widget, const QString &title, const char *name,
                       Qt::DockWidgetArea area) {
        auto *d = new QDockWidget(title, this);
        d->setObjectName(QString::fromLatin1(name));
        d->setWidget(widget);
        addDockWidget(area, d);
        return d;
    };
    m_navigatorDock = dock(m_navigator, tr("Workspace"), "navigatorDock", Qt::LeftDockWidgetArea);
    m_problemsDock = dock(m_problems, tr("Problems"), "problemsDock", Qt::BottomDockWidgetArea);
    m_logDock = dock(m_log, tr("Log"), "logDock", Qt::BottomDockWidgetArea);
    m_controller = new core::GatewayController(this);
    m_gatewayPanel = new LocalGatewayPanel(m_controller);
    m_gatewayDock =
        dock(m_gatewayPanel, tr("Local Gateway"), "gatewayDock", Qt::BottomDockWidgetArea);
    tabifyDockWidget(m_problemsDock, m_logDock);
    tabifyDockWidget(m_logDock, m_gatewayDock);
    m_problemsDock->raise();
    resizeDocks({m_navigatorDock}, {260}, Qt::Horizontal);
    resizeDocks({m_problemsDock}, {180}, Qt::Vertical);
}

void MainWindow::createMenus() {
    m_fileMenu = menuBar()->addMenu(tr("&File"));
    m_fileMenu->setObjectName(QStringLiteral("menuFile"));
    QAction *openWs =
        addAction(m_fileMenu, "actionOpenWorkspace", tr("Open &Workspace…"),
                  QStringLiteral("open-folder"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    connect(openWs, &QAction::triggered, this, [this] {
        const QString folder =
            QFileDialog::getExistingDirectory(this, tr("Open Workspace"), m_session->root());
        if (!folder.isEmpty())
            openWorkspace(folder);
    });
    QAction *openFileAction = addAction(m_fileMenu, "actionOpenFile", tr("&Open File…"),
                                        QStringLiteral("open-file"), QKeySequence::Open);
    connect(openFileAction, &QAction::triggered, this, [this] {
        const QString path =
            QFileDialog::getOpenFileName(this, tr("Open File"), m_session->root(),
                                         tr("YAML files (*.yaml *.yml);;All files (*)"));
        if (!path.isEmpty())
            openFile(path);
    });
    m_recentMenu = m_fileMenu->addMenu(tr("&Recent Workspaces"));
    m_recentMenu->setObjectName(QStringLiteral("menuRecent"));
    connect(m_recentMenu, &QMenu::aboutToShow, this, &MainWindow::updateRecentMenu);
    m_fileMenu->addSeparator();
    m_save = addAction(m_fileMenu, "actionSave", tr("&Save"), QStringLiteral("save"),
                       QKeySequence::Save);
    connect(m_save, &QAction::triggered, this, [this] { save(currentDocument()); });
    m_saveAll = addAction(m_fileMenu, "actionSaveAll", tr("Save A&ll"), QStringLiteral("save-all"),
                          QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_S));
    connect(m_saveAll, &QAction::triggered, this, &MainWindow::saveAll);
    m_revert = addAction(m_fileMenu, "actionRevert", tr("Re&vert"), QStringLiteral("revert"));
    connect(m_revert, &QAction::triggered, this, [this] { revert(currentDocument()); });
    QAction *closeTabAction =
        addAction(m_fileMenu, "actionCloseTab", tr("&Close Tab"), {}, QKeySequence::Close);
    connect(closeTabAction, &QAction::triggered, this, [this] {
        if (m_tabs->currentIndex() >= 0)
            closeTab(m_tabs->currentIndex());
    });
    m_fileMenu->addSeparator();
    QAction *quit = addAction(m_fileMenu, "actionQuit", tr("&Quit"), QStringLiteral("quit"),
                              QKeySequence::Quit);
    quit->setMenuRole(QAction::QuitRole);
    connect(quit, &QAction::triggered, this, &QWidget::close);

    m_editMenu = menuBar()->addMenu(tr("&Edit"));
    m_editMenu->setObjectName(QStringLiteral("menuEdit"));
    m_undo = addAction(m_editMenu, "actionUndo", tr("&Undo"), QStringLiteral("undo"),
                       QKeySequence::Undo);
    m_redo = addAction(m_editMenu, "actionRedo", tr("&Redo"), QStringLiteral("redo"),
                       QKeySequence::Redo);
    m_editMenu->addSeparator();
    m_cut = addAction(m_editMenu, "actionCut", tr("Cu&t"), {}, QKeySequence::Cut);
    m_copy = addAction(m_editMenu, "actionCopy", tr("&Copy"), {}, QKeySequence::Copy);
    m_paste = addAction(m_editMenu, "actionPaste", tr("&Paste"), {}, QKeySequence::Paste);
    m_selectAll =
        addAction(m_editMenu, "actionSelectAll", tr("Select &All"), {}, QKeySequence::SelectAll);
    m_editMenu->addSeparator();
    m_goToLine = addAction(m_editMenu, "actionGoToLine", tr("&Go to Line…"),
                           QStringLiteral("goto-line"), QKeySequence(Qt::CTRL | Qt::Key_L));
    connect(m_goToLine, &QAction::triggered, this, &MainWindow::goToLine);
    m_editMenu->addSeparator();
    QAction *prefs = addAction(m_editMenu, "actionPreferences", tr("Pr&eferences…"),
                               QStringLiteral("settings"), QKeySequence::Preferences);
    prefs->setMenuRole(QAction::PreferencesRole);
    connect(prefs, &QAction::triggered, this, &MainWindow::showPreferences);

    // Edit actions act on the focused text view (YAML editor or any line edit in a form).
    auto onEditor = [this](void (QPlainTextEdit::*fn)()) {
        return [this, fn] {
            if (auto *edit = qobject_cast<QPlainTextEdit *>(QApplication::focusWidget()))
                (edit->*fn)();
            else if (CodeEditor *editor = currentEditor())
                (editor->*fn)();
        };
    };
    connect(m_undo, &QAction::triggered, this, onEditor(&QPlainTextEdit::undo));
    connect(m_redo, &QAction::triggered, this, onEditor(&QPlainTextEdit::redo));
    connect(m_cut, &QAction::triggered, this, onEditor(&QPlainTextEdit::cut));
    connect(m_copy, &QAction::triggered, this, onEditor(&QPlainTextEdit::copy));
    connect(m_paste, &QAction::triggered, this, onEditor(&QPlainTextEdit::paste));
    connect(m_selectAll, &QAction::triggered, this, onEditor(&QPlainTextEdit::selectAll));

    m_gatewayMenu = menuBar()->addMenu(tr("&Gateway"));
    m_gatewayMenu->setObjectName(QStringLiteral("menuGateway"));
    m_startGateway = addAction(m_gatewayMenu, "actionStartGateway", tr("&Start Local Gateway"),
                               QStringLiteral("start"), QKeySequence(Qt::Key_F5));
    connect(m_startGateway, &QAction::triggered, this, &MainWindow::startLocalGateway);
    m_stopGateway = addAction(m_gatewayMenu, "actionStopGateway", tr("S&top"),
                              QStringLiteral("stop"), QKeySequence(Qt::SHIFT | Qt::Key_F5));
    connect(m_stopGateway, &QAction::triggered, this, &MainWindow::stopLocalGateway);
    m_reloadGateway = addAction(m_gatewayMenu, "actionReloadGateway", tr("&Reload"),
                                QStringLiteral("reload"), QKeySequence(Qt::CTRL | Qt::Key_R));
    connect(m_reloadGateway, &QAction::triggered, this, &MainWindow::reloadLocalGateway);
    m_gatewayMenu->addSeparator();
    m_openBrowser = addAction(m_gatewayMenu, "actionOpenInBrowser", tr("Open in &Browser"),
                              QStringLiteral("browser"), QKeySequence(Qt::CTRL | Qt::Key_B));
    connect(m_openBrowser, &QAction::triggered, this, [this] {
        // The HTTPS listener when there is one: plain HTTP usually only redirects to it.
        const QStringList urls = localUrls();
        const QStringList https = urls.filter(QRegularExpression(QStringLiteral("^https:")));
        if (!urls.isEmpty())
            QDesktopServices::openUrl(QUrl(https.isEmpty() ? urls.front() : https.front()));
    });
    m_scanGateway =
        addAction(m_gatewayMenu, "actionScanGateway", tr("S&can This Gateway"),
                  QStringLiteral("scan"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_G));
    connect(m_scanGateway, &QAction::triggered, this, &MainWindow::scanLocalGateway);
    connect(m_controller, &core::GatewayController::stateChanged, this,
            &MainWindow::updateGatewayActions);
    connect(m_controller, &core::GatewayController::started, this, [this] {
        m_gatewayPanel->setUrls(localUrls());
        m_gatewayPanel->setStatus(tr("Serving the workspace."));
        m_gatewayDock->raise();
    });
    connect(m_controller, &core::GatewayController::startFailed, this,
            [this](const gatehouse::Error &error) {
                m_gatewayPanel->setStatus(
                    tr("The local gateway did not start: %1").arg(toQString(error.message)));
                m_gatewayDock->raise();
            });
    connect(m_controller, &core::GatewayController::reloaded, this, [this](quint64 generation) {
        m_gatewayPanel->setUrls(localUrls());
        m_gatewayPanel->setStatus(tr("Reloaded (configuration %1).").arg(generation));
    });
    connect(m_controller, &core::GatewayController::reloadFailed, this,
            [this](const gatehouse::Error &error) {
                m_gatewayPanel->setStatus(
                    tr("Reload failed, the previous configuration keeps serving: %1")
                        .arg(toQString(error.message)));
            });
    QAction *gatewayPanelAction = m_gatewayDock->toggleViewAction();
    gatewayPanelAction->setObjectName(QStringLiteral("actionShowGateway"));
    gatewayPanelAction->setShortcut(QKeySequence(Qt::ALT | Qt::Key_4));

    m_toolsMenu = menuBar()->addMenu(tr("&Tools"));
    m_toolsMenu->setObjectName(QStringLiteral("menuTools"));
    QAction *inspect =
        addAction(m_toolsMenu, "actionInspectCertificate", tr("&Inspect Certificate…"),
                  QStringLiteral("certificate"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_I));
    connect(inspect, &QAction::triggered, this, [this] { showInspector(); });
    QAction *newCert = addAction(m_toolsMenu, "actionNewCertificate", tr("&New Certificate…"),
                                 QStringLiteral("new-certificate"),
                                 QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N));
    connect(newCert, &QAction::triggered, this, &MainWindow::showNewCertificate);
    QAction *scan =
        addAction(m_toolsMenu, "actionScanEndpoint", tr("&Scan TLS Endpoint…"),
                  QStringLiteral("scan"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_T));
    connect(scan, &QAction::triggered, this, &MainWindow::showScanView);

    m_viewMenu = menuBar()->addMenu(tr("&View"));
    m_viewMenu->setObjectName(QStringLiteral("menuView"));
    QAction *nav = m_navigatorDock->toggleViewAction();
    nav->setObjectName(QStringLiteral("actionShowNavigator"));
    nav->setShortcut(QKeySequence(Qt::ALT | Qt::Key_1));
    QAction *problems = m_problemsDock->toggleViewAction();
    problems->setObjectName(QStringLiteral("actionShowProblems"));
    problems->setShortcut(QKeySequence(Qt::ALT | Qt::Key_2));
    QAction *log = m_logDock->toggleViewAction();
    log->setObjectName(QStringLiteral("actionShowLog"));
    log->setShortcut(QKeySequence(Qt::ALT | Qt::Key_3));
    m_viewMenu->addActions({nav, problems, log, m_gatewayDock->toggleViewAction()});

    m_helpMenu = menuBar()->addMenu(tr("&Help"));
    m_helpMenu->setObjectName(QStringLiteral("menuHelp"));
    QAction *about =
        addAction(m_helpMenu, "actionAbout", tr("&About Gatehouse"), QStringLiteral("about"));
    about->setMenuRole(QAction::AboutRole);
    connect(about, &QAction::triggered, this, [this] {
        AboutDialog dialog(this);
        dialog.exec();
    });
    QAction *aboutQt = addAction(m_helpMenu, "actionAboutQt", tr("About &Qt"));
    aboutQt->setMenuRole(QAction::AboutQtRole);
    connect(aboutQt, &QAction::triggered, qApp, &QApplication::aboutQt);
}

void MainWindow::restoreWindow() {
    const QByteArray geometry = Settings::windowGeometry();
    if (geometry.isEmpty() || !restoreGeometry(geometry))
        resize(1200, 800);
    restoreState(Settings::windowState());
}

void MainWindow::applyPreferences() {
    if (auto map = core::parsePortMap(m_prefs.portMap.toStdString()); map && !map->empty())
        m_portMap = *map;
    m_adminPort = m_prefs.adminPort;
    for (int i = 0; i < m_tabs->count(); ++i) {
        const auto editors = m_tabs->widget(i)->findChildren<CodeEditor *>();
        for (CodeEditor *editor : editors)
            editor->setFont(m_prefs.editorFont);
    }
}

void MainWindow::showPreferences() {
    PreferencesDialog dialog(m_prefs, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    m_prefs = dialog.preferences();
    Settings::setPreferences(m_prefs);
    applyPreferences();
}

CodeEditor *MainWindow::currentEditor() const {
    QWidget *page = m_tabs->currentWidget();
    if (!page)
        return nullptr;
    if (auto *editor = qobject_cast<CodeEditor *>(page))
        return editor;
    return page->findChild<CodeEditor *>();
}

void MainWindow::goToLine() {
    CodeEditor *editor = currentEditor();
    if (!editor)
        return;
    bool ok = false;
    const QString text = QInputDialog::getText(
        this, tr("Go to Line"), tr("Line[:column] (1 – %1):").arg(editor->blockCount()),
        QLineEdit::Normal,
        QStringLiteral("%1:%2").arg(editor->currentLine()).arg(editor->currentColumn()), &ok);
    if (!ok)
        return;
    static const QRegularExpression pattern(QStringLiteral(R"(^\s*(\d+)\s*(?:[:,]\s*(\d+))?\s*$)"));
    const auto match = pattern.match(text);
    if (!match.hasMatch()) {
        statusBar()->showMessage(tr("Not a line number: %1").arg(text), 4000);
        return;
    }
    goTo(match.captured(1).toInt(), match.captured(2).isEmpty() ? 1 : match.captured(2).toInt());
}

void MainWindow::goTo(int line, int column) {
    if (CodeEditor *editor = currentEditor())
        editor->goTo(line, column);
}

bool MainWindow::closeTab(int index) {
    QWidget *page = m_tabs->widget(index);
    if (!page)
        return true;
    if (auto *document = qobject_cast<DocumentEditor *>(page); document && !maybeSave({document}))
        return false;
    m_tabs->removeTab(index);
    page->deleteLater();
    return true;
}

CertificateInspector *MainWindow::showInspector(const std::vector<core::Certificate> &chain,
                                                const std::optional<core::PrivateKey> &key,
                                                const QString &host) {
    if (!m_inspector)
        m_inspector = new CertificateInspector(this);
    if (!chain.empty()) {
        m_inspector->setHost(host);
        m_inspector->setPrivateKey(key);
        m_inspector->setCertificates(chain, tr("generated"));
    }
    m_inspector->show();
    m_inspector->raise();
    m_inspector->activateWindow();
    return m_inspector;
}

NewCertificateDialog *MainWindow::showNewCertificate() {
    if (!m_newCertificate) {
        m_newCertificate = new NewCertificateDialog(this);
        connect(m_newCertificate, &NewCertificateDialog::inspectRequested, this,
                [this](const std::vector<core::Certificate> &chain,
                       const std::optional<core::PrivateKey> &key) { showInspector(chain, key); });
        connect(m_newCertificate, &NewCertificateDialog::useInWorkspaceRequested, this,
                &MainWindow::useCertificateInWorkspace);
    }
    m_newCertificate->setWorkspaceTargetAvailable(!tlsTargets().isEmpty());
    m_newCertificate->show();
    m_newCertificate->raise();
    m_newCertificate->activateWindow();
    return m_newCertificate;
}

QList<MainWindow::TlsTarget> MainWindow::tlsTargets() const {
    QList<TlsTarget> targets;
    if (!m_session->isOpen())
        return targets;
    auto add = [&](const core::ResourceMeta &meta) {
        const QString file = m_session->filePath(meta.fileIndex);
        targets.append({tr("%1 %2 (%3)")
                            .arg(QString::fromLatin1(core::kindName(meta.kind)),
                                 toQString(meta.displayName()), QFileInfo(file).fileName()),
                        file, meta.root.line > 0 ? meta.root.line : meta.kindScalar.line});
    };
    for (const core::ConfigMap &c : m_session->model().configMaps)
        if (c.hasOverrideLabels())
            add(c.meta);
    for (const core::Secret &s : m_session->model().secrets)
        add(s.meta);
    return targets;
}

bool MainWindow::useCertificateInWorkspace(const std::vector<core::Certificate> &chain,
                                           const core::PrivateKey &key) {
    if (chain.empty())
        return false;
    DocumentEditor *document = currentDocument();
    auto *form = document ? qobject_cast<TlsMaterialForm *>(document->form()) : nullptr;
    if (!form) {
        const QList<TlsTarget> targets = tlsTargets();
        if (targets.isEmpty()) {
            statusBar()->showMessage(
                tr("The workspace has no TLS override or Secret to put the certificate in."), 5000);
            return false;
        }
        QStringList labels;
        for (const TlsTarget &t : targets)
            labels << t.label;
        bool ok = false;
        const QString chosen = QInputDialog::getItem(
            m_newCertificate ? static_cast<QWidget *>(m_newCertificate) : this,
            tr("Use in Workspace"), tr("Put the certificate and its key into:"), labels, 0, false,
            &ok);
        if (!ok)
            return false;
        const TlsTarget &target = targets.at(std::max(0, int(labels.indexOf(chosen))));
        document = openDocument(target.file, target.line);
        form = document ? qobject_cast<TlsMaterialForm *>(document->form()) : nullptr;
        if (!form)
            return false;
    }
    form->setMaterial(chain, key);
    statusBar()->showMessage(tr("The certificate is in %1; save to keep it.")
                                 .arg(QFileInfo(document->path()).fileName()),
                             5000);
    return true;
}

ScanView *MainWindow::showScanView() {
    if (!m_scanView) {
        m_scanView = new ScanView;
        connect(m_scanView, &ScanView::inspectRequested, this,
                [this](const std::vector<core::Certificate> &chain, const QString &host) {
                    CertificateInspector *inspector = showInspector(chain, std::nullopt, host);
                    inspector->setWindowTitle(tr("Certificate Inspector – %1").arg(host));
                });
        m_tabs->addTab(m_scanView, Icons::icon(QStringLiteral("scan")), tr("TLS Scan"));
    }
    m_tabs->setCurrentWidget(m_scanView);
    refreshScanPolicies();
    return m_scanView;
}

void MainWindow::updateActions() {
    CodeEditor *editor = currentEditor();
    const bool haveEditor = editor != nullptr;
    m_goToLine->setEnabled(haveEditor);
    DocumentEditor *document = currentDocument();
    m_save->setEnabled(document && document->isDirty());
    m_revert->setEnabled(document != nullptr);
    bool anyDirty = false;
    for (DocumentEditor *d : documents())
        anyDirty |= d->isDirty();
    m_saveAll->setEnabled(anyDirty);
    auto *focusEdit = qobject_cast<QPlainTextEdit *>(QApplication::focusWidget());
    QPlainTextEdit *target = focusEdit ? focusEdit : editor;
    const bool writable = target && !target->isReadOnly();
    m_undo->setEnabled(writable && target->document()->isUndoAvailable());
    m_redo->setEnabled(writable && target->document()->isRedoAvailable());
    m_cut->setEnabled(writable);
    m_paste->setEnabled(writable);
    m_copy->setEnabled(target != nullptr);
    m_selectAll->setEnabled(target != nullptr);
    updateStatusPosition();
}

void MainWindow::updateStatusPosition() {
    if (CodeEditor *editor = currentEditor())
        m_position->setText(
            tr("Line %1, Column %2").arg(editor->currentLine()).arg(editor->currentColumn()));
    else
        m_position->clear();
}

void MainWindow::changeEvent(QEvent *event) {
    QMainWindow::changeEvent(event);
    // Icons are drawn in the palette's colours at paint time; menus only need a repaint.
    if (event->type() == QEvent::PaletteChange)
        update();
}

void MainWindow::closeEvent(QCloseEvent *event) {
    if (!maybeSave(documents())) {
        event->ignore();
        return;
    }
    Settings::setWindowGeometry(saveGeometry(), saveState());
    event->accept();
}

bool MainWindow::openWorkspace(const QString &folder) {
    if (!maybeSave(documents()))
        return false;
    if (auto status = m_session->openFolder(folder); !status) {
        QMessageBox::warning(
            this, tr("Cannot open workspace"),
            tr("%1 cannot be opened as a workspace: %2")
                .arg(QDir::toNativeSeparators(folder), toQString(status.error().toString())));
        return false;
    }
    // The old workspace's editors are gone with it.
    for (DocumentEditor *document : documents()) {
        m_tabs->removeTab(m_tabs->indexOf(document));
        document->deleteLater();
    }
    const QString absolute = QDir(folder).absolutePath();
    Settings::addRecentWorkspace(absolute);
    Settings::setLastWorkspace(absolute);
    setWindowTitle(tr("%1 – Gatehouse").arg(m_session->title()));
    statusBar()->showMessage(tr("Opened %n file(s).", nullptr, m_session->fileCount()), 4000);
    if (m_session->fileCount() > 0)
        openDocument(m_session->filePath(0));
    return true;
}

bool MainWindow::openFile(const QString &path) {
    auto index = m_session->openFile(path);
    if (!index) {
        QMessageBox::warning(
            this, tr("Cannot open file"),
            tr("%1 cannot be opened: %2")
                .arg(QDir::toNativeSeparators(path), toQString(index.error().toString())));
        return false;
    }
    if (windowTitle() == tr("Gatehouse"))
        setWindowTitle(tr("%1 – Gatehouse").arg(m_session->title()));
    return openDocument(m_session->filePath(*index)) != nullptr;
}

QList<DocumentEditor *> MainWindow::documents() const {
    QList<DocumentEditor *> result;
    for (int i = 0; i < m_tabs->count(); ++i) {
        if (auto *document = qobject_cast<DocumentEditor *>(m_tabs->widget(i)))
            result.append(document);
    }
    return result;
}

DocumentEditor *MainWindow::documentFor(const QString &path) const {
    const QString absolute = QFileInfo(path).absoluteFilePath();
    for (DocumentEditor *document : documents()) {
        if (document->path() == absolute)
            return document;
    }
    return nullptr;
}

DocumentEditor *MainWindow::currentDocument() const {
    return qobject_cast<DocumentEditor *>(m_tabs->currentWidget());
}

DocumentEditor *MainWindow::openDocument(const QString &path, int line, int column) {
    const QString absolute = QFileInfo(path).absoluteFilePath();
    DocumentEditor *document = documentFor(absolute);
    if (!document) {
        const int index = m_session->indexOf(absolute);
        if (index < 0)
            return nullptr;
        document = new DocumentEditor(absolute);
        document->editor()->setFont(m_prefs.editorFont);
        document->resetText(m_session->fileText(index));
        connect(document, &DocumentEditor::textChanged, this, [this, document] {
            m_session->setText(m_session->indexOf(document->path()), document->text());
        });
        connect(document, &DocumentEditor::dirtyChanged, this, [this, document] {
            updateTabTitle(document);
            refreshNavigator();
            updateActions();
        });
        connect(document->editor(), &QPlainTextEdit::cursorPositionChanged, this,
                &MainWindow::updateStatusPosition);
        connect(document->document(), &QTextDocument::undoAvailable, this,
                &MainWindow::updateActions);
        connect(document->document(), &QTextDocument::redoAvailable, this,
                &MainWindow::updateActions);
        m_tabs->addTab(document, Icons::icon(QStringLiteral("file")), QString());
        updateTabTitle(document);
        showFormFor(document, line);
    } else if (line > 0) {
        showFormFor(document, line);
    }
    m_tabs->setCurrentWidget(document);
    if (line > 0)
        document->editor()->goTo(line, column);
    updateActions();
    return document;
}

void MainWindow::updateTabTitle(DocumentEditor *document) {
    const int tab = m_tabs->indexOf(document);
    if (tab < 0)
        return;
    const QString name = QFileInfo(document->path()).fileName();
    m_tabs->setTabText(tab, document->isDirty() ? name + QStringLiteral(" *") : name);
    m_tabs->setTabToolTip(tab, QDir::toNativeSeparators(document->path()));
}

bool MainWindow::save(DocumentEditor *document) {
    if (!document)
        return false;
    const int index = m_session->indexOf(document->path());
    // The session already holds the editor's text; make sure of it before writing.
    m_session->setText(index, document->text());
    if (auto status = m_session->save(index); !status) {
        QMessageBox::warning(this, tr("Save failed"),
                             tr("%1 was not saved: %2")
                                 .arg(QDir::toNativeSeparators(document->path()),
                                      toQString(status.error().toString())));
        return false;
    }
    document->markSaved();
    statusBar()->showMessage(tr("Saved %1").arg(QFileInfo(document->path()).fileName()), 3000);
    Q_EMIT saved(document->path());
    return true;
}

bool MainWindow::saveAll() {
    bool ok = true;
    for (DocumentEditor *document : documents()) {
        if (document->isDirty())
            ok = save(document) && ok;
    }
    return ok;
}

void MainWindow::revert(DocumentEditor *document) {
    if (!document)
        return;
    if (document->isDirty() &&
        QMessageBox::question(this, tr("Revert"),
                              tr("Discard your changes to %1 and load it from disk again?")
                                  .arg(QFileInfo(document->path()).fileName())) != QMessageBox::Yes)
        return;
    auto text = m_session->reload(m_session->indexOf(document->path()));
    if (!text) {
        QMessageBox::warning(this, tr("Revert failed"), toQString(text.error().toString()));
        return;
    }
    document->resetText(*text);
}

bool MainWindow::maybeSave(const QList<DocumentEditor *> &list) {
    QList<DocumentEditor *> dirty;
    for (DocumentEditor *document : list) {
        if (document->isDirty())
            dirty.append(document);
    }
    if (dirty.isEmpty())
        return true;
    QStringList names;
    for (DocumentEditor *document : dirty)
        names << QFileInfo(document->path()).fileName();
    const auto answer = QMessageBox::warning(
        this, tr("Unsaved changes"),
        tr("These files have unsaved changes:\n%1\n\nSave them?").arg(names.join(u'\n')),
        QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
    if (answer == QMessageBox::Cancel)
        return false;
    if (answer == QMessageBox::Discard)
        return true;
    bool ok = true;
    for (DocumentEditor *document : dirty)
        ok = save(document) && ok;
    return ok;
}

void MainWindow::onExternalChange(int index) {
    const QString path = m_session->filePath(index);
    DocumentEditor *document = documentFor(path);
    if (!document) {
        // Not open in an editor: take the new text silently.
        if (auto text = m_session->reload(index); !text)
            qWarning("%s", qPrintable(toQString(text.error().toString())));
        return;
    }
    const QString question =
        document->isDirty()
            ? tr("%1 was changed on disk, and you have unsaved changes. Reload it and lose "
                 "your changes?")
            : tr("%1 was changed on disk. Reload it?");
    if (QMessageBox::question(this, tr("File changed on disk"),
                              question.arg(QFileInfo(path).fileName())) != QMessageBox::Yes)
        return;
    if (auto text = m_session->reload(index); text)
        document->resetText(*text);
}

void MainWindow::onModelChanged() {
    refreshNavigator();
    if (m_newCertificate)
        m_newCertificate->setWorkspaceTargetAvailable(!tlsTargets().isEmpty());
    for (DocumentEditor *document : documents()) {
        if (auto *form = qobject_cast<ResourceForm *>(document->form()))
            form->refresh();
    }
}

void MainWindow::showFormFor(DocumentEditor *document, int line) {
    const int fileIndex = m_session->indexOf(document->path());
    enum class FormKind { Gateway, ServiceEntry, Override, Secret };
    struct Candidate {
        FormKind kind;
        int document;
        int line;
    };
    QList<Candidate> candidates;
    const core::Model &model = m_session->model();
    auto lineOf = [](const core::ResourceMeta &meta) {
        return meta.root.line > 0 ? meta.root.line : meta.kindScalar.line;
    };
    for (const auto &r : model.gateways)
        if (r.meta.fileIndex == fileIndex)
            candidates.append({FormKind::Gateway, r.meta.document, lineOf(r.meta)});
    for (const auto &r : model.serviceEntries)
        if (r.meta.fileIndex == fileIndex)
            candidates.append({FormKind::ServiceEntry, r.meta.document, lineOf(r.meta)});
    for (const auto &r : model.configMaps)
        if (r.meta.fileIndex == fileIndex && r.hasOverrideLabels())
            candidates.append({FormKind::Override, r.meta.document, lineOf(r.meta)});
    for (const auto &r : model.secrets)
        if (r.meta.fileIndex == fileIndex)
            candidates.append({FormKind::Secret, r.meta.document, lineOf(r.meta)});
    std::sort(candidates.begin(), candidates.end(),
              [](const Candidate &a, const Candidate &b) { return a.document < b.document; });
    if (candidates.isEmpty()) {
        document->setForm(nullptr);
        return;
    }
    Candidate chosen = candidates.front();
    if (line > 0) {
        for (const Candidate &c : candidates) {
            if (c.line <= line)
                chosen = c;
        }
    }
    // Keep the form that is already there when it shows the same resource.
    if (auto *current = qobject_cast<ResourceForm *>(document->form());
        current && current->documentIndex() == chosen.document)
        return;
    ResourceForm *form = nullptr;
    switch (chosen.kind) {
    case FormKind::Gateway:
        form = new GatewayForm(m_session, document, fileIndex, chosen.document);
        break;
    case FormKind::ServiceEntry:
        form = new ServiceEntryForm(m_session, document, fileIndex, chosen.document);
        break;
    case FormKind::Override:
    case FormKind::Secret: {
        auto *tls =
            new TlsMaterialForm(chosen.kind == FormKind::Override ? TlsMaterialForm::Kind::Override
                                                                  : TlsMaterialForm::Kind::Secret,
                                m_session, document, fileIndex, chosen.document);
        connect(tls, &TlsMaterialForm::inspectRequested, this,
                [this](const std::vector<core::Certificate> &chain,
                       const std::optional<core::PrivateKey> &key) { showInspector(chain, key); });
        form = tls;
        break;
    }
    }
    document->setForm(form);
}

void MainWindow::refreshNavigator() {
    if (!m_session->isOpen()) {
        m_navigator->setFiles(tr("Workspace"), {});
        return;
    }
    QList<NavigatorFile> files;
    for (int i = 0; i < m_session->fileCount(); ++i) {
        NavigatorFile file;
        file.path = m_session->filePath(i);
        if (DocumentEditor *document = documentFor(file.path))
            file.dirty = document->isDirty();
        files.append(file);
    }
    const core::Model &model = m_session->model();
    auto add = [&files](const core::ResourceMeta &meta) {
        if (meta.fileIndex < 0 || meta.fileIndex >= files.size())
            return;
        NavigatorResource r;
        r.kind = QString::fromLatin1(core::kindName(meta.kind));
        r.name = toQString(meta.name.value);
        r.nameSpace = toQString(meta.namespace_.value);
        r.line = meta.root.line > 0 ? meta.root.line : meta.kindScalar.line;
        files[meta.fileIndex].resources.append(r);
    };
    for (const auto &r : model.gateways)
        add(r.meta);
    for (const auto &r : model.virtualServices)
        add(r.meta);
    for (const auto &r : model.serviceEntries)
        add(r.meta);
    for (const auto &r : model.destinationRules)
        add(r.meta);
    for (const auto &r : model.sidecars)
        add(r.meta);
    for (const auto &r : model.configMaps)
        add(r.meta);
    for (const auto &r : model.secrets)
        add(r.meta);
    for (const core::Finding &f : m_findings) {
        const QString path = QFileInfo(toQString(f.file)).absoluteFilePath();
        for (NavigatorFile &file : files) {
            if (file.path != path)
                continue;
            const bool error = f.severity == core::Severity::Error;
            const bool warning = f.severity == core::Severity::Warning;
            file.errors += error;
            file.warnings += warning;
            for (NavigatorResource &r : file.resources) {
                if (r.kind == toQString(f.kind) && r.name == toQString(f.name)) {
                    r.errors += error;
                    r.warnings += warning;
                }
            }
        }
    }
    m_navigator->setFiles(m_session->title(), files);
}

void MainWindow::updateRecentMenu() {
    m_recentMenu->clear();
    const QStringList recent = Settings::recentWorkspaces();
    int n = 0;
    for (const QString &path : recent) {
        ++n;
        // &1 … &8: each entry reachable by its number.
        QAction *a = m_recentMenu->addAction(
            QStringLiteral("&%1 %2").arg(n).arg(QDir::toNativeSeparators(path)));
        a->setEnabled(QFileInfo(path).isDir());
        connect(a, &QAction::triggered, this, [this, path] { openWorkspace(path); });
    }
    if (recent.isEmpty()) {
        QAction *none = m_recentMenu->addAction(tr("No recent workspaces"));
        none->setEnabled(false);
        return;
    }
    m_recentMenu->addSeparator();
    QAction *clear = m_recentMenu->addAction(tr("&Clear List"));
    connect(clear, &QAction::triggered, this, [] { Settings::clearRecentWorkspaces(); });
}

bool MainWindow::openDemoWorkspace() {
    const QString folder =
        QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/demo");
    auto made = core::materialiseDemoWorkspace(folder.toStdString());
    if (!made) {
        QMessageBox::warning(
            this, tr("Cannot open the demo"),
            tr("The demo workspace could not be written to %1: %2")
                .arg(QDir::toNativeSeparators(folder), toQString(made.error().message)));
        return false;
    }
    return openWorkspace(toQString(*made));
}

void MainWindow::openInitialWorkspace() {
    const QString last = Settings::lastWorkspace();
    if (m_prefs.reopenLastWorkspace && !last.isEmpty() && QFileInfo(last).isDir() &&
        openWorkspace(last))
        return;
    openDemoWorkspace();
}

void MainWindow::validateNow() {
    if (!m_session->isOpen())
        return;
    if (m_validation.isRunning()) {
        m_validationPending = true;
        return;
    }
    // A copy: the worker reads it while the user keeps typing into the original.
    m_validation.setFuture(QtConcurrent::run(
        [workspace = m_session->workspace()] { return core::validateWorkspace(workspace); }));
}

void MainWindow::showFindings() {
    QList<Problem> problems;
    QHash<QString, EditorMarkers> markers;
    for (const core::Finding &f : m_findings) {
        Problem p;
        p.severity = f.severity == core::Severity::Error     ? MarkerSeverity::Error
                     : f.severity == core::Severity::Warning ? MarkerSeverity::Warning
                                                             : MarkerSeverity::Info;
        p.code = toQString(f.code);
        p.message = toQString(f.message);
        if (!f.kind.empty())
            p.resource = toQString(f.kind) + u' ' +
                         (f.namespace_.empty() ? QString() : toQString(f.namespace_) + u'/') +
                         toQString(f.name);
        p.file = f.file.empty() ? QString() : QFileInfo(toQString(f.file)).absoluteFilePath();
        p.line = f.line;
        p.column = f.column;
        problems.append(p);
        if (!p.file.isEmpty() && p.line > 0)
            markers[p.file].append({p.line, std::max(1, p.column), 0, p.severity,
                                    p.code + QStringLiteral(": ") + p.message});
    }
    m_problems->setProblems(problems);
    for (DocumentEditor *document : documents())
        document->editor()->setMarkers(markers.value(document->path()));
    refreshNavigator();
    Q_EMIT findingsUpdated();
}

void MainWindow::setLocalPortMap(std::map<int, int> portMap) {
    m_portMap = std::move(portMap);
}

void MainWindow::setLocalAdminPort(int port) {
    m_adminPort = std::clamp(port, 0, 65535);
}

bool MainWindow::buildGatewayConfig(std::shared_ptr<const gateway::Config> &out) {
    if (!m_session->isOpen()) {
        m_gatewayPanel->setStatus(tr("Open a workspace first."));
        return false;
    }
    // Errors in the workspace keep the gateway from (re)loading it.
    const std::vector<core::Finding> findings = core::validateWorkspace(m_session->workspace());
    const core::FindingCounts counts = core::countFindings(findings);
    if (counts.errors > 0) {
        m_findings = findings;
        showFindings();
        m_gatewayPanel->setStatus(
            tr("The workspace has %n error(s); fix them (see Problems) to serve it.", nullptr,
               counts.errors));
        m_problemsDock->raise();
        return false;
    }
    core::TranslationOptions options;
    options.portMap = m_portMap;
    if (m_adminPort > 0)
        options.adminPort = std::uint16_t(m_adminPort);
    else
        options.adminPort = std::nullopt;
    options.baseDirectory = m_session->root().toStdString();
    // Where destination hosts live locally: the workspace's endpoints file, as
    // `gatehousectl serve --workspace` reads it.
    if (const std::string endpoints = core::workspaceEndpointsFile(options.baseDirectory);
        !endpoints.empty()) {
        if (auto added = core::addEndpointsFile(options, endpoints); !added) {
            m_gatewayPanel->setStatus(tr("%1 cannot be read: %2")
                                          .arg(QDir::toNativeSeparators(toQString(endpoints)),
                                               toQString(added.error().message)));
            return false;
        }
    }
    if (m_accessLogPath.isEmpty()) {
        const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation);
        QDir().mkpath(dir);
        m_accessLogPath = dir + QStringLiteral("/access.log");
    }
    options.accessLog.format = gateway::AccessLog::Format::Text;
    options.accessLog.path = m_accessLogPath.toStdString();
    auto translated = core::translateModel(m_session->model(), options);
    if (!translated) {
        m_gatewayPanel->setStatus(
            tr("The workspace cannot be served: %1").arg(toQString(translated.error().message)));
        return false;
    }
    for (const std::string &w : translated->warnings)
        qWarning("%s", w.c_str());
    m_gatewayPanel->setAccessLogPath(m_accessLogPath);
    out = translated->config;
    return true;
}

void MainWindow::startLocalGateway() {
    if (m_controller->state() != core::GatewayController::State::Stopped)
        return;
    std::shared_ptr<const gateway::Config> config;
    if (!buildGatewayConfig(config))
        return;
    m_gatewayPanel->setStatus(tr("Starting…"));
    m_controller->start(config, 2);
}

void MainWindow::stopLocalGateway() {
    m_controller->stop();
}

void MainWindow::reloadLocalGateway() {
    if (m_controller->state() != core::GatewayController::State::Running)
        return;
    std::shared_ptr<const gateway::Config> config;
    if (buildGatewayConfig(config))
        m_controller->reload(config);
}

QStringList MainWindow::localUrls() const {
    QStringList urls;
    for (const gateway::BoundAddress &a : m_controller->listeningAddresses()) {
        // A name from the Gateway's hosts that reaches this listener: local.kyma.dev
        // names resolve to 127.0.0.1.
        QString host = toQString(a.address);
        for (const core::Gateway &g : m_session->model().gateways) {
            for (const core::GatewayServer &s : g.servers) {
                if (s.port.number.toInt().value_or(-1) != a.gatewayPort || s.hosts.empty())
                    continue;
                QString h = toQString(s.hosts.front().value);
                h = h.mid(h.indexOf(u'/') + 1);
                if (h.startsWith(QLatin1String("*.")))
                    h.replace(0, 1, QStringLiteral("gatehouse"));
                if (h != QLatin1String("*"))
                    host = h;
            }
        }
        urls << QStringLiteral("%1://%2:%3/")
                    .arg(a.tls ? QStringLiteral("https") : QStringLiteral("http"), host)
                    .arg(a.port);
    }
    return urls;
}

void MainWindow::updateGatewayActions() {
    using State = core::GatewayController::State;
    const State state = m_controller->state();
    m_startGateway->setEnabled(state == State::Stopped);
    m_stopGateway->setEnabled(state == State::Running);
    m_reloadGateway->setEnabled(state == State::Running);
    m_openBrowser->setEnabled(state == State::Running);
    m_scanGateway->setEnabled(state == State::Running);
}

void MainWindow::refreshScanPolicies() {
    if (!m_scanView)
        return;
    QList<ScanPolicyChoice> choices;
    for (const core::Gateway &g : m_session->model().gateways) {
        for (const core::GatewayServer &s : g.servers) {
            if (!s.tls.mode.isSet() || s.tls.mode.value == "PASSTHROUGH" ||
                s.tls.mode.value == "AUTO_PASSTHROUGH" || s.tls.mode.value == "ISTIO_MUTUAL")
                continue;
            core::TlsPolicy policy;
            policy.serverName = s.port.name.value;
            if (auto v = core::parseIstioTlsVersion(s.tls.minProtocolVersion.value); v)
                policy.minVersion = *v;
            if (auto v = core::parseIstioTlsVersion(s.tls.maxProtocolVersion.value); v)
                policy.maxVersion = *v;
            for (const core::Scalar &c : s.tls.cipherSuites)
                policy.cipherSuites.push_back(c.value);
            for (const core::Scalar &h : s.hosts)
                policy.hosts.push_back(h.value);
            choices.append({tr("%1 / %2 (%3)")
                                .arg(toQString(g.meta.name.value), toQString(s.port.name.value),
                                     toQString(s.port.number.value)),
                            policy});
        }
    }
    m_scanView->setPolicies(choices);
}

void MainWindow::scanLocalGateway() {
    ScanView *view = showScanView();
    refreshScanPolicies();
    for (const gateway::BoundAddress &a : m_controller->listeningAddresses()) {
        if (!a.tls)
            continue;
        // The SNI and policy of the first TLS server on this port.
        for (const core::Gateway &g : m_session->model().gateways) {
            for (const core::GatewayServer &s : g.servers) {
                if (s.port.number.toInt().value_or(-1) != a.gatewayPort || s.hosts.empty())
                    continue;
                QString sni = toQString(s.hosts.front().value);
                sni = sni.mid(sni.indexOf(u'/') + 1);
                if (sni.startsWith(QLatin1String("*.")))
                    sni.replace(0, 1, QStringLiteral("gatehouse"));
                if (sni == QLatin1String("*"))
                    sni.clear();
                view->setTarget(toQString(a.address), a.port, sni);
                view->selectPolicy(tr("%1 / %2 (%3)")
                                       .arg(toQString(g.meta.name.value),
                                            toQString(s.port.name.value),
                                            toQString(s.port.number.value)));
                view->start();
                return;
            }
        }
        view->setTarget(toQString(a.address), a.port);
        view->start();
        return;
    }
}

} // namespace gatehouse::ui
