#pragma once

#include "cluster/clusterbrowser.h"

#include <QJsonObject>
#include <QList>
#include <QWidget>

class QLabel;
class QTreeWidget;
class QTreeWidgetItem;

namespace gatehouse::ui {

// The Cluster dock: the open context → namespaces → kinds → live objects, read-only.
// Activating an object asks to show its YAML; the context menu offers to show it, to edit
// a copy in the workspace, to pull the selection and to delete it.
class ClusterNavigator final : public QWidget {
    Q_OBJECT
public:
    explicit ClusterNavigator(QWidget *parent = nullptr);

    // Replaces the tree; keeps expanded items and the current one where they still exist.
    void setOverview(const QString &contextName, const core::ClusterOverview &overview);
    // A line under the tree ("Loading…", an error); empty hides it.
    void setMessage(const QString &message);
    void clear();

    // The objects selected (a namespace or kind stands for every object under it).
    [[nodiscard]] QList<QJsonObject> selectedObjects() const;
    [[nodiscard]] QTreeWidget *view() const { return m_view; }
    // The actions of the context menu; the controller connects them.
    void setActions(const QList<QAction *> &actions);

Q_SIGNALS:
    void showRequested(const QJsonObject &object);

private:
    void collect(QTreeWidgetItem *item, QList<QJsonObject> &out) const;

    QTreeWidget *m_view;
    QLabel *m_message;
    QList<QJsonObject> m_objects;
};

} // namespace gatehouse::ui
