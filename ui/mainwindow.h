#pragma once

#include "support/settings.h"

#include <QMainWindow>

class QAction;
class QDockWidget;
class QLabel;
class QMenu;
class QTabWidget;

#include "tls/certificate.h"
#include "tls/privatekey.h"

#include <QFutureWatcher>
#include <QPointer>
#include <QTimer>

#include "validation/finding.h"

#include <map>

#include <optional>
#include <vector>

namespace gatehouse::core {
class GatewayController;
}
namespace gatehouse::gateway {
struct Config;
}

namespace gatehouse::ui {

class CertificateInspector;
class LocalGatewayPanel;
class CodeEditor;
class DocumentEditor;
class WorkspaceSession;
class NewCertificateDialog;
class ScanView;
class LogPanel;
class Navigator;
class ProblemsPanel;

// The one main window: menus, docks (navigator, problems, log) and tabbed editors in
// the centre. Every action has an object name ("actionSave") so tests and scripts can
// find it. GUI thread only.
class MainWindow final : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    [[nodiscard]] QTabWidget *tabs() const { return m_tabs; }
    [[nodiscard]] Navigator *navigator() const { return m_navigator; }
    [[nodiscard]] ProblemsPanel *problemsPanel() const { return m_problems; }
    [[nodiscard]] LogPanel *logPanel() const { return m_log; }
    // The YAML view of the current tab, or nullptr.
    [[nodiscard]] CodeEditor *currentEditor() const;

    // Asks for "line[:column]" and moves the current editor there.
    void goToLine();
    // Moves the current editor to `line`:`column`.
    void goTo(int line, int column);

    [[nodiscard]] WorkspaceSession *session() const { return m_session; }

    // File actions (also used by tests). Each reports failures to the user itself and
    // returns whether it succeeded.
    bool openWorkspace(const QString &folder);
    bool openFile(const QString &path);
    // Opens (or shows) the editor tab of workspace file `path`, at `line` when > 0.
    DocumentEditor *openDocument(const QString &path, int line = 0, int column = 1);
    [[nodiscard]] DocumentEditor *currentDocument() const;
    [[nodiscard]] DocumentEditor *documentFor(const QString &path) const;
    // Shows the form for the resource of `document` at `line` (0: the file's first
    // resource with a form) beside its YAML; no form when none fits.
    void showFormFor(DocumentEditor *document, int line = 0);
    bool save(DocumentEditor *document);
    bool saveAll();
    void revert(DocumentEditor *document);

    // Opens the embedded demo workspace (written once into the app's data folder).
    bool openDemoWorkspace();
    // At start: the last workspace (when the preference says so and it exists), else the demo.
    void openInitialWorkspace();

    // The latest findings of the open workspace (after the pause in typing).
    [[nodiscard]] const std::vector<core::Finding> &findings() const { return m_findings; }
    // Validates now (off the GUI thread); findingsUpdated() follows.
    void validateNow();

    // The local gateway, run through core's controller.
    [[nodiscard]] core::GatewayController *gatewayController() const { return m_controller; }
    [[nodiscard]] LocalGatewayPanel *localGatewayPanel() const { return m_gatewayPanel; }
    // Gateway port → local port for the local gateway (default: the preference,
    // 80→8080, 443→8443).
    void setLocalPortMap(std::map<int, int> portMap);
    // The local gateway's admin listener port (0: none; default: the preference, 15000).
    void setLocalAdminPort(int port);
    [[nodiscard]] QStringList localUrls() const;
    void startLocalGateway();
    void stopLocalGateway();
    void reloadLocalGateway();
    // Opens the scan tab on the local HTTPS listener with the Gateway server's policy and
    // starts the scan.
    void scanLocalGateway();

    // Closes the tab at `index`; false when the user kept it (unsaved changes).
    bool closeTab(int index);

    // Tools: each opens (or raises) its window and returns it.
    CertificateInspector *showInspector(const std::vector<core::Certificate> &chain = {},
                                        const std::optional<core::PrivateKey> &key = {},
                                        const QString &host = {});
    NewCertificateDialog *showNewCertificate();
    // Puts a certificate chain and key into a TLS override or Secret of the workspace: the
    // current tab's when it shows one, otherwise the one the user picks (opened in a tab).
    // Returns whether it was put somewhere.
    bool useCertificateInWorkspace(const std::vector<core::Certificate> &chain,
                                   const core::PrivateKey &key);
    // Opens the TLS scan tab (one per window) and returns it.
    ScanView *showScanView();

Q_SIGNALS:
    // Validation finished and panels, markers and badges show its findings.
    void findingsUpdated();
    // A workspace file was saved (the local gateway reloads on it).
    void saved(const QString &path);

protected:
    void closeEvent(QCloseEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    // A TLS override or Secret of the workspace (for "Use in Workspace").
    struct TlsTarget {
        QString label;
        QString file;
        int line = 0;
    };
    [[nodiscard]] QList<TlsTarget> tlsTargets() const;
    void createMenus();
    void createDocks();
    void restoreWindow();
    void applyPreferences();
    void showPreferences();
    void updateActions();
    void updateStatusPosition();
    void updateRecentMenu();
    void refreshNavigator();
    void showFindings();
    void updateGatewayActions();
    void refreshScanPolicies();
    [[nodiscard]] bool buildGatewayConfig(std::shared_ptr<const gatehouse::gateway::Config> &out);
    void onModelChanged();
    void onExternalChange(int index);
    void updateTabTitle(DocumentEditor *document);
    // Asks what to do with unsaved documents; false when the user cancels.
    bool maybeSave(const QList<DocumentEditor *> &documents);
    [[nodiscard]] QList<DocumentEditor *> documents() const;

    QAction *addAction(QMenu *menu, const char *objectName, const QString &text,
                       const QString &icon = {}, const QKeySequence &shortcut = {});

    Preferences m_prefs;
    WorkspaceSession *m_session = nullptr;
    QTabWidget *m_tabs = nullptr;
    Navigator *m_navigator = nullptr;
    ProblemsPanel *m_problems = nullptr;
    LogPanel *m_log = nullptr;
    QDockWidget *m_navigatorDock = nullptr;
    QDockWidget *m_problemsDock = nullptr;
    QDockWidget *m_logDock = nullptr;
    QLabel *m_position = nullptr;

    QMenu *m_fileMenu = nullptr;
    QMenu *m_recentMenu = nullptr;
    QMenu *m_editMenu = nullptr;
    QMenu *m_toolsMenu = nullptr;
    QMenu *m_viewMenu = nullptr;
    QMenu *m_helpMenu = nullptr;

    QAction *m_save = nullptr;
    QAction *m_saveAll = nullptr;
    QAction *m_revert = nullptr;
    QAction *m_undo = nullptr;
    QAction *m_redo = nullptr;
    QAction *m_cut = nullptr;
    QAction *m_copy = nullptr;
    QAction *m_paste = nullptr;
    QAction *m_selectAll = nullptr;
    QAction *m_goToLine = nullptr;

    QTimer m_validationTimer;
    QFutureWatcher<std::vector<core::Finding>> m_validation;
    bool m_validationPending = false;
    std::vector<core::Finding> m_findings;

    core::GatewayController *m_controller = nullptr;
    LocalGatewayPanel *m_gatewayPanel = nullptr;
    QDockWidget *m_gatewayDock = nullptr;
    std::map<int, int> m_portMap{{80, 8080}, {443, 8443}};
    int m_adminPort = 0;
    QString m_accessLogPath;
    QMenu *m_gatewayMenu = nullptr;
    QAction *m_startGateway = nullptr;
    QAction *m_stopGateway = nullptr;
    QAction *m_reloadGateway = nullptr;
    QAction *m_openBrowser = nullptr;
    QAction *m_scanGateway = nullptr;

    QPointer<CertificateInspector> m_inspector;
    QPointer<NewCertificateDialog> m_newCertificate;
    QPointer<ScanView> m_scanView;
};

} // namespace gatehouse::ui
