#pragma once

#include <QList>
#include <QWidget>

class QTreeWidget;
class QTreeWidgetItem;

namespace gatehouse::ui {

// A resource as the navigator shows it.
struct NavigatorResource {
    QString kind;      // "Gateway"
    QString name;      // "kyma-gateway"
    QString nameSpace; // "istio-system"; empty when none
    int line = 0;      // 1-based line of the resource in its file
    int errors = 0;
    int warnings = 0;
};

// A workspace file as the navigator shows it.
struct NavigatorFile {
    QString path; // absolute
    bool dirty = false;
    int errors = 0; // file-level findings plus its resources'
    int warnings = 0;
    QList<NavigatorResource> resources;
};

// The navigator dock: workspace files → resources grouped by kind, each with an
// error/warning badge. Activating a file or a resource asks to open it.
class Navigator final : public QWidget {
    Q_OBJECT
public:
    explicit Navigator(QWidget *parent = nullptr);

    // Replaces the tree; keeps which files were expanded and the current item when they
    // still exist.
    void setFiles(const QString &workspaceTitle, const QList<NavigatorFile> &files);
    [[nodiscard]] QTreeWidget *view() const { return m_view; }

Q_SIGNALS:
    // Open `file` and show `line` (0: keep the position).
    void openRequested(const QString &file, int line);

private:
    QTreeWidget *m_view;
};

} // namespace gatehouse::ui
