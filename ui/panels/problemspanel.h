#pragma once

#include "editor/editormarker.h"

#include <QList>
#include <QWidget>

class QLabel;
class QTreeWidget;
class QTreeWidgetItem;

namespace gatehouse::ui {

// One row of the problems panel: a finding as the UI shows it.
struct Problem {
    MarkerSeverity severity = MarkerSeverity::Error;
    QString code;
    QString message;
    QString resource; // "Gateway istio-system/kyma-gateway"
    QString file;     // absolute path; empty when the finding has no file
    int line = 0;     // 1-based; 0 unknown
    int column = 0;
};

// The problems dock: every finding of the workspace, worst first, with a summary
// ("2 errors, 1 warning"). Double-click or Enter on a row asks to jump to its place.
class ProblemsPanel final : public QWidget {
    Q_OBJECT
public:
    explicit ProblemsPanel(QWidget *parent = nullptr);

    void setProblems(const QList<Problem> &problems);
    [[nodiscard]] const QList<Problem> &problems() const { return m_problems; }
    [[nodiscard]] QTreeWidget *view() const { return m_view; }

Q_SIGNALS:
    // The user wants to see a problem's place (file:line:col).
    void problemActivated(const gatehouse::ui::Problem &problem);

private:
    void activate(QTreeWidgetItem *item);

    QLabel *m_summary;
    QTreeWidget *m_view;
    QList<Problem> m_problems;
};

} // namespace gatehouse::ui
