#pragma once

#include "resourceform.h"

class QCheckBox;
class QComboBox;
class QGroupBox;
class QLineEdit;
class QListWidget;
class QTableWidget;

namespace gatehouse::ui {

class RowActions;
class StringListEditor;

// The Gateway editor: the servers table (port, protocol, name, hosts; servers added and
// removed with buttons or Insert/Delete), the hosts of the selected server and its TLS
// section (mode, min/max version, cipher suites, httpsRedirect, credentialName from the
// workspace's Secrets, client validation for MUTUAL).
class GatewayForm final : public ResourceForm {
    Q_OBJECT
public:
    GatewayForm(WorkspaceSession *session, DocumentEditor *document, int fileIndex,
                int documentIndex, QWidget *parent = nullptr);

    void refresh() override;
    // Selects a server row (its TLS section shows below the table).
    void selectServer(int index);
    [[nodiscard]] int currentServer() const;

    // Appends a server (the next free port, plain HTTP, the selected server's hosts) and
    // opens its port for editing.
    void addServer();
    // Removes server `index`.
    void removeServer(int index);

    [[nodiscard]] QTableWidget *serversTable() const { return m_servers; }
    [[nodiscard]] RowActions *serverActions() const { return m_serverActions; }
    [[nodiscard]] StringListEditor *hostsEditor() const { return m_hosts; }
    [[nodiscard]] QComboBox *modeCombo() const { return m_mode; }
    [[nodiscard]] QComboBox *minVersionCombo() const { return m_minVersion; }
    [[nodiscard]] QComboBox *maxVersionCombo() const { return m_maxVersion; }
    [[nodiscard]] QCheckBox *httpsRedirectCheck() const { return m_httpsRedirect; }
    [[nodiscard]] QComboBox *credentialCombo() const { return m_credential; }
    [[nodiscard]] QListWidget *cipherList() const { return m_ciphers; }

private:
    [[nodiscard]] const core::Gateway *gateway() const;
    [[nodiscard]] core::YamlPath serverPath(int index) const;
    [[nodiscard]] core::YamlPath tlsPath(const char *key) const;
    void refreshTls();
    void onServerCellChanged(int row, int column);
    void onCiphersChanged();

    QLabel *m_title;
    QTableWidget *m_servers;
    RowActions *m_serverActions;
    QLabel *m_hostsLabel;
    StringListEditor *m_hosts;
    QGroupBox *m_tlsBox;
    QComboBox *m_mode;
    QComboBox *m_minVersion;
    QComboBox *m_maxVersion;
    QCheckBox *m_httpsRedirect;
    QComboBox *m_credential;
    QListWidget *m_ciphers;
    QLabel *m_cipherNote;
    QLineEdit *m_caCertificates;
    QLineEdit *m_subjectAltNames;
    int m_server = 0;
};

} // namespace gatehouse::ui
