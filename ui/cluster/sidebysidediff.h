#pragma once

#include <QWidget>

class QLabel;
class QPlainTextEdit;

namespace gatehouse::ui {

// Two read-only panes, live on the left and local (what apply makes of it) on the right,
// laid out from core's unified diff: removed lines on the left, added on the right, each
// change padded so the panes stay line for line; the panes scroll together.
class SideBySideDiff final : public QWidget {
    Q_OBJECT
public:
    explicit SideBySideDiff(QWidget *parent = nullptr);

    // Shows `unifiedDiff` (textdiff::unified's format); `emptyText` when it is empty.
    void setDiff(const QString &unifiedDiff, const QString &emptyText = {});
    void clear();

    [[nodiscard]] QPlainTextEdit *left() const { return m_left; }
    [[nodiscard]] QPlainTextEdit *right() const { return m_right; }

private:
    QLabel *m_leftTitle;
    QLabel *m_rightTitle;
    QPlainTextEdit *m_left;
    QPlainTextEdit *m_right;
};

} // namespace gatehouse::ui
