#include "navigator.h"

#include "support/icons.h"
#include "support/treestate.h"

#include <QDir>
#include <QFileInfo>
#include <QHeaderView>
#include <QMap>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace gatehouse::ui {

namespace {
constexpr int RoleFile = Qt::UserRole;
constexpr int RoleLine = Qt::UserRole + 1;
constexpr int RoleKey = Qt::UserRole + 2;

QString badge(int errors, int warnings) {
    QStringList parts;
    if (errors > 0)
        parts << Navigator::tr("%n error(s)", nullptr, errors);
    if (warnings > 0)
        parts << Navigator::tr("%n warning(s)", nullptr, warnings);
    return parts.join(QStringLiteral(", "));
}

QIcon badgeIcon(int errors, int warnings, const QString &fallback) {
    if (errors > 0)
        return Icons::icon(QStringLiteral("error"));
    if (warnings > 0)
        return Icons::icon(QStringLiteral("warning"));
    return Icons::icon(fallback);
}
} // namespace

Navigator::Navigator(QWidget *parent)
    : QWidget(parent)
    , m_view(new QTreeWidget) {
    m_view->setObjectName(QStringLiteral("navigatorView"));
    m_view->setAccessibleName(tr("Workspace"));
    m_view->setColumnCount(2);
    m_view->setHeaderLabels({tr("Name"), tr("Problems")});
    m_view->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_view->header()->setStretchLastSection(false);
    m_view->setUniformRowHeights(true);
    connect(m_view, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem *item) {
        const QString file = item->data(0, RoleFile).toString();
        if (!file.isEmpty())
            Q_EMIT openRequested(file, item->data(0, RoleLine).toInt());
    });
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view);
}

void Navigator::setFiles(const QString &workspaceTitle, const QList<NavigatorFile> &files) {
    // Remember what the user had open so a refresh after each validation does not
    // collapse the tree under them.
    const TreeState state(m_view, RoleKey);
    m_view->clear();
    m_view->setHeaderLabels({workspaceTitle, tr("Problems")});
    for (const NavigatorFile &file : files) {
        auto *fileItem = new QTreeWidgetItem(m_view);
        const QString name = QFileInfo(file.path).fileName();
        fileItem->setText(0, file.dirty ? name + QStringLiteral(" *") : name);
        fileItem->setToolTip(0, QDir::toNativeSeparators(file.path));
        fileItem->setIcon(0, badgeIcon(file.errors, file.warnings, QStringLiteral("file")));
        fileItem->setText(1, badge(file.errors, file.warnings));
        fileItem->setData(0, RoleFile, file.path);
        fileItem->setData(0, RoleLine, 0);
        fileItem->setData(0, RoleKey, file.path);

        QMap<QString, QList<NavigatorResource>> byKind;
        for (const NavigatorResource &r : file.resources)
            byKind[r.kind].append(r);
        for (auto it = byKind.cbegin(); it != byKind.cend(); ++it) {
            auto *kindItem = new QTreeWidgetItem(fileItem);
            int kindErrors = 0;
            int kindWarnings = 0;
            for (const NavigatorResource &r : it.value()) {
                kindErrors += r.errors;
                kindWarnings += r.warnings;
            }
            kindItem->setText(0, QStringLiteral("%1 (%2)").arg(it.key()).arg(it.value().size()));
            kindItem->setIcon(0, badgeIcon(kindErrors, kindWarnings, QStringLiteral("resource")));
            kindItem->setText(1, badge(kindErrors, kindWarnings));
            kindItem->setData(0, RoleKey, file.path + u'|' + it.key());
            for (const NavigatorResource &r : it.value()) {
                auto *item = new QTreeWidgetItem(kindItem);
                const QString label = r.nameSpace.isEmpty() ? r.name : r.nameSpace + u'/' + r.name;
                item->setText(0, label);
                item->setToolTip(0, QStringLiteral("%1 %2").arg(r.kind, label));
                item->setIcon(0, badgeIcon(r.errors, r.warnings, QStringLiteral("resource")));
                item->setText(1, badge(r.errors, r.warnings));
                item->setData(0, RoleFile, file.path);
                item->setData(0, RoleLine, r.line);
                item->setData(0, RoleKey, file.path + u'|' + r.kind + u'|' + label);
            }
        }
    }
    state.restore([](QTreeWidgetItem *) { return true; }); // first time: everything open
    m_view->resizeColumnToContents(1);
}

} // namespace gatehouse::ui
