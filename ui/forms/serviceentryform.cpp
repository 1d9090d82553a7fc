#include "serviceentryform.h"

#include "rowactions.h"
#include "stringlisteditor.h"

#include "support/convert.h"
#include "support/tablecells.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QTableWidget>
#include <QVBoxLayout>

namespace gatehouse::ui {

namespace {
QStringList scalarList(const core::ScalarList &list) {
    QStringList out;
    for (const core::Scalar &s : list)
        out << toQString(s.value);
    return out;
}

void setComboValue(QComboBox *combo, const QString &value) {
    int index = combo->findData(value);
    if (index < 0) {
        combo->addItem(value, value);
        index = combo->count() - 1;
    }
    combo->setCurrentIndex(index);
}

void setCell(QTableWidget *table, int row, int col, const QString &text) {
    QTableWidgetItem *item = table->item(row, col);
    if (!item) {
        item = new QTableWidgetItem;
        table->setItem(row, col, item);
    }
    if (item->text() != text && !isEditingCell(table, row, col))
        item->setText(text);
}

const core::YamlPath spec = core::YamlPath().key("spec");
} // namespace

ServiceEntryForm::ServiceEntryForm(WorkspaceSession *session, DocumentEditor *document,
                                   int fileIndex, int documentIndex, QWidget *parent)
    : ResourceForm(session, document, fileIndex, documentIndex, parent)
    , m_title(new QLabel)
    , m_hosts(new StringListEditor)
    , m_addresses(new QLineEdit)
    , m_location(new QComboBox)
    , m_resolution(new QComboBox)
    , m_ports(new QTableWidget(0, 4))
    , m_endpoints(new QTableWidget(0, 2))
    , m_exportTo(new QLineEdit) {
    setObjectName(QStringLiteral("serviceEntryForm"));
    QFont bold = m_title->font();
    bold.setBold(true);
    bold.setPointSizeF(bold.pointSizeF() * 1.2);
    m_title->setFont(bold);
    m_title->setObjectName(QStringLiteral("formTitle"));
    m_hosts->setObjectName(QStringLiteral("hostsEditor"));
    m_hosts->setPlaceholderText(tr("host name, Enter adds it"));
    m_hosts->list()->setAccessibleName(tr("Hosts"));
    m_addresses->setPlaceholderText(tr("comma-separated IPs or CIDRs"));
    m_exportTo->setPlaceholderText(tr("comma-separated: \".\", \"*\" or namespaces"));
    m_location->addItem(tr("(default: MESH_EXTERNAL)"), QString());
    m_location->addItem(QStringLiteral("MESH_EXTERNAL"), QStringLiteral("MESH_EXTERNAL"));
    m_location->addItem(QStringLiteral("MESH_INTERNAL"), QStringLiteral("MESH_INTERNAL"));
    m_resolution->setObjectName(QStringLiteral("resolutionCombo"));
    m_resolution->addItem(tr("(default: NONE)"), QString());
    for (const char *r : {"NONE", "STATIC", "DNS", "DNS_ROUND_ROBIN"})
        m_resolution->addItem(QString::fromLatin1(r), QString::fromLatin1(r));
    m_ports->setObjectName(QStringLiteral("portsTable"));
    m_ports->setHorizontalHeaderLabels(
        {tr("Number"), tr("Protocol"), tr("Name"), tr("Target port")});
    m_ports->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_ports->verticalHeader()->setVisible(false);
    m_endpoints->setObjectName(QStringLiteral("endpointsTable"));
    m_endpoints->setHorizontalHeaderLabels({tr("Address"), tr("Network")});
    m_endpoints->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_endpoints->verticalHeader()->setVisible(false);

    connect(m_hosts, &StringListEditor::edited, this,
            [this](const QStringList &hosts) { setList(spec.key("hosts"), hosts); });
    m_portActions = new RowActions(m_ports, tr("Add P&ort"), tr("Remo&ve Port"), this);
    connect(m_portActions, &RowActions::addRequested, this, &ServiceEntryForm::addPort);
    connect(m_portActions, &RowActions::removeRequested, this, &ServiceEntryForm::removePort);
    m_endpointActions =
        new RowActions(m_endpoints, tr("Add E&ndpoint"), tr("Remove Endpoin&t"), this);
    connect(m_endpointActions, &RowActions::addRequested, this, &ServiceEntryForm::addEndpoint);
    connect(m_endpointActions, &RowActions::removeRequested, this,
            &ServiceEntryForm::removeEndpoint);
    connect(m_addresses, &QLineEdit::editingFinished, this,
            [this] { setList(spec.key("addresses"), splitList(m_addresses->text())); });
    connect(m_exportTo, &QLineEdit::editingFinished, this,
            [this] { setList(spec.key("exportTo"), splitList(m_exportTo->text())); });
    connect(m_location, &QComboBox::activated, this, [this] {
        setScalar(spec.key("location"), m_location->currentData().toString(),
                  core::ScalarStyle::String);
    });
    connect(m_resolution, &QComboBox::activated, this, [this] {
        setScalar(spec.key("resolution"), m_resolution->currentData().toString(),
                  core::ScalarStyle::String);
    });
    connect(m_ports, &QTableWidget::cellChanged, this, [this](int row, int col) {
        static const char *keys[] = {"number", "protocol", "name", "targetPort"};
        const QString text = m_ports->item(row, col)->text().trimmed();
        setScalar(spec.key("ports").index(row).key(keys[col]), text,
                  col == 0 || col == 3 ? core::ScalarStyle::Auto : core::ScalarStyle::String);
    });
    connect(m_endpoints, &QTableWidget::cellChanged, this, [this](int row, int col) {
        const QString text = m_endpoints->item(row, col)->text().trimmed();
        setScalar(spec.key("endpoints").index(row).key(col == 0 ? "address" : "network"), text,
                  core::ScalarStyle::String);
    });

    auto *form = new QFormLayout;
    form->addRow(tr("&Hosts:"), m_hosts);
    form->addRow(tr("&Addresses:"), m_addresses);
    form->addRow(tr("&Location:"), m_location);
    form->addRow(tr("&Resolution:"), m_resolution);
    auto withButtons = [](QWidget *table, RowActions *actions) {
        auto *box = new QWidget;
        auto *column = new QVBoxLayout(box);
        column->setContentsMargins(0, 0, 0, 0);
        column->addWidget(table);
        column->addWidget(actions->buttons());
        return box;
    };
    auto *portsLabel = new QLabel(tr("&Ports:"));
    portsLabel->setBuddy(m_ports);
    form->addRow(portsLabel, withButtons(m_ports, m_portActions));
    auto *endpointsLabel = new QLabel(tr("&Endpoints:"));
    endpointsLabel->setBuddy(m_endpoints);
    form->addRow(endpointsLabel, withButtons(m_endpoints, m_endpointActions));
    form->addRow(tr("E&xport to:"), m_exportTo);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addWidget(errorLabel());
    layout->addLayout(form);
    layout->addStretch(1);
    refresh();
}

const core::ServiceEntry *ServiceEntryForm::entry() const {
    for (const core::ServiceEntry &e : model().serviceEntries) {
        if (e.meta.fileIndex == fileIndex() && e.meta.document == documentIndex())
            return &e;
    }
    return nullptr;
}

void ServiceEntryForm::refresh() {
    const core::ServiceEntry *e = entry();
    if (!e) {
        m_title->setText(tr("This document is no longer a ServiceEntry."));
        return;
    }
    m_refreshing = true;
    m_title->setText(toQString(e->meta.displayName()));
    m_hosts->setValues(scalarList(e->hosts));
    if (!m_addresses->hasFocus())
        m_addresses->setText(scalarList(e->addresses).join(QStringLiteral(", ")));
    if (!m_exportTo->hasFocus())
        m_exportTo->setText(scalarList(e->exportTo).join(QStringLiteral(", ")));
    setComboValue(m_location, toQString(e->location.value));
    setComboValue(m_resolution, toQString(e->resolution.value));
    m_ports->setRowCount(int(e->ports.size()));
    for (int row = 0; row < int(e->ports.size()); ++row) {
        const core::PortSpec &p = e->ports[size_t(row)];
        setCell(m_ports, row, 0, toQString(p.number.value));
        setCell(m_ports, row, 1, toQString(p.protocol.value));
        setCell(m_ports, row, 2, toQString(p.name.value));
        setCell(m_ports, row, 3, toQString(p.targetPort.value));
    }
    m_endpoints->setRowCount(int(e->endpoints.size()));
    for (int row = 0; row < int(e->endpoints.size()); ++row) {
        setCell(m_endpoints, row, 0, toQString(e->endpoints[size_t(row)].address.value));
        setCell(m_endpoints, row, 1, toQString(e->endpoints[size_t(row)].network.value));
    }
    m_refreshing = false;
    m_portActions->update();
    m_endpointActions->update();
}

void ServiceEntryForm::addPort() {
    const core::ServiceEntry *e = entry();
    if (!e)
        return;
    int number = 0;
    for (const core::PortSpec &p : e->ports)
        number = std::max(number, int(p.number.toInt().value_or(0)));
    number = number == 0 ? 80 : number + 1;
    YAML::Node port(YAML::NodeType::Map);
    port["number"] = number;
    port["name"] = "http-" + std::to_string(number);
    port["protocol"] = "HTTP";
    const int row = int(e->ports.size());
    appendItem(spec.key("ports"), port);
    if (row < m_ports->rowCount()) {
        m_ports->setCurrentCell(row, 0);
        m_ports->setFocus(Qt::OtherFocusReason);
        m_ports->editItem(m_ports->item(row, 0));
    }
}

void ServiceEntryForm::removePort(int index) {
    removeItem(spec.key("ports"), index);
}

void ServiceEntryForm::addEndpoint() {
    const core::ServiceEntry *e = entry();
    if (!e)
        return;
    YAML::Node endpoint(YAML::NodeType::Map);
    endpoint["address"] = "127.0.0.1";
    const int row = int(e->endpoints.size());
    appendItem(spec.key("endpoints"), endpoint);
    if (row < m_endpoints->rowCount()) {
        m_endpoints->setCurrentCell(row, 0);
        m_endpoints->setFocus(Qt::OtherFocusReason);
        m_endpoints->editItem(m_endpoints->item(row, 0));
    }
}

void ServiceEntryForm::removeEndpoint(int index) {
    removeItem(spec.key("endpoints"), index);
}

} // namespace gatehouse::ui
