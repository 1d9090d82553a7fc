#include "opencontextdialog.h"

#include "support/icons.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace gatehouse::ui {

OpenContextDialog::OpenContextDialog(const QString &kubeconfig, QWidget *parent)
    : QDialog(parent)
    , m_path(new QLineEdit(kubeconfig))
    , m_contexts(new QTreeWidget)
    , m_status(new QLabel)
    , m_warning(new QLabel)
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Open | QDialogButtonBox::Cancel)) {
    setObjectName(QStringLiteral("openContextDialog"));
    setWindowTitle(tr("Open Cluster Context"));
    resize(640, 400);

    m_path->setObjectName(QStringLiteral("kubeconfigPath"));
    m_path->setPlaceholderText(tr("Default: KUBECONFIG or ~/.kube/config"));
    m_path->setClearButtonEnabled(true);
    auto *browse = new QPushButton(tr("&Browse…"));
    browse->setObjectName(QStringLiteral("browseKubeconfig"));
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString start =
            m_path->text().isEmpty() ? QDir::homePath() + QStringLiteral("/.kube") : m_path->text();
        const QString file = QFileDialog::getOpenFileName(this, tr("Choose a kubeconfig"), start);
        if (!file.isEmpty()) {
            m_path->setText(file);
            load();
        }
    });
    connect(m_path, &QLineEdit::editingFinished, this, &OpenContextDialog::load);
    auto *pathRow = new QHBoxLayout;
    pathRow->addWidget(m_path, 1);
    pathRow->addWidget(browse);

    m_contexts->setObjectName(QStringLiteral("contextList"));
    m_contexts->setAccessibleName(tr("Contexts"));
    m_contexts->setRootIsDecorated(false);
    m_contexts->setUniformRowHeights(true);
    m_contexts->setHeaderLabels({tr("Context"), tr("Cluster"), tr("User"), tr("Namespace")});
    m_contexts->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    connect(m_contexts, &QTreeWidget::currentItemChanged, this,
            &OpenContextDialog::updateSelection);
    connect(m_contexts, &QTreeWidget::itemActivated, this, [this] {
        if (m_buttons->button(QDialogButtonBox::Open)->isEnabled())
            accept();
    });

    m_warning->setObjectName(QStringLiteral("contextWarning"));
    m_warning->setWordWrap(true);
    m_warning->setStyleSheet(QStringLiteral("QLabel { color: #b35c00; font-weight: bold; }"));
    m_warning->hide();
    m_status->setWordWrap(true);

    auto *form = new QFormLayout;
    auto *pathLabel = new QLabel(tr("&Kubeconfig:"));
    pathLabel->setBuddy(m_path);
    form->addRow(pathLabel, pathRow);
    auto *contextsLabel = new QLabel(tr("&Contexts (* marks the current one):"));
    contextsLabel->setBuddy(m_contexts);

    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(contextsLabel);
    layout->addWidget(m_contexts, 1);
    layout->addWidget(m_status);
    layout->addWidget(m_warning);
    layout->addWidget(m_buttons);
    load();
}

QString OpenContextDialog::kubeconfig() const {
    return m_path->text().trimmed();
}

QString OpenContextDialog::context() const {
    const QTreeWidgetItem *item = m_contexts->currentItem();
    return item ? item->data(0, Qt::UserRole).toString() : QString();
}

void OpenContextDialog::selectContext(const QString &name) {
    for (int i = 0; i < m_contexts->topLevelItemCount(); ++i) {
        QTreeWidgetItem *item = m_contexts->topLevelItem(i);
        if (item->data(0, Qt::UserRole).toString() == name)
            m_contexts->setCurrentItem(item);
    }
}

void OpenContextDialog::load() {
    m_contexts->clear();
    m_config.reset();
    // A kubeconfig is a small local file; reading it names files but runs no plugin.
    Result<core::KubeConfig> config = core::KubeConfig::load(kubeconfig());
    if (!config) {
        m_status->setText(tr("Cannot read the kubeconfig: %1")
                              .arg(QString::fromStdString(config.error().message)));
        updateSelection();
        return;
    }
    m_config = std::move(*config);
    m_status->setText(tr("Read from %1").arg(m_config->sourceFiles().join(QStringLiteral(", "))));
    QTreeWidgetItem *current = nullptr;
    for (const core::KubeContextEntry &c : m_config->contexts()) {
        const bool isCurrent = c.name == m_config->currentContext();
        auto *item = new QTreeWidgetItem(m_contexts);
        item->setText(0, isCurrent ? tr("%1 *").arg(c.name) : c.name);
        item->setData(0, Qt::UserRole, c.name);
        item->setText(1, c.cluster);
        item->setText(2, c.user);
        item->setText(3, c.ns);
        if (isCurrent) {
            QFont bold = item->font(0);
            bold.setBold(true);
            item->setFont(0, bold);
            item->setToolTip(0, tr("The kubeconfig's current context"));
            current = item;
        }
    }
    if (!current && m_contexts->topLevelItemCount() > 0)
        current = m_contexts->topLevelItem(0);
    m_contexts->setCurrentItem(current);
    if (m_config->contexts().isEmpty())
        m_status->setText(tr("The kubeconfig has no contexts."));
    updateSelection();
}

void OpenContextDialog::updateSelection() {
    const QString name = context();
    m_buttons->button(QDialogButtonBox::Open)->setEnabled(!name.isEmpty());
    m_warning->hide();
    if (!m_config || name.isEmpty())
        return;
    Result<core::ResolvedContext> resolved = m_config->resolve(name);
    if (!resolved) {
        m_warning->setText(QString::fromStdString(resolved.error().message));
        m_warning->show();
        return;
    }
    QStringList warnings;
    if (resolved->cluster.insecureSkipTlsVerify)
        warnings.append(tr("Warning: this context skips TLS verification "
                           "(insecure-skip-tls-verify): the server's identity is not checked."));
    for (const QString &w : resolved->warnings) {
        if (!w.contains(QStringLiteral("insecure-skip-tls-verify")))
            warnings.append(w);
    }
    if (!warnings.isEmpty()) {
        m_warning->setText(warnings.join(u'\n'));
        m_warning->show();
    }
}

} // namespace gatehouse::ui
