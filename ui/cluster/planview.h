#pragma once

#include "cluster/clusterapplier.h"

#include <QList>
#include <QWidget>

class QTableWidget;

namespace gatehouse::ui {

class SideBySideDiff;

// Per-resource results of a dry run or an apply: a table (resource, file, outcome, the
// server's message with field causes and conflicting managers) over the side-by-side diff
// of the selected resource.
class PlanView final : public QWidget {
    Q_OBJECT
public:
    explicit PlanView(QWidget *parent = nullptr);

    void setResults(const QList<core::ApplyResult> &results);
    // Replaces the row of the same resource (or adds one) as an apply reports it.
    void updateResult(const core::ApplyResult &result);
    [[nodiscard]] const QList<core::ApplyResult> &results() const { return m_results; }

    [[nodiscard]] QTableWidget *table() const { return m_table; }
    [[nodiscard]] SideBySideDiff *diff() const { return m_diff; }

    // The translated name of an outcome ("created", "would be created", ...).
    [[nodiscard]] static QString outcomeText(const core::ApplyResult &result);
    // The server's message, field causes and conflicts, for a person.
    [[nodiscard]] static QString messageText(const core::ApplyResult &result);

private:
    void fillRow(int row);
    void showDiff();

    QTableWidget *m_table;
    SideBySideDiff *m_diff;
    QList<core::ApplyResult> m_results;
};

} // namespace gatehouse::ui
