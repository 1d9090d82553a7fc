#pragma once

#include "resourceform.h"

#include "tls/certificate.h"
#include "tls/privatekey.h"

#include <optional>
#include <vector>

class QListWidget;
class QPushButton;

namespace gatehouse::ui {

class ValidityTimeline;

// The editor for TLS material in the workspace: Kyma's TLS override ConfigMap
// (global.tlsCrt / global.tlsKey) or a Secret (tls.crt / tls.key, or cert / key as in
// kyma-gateway-certs). Shows the certificate summary (subject, SANs, validity bar, key
// match, which Gateway hosts it covers or misses) and lets the user load certificate and
// key files, generate a demo certificate, or open the full inspector.
class TlsMaterialForm final : public ResourceForm {
    Q_OBJECT
public:
    enum class Kind { Override, Secret };

    TlsMaterialForm(Kind kind, WorkspaceSession *session, DocumentEditor *document, int fileIndex,
                    int documentIndex, QWidget *parent = nullptr);

    void refresh() override;
    // Writes a certificate (chain) and key into the resource, as base64 of PEM, in one
    // undoable step per field.
    void setMaterial(const std::vector<core::Certificate> &chain, const core::PrivateKey &key);
    // Creates a self-signed demo certificate for the hosts it must cover.
    void generateDemoCertificate();
    // Reads a certificate (chain) or private key file (PEM, DER, PKCS#8) into the resource;
    // on failure shows why and returns false. The Load buttons ask for the file.
    bool loadCertificateFile(const QString &path);
    bool loadKeyFile(const QString &path);

    [[nodiscard]] const std::vector<core::Certificate> &certificates() const { return m_certs; }
    [[nodiscard]] const std::optional<core::PrivateKey> &privateKey() const { return m_key; }
    [[nodiscard]] QLabel *summaryLabel() const { return m_summary; }
    [[nodiscard]] QListWidget *hostList() const { return m_hosts; }

Q_SIGNALS:
    void inspectRequested(const std::vector<gatehouse::core::Certificate> &chain,
                          const std::optional<gatehouse::core::PrivateKey> &key);

private:
    [[nodiscard]] QString certKey() const;
    [[nodiscard]] QString keyKey() const;
    [[nodiscard]] QStringList hostsToCover() const;
    void chooseCertificateFile();
    void chooseKeyFile();

    Kind m_kind;
    QLabel *m_title;
    QLabel *m_summary;
    ValidityTimeline *m_timeline;
    QListWidget *m_hosts;
    QPushButton *m_inspect;
    std::vector<core::Certificate> m_certs;
    std::optional<core::PrivateKey> m_key;
    QString m_certKey;
    QString m_keyKey;
};

} // namespace gatehouse::ui
