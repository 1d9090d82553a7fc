#pragma once

#include "resourceform.h"

class QComboBox;
class QLineEdit;
class QTableWidget;

namespace gatehouse::ui {

// The ServiceEntry editor: hosts, addresses, ports, location, resolution, endpoints and
// exportTo. Existing ports and endpoints are edited field by field, so fields the form
// does not show (labels, weights, ...) stay as they are.
class ServiceEntryForm final : public ResourceForm {
    Q_OBJECT
public:
    ServiceEntryForm(WorkspaceSession *session, DocumentEditor *document, int fileIndex,
                     int documentIndex, QWidget *parent = nullptr);

    void refresh() override;

    [[nodiscard]] QLineEdit *hostsEdit() const { return m_hosts; }
    [[nodiscard]] QComboBox *resolutionCombo() const { return m_resolution; }
    [[nodiscard]] QTableWidget *portsTable() const { return m_ports; }

private:
    [[nodiscard]] const core::ServiceEntry *entry() const;

    QLabel *m_title;
    QLineEdit *m_hosts;
    QLineEdit *m_addresses;
    QComboBox *m_location;
    QComboBox *m_resolution;
    QTableWidget *m_ports;
    QTableWidget *m_endpoints;
    QLineEdit *m_exportTo;
};

} // namespace gatehouse::ui
