#include "problemspanel.h"

#include "support/icons.h"

#include <QDir>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace gatehouse::ui {

namespace {
enum Column { ColMessage, ColCode, ColResource, ColLocation, ColCount };

QString iconName(MarkerSeverity s) {
    switch (s) {
    case MarkerSeverity::Error:
        return QStringLiteral("error");
    case MarkerSeverity::Warning:
        return QStringLiteral("warning");
    case MarkerSeverity::Info:
        break;
    }
    return QStringLiteral("info");
}
} // namespace

ProblemsPanel::ProblemsPanel(QWidget *parent)
    : QWidget(parent)
    , m_summary(new QLabel)
    , m_view(new QTreeWidget) {
    m_summary->setObjectName(QStringLiteral("problemsSummary"));
    m_view->setObjectName(QStringLiteral("problemsView"));
    m_view->setAccessibleName(tr("Problems"));
    m_view->setRootIsDecorated(false);
    m_view->setUniformRowHeights(true);
    m_view->setAlternatingRowColors(true);
    m_view->setSortingEnabled(false);
    m_view->setColumnCount(ColCount);
    m_view->setHeaderLabels({tr("Message"), tr("Code"), tr("Resource"), tr("Location")});
    m_view->header()->setSectionResizeMode(ColMessage, QHeaderView::Stretch);
    m_view->header()->setStretchLastSection(false);
    connect(m_view, &QTreeWidget::itemActivated, this,
            [this](QTreeWidgetItem *item) { activate(item); });

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addWidget(m_summary);
    layout->addWidget(m_view, 1);
    setProblems({});
}

void ProblemsPanel::setProblems(const QList<Problem> &problems) {
    m_problems = problems;
    std::stable_sort(m_problems.begin(), m_problems.end(), [](const Problem &a, const Problem &b) {
        if (a.severity != b.severity)
            return a.severity > b.severity;
        if (a.file != b.file)
            return a.file < b.file;
        return a.line < b.line;
    });
    m_view->clear();
    int errors = 0;
    int warnings = 0;
    int infos = 0;
    QList<QTreeWidgetItem *> items;
    for (qsizetype i = 0; i < m_problems.size(); ++i) {
        const Problem &p = m_problems.at(i);
        (p.severity == MarkerSeverity::Error     ? errors
         : p.severity == MarkerSeverity::Warning ? warnings
                                                 : infos)++;
        auto *item = new QTreeWidgetItem;
        item->setIcon(ColMessage, Icons::icon(iconName(p.severity)));
        item->setText(ColMessage, p.message);
        item->setToolTip(ColMessage, p.message);
        item->setText(ColCode, p.code);
        item->setText(ColResource, p.resource);
        QString where = p.file.isEmpty() ? QString() : QFileInfo(p.file).fileName();
        if (!where.isEmpty() && p.line > 0)
            where += QStringLiteral(":%1:%2").arg(p.line).arg(std::max(1, p.column));
        item->setText(ColLocation, where);
        item->setToolTip(ColLocation, QDir::toNativeSeparators(p.file));
        item->setData(ColMessage, Qt::UserRole, int(i));
        items.append(item);
    }
    m_view->addTopLevelItems(items);
    for (int c = ColCode; c < ColCount; ++c)
        m_view->resizeColumnToContents(c);
    if (m_problems.isEmpty())
        m_summary->setText(tr("No problems."));
    else
        m_summary->setText(tr("%n error(s)", nullptr, errors) + QStringLiteral(", ") +
                           tr("%n warning(s)", nullptr, warnings) + QStringLiteral(", ") +
                           tr("%n note(s)", nullptr, infos));
}

void ProblemsPanel::activate(QTreeWidgetItem *item) {
    const int index = item->data(ColMessage, Qt::UserRole).toInt();
    if (index >= 0 && index < m_problems.size())
        Q_EMIT problemActivated(m_problems.at(index));
}

} // namespace gatehouse::ui
