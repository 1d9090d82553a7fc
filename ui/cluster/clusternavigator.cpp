#include "clusternavigator.h"

#include "cluster/resourceobject.h"
#include "support/icons.h"
#include "support/treestate.h"

#include <QAction>
#include <QHeaderView>
#include <QLabel>
#include <QMap>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace gatehouse::ui {
namespace {
constexpr int RoleObject = Qt::UserRole;  // index into m_objects, -1 for groups
constexpr int RoleKey = Qt::UserRole + 1; // stable key for keeping expansion
} // namespace

ClusterNavigator::ClusterNavigator(QWidget *parent)
    : QWidget(parent)
    , m_view(new QTreeWidget)
    , m_message(new QLabel) {
    m_view->setObjectName(QStringLiteral("clusterView"));
    m_view->setAccessibleName(tr("Cluster"));
    m_view->setHeaderHidden(true);
    m_view->setUniformRowHeights(true);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setContextMenuPolicy(Qt::ActionsContextMenu);
    connect(m_view, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem *item) {
        const int index = item->data(0, RoleObject).toInt();
        if (index >= 0 && index < m_objects.size())
            Q_EMIT showRequested(m_objects[index]);
    });
    m_message->setObjectName(QStringLiteral("clusterMessage"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->hide();
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_message);
    setMessage(tr("No cluster context is open (Cluster ▸ Open Context…)."));
}

void ClusterNavigator::setActions(const QList<QAction *> &actions) {
    for (QAction *a : actions) {
        if (a)
            m_view->addAction(a);
        else {
            auto *separator = new QAction(m_view);
            separator->setSeparator(true);
            m_view->addAction(separator);
        }
    }
}

void ClusterNavigator::setMessage(const QString &message) {
    m_message->setText(message);
    m_message->setVisible(!message.isEmpty());
}

void ClusterNavigator::clear() {
    m_view->clear();
    m_objects.clear();
}

void ClusterNavigator::setOverview(const QString &contextName,
                                   const core::ClusterOverview &overview) {
    const TreeState state(m_view, RoleKey);
    m_view->clear();
    m_objects = overview.objects;
    auto *root = new QTreeWidgetItem(m_view);
    root->setText(0, contextName);
    root->setToolTip(0, tr("Context %1, Kubernetes %2").arg(contextName, overview.serverVersion));
    root->setIcon(0, Icons::icon(QStringLiteral("gateway")));
    root->setData(0, RoleObject, -1);
    root->setData(0, RoleKey, contextName);

    // namespace → kind → object indexes
    QMap<QString, QMap<QString, QList<int>>> tree;
    for (const QString &ns : overview.namespaces)
        tree[ns];
    for (int i = 0; i < m_objects.size(); ++i) {
        const core::ResourceKey key = core::ResourceKey::of(m_objects[i]);
        tree[key.ns.isEmpty() ? tr("(cluster-scoped)") : key.ns][key.kind].append(i);
    }
    for (auto ns = tree.cbegin(); ns != tree.cend(); ++ns) {
        auto *nsItem = new QTreeWidgetItem(root);
        int count = 0;
        for (const QList<int> &objects : ns.value())
            count += int(objects.size());
        nsItem->setText(0,
                        count > 0 ? QStringLiteral("%1 (%2)").arg(ns.key()).arg(count) : ns.key());
        nsItem->setIcon(0, Icons::icon(QStringLiteral("open-folder")));
        nsItem->setData(0, RoleObject, -1);
        nsItem->setData(0, RoleKey, contextName + u'|' + ns.key());
        for (auto kind = ns.value().cbegin(); kind != ns.value().cend(); ++kind) {
            auto *kindItem = new QTreeWidgetItem(nsItem);
            kindItem->setText(0,
                              QStringLiteral("%1 (%2)").arg(kind.key()).arg(kind.value().size()));
            kindItem->setIcon(0, Icons::icon(QStringLiteral("resource")));
            kindItem->setData(0, RoleObject, -1);
            kindItem->setData(0, RoleKey, nsItem->data(0, RoleKey).toString() + u'|' + kind.key());
            for (int index : kind.value()) {
                const core::ResourceKey key = core::ResourceKey::of(m_objects[index]);
                auto *item = new QTreeWidgetItem(kindItem);
                item->setText(0, key.name);
                item->setToolTip(0, tr("%1 (live, read-only)").arg(key.display()));
                item->setIcon(0, Icons::icon(QStringLiteral("file")));
                item->setData(0, RoleObject, index);
                item->setData(0, RoleKey, kindItem->data(0, RoleKey).toString() + u'|' + key.name);
            }
        }
    }
    // First time: the context and the namespaces that hold something, down to their kinds.
    state.restore([root](QTreeWidgetItem *item) {
        return item == root || (item->parent() == root && item->childCount() > 0);
    });
    setMessage(overview.warnings.isEmpty() ? QString() : overview.warnings.join(u'\n'));
}

void ClusterNavigator::collect(QTreeWidgetItem *item, QList<QJsonObject> &out) const {
    const int index = item->data(0, RoleObject).toInt();
    if (index >= 0 && index < m_objects.size()) {
        if (!out.contains(m_objects[index]))
            out.append(m_objects[index]);
        return;
    }
    for (int i = 0; i < item->childCount(); ++i)
        collect(item->child(i), out);
}

QList<QJsonObject> ClusterNavigator::selectedObjects() const {
    QList<QJsonObject> out;
    for (QTreeWidgetItem *item : m_view->selectedItems())
        collect(item, out);
    return out;
}

} // namespace gatehouse::ui
