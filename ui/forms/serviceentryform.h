#pragma once

#include "resourceform.h"

class QComboBox;
class QLineEdit;
class QTableWidget;

namespace gatehouse::ui {

class RowActions;
class StringListEditor;

// The ServiceEntry editor: hosts, addresses, ports, location, resolution, endpoints and
// exportTo. Existing ports and endpoints are edited field by field, so fields the form
// does not show (labels, weights, ...) stay as they are; hosts, ports and endpoints are
// added and removed with buttons or Insert/Delete.
class ServiceEntryForm final : public ResourceForm {
    Q_OBJECT
public:
    ServiceEntryForm(WorkspaceSession *session, DocumentEditor *document, int fileIndex,
                     int documentIndex, QWidget *parent = nullptr);

    void refresh() override;

    // Appends a port (the next free number, plain HTTP) and opens it for editing.
    void addPort();
    void removePort(int index);
    // Appends an endpoint (127.0.0.1) and opens its address for editing.
    void addEndpoint();
    void removeEndpoint(int index);

    [[nodiscard]] StringListEditor *hostsEditor() const { return m_hosts; }
    [[nodiscard]] QComboBox *resolutionCombo() const { return m_resolution; }
    [[nodiscard]] QTableWidget *portsTable() const { return m_ports; }
    [[nodiscard]] QTableWidget *endpointsTable() const { return m_endpoints; }
    [[nodiscard]] RowActions *portActions() const { return m_portActions; }
    [[nodiscard]] RowActions *endpointActions() const { return m_endpointActions; }

private:
    [[nodiscard]] const core::ServiceEntry *entry() const;

    QLabel *m_title;
    StringListEditor *m_hosts;
    QLineEdit *m_addresses;
    QComboBox *m_location;
    QComboBox *m_resolution;
    QTableWidget *m_ports;
    QTableWidget *m_endpoints;
    RowActions *m_portActions;
    RowActions *m_endpointActions;
    QLineEdit *m_exportTo;
};

} // namespace gatehouse::ui
