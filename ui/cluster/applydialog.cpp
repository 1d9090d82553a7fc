#include "applydialog.h"

#include "planview.h"

#include "cluster/clusterconnection.h"
#include "cluster/clustersession.h"
#include "support/icons.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace gatehouse::ui {

using core::ApplyOutcome;
using core::ApplyResult;

// What the thread pool read: the objects and the validation findings, or why it could not.
struct ApplyDialog::Loaded {
    QList<core::ApplyItem> items;
    std::vector<core::Finding> findings;
    QString error;
};

ApplyDialog::ApplyDialog(core::ClusterConnection *connection, const QStringList &paths,
                         QWidget *parent)
    : QDialog(parent)
    , m_connection(connection)
    , m_paths(paths)
    , m_title(new QLabel)
    , m_findingsView(new QTreeWidget)
    , m_override(new QCheckBox(tr("Apply &despite validation errors")))
    , m_force(new QCheckBox(tr("&Force: take over the fields other managers own")))
    , m_plan(new PlanView)
    , m_progress(new QProgressBar)
    , m_status(new QLabel)
    , m_applyButton(new QPushButton(Icons::icon(QStringLiteral("start")), tr("&Apply")))
    , m_cancelButton(new QPushButton(tr("&Cancel")))
    , m_closeButton(new QPushButton(tr("C&lose"))) {
    setObjectName(QStringLiteral("applyDialog"));
    setWindowTitle(tr("Apply to Cluster"));
    resize(900, 680);

    const QString context = connection ? connection->context().contextName : QString();
    QStringList names;
    for (const QString &p : paths)
        names.append(QFileInfo(p).fileName());
    m_title->setText(
        tr("Apply %1 to context <b>%2</b> (server-side apply, field manager "
           "\"gatehouse\").")
            .arg(names.join(QStringLiteral(", ")).toHtmlEscaped(), context.toHtmlEscaped()));
    m_title->setWordWrap(true);

    m_findingsView->setObjectName(QStringLiteral("applyFindings"));
    m_findingsView->setAccessibleName(tr("Validation findings"));
    m_findingsView->setRootIsDecorated(false);
    m_findingsView->setHeaderLabels({tr("Severity"), tr("Where"), tr("Message")});
    m_findingsView->setMaximumHeight(140);
    m_findingsView->hide();
    m_override->setObjectName(QStringLiteral("overrideValidation"));
    m_override->hide();
    connect(m_override, &QCheckBox::toggled, this, &ApplyDialog::updateButtons);
    m_force->setObjectName(QStringLiteral("forceConflicts"));
    m_force->setToolTip(tr("Server-side apply with force=true: the fields listed as managed by "
                           "someone else become Gatehouse's."));
    m_force->hide();
    connect(m_force, &QCheckBox::toggled, this, [this] {
        if (m_stage == Stage::Ready || m_stage == Stage::PlanFailed)
            runPlan(); // the dry run again, with or without force
    });

    m_progress->setObjectName(QStringLiteral("applyProgress"));
    m_progress->setTextVisible(true);
    m_status->setObjectName(QStringLiteral("applyStatus"));
    m_status->setWordWrap(true);

    m_applyButton->setObjectName(QStringLiteral("applyButton"));
    m_applyButton->setDefault(true);
    m_cancelButton->setObjectName(QStringLiteral("cancelButton"));
    m_closeButton->setObjectName(QStringLiteral("closeButton"));
    auto *buttons = new QDialogButtonBox;
    buttons->addButton(m_applyButton, QDialogButtonBox::AcceptRole);
    buttons->addButton(m_cancelButton, QDialogButtonBox::RejectRole);
    buttons->addButton(m_closeButton, QDialogButtonBox::DestructiveRole);
    connect(m_applyButton, &QPushButton::clicked, this, &ApplyDialog::apply);
    connect(m_cancelButton, &QPushButton::clicked, this, &ApplyDialog::cancel);
    connect(m_closeButton, &QPushButton::clicked, this, &QDialog::accept);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addWidget(m_findingsView);
    layout->addWidget(m_override);
    layout->addWidget(m_plan, 1);
    layout->addWidget(m_force);
    layout->addWidget(m_progress);
    layout->addWidget(m_status);
    layout->addWidget(buttons);

    connect(&m_validation, &QFutureWatcher<std::shared_ptr<const Loaded>>::finished, this,
            &ApplyDialog::onValidated);
    setStage(Stage::Validating);
}

ApplyDialog::~ApplyDialog() {
    if (m_cancelled)
        m_cancelled->store(true);
    m_validation.waitForFinished();
}

void ApplyDialog::setStage(Stage stage, const QString &status) {
    m_stage = stage;
    if (!status.isEmpty())
        m_status->setText(status);
    const bool busy = stage == Stage::Validating || stage == Stage::Planning;
    if (busy) {
        m_progress->setRange(0, 0);
    } else if (stage != Stage::Applying) {
        m_progress->setRange(0, 1);
        m_progress->setValue(1);
    }
    updateButtons();
}

void ApplyDialog::updateButtons() {
    const bool blocked = m_errors > 0 && !m_override->isChecked();
    bool anything = false;
    for (const ApplyResult &r : m_planResults)
        anything |= r.outcome == ApplyOutcome::Created || r.outcome == ApplyOutcome::Configured ||
                    r.outcome == ApplyOutcome::Unchanged;
    m_applyButton->setEnabled(m_stage == Stage::Ready && !blocked && anything && m_connection);
    m_cancelButton->setEnabled(m_stage == Stage::Applying || m_stage == Stage::Validating ||
                               m_stage == Stage::Planning || m_stage == Stage::Ready ||
                               m_stage == Stage::PlanFailed);
    m_closeButton->setEnabled(m_stage != Stage::Applying);
    m_override->setEnabled(m_stage != Stage::Applying && m_stage != Stage::Done);
    m_force->setEnabled(m_stage == Stage::Ready || m_stage == Stage::PlanFailed);
}

void ApplyDialog::start() {
    setStage(Stage::Validating, tr("Validating…"));
    const QStringList paths = m_paths;
    m_validation.setFuture(QtConcurrent::run([paths]() -> std::shared_ptr<const Loaded> {
        auto loaded = std::make_shared<Loaded>();
        Result<QList<core::ApplyItem>> items = core::ClusterSession::loadItems(paths);
        if (!items) {
            loaded->error = QString::fromStdString(items.error().toString());
            return loaded;
        }
        loaded->items = std::move(*items);
        Result<std::vector<core::Finding>> findings = core::ClusterSession::validateFiles(paths);
        if (!findings)
            loaded->error = QString::fromStdString(findings.error().toString());
        else
            loaded->findings = std::move(*findings);
        return loaded;
    }));
}

void ApplyDialog::onValidated() {
    m_loaded = m_validation.result();
    if (!m_loaded->error.isEmpty()) {
        setStage(Stage::PlanFailed, tr("Cannot read the files: %1").arg(m_loaded->error));
        Q_EMIT planned();
        return;
    }
    m_findings = m_loaded->findings;
    const core::FindingCounts counts = core::countFindings(m_findings);
    m_errors = counts.errors;
    m_findingsView->clear();
    for (const core::Finding &f : m_findings) {
        if (f.severity == core::Severity::Info)
            continue;
        auto *item = new QTreeWidgetItem(m_findingsView);
        const bool error = f.severity == core::Severity::Error;
        item->setIcon(0, Icons::icon(error ? QStringLiteral("error") : QStringLiteral("warning")));
        item->setText(0, error ? tr("Error") : tr("Warning"));
        const QString file = QFileInfo(QString::fromStdString(f.file)).fileName();
        item->setText(1, f.line > 0 ? QStringLiteral("%1:%2").arg(file).arg(f.line) : file);
        item->setText(2, QString::fromStdString(f.message));
        item->setToolTip(2, QString::fromStdString(f.toText()));
    }
    m_findingsView->setVisible(m_findingsView->topLevelItemCount() > 0);
    m_override->setVisible(m_errors > 0);
    if (m_loaded->items.isEmpty()) {
        setStage(Stage::PlanFailed, tr("There are no Kubernetes objects to apply."));
        Q_EMIT planned();
        return;
    }
    runPlan();
}

core::ApplyOptions ApplyDialog::options() const {
    core::ApplyOptions options;
    options.forceConflicts = m_force->isChecked();
    return options;
}

void ApplyDialog::runPlan() {
    if (!m_connection || !m_loaded) {
        setStage(Stage::PlanFailed, tr("No cluster context is open."));
        Q_EMIT planned();
        return;
    }
    setStage(Stage::Planning, tr("Dry run on the server…"));
    const QList<core::ApplyItem> items = m_loaded->items;
    const core::ApplyOptions options = this->options();
    QPointer<ApplyDialog> self(this);
    m_connection->run<QList<ApplyResult>>(
        [items, options](core::ClusterSession &session) -> Result<QList<ApplyResult>> {
            // Reach the server first, so "unreachable" is one message, not one per object.
            if (Status loaded = session.discovery().load(); !loaded)
                return std::unexpected(loaded.error());
            return session.applier().plan(items, options);
        },
        [self](const Result<QList<ApplyResult>> &plan) {
            if (!self)
                return;
            if (!plan) {
                self->m_planResults.clear();
                self->m_plan->setResults({});
                self->setStage(Stage::PlanFailed,
                               tr("The dry run failed: %1")
                                   .arg(QString::fromStdString(plan.error().toString())));
                Q_EMIT self->planned();
                return;
            }
            self->m_planResults = *plan;
            self->m_plan->setResults(*plan);
            int failed = 0;
            int changes = 0;
            bool conflicts = false;
            for (const ApplyResult &r : *plan) {
                failed += r.outcome == ApplyOutcome::Failed;
                changes +=
                    r.outcome == ApplyOutcome::Created || r.outcome == ApplyOutcome::Configured;
                conflicts |= !r.conflicts.isEmpty();
            }
            if (conflicts || self->m_force->isChecked())
                self->m_force->show();
            QString status = tr("Dry run: %n resource(s) would change", nullptr, changes);
            if (failed > 0)
                status += tr("; %n failed (see their messages)", nullptr, failed);
            if (conflicts)
                status += tr("; fields are managed by someone else: check Force to take them "
                             "over");
            if (self->m_errors > 0 && !self->m_override->isChecked())
                status += tr("; validation found %n error(s): they block the apply", nullptr,
                             self->m_errors);
            self->setStage(Stage::Ready, status + u'.');
            Q_EMIT self->planned();
        });
}

void ApplyDialog::apply() {
    if (m_stage != Stage::Ready || !m_connection)
        return;
    m_cancelled = std::make_shared<std::atomic_bool>(false);
    m_done = 0;
    m_progress->setRange(0, int(m_planResults.size()));
    m_progress->setValue(0);
    setStage(Stage::Applying, tr("Applying…"));
    core::ApplyOptions options = this->options();
    std::shared_ptr<std::atomic_bool> cancelled = m_cancelled;
    options.isCancelled = [cancelled] {
        return cancelled->load();
    };
    QPointer<ApplyDialog> self(this);
    QPointer<core::ClusterConnection> connection(m_connection);
    core::ClusterConnection *raw = m_connection;
    options.progress = [raw, self](const ApplyResult &r) {
        // On the connection's thread: hand the result to the dialog.
        raw->post([self, r] {
            if (self)
                self->onProgress(r);
        });
    };
    const QList<ApplyResult> plan = m_planResults;
    m_connection->run<QList<ApplyResult>>(
        [plan, options](core::ClusterSession &session) -> Result<QList<ApplyResult>> {
            return session.applier().apply(plan, options);
        },
        [self](const Result<QList<ApplyResult>> &results) {
            if (!self)
                return;
            if (!results) {
                self->setStage(
                    Stage::Done,
                    tr("Apply failed: %1").arg(QString::fromStdString(results.error().toString())));
                Q_EMIT self->applied({});
                return;
            }
            self->m_plan->setResults(*results);
            int counts[5] = {};
            for (const ApplyResult &r : *results)
                ++counts[int(r.outcome)];
            QString status = tr("%1 created, %2 configured, %3 unchanged, %4 failed")
                                 .arg(counts[int(ApplyOutcome::Created)])
                                 .arg(counts[int(ApplyOutcome::Configured)])
                                 .arg(counts[int(ApplyOutcome::Unchanged)])
                                 .arg(counts[int(ApplyOutcome::Failed)]);
            if (counts[int(ApplyOutcome::Skipped)] > 0)
                status += tr(", %n skipped", nullptr, counts[int(ApplyOutcome::Skipped)]);
            if (self->m_cancelled && self->m_cancelled->load())
                status += tr(" (cancelled)");
            self->m_progress->setValue(self->m_progress->maximum());
            self->setStage(Stage::Done, status + u'.');
            Q_EMIT self->applied(*results);
        });
}

void ApplyDialog::onProgress(const ApplyResult &result) {
    m_plan->updateResult(result);
    m_progress->setValue(++m_done);
    m_status->setText(tr("%1: %2").arg(result.key.display(), PlanView::outcomeText(result)));
}

void ApplyDialog::cancel() {
    if (m_stage == Stage::Applying) {
        m_cancelled->store(true);
        m_status->setText(tr("Cancelling: requests already sent finish and are reported…"));
        m_cancelButton->setEnabled(false);
        return;
    }
    QDialog::reject();
}

void ApplyDialog::reject() {
    // Escape or the window's close button: never leave an apply half-reported.
    if (m_stage == Stage::Applying) {
        cancel();
        return;
    }
    QDialog::reject();
}

} // namespace gatehouse::ui
