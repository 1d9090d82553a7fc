#pragma once

#include "cluster/clusterbrowser.h"

#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QTimer>

class QAction;
class QDockWidget;
class QLabel;
class QMenu;

namespace gatehouse::core {
class ClusterConnection;
}

namespace gatehouse::ui {

class ApplyDialog;
class ClusterNavigator;
class MainWindow;

// Everything cluster in the main window: the Cluster menu (Open Context…, Refresh, Pull
// into Workspace, Diff Against Cluster, Apply…, Delete, Serve Locally), the Cluster dock
// (ClusterNavigator), the status bar's context and server version, and the read-only YAML
// tabs of live objects. All cluster calls go through core::ClusterConnection, off the GUI
// thread. Created by MainWindow with the window as parent. GUI thread only.
class ClusterController final : public QObject {
    Q_OBJECT
public:
    explicit ClusterController(MainWindow *window);
    ~ClusterController() override;

    [[nodiscard]] core::ClusterConnection *connection() const { return m_connection; }
    [[nodiscard]] ClusterNavigator *navigator() const { return m_navigator; }
    [[nodiscard]] QMenu *menu() const { return m_menu; }
    [[nodiscard]] QLabel *statusLabel() const { return m_statusLabel; }
    [[nodiscard]] const core::ClusterOverview &overview() const { return m_overview; }

    // Opens `context` of `kubeconfig` (empty: defaults) and loads the navigator;
    // contextOpened() or contextFailed() follows, then overviewLoaded().
    void openContext(const QString &kubeconfig, const QString &context);
    // Shows the Open Context dialog.
    void chooseContext();
    void refresh();
    // The Apply dialog for the open workspace's files (saved first); nullptr when there is
    // nothing to apply. The dialog deletes itself when closed.
    ApplyDialog *showApplyDialog();
    void showDiff();
    // Pulls the navigator's selection into the workspace and opens the files.
    void pullSelection();
    void deleteSelection();
    void serveLocally();
    // A read-only tab with the live object's YAML; a Secret's values only with `showSecrets`.
    void showLive(const QJsonObject &object, bool showSecrets = false);

Q_SIGNALS:
    void contextOpened();
    void contextFailed(const QString &message);
    void overviewLoaded();
    // Pulled files were written (and opened in the workspace).
    void pulled(const QStringList &files);

private:
    void createActions();
    void updateActions();
    void setStatus();
    void pullInto(const QList<QJsonObject> &objects, bool openFirstOnly);
    [[nodiscard]] QStringList workspaceFiles() const;
    [[nodiscard]] QString errorText(const Error &error) const;

    MainWindow *m_window;
    core::ClusterConnection *m_connection;
    ClusterNavigator *m_navigator;
    QDockWidget *m_dock;
    QLabel *m_statusLabel;
    QMenu *m_menu = nullptr;
    QAction *m_open = nullptr;
    QAction *m_refresh = nullptr;
    QAction *m_pull = nullptr;
    QAction *m_editCopy = nullptr;
    QAction *m_showYaml = nullptr;
    QAction *m_showSecret = nullptr;
    QAction *m_diff = nullptr;
    QAction *m_apply = nullptr;
    QAction *m_delete = nullptr;
    QAction *m_serve = nullptr;
    core::ClusterOverview m_overview;
    bool m_loading = false;
    bool m_refreshAgain = false; // a change arrived while loading
    bool m_watching = false;     // the open context's watches are running
    QTimer m_changes;            // gathers watch events into one refresh
    QString m_lastKubeconfig;
    QPointer<ApplyDialog> m_applyDialog;
};

} // namespace gatehouse::ui
