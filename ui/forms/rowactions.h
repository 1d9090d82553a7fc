#pragma once

#include <QObject>

class QAbstractItemView;
class QPushButton;
class QWidget;

namespace gatehouse::ui {

// Add and Remove for the rows of a table or list in a form: a row of two buttons, and the
// Insert and Delete keys on the view itself (a cell being edited keeps its keys). The form
// listens to the signals and edits the YAML; the view refreshes from the model.
// GUI thread only.
class RowActions final : public QObject {
    Q_OBJECT
public:
    RowActions(QAbstractItemView *view, const QString &addText, const QString &removeText,
               QObject *parent = nullptr);

    // The two buttons in a row (the caller puts it in its layout and owns it).
    [[nodiscard]] QWidget *buttons() const { return m_buttons; }
    [[nodiscard]] QPushButton *addButton() const { return m_add; }
    [[nodiscard]] QPushButton *removeButton() const { return m_remove; }
    // Enables Remove when a row is current; call after the view's rows change.
    void update();

Q_SIGNALS:
    void addRequested();
    void removeRequested(int row);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void requestRemove();

    QAbstractItemView *m_view;
    QWidget *m_buttons;
    QPushButton *m_add;
    QPushButton *m_remove;
};

} // namespace gatehouse::ui
