#pragma once

#include "cluster/clusterapplier.h"
#include "validation/finding.h"

#include <QDialog>
#include <QFutureWatcher>
#include <QList>
#include <QPointer>
#include <QStringList>

#include <atomic>
#include <memory>
#include <vector>

class QCheckBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QTreeWidget;

namespace gatehouse::core {
class ClusterConnection;
}

namespace gatehouse::ui {

class PlanView;

// Cluster ▸ Apply…: validates the files (errors block unless overridden), dry-runs them
// against the open context and shows each resource's diff, then applies with per-resource
// progress and results. Cancel stops between resources; a conflict with another field
// manager offers to force. Every step runs off the GUI thread (validation on the thread
// pool, the cluster calls on the connection's thread). GUI thread only.
class ApplyDialog final : public QDialog {
    Q_OBJECT
public:
    enum class Stage { Validating, Planning, Ready, PlanFailed, Applying, Done };

    ApplyDialog(core::ClusterConnection *connection, const QStringList &paths,
                QWidget *parent = nullptr);
    ~ApplyDialog() override;

    // Validates and dry-runs (called once shown; again when force-conflicts changes).
    void start();
    void apply();
    void cancel();

    [[nodiscard]] Stage stage() const { return m_stage; }
    [[nodiscard]] PlanView *planView() const { return m_plan; }
    [[nodiscard]] QPushButton *applyButton() const { return m_applyButton; }
    [[nodiscard]] QCheckBox *overrideValidation() const { return m_override; }
    [[nodiscard]] QCheckBox *forceConflicts() const { return m_force; }
    [[nodiscard]] const std::vector<core::Finding> &findings() const { return m_findings; }

Q_SIGNALS:
    // The dry run is shown (or failed: stage() says which).
    void planned();
    // Apply finished (or was cancelled); every resource has a result.
    void applied(const QList<core::ApplyResult> &results);

protected:
    void reject() override;

private:
    struct Loaded;
    void setStage(Stage stage, const QString &status = {});
    void onValidated();
    void runPlan();
    void onProgress(const core::ApplyResult &result);
    void updateButtons();
    [[nodiscard]] core::ApplyOptions options() const;

    QPointer<core::ClusterConnection> m_connection;
    QStringList m_paths;
    Stage m_stage = Stage::Validating;
    QLabel *m_title;
    QTreeWidget *m_findingsView;
    QCheckBox *m_override;
    QCheckBox *m_force;
    PlanView *m_plan;
    QProgressBar *m_progress;
    QLabel *m_status;
    QPushButton *m_applyButton;
    QPushButton *m_cancelButton;
    QPushButton *m_closeButton;

    QFutureWatcher<std::shared_ptr<const Loaded>> m_validation;
    std::shared_ptr<const Loaded> m_loaded;
    std::vector<core::Finding> m_findings;
    int m_errors = 0;
    QList<core::ApplyResult> m_planResults;
    std::shared_ptr<std::atomic_bool> m_cancelled;
    int m_done = 0;
};

} // namespace gatehouse::ui
