#include "stringlisteditor.h"

#include "rowactions.h"

#include <QApplication>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

#include <algorithm>

namespace gatehouse::ui {

StringListEditor::StringListEditor(QWidget *parent)
    : QWidget(parent)
    , m_input(new QLineEdit)
    , m_list(new QListWidget) {
    m_input->setObjectName(QStringLiteral("newEntry"));
    m_list->setObjectName(QStringLiteral("entries"));
    m_list->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed);
    m_list->setMaximumHeight(m_list->fontMetrics().height() * 4 + 2 * m_list->frameWidth());
    m_actions = new RowActions(m_list, tr("Add"), tr("Remove"), this);
    setFocusProxy(m_input);

    connect(m_input, &QLineEdit::returnPressed, this, &StringListEditor::addFromInput);
    connect(m_actions, &RowActions::addRequested, this, [this] {
        if (m_input->text().trimmed().isEmpty())
            m_input->setFocus(Qt::OtherFocusReason);
        else
            addFromInput();
    });
    connect(m_actions, &RowActions::removeRequested, this, &StringListEditor::removeRow);
    connect(m_list, &QListWidget::itemChanged, this, &StringListEditor::onItemChanged);

    auto *top = new QHBoxLayout;
    top->setContentsMargins(0, 0, 0, 0);
    top->addWidget(m_input, 1);
    top->addWidget(m_actions->buttons());
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(top);
    layout->addWidget(m_list);
}

void StringListEditor::setValues(const QStringList &values) {
    // An entry open for editing has the focus inside the list's viewport.
    const QWidget *focus = QApplication::focusWidget();
    if (values == this->values() || (focus && m_list->viewport()->isAncestorOf(focus)))
        return;
    const int current = m_list->currentRow();
    m_filling = true;
    m_list->clear();
    for (const QString &v : values) {
        auto *item = new QListWidgetItem(v, m_list);
        item->setFlags(item->flags() | Qt::ItemIsEditable);
    }
    if (!values.isEmpty())
        m_list->setCurrentRow(std::clamp(current, 0, int(values.size()) - 1));
    m_filling = false;
    m_actions->update();
}

QStringList StringListEditor::values() const {
    QStringList out;
    for (int i = 0; i < m_list->count(); ++i)
        out << m_list->item(i)->text();
    return out;
}

void StringListEditor::setPlaceholderText(const QString &text) {
    m_input->setPlaceholderText(text);
}

void StringListEditor::addFromInput() {
    const QString text = m_input->text().trimmed();
    if (text.isEmpty())
        return;
    m_input->clear();
    Q_EMIT edited(values() << text);
}

void StringListEditor::removeRow(int row) {
    QStringList list = values();
    if (row < 0 || row >= list.size())
        return;
    list.removeAt(row);
    Q_EMIT edited(list);
}

void StringListEditor::onItemChanged(QListWidgetItem *item) {
    if (m_filling)
        return;
    const QString text = item->text().trimmed();
    QStringList list = values();
    if (text.isEmpty())
        list.removeAt(m_list->row(item)); // an emptied entry is a removed one
    Q_EMIT edited(list);
}

} // namespace gatehouse::ui
