#include "rowactions.h"

#include <QAbstractItemView>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QPushButton>

namespace gatehouse::ui {

RowActions::RowActions(QAbstractItemView *view, const QString &addText, const QString &removeText,
                       QObject *parent)
    : QObject(parent)
    , m_view(view)
    , m_buttons(new QWidget)
    , m_add(new QPushButton(addText))
    , m_remove(new QPushButton(removeText)) {
    m_add->setObjectName(view->objectName() + QStringLiteral("Add"));
    m_remove->setObjectName(view->objectName() + QStringLiteral("Remove"));
    m_add->setToolTip(tr("Adds a row (Insert in the list)"));
    m_remove->setToolTip(tr("Removes the selected row (Delete in the list)"));
    auto *layout = new QHBoxLayout(m_buttons);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_add);
    layout->addWidget(m_remove);
    layout->addStretch(1);
    connect(m_add, &QPushButton::clicked, this, &RowActions::addRequested);
    connect(m_remove, &QPushButton::clicked, this, &RowActions::requestRemove);
    view->installEventFilter(this);
    if (view->selectionModel())
        connect(view->selectionModel(), &QItemSelectionModel::currentChanged, this,
                &RowActions::update);
    update();
}

void RowActions::update() {
    m_remove->setEnabled(m_view->currentIndex().isValid() &&
                         m_view->model()->rowCount(m_view->rootIndex()) > 0);
}

void RowActions::requestRemove() {
    const QModelIndex current = m_view->currentIndex();
    if (current.isValid())
        Q_EMIT removeRequested(current.row());
}

bool RowActions::eventFilter(QObject *watched, QEvent *event) {
    // Only keys the view itself receives: an open cell editor has focus and gets its own.
    if (watched == m_view && event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        if (key->key() == Qt::Key_Insert && key->modifiers() == Qt::NoModifier) {
            Q_EMIT addRequested();
            return true;
        }
        if (key->key() == Qt::Key_Delete && key->modifiers() == Qt::NoModifier) {
            requestRemove();
            return true;
        }
    }
    return QObject::eventFilter(watched, event);
}

} // namespace gatehouse::ui
