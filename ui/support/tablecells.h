#pragma once

#include <QApplication>
#include <QTableWidget>

namespace gatehouse::ui {

// Whether the user has an editor open in the cell (a refresh must not overwrite it).
[[nodiscard]] inline bool isEditingCell(const QTableWidget *table, int row, int column) {
    const QWidget *focus = QApplication::focusWidget();
    return focus && table->viewport()->isAncestorOf(focus) && table->currentRow() == row &&
           table->currentColumn() == column;
}

} // namespace gatehouse::ui
