#include "gatewayform.h"

#include "rowactions.h"
#include "stringlisteditor.h"

#include "documents/workspacesession.h"
#include "support/convert.h"
#include "support/tablecells.h"
#include "support/icons.h"

#include "tls/tlspolicy.h"
#include "validation/validator.h"
#include "tls/tlsscanner.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QTableWidget>
#include <QVBoxLayout>

#include <set>

namespace gatehouse::ui {

namespace {
enum Column { ColPort, ColProtocol, ColName, ColHosts, ColCount };

QStringList scalarList(const core::ScalarList &list) {
    QStringList out;
    for (const core::Scalar &s : list)
        out << toQString(s.value);
    return out;
}

// Sets a combo to `value`, adding it when it is not one of the choices (so whatever the
// YAML says is shown, valid or not; validation reports it).
void setComboValue(QComboBox *combo, const QString &value) {
    int index = combo->findData(value);
    if (index < 0) {
        combo->addItem(value, value);
        index = combo->count() - 1;
    }
    combo->setCurrentIndex(index);
}
} // namespace

GatewayForm::GatewayForm(WorkspaceSession *session, DocumentEditor *document, int fileIndex,
                         int documentIndex, QWidget *parent)
    : ResourceForm(session, document, fileIndex, documentIndex, parent)
    , m_title(new QLabel)
    , m_servers(new QTableWidget(0, ColCount))
    , m_hostsLabel(new QLabel)
    , m_hosts(new StringListEditor)
    , m_tlsBox(new QGroupBox)
    , m_mode(new QComboBox)
    , m_minVersion(new QComboBox)
    , m_maxVersion(new QComboBox)
    , m_httpsRedirect(new QCheckBox(tr("Redirect plain HTTP to HTTPS (&httpsRedirect)")))
    , m_credential(new QComboBox)
    , m_ciphers(new QListWidget)
    , m_cipherNote(new QLabel)
    , m_caCertificates(new QLineEdit)
    , m_subjectAltNames(new QLineEdit) {
    setObjectName(QStringLiteral("gatewayForm"));
    m_title->setObjectName(QStringLiteral("formTitle"));
    QFont bold = m_title->font();
    bold.setBold(true);
    bold.setPointSizeF(bold.pointSizeF() * 1.2);
    m_title->setFont(bold);

    m_servers->setObjectName(QStringLiteral("serversTable"));
    m_servers->setAccessibleName(tr("Servers"));
    m_servers->setHorizontalHeaderLabels({tr("Port"), tr("Protocol"), tr("Name"), tr("Hosts")});
    m_servers->horizontalHeader()->setSectionResizeMode(ColHosts, QHeaderView::Stretch);
    m_servers->verticalHeader()->setVisible(false);
    m_servers->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_servers->setSelectionMode(QAbstractItemView::SingleSelection);
    m_servers->setToolTip(tr("Hosts: comma-separated, [namespace/]dnsName"));
    connect(m_servers, &QTableWidget::cellChanged, this, &GatewayForm::onServerCellChanged);
    connect(m_servers, &QTableWidget::currentCellChanged, this, [this](int row) {
        if (!m_refreshing && row >= 0) {
            m_server = row;
            refreshTls();
        }
    });
    // Room for a handful of servers; the TLS section below needs the height more.
    m_servers->setMaximumHeight(m_servers->horizontalHeader()->sizeHint().height() +
                                m_servers->verticalHeader()->defaultSectionSize() * 4 +
                                2 * m_servers->frameWidth());
    m_serverActions = new RowActions(m_servers, tr("A&dd Server"), tr("Remo&ve Server"), this);
    connect(m_serverActions, &RowActions::addRequested, this, &GatewayForm::addServer);
    connect(m_serverActions, &RowActions::removeRequested, this, &GatewayForm::removeServer);
    m_hosts->setObjectName(QStringLiteral("serverHostsEditor"));
    m_hosts->setPlaceholderText(tr("[namespace/]host, Enter adds it"));
    m_hosts->list()->setAccessibleName(tr("Server hosts"));
    m_hostsLabel->setBuddy(m_hosts);
    connect(m_hosts, &StringListEditor::edited, this, [this](const QStringList &hosts) {
        setList(serverPath(m_server).key("hosts"), hosts);
    });

    m_mode->setObjectName(QStringLiteral("modeCombo"));
    m_mode->addItem(tr("(none)"), QString());
    for (const char *mode :
         {"SIMPLE", "MUTUAL", "OPTIONAL_MUTUAL", "PASSTHROUGH", "AUTO_PASSTHROUGH", "ISTIO_MUTUAL"})
        m_mode->addItem(QString::fromLatin1(mode), QString::fromLatin1(mode));
    for (QComboBox *combo : {m_minVersion, m_maxVersion}) {
        combo->addItem(tr("(default: TLS_AUTO)"), QString());
        for (const char *v : {"TLS_AUTO", "TLSV1_0", "TLSV1_1", "TLSV1_2", "TLSV1_3"})
            combo->addItem(QString::fromLatin1(v), QString::fromLatin1(v));
    }
    m_minVersion->setObjectName(QStringLiteral("minVersionCombo"));
    m_maxVersion->setObjectName(QStringLiteral("maxVersionCombo"));
    m_httpsRedirect->setObjectName(QStringLiteral("httpsRedirectCheck"));
    m_credential->setObjectName(QStringLiteral("credentialCombo"));
    m_credential->setEditable(true);
    m_credential->setInsertPolicy(QComboBox::NoInsert);
    m_ciphers->setObjectName(QStringLiteral("cipherList"));
    m_ciphers->setAccessibleName(tr("Cipher suites"));
    m_cipherNote->setWordWrap(true);
    m_caCertificates->setObjectName(QStringLiteral("caCertificatesEdit"));
    m_subjectAltNames->setObjectName(QStringLiteral("subjectAltNamesEdit"));
    m_subjectAltNames->setPlaceholderText(tr("comma-separated"));

    auto comboEdits = [this](QComboBox *combo, const char *key) {
        connect(combo, &QComboBox::activated, this, [this, combo, key] {
            setScalar(tlsPath(key), combo->currentData().toString(), core::ScalarStyle::String);
        });
    };
    comboEdits(m_mode, "mode");
    comboEdits(m_minVersion, "minProtocolVersion");
    comboEdits(m_maxVersion, "maxProtocolVersion");
    connect(m_httpsRedirect, &QCheckBox::toggled, this, [this](bool on) {
        setScalar(tlsPath("httpsRedirect"), on ? QStringLiteral("true") : QString());
    });
    connect(m_credential->lineEdit(), &QLineEdit::editingFinished, this, [this] {
        setScalar(tlsPath("credentialName"), m_credential->currentText().trimmed(),
                  core::ScalarStyle::String);
    });
    connect(m_credential, &QComboBox::activated, this, [this] {
        setScalar(tlsPath("credentialName"), m_credential->currentText().trimmed(),
                  core::ScalarStyle::String);
    });
    connect(m_ciphers, &QListWidget::itemChanged, this, &GatewayForm::onCiphersChanged);
    connect(m_caCertificates, &QLineEdit::editingFinished, this, [this] {
        setScalar(tlsPath("caCertificates"), m_caCertificates->text().trimmed(),
                  core::ScalarStyle::String);
    });
    connect(m_subjectAltNames, &QLineEdit::editingFinished, this,
            [this] { setList(tlsPath("subjectAltNames"), splitList(m_subjectAltNames->text())); });

    auto *tlsForm = new QFormLayout(m_tlsBox);
    tlsForm->addRow(tr("&Mode:"), m_mode);
    tlsForm->addRow(tr("M&inimum version:"), m_minVersion);
    tlsForm->addRow(tr("Ma&ximum version:"), m_maxVersion);
    tlsForm->addRow(m_httpsRedirect);
    tlsForm->addRow(tr("&Credential (Secret):"), m_credential);
    tlsForm->addRow(tr("C&ipher suites:"), m_ciphers);
    tlsForm->addRow(QString(), m_cipherNote);
    tlsForm->addRow(tr("Client &CA certificates:"), m_caCertificates);
    tlsForm->addRow(tr("Client subject &alt names:"), m_subjectAltNames);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addWidget(errorLabel());
    auto *serversLabel = new QLabel(tr("&Servers:"));
    serversLabel->setBuddy(m_servers);
    layout->addWidget(serversLabel);
    layout->addWidget(m_servers);
    layout->addWidget(m_serverActions->buttons());
    layout->addWidget(m_hostsLabel);
    layout->addWidget(m_hosts);
    layout->addWidget(m_tlsBox, 1);
    refresh();
}

const core::Gateway *GatewayForm::gateway() const {
    for (const core::Gateway &g : model().gateways) {
        if (g.meta.fileIndex == fileIndex() && g.meta.document == documentIndex())
            return &g;
    }
    return nullptr;
}

core::YamlPath GatewayForm::serverPath(int index) const {
    return core::YamlPath().key("spec").key("servers").index(index);
}

core::YamlPath GatewayForm::tlsPath(const char *key) const {
    return serverPath(m_server).key("tls").key(key);
}

int GatewayForm::currentServer() const {
    return m_server;
}

void GatewayForm::selectServer(int index) {
    m_server = index;
    m_servers->setCurrentCell(index, 0);
    refreshTls();
}

void GatewayForm::refresh() {
    const core::Gateway *g = gateway();
    m_refreshing = true;
    if (!g) {
        m_title->setText(tr("This document is no longer a Gateway."));
        m_servers->setRowCount(0);
        m_tlsBox->setEnabled(false);
        m_refreshing = false;
        return;
    }
    m_title->setText(toQString(g->meta.displayName()));
    m_servers->setRowCount(int(g->servers.size()));
    for (int row = 0; row < int(g->servers.size()); ++row) {
        const core::GatewayServer &server = g->servers[size_t(row)];
        const QString values[ColCount] = {
            toQString(server.port.number.value), toQString(server.port.protocol.value),
            toQString(server.port.name.value), scalarList(server.hosts).join(QStringLiteral(", "))};
        for (int col = 0; col < ColCount; ++col) {
            QTableWidgetItem *item = m_servers->item(row, col);
            if (!item) {
                item = new QTableWidgetItem;
                m_servers->setItem(row, col, item);
            }
            // Leave the cell the user is editing alone.
            if (item->text() != values[col] && !isEditingCell(m_servers, row, col))
                item->setText(values[col]);
        }
    }
    m_server = std::clamp(m_server, 0, std::max(0, int(g->servers.size()) - 1));
    if (!g->servers.empty() && m_servers->currentRow() != m_server)
        m_servers->setCurrentCell(m_server,
                                  m_servers->currentColumn() < 0 ? 0 : m_servers->currentColumn());
    m_refreshing = false;
    m_serverActions->update();
    refreshTls();
}

void GatewayForm::refreshTls() {
    const core::Gateway *g = gateway();
    const bool have = g && m_server >= 0 && size_t(m_server) < g->servers.size();
    m_tlsBox->setEnabled(have);
    m_hosts->setEnabled(have);
    if (!have) {
        m_hostsLabel->setText(tr("H&osts:"));
        m_hosts->setValues({});
        return;
    }
    const core::GatewayServer &server = g->servers[size_t(m_server)];
    const core::ServerTlsSpec &tls = server.tls;
    m_refreshing = true;
    m_hostsLabel->setText(tr("H&osts of server %1:")
                              .arg(server.port.name.value.empty()
                                       ? QString::number(m_server + 1)
                                       : toQString(server.port.name.value)));
    m_hosts->setValues(scalarList(server.hosts));
    m_tlsBox->setTitle(tr("TLS of server %1 (port %2)")
                           .arg(server.port.name.value.empty() ? QString::number(m_server + 1)
                                                               : toQString(server.port.name.value),
                                toQString(server.port.number.value)));
    setComboValue(m_mode, toQString(tls.mode.value));
    setComboValue(m_minVersion, toQString(tls.minProtocolVersion.value));
    setComboValue(m_maxVersion, toQString(tls.maxProtocolVersion.value));
    m_httpsRedirect->setChecked(tls.httpsRedirect.toBool().value_or(false));

    // Credential choices: the workspace's Secrets (names, as credentialName refers to a
    // Secret in the gateway's namespace).
    if (!m_credential->lineEdit()->hasFocus()) {
        m_credential->clear();
        m_credential->addItem(QString());
        std::set<std::string> names;
        for (const core::Secret &s : model().secrets)
            names.insert(s.meta.name.value);
        for (const std::string &n : names)
            m_credential->addItem(Icons::icon(QStringLiteral("certificate")), toQString(n));
        m_credential->setCurrentText(toQString(tls.credentialName.value));
    }

    // Cipher checklist: what is configured, Envoy's defaults and every TLS 1.2 suite
    // OpenSSL knows; the configured ones checked, in their order first.
    const QStringList configured = scalarList(tls.cipherSuites);
    QStringList choices = configured;
    for (const std::string &c : core::envoyDefaultCipherSuites())
        if (!choices.contains(toQString(c)))
            choices << toQString(c);
    for (const std::string &c : core::offerableCiphers(core::TlsVersion::Tls1_2))
        if (!choices.contains(toQString(c)))
            choices << toQString(c);
    m_ciphers->clear();
    for (const QString &c : choices) {
        auto *item = new QListWidgetItem(c, m_ciphers);
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        // Weak suites are marked and say why (core's security rules).
        if (const std::string reason = core::weakCipherReason(c.toStdString()); !reason.empty()) {
            item->setIcon(Icons::icon(QStringLiteral("warning")));
            item->setToolTip(tr("Weak: %1").arg(toQString(reason)));
            item->setData(Qt::UserRole, toQString(reason));
        }
        item->setCheckState(configured.contains(c) ? Qt::Checked : Qt::Unchecked);
    }
    m_cipherNote->setText(
        configured.isEmpty()
            ? tr("None chosen: Envoy's default list applies. TLS 1.3 suites "
                 "are not configurable.")
            : tr("%n suite(s) chosen for TLS 1.0–1.2.", nullptr, int(configured.size())));

    const bool mutual = tls.mode.value == "MUTUAL" || tls.mode.value == "OPTIONAL_MUTUAL";
    if (!m_caCertificates->hasFocus())
        m_caCertificates->setText(toQString(tls.caCertificates.value));
    if (!m_subjectAltNames->hasFocus())
        m_subjectAltNames->setText(scalarList(tls.subjectAltNames).join(QStringLiteral(", ")));
    m_caCertificates->setEnabled(mutual || tls.caCertificates.isSet());
    m_subjectAltNames->setEnabled(mutual || !tls.subjectAltNames.empty());
    m_refreshing = false;
}

void GatewayForm::onServerCellChanged(int row, int column) {
    if (m_refreshing)
        return;
    const QString text = m_servers->item(row, column)->text().trimmed();
    const core::YamlPath server = serverPath(row);
    switch (column) {
    case ColPort:
        setScalar(server.key("port").key("number"), text);
        break;
    case ColProtocol:
        setScalar(server.key("port").key("protocol"), text, core::ScalarStyle::String);
        break;
    case ColName:
        setScalar(server.key("port").key("name"), text, core::ScalarStyle::String);
        break;
    case ColHosts:
        setList(server.key("hosts"), splitList(text));
        break;
    default:
        break;
    }
}

void GatewayForm::addServer() {
    const core::Gateway *g = gateway();
    if (!g)
        return;
    // The next port after the highest one in use, so the new server does not clash.
    int port = 0;
    for (const core::GatewayServer &s : g->servers)
        port = std::max(port, int(s.port.number.toInt().value_or(0)));
    port = port == 0 ? 80 : port + 1;
    YAML::Node server(YAML::NodeType::Map);
    server["port"]["number"] = port;
    server["port"]["name"] = "http-" + std::to_string(port);
    server["port"]["protocol"] = "HTTP";
    YAML::Node hosts(YAML::NodeType::Sequence);
    if (m_server >= 0 && size_t(m_server) < g->servers.size())
        for (const core::Scalar &h : g->servers[size_t(m_server)].hosts)
            hosts.push_back(h.value);
    if (hosts.size() == 0)
        hosts.push_back("*");
    server["hosts"] = hosts;
    const int row = int(g->servers.size());
    appendItem(core::YamlPath().key("spec").key("servers"), server);
    // The form was refreshed from the new text: select the new row and edit its port.
    if (row < m_servers->rowCount()) {
        selectServer(row);
        m_servers->setFocus(Qt::OtherFocusReason);
        m_servers->editItem(m_servers->item(row, ColPort));
    }
}

void GatewayForm::removeServer(int index) {
    removeItem(core::YamlPath().key("spec").key("servers"), index);
    if (m_servers->rowCount() > 0)
        m_servers->setFocus(Qt::OtherFocusReason);
}

void GatewayForm::onCiphersChanged() {
    if (m_refreshing)
        return;
    QStringList chosen;
    for (int i = 0; i < m_ciphers->count(); ++i) {
        if (m_ciphers->item(i)->checkState() == Qt::Checked)
            chosen << m_ciphers->item(i)->text();
    }
    setList(tlsPath("cipherSuites"), chosen);
}

} // namespace gatehouse::ui
