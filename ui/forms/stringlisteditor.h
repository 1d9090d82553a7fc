#pragma once

#include <QWidget>

class QLineEdit;
class QListWidget;
class QListWidgetItem;

namespace gatehouse::ui {

class RowActions;

// An editable list of strings (hosts, addresses): a line to type a new entry (Enter or Add
// appends it), the list (F2 or a double-click edits an entry in place, Delete removes the
// current one) and Add/Remove buttons. edited() reports the user's changes only.
// GUI thread only.
class StringListEditor final : public QWidget {
    Q_OBJECT
public:
    explicit StringListEditor(QWidget *parent = nullptr);

    // Shows `values` (no edited() signal); an entry being edited is left alone.
    void setValues(const QStringList &values);
    [[nodiscard]] QStringList values() const;
    void setPlaceholderText(const QString &text);

    [[nodiscard]] QListWidget *list() const { return m_list; }
    [[nodiscard]] QLineEdit *input() const { return m_input; }
    [[nodiscard]] RowActions *actions() const { return m_actions; }

Q_SIGNALS:
    void edited(const QStringList &values);

private:
    void addFromInput();
    void removeRow(int row);
    void onItemChanged(QListWidgetItem *item);

    QLineEdit *m_input;
    QListWidget *m_list;
    RowActions *m_actions;
    bool m_filling = false;
};

} // namespace gatehouse::ui
