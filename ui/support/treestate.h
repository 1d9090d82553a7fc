#pragma once

#include <QSet>
#include <QString>
#include <QTreeWidget>
#include <QTreeWidgetItemIterator>

namespace gatehouse::ui {

// What a tree showed before it is rebuilt (its expanded items, the current one and the
// selected ones, each known by a stable key stored under `keyRole`), so the rebuilt tree
// opens where the user left it instead of collapsing under them, and a refresh in the
// background does not change what the next action applies to.
class TreeState {
public:
    TreeState(QTreeWidget *view, int keyRole)
        : m_view(view)
        , m_role(keyRole)
        , m_firstFill(view->topLevelItemCount() == 0) {
        for (QTreeWidgetItemIterator it(view); *it; ++it) {
            if ((*it)->isExpanded())
                m_expanded.insert(key(*it));
        }
        if (view->currentItem())
            m_current = key(view->currentItem());
        for (const QTreeWidgetItem *item : view->selectedItems())
            m_selected.insert(key(item));
    }

    // True when the tree was empty: nothing to restore, the caller decides what opens.
    [[nodiscard]] bool firstFill() const { return m_firstFill; }

    // Expands what was expanded (on the first fill: the items `openFirst` picks), makes the
    // item that was current current again and selects what was selected.
    template <typename OpenFirst> void restore(OpenFirst openFirst) const {
        QTreeWidgetItem *current = nullptr;
        QList<QTreeWidgetItem *> selected;
        for (QTreeWidgetItemIterator it(m_view); *it; ++it) {
            const QString k = key(*it);
            if (m_firstFill ? openFirst(*it) : m_expanded.contains(k))
                (*it)->setExpanded(true);
            if (!m_current.isEmpty() && k == m_current)
                current = *it;
            if (m_selected.contains(k))
                selected.append(*it);
        }
        if (current)
            m_view->setCurrentItem(current, 0,
                                   m_selected.isEmpty() ? QItemSelectionModel::ClearAndSelect
                                                        : QItemSelectionModel::NoUpdate);
        for (QTreeWidgetItem *item : selected)
            item->setSelected(true);
    }

private:
    QString key(const QTreeWidgetItem *item) const { return item->data(0, m_role).toString(); }

    QTreeWidget *m_view;
    int m_role;
    bool m_firstFill;
    QSet<QString> m_expanded;
    QString m_current;
    QSet<QString> m_selected;
};

} // namespace gatehouse::ui
