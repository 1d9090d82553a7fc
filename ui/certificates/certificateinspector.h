#pragma once

#include "tls/certificate.h"
#include "tls/certificateverifier.h"
#include "tls/privatekey.h"

#include <QDialog>
#include <QFutureWatcher>

#include <optional>
#include <vector>

class QCheckBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QTreeWidget;

namespace gatehouse::ui {

class ValidityTimeline;

// Tools ▸ Inspect Certificate…: the chain as a tree (trust anchor at the top, the leaf
// deepest), every field of the selected certificate, its validity timeline, the
// verification verdicts with their reasons (core's verifyChain, run off the GUI thread)
// and export (PEM, DER, JSON). GUI thread only.
class CertificateInspector final : public QDialog {
    Q_OBJECT
public:
    enum class ExportFormat {
        Pem,  // the whole chain
        Der,  // the selected certificate
        Json, // every field of the whole chain
    };

    explicit CertificateInspector(QWidget *parent = nullptr);
    ~CertificateInspector() override;

    // Shows `presented` (leaf first, as a server presents it or a file holds it).
    // `source` names where it came from (file name, "generated", ...).
    void setCertificates(std::vector<core::Certificate> presented, const QString &source);
    // Loads certificates from a PEM/DER/base64 file; on failure shows why and returns false.
    bool openFile(const QString &path);
    // A private key to check against the leaf (key-mismatch verdict).
    void setPrivateKey(std::optional<core::PrivateKey> key);
    // The host the leaf must cover (hostname verdict); empty skips the check.
    void setHost(const QString &host);
    // Writes the chain (or the selected certificate) to `path` atomically; on failure shows
    // why and returns false. The Export button asks for the file and the format.
    bool exportTo(const QString &path, ExportFormat format);

    [[nodiscard]] const std::vector<core::Certificate> &certificates() const { return m_certs; }
    // The chain as verification built it (leaf first), or the presented one before that.
    [[nodiscard]] const std::vector<core::Certificate> &chain() const { return m_chain; }
    [[nodiscard]] QTreeWidget *chainView() const { return m_chainView; }
    [[nodiscard]] QTreeWidget *fieldView() const { return m_fields; }
    [[nodiscard]] QListWidget *verdictView() const { return m_verdicts; }
    [[nodiscard]] ValidityTimeline *timeline() const { return m_timeline; }
    // Whether a verification is running.
    [[nodiscard]] bool isVerifying() const;

Q_SIGNALS:
    // Verification finished and the verdicts are shown.
    void verified();

private:
    void chooseFile();
    void verify();
    void showVerification(const Result<core::VerifyResult> &result);
    void rebuildChainTree();
    void showCertificate(int index);
    void exportCurrent();
    [[nodiscard]] int selectedIndex() const;

    std::vector<core::Certificate> m_certs; // presented
    std::vector<core::Certificate> m_chain; // as built by verification
    std::optional<core::PrivateKey> m_key;
    QString m_source;

    QLabel *m_sourceLabel;
    QLineEdit *m_host;
    QCheckBox *m_systemTrust;
    QTreeWidget *m_chainView;
    QTreeWidget *m_fields;
    ValidityTimeline *m_timeline;
    QListWidget *m_verdicts;
    QFutureWatcher<Result<core::VerifyResult>> m_watcher;
};

} // namespace gatehouse::ui
