#include "planview.h"

#include "sidebysidediff.h"

#include "support/icons.h"

#include <QFileInfo>
#include <QHeaderView>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

namespace gatehouse::ui {

using core::ApplyOutcome;

PlanView::PlanView(QWidget *parent)
    : QWidget(parent)
    , m_table(new QTableWidget(0, 4))
    , m_diff(new SideBySideDiff) {
    m_table->setObjectName(QStringLiteral("planTable"));
    m_table->setAccessibleName(tr("Resources"));
    m_table->setHorizontalHeaderLabels({tr("Resource"), tr("File"), tr("Result"), tr("Message")});
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setWordWrap(false);
    connect(m_table, &QTableWidget::itemSelectionChanged, this, &PlanView::showDiff);

    auto *splitter = new QSplitter(Qt::Vertical);
    splitter->addWidget(m_table);
    splitter->addWidget(m_diff);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 2);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter);
}

QString PlanView::outcomeText(const core::ApplyResult &result) {
    switch (result.outcome) {
    case ApplyOutcome::Created:
        return result.dryRun ? tr("would be created") : tr("created");
    case ApplyOutcome::Configured:
        return result.dryRun ? tr("would be configured") : tr("configured");
    case ApplyOutcome::Unchanged:
        return tr("unchanged");
    case ApplyOutcome::Failed:
        return tr("failed");
    case ApplyOutcome::Skipped:
        return tr("skipped");
    }
    return {};
}

QString PlanView::messageText(const core::ApplyResult &result) {
    if (result.outcome != ApplyOutcome::Failed && result.outcome != ApplyOutcome::Skipped)
        return {};
    QStringList parts{QString::fromStdString(result.error.message)};
    for (const core::StatusCause &c : result.causes) {
        if (!c.field.isEmpty())
            parts.append(tr("%1: %2").arg(c.field, c.message));
    }
    for (const core::FieldConflict &c : result.conflicts)
        parts.append(tr("field %1 is managed by \"%2\"").arg(c.field, c.manager));
    return parts.join(u'\n');
}

void PlanView::setResults(const QList<core::ApplyResult> &results) {
    m_results = results;
    m_table->setRowCount(int(m_results.size()));
    for (int row = 0; row < m_results.size(); ++row)
        fillRow(row);
    m_table->resizeColumnsToContents();
    if (!m_results.isEmpty() && m_table->currentRow() < 0)
        m_table->selectRow(0);
    showDiff();
}

void PlanView::updateResult(const core::ApplyResult &result) {
    for (int row = 0; row < m_results.size(); ++row) {
        const core::ResourceKey &key = m_results[row].key;
        if (key.kind == result.key.kind && key.ns == result.key.ns && key.name == result.key.name &&
            key.apiVersion == result.key.apiVersion) {
            // An apply result carries no diff for objects it did not send; keep the plan's.
            const QString diff = m_results[row].diff;
            m_results[row] = result;
            if (m_results[row].diff.isEmpty())
                m_results[row].diff = diff;
            fillRow(row);
            if (m_table->currentRow() == row)
                showDiff();
            return;
        }
    }
    m_results.append(result);
    m_table->setRowCount(int(m_results.size()));
    fillRow(int(m_results.size()) - 1);
}

void PlanView::fillRow(int row) {
    const core::ApplyResult &r = m_results[row];
    auto set = [&](int column, const QString &text, const QString &tip = {}) {
        auto *item = m_table->item(row, column);
        if (!item) {
            item = new QTableWidgetItem;
            m_table->setItem(row, column, item);
        }
        item->setText(text);
        item->setToolTip(tip.isEmpty() ? text : tip);
        return item;
    };
    set(0, r.key.display());
    const QString file = QString::fromStdString(r.source.file);
    set(1, file.isEmpty() ? QString() : QFileInfo(file).fileName(),
        r.source.line > 0 ? QStringLiteral("%1:%2").arg(file).arg(r.source.line) : file);
    QTableWidgetItem *outcome = set(2, outcomeText(r));
    const bool bad = r.outcome == ApplyOutcome::Failed;
    outcome->setIcon(bad                                  ? Icons::icon(QStringLiteral("error"))
                     : r.outcome == ApplyOutcome::Skipped ? Icons::icon(QStringLiteral("warning"))
                                                          : QIcon());
    const QString message = messageText(r);
    set(3, message.section(u'\n', 0, 0), message);
}

void PlanView::showDiff() {
    const int row = m_table->currentRow();
    if (row < 0 || row >= m_results.size()) {
        m_diff->clear();
        return;
    }
    const core::ApplyResult &r = m_results[row];
    m_diff->setDiff(r.diff, r.outcome == ApplyOutcome::Failed ? messageText(r) : tr("No changes."));
}

} // namespace gatehouse::ui
