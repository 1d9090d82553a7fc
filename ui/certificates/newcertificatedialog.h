#pragma once

#include "tls/certificate.h"
#include "tls/privatekey.h"

#include <QDialog>
#include <QFutureWatcher>

#include <optional>
#include <string>
#include <vector>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QStackedWidget;

namespace gatehouse::ui {

// What the New Certificate dialog made.
struct NewCertificateResult {
    std::optional<core::PrivateKey> key;
    std::vector<core::Certificate> chain; // leaf first (then its issuer); empty for a CSR
    std::string csrPem;                   // set for a CSR
    QString error;                        // set when creation failed
};

// Tools ▸ New Certificate…: a CA, a leaf signed by a chosen CA, a self-signed leaf or a
// CSR; key type; subject; SAN list; validity. Creation (key generation included) runs off
// the GUI thread through core/tls. The result can be saved, opened in the inspector, or
// handed to the workspace (a TLS override or Secret) by whoever listens to
// useInWorkspaceRequested. GUI thread only.
class NewCertificateDialog final : public QDialog {
    Q_OBJECT
public:
    enum class Kind { CertificateAuthority, SignedLeaf, SelfSignedLeaf, SigningRequest };
    Q_ENUM(Kind)

    explicit NewCertificateDialog(QWidget *parent = nullptr);
    ~NewCertificateDialog() override;

    // Presets for callers (and tests): what to make, with which names.
    void setKind(Kind kind);
    void setCommonName(const QString &name);
    void setSubjectAltNames(const QStringList &names);
    void setValidityDays(int days);
    // The CA that signs a leaf (instead of choosing its files).
    void setIssuer(const core::Certificate &certificate, const core::PrivateKey &key);
    // Whether "Use in Workspace…" is offered (the main window turns it on when a workspace
    // with TLS overrides or Secrets is open).
    void setWorkspaceTargetAvailable(bool available);

    // Starts creation with the current inputs (the Create button does the same).
    void create();
    [[nodiscard]] bool isCreating() const;
    [[nodiscard]] const NewCertificateResult &result() const { return m_result; }
    [[nodiscard]] QStringList subjectAltNames() const;

Q_SIGNALS:
    // Creation finished (successfully or not: see result().error).
    void created();
    // The user wants to see the new certificate in the inspector.
    void inspectRequested(const std::vector<gatehouse::core::Certificate> &chain,
                          const std::optional<gatehouse::core::PrivateKey> &key);
    // The user wants the new certificate (leaf first, then its issuer) and key in a TLS
    // override or Secret.
    void useInWorkspaceRequested(const std::vector<gatehouse::core::Certificate> &chain,
                                 const gatehouse::core::PrivateKey &key);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void addSanFromInput();
    void updateForm();
    void finish();
    void chooseIssuerFiles();
    void saveCertificate();
    void saveKey();
    [[nodiscard]] QString subjectText() const;

    QComboBox *m_kind;
    QComboBox *m_keyType;
    QLineEdit *m_commonName;
    QLineEdit *m_organisation;
    QLineEdit *m_unit;
    QLineEdit *m_country;
    QListWidget *m_sans;
    QLineEdit *m_sanInput;
    QSpinBox *m_days;
    QLabel *m_issuerLabel;
    QPushButton *m_issuerButton;
    QLabel *m_status;
    QProgressBar *m_busy;
    QPushButton *m_create;
    QPushButton *m_saveCert;
    QPushButton *m_saveKey;
    QPushButton *m_inspect;
    QPushButton *m_useInWorkspace;

    std::optional<core::Certificate> m_issuer;
    std::optional<core::PrivateKey> m_issuerKey;
    NewCertificateResult m_result;
    QFutureWatcher<NewCertificateResult> m_watcher;
    bool m_workspaceTarget = false;
};

} // namespace gatehouse::ui
