#pragma once

#include <QSet>
#include <QString>
#include <QTreeWidget>
#include <QTreeWidgetItemIterator>

namespace gatehouse::ui {

// What a tree showed before it is rebuilt (its expanded items and the current one, each
// known by a stable key stored under `keyRole`), so the rebuilt tree opens where the user
// left it instead of collapsing under them.
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
    }

    // True when the tree was empty: nothing to restore, the caller decides what opens.
    [[nodiscard]] bool firstFill() const { return m_firstFill; }

    // Expands what was expanded (on the first fill: the items `openFirst` picks) and makes
    // the item that was current current again.
    template <typename OpenFirst> void restore(OpenFirst openFirst) const {
        QTreeWidgetItem *current = nullptr;
        for (QTreeWidgetItemIterator it(m_view); *it; ++it) {
            const QString k = key(*it);
            if (m_firstFill ? openFirst(*it) : m_expanded.contains(k))
                (*it)->setExpanded(true);
            if (!m_current.isEmpty() && k == m_current)
                current = *it;
        }
        if (current)
            m_view->setCurrentItem(current);
    }

private:
    QString key(const QTreeWidgetItem *item) const { return item->data(0, m_role).toString(); }

    QTreeWidget *m_view;
    int m_role;
    bool m_firstFill;
    QSet<QString> m_expanded;
    QString m_current;
};

} // namespace gatehouse::ui
