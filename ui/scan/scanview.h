#pragma once

#include "tls/canceltoken.h"
#include "tls/policydiff.h"
#include "tls/scanreport.h"
#include "tls/tlspolicy.h"

#include <QFutureWatcher>
#include <QList>
#include <QTimer>
#include <QWidget>

#include <atomic>
#include <memory>
#include <optional>
#include <vector>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace gatehouse::ui {

// A policy the user can compare a scan with: a Gateway server's TLS settings.
struct ScanPolicyChoice {
    QString label; // "kyma-gateway / https (443)"
    core::TlsPolicy policy;
};

// Tools ▸ Scan TLS Endpoint…: endpoint + SNI + optional policy, progress and Cancel, then
// a protocols × ciphers matrix coloured by accepted/refused and by agreement with the
// policy, groups, ALPN, the presented chain, the deviations from the policy, HTTP
// details and JSON export. The scan runs on a worker thread through core's scanTls; the
// GUI thread only polls its progress. GUI thread only.
class ScanView final : public QWidget {
    Q_OBJECT
public:
    explicit ScanView(QWidget *parent = nullptr);
    ~ScanView() override;

    void setTarget(const QString &host, int port, const QString &sni = {});
    void setPolicies(const QList<ScanPolicyChoice> &policies);
    // Selects the policy with this label (no policy when not found).
    void selectPolicy(const QString &label);
    // Trust anchors for verifying the presented chain (e.g. the workspace's CA).
    void setTrustAnchors(std::vector<core::Certificate> anchors);

    void start();
    void cancel();
    [[nodiscard]] bool isRunning() const;

    [[nodiscard]] const std::optional<core::ScanReport> &report() const { return m_report; }
    [[nodiscard]] const std::vector<core::PolicyDeviation> &deviations() const {
        return m_deviations;
    }
    [[nodiscard]] QTableWidget *matrix() const { return m_matrix; }
    [[nodiscard]] QListWidget *deviationView() const { return m_deviationList; }
    [[nodiscard]] QLabel *statusLabel() const { return m_status; }

    // How a matrix cell is judged (kept in the cell's Qt::UserRole for tests).
    enum class Cell {
        Accepted,        // accepted and the policy allows it (or no policy)
        AcceptedAgainst, // accepted but the policy does not allow it
        Refused,         // refused, and the policy does not ask for it
        RefusedAgainst,  // refused although the policy allows it
    };
    Q_ENUM(Cell)

Q_SIGNALS:
    // The scan ended: finished with a report, failed, or was cancelled.
    void finished();
    // The user wants to see the presented chain in the inspector.
    void inspectRequested(const std::vector<gatehouse::core::Certificate> &chain,
                          const QString &host);

private:
    struct Progress {
        std::atomic<int> done{0};
        std::atomic<int> total{0};
    };

    void showResult();
    void fillMatrix();
    void exportJson();
    void updateButtons();
    [[nodiscard]] std::optional<core::TlsPolicy> currentPolicy() const;

    QLineEdit *m_host;
    QSpinBox *m_port;
    QLineEdit *m_sni;
    QComboBox *m_policy;
    QPushButton *m_start;
    QPushButton *m_cancel;
    QPushButton *m_export;
    QProgressBar *m_progress;
    QLabel *m_status;
    QCheckBox *m_allCiphers;
    QTableWidget *m_matrix;
    QLabel *m_details;
    QListWidget *m_chain;
    QPushButton *m_inspect;
    QListWidget *m_deviationList;

    QList<ScanPolicyChoice> m_policies;
    std::vector<core::Certificate> m_anchors;
    core::CancelToken m_token;
    std::shared_ptr<Progress> m_progressState;
    QTimer m_poll;
    QFutureWatcher<Result<core::ScanReport>> m_watcher;
    std::optional<core::ScanReport> m_report;
    std::optional<core::TlsPolicy> m_reportPolicy; // the policy the report was judged by
    std::vector<core::PolicyDeviation> m_deviations;
};

} // namespace gatehouse::ui
