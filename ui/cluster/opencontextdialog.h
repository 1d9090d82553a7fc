#pragma once

#include "cluster/kubeconfig.h"

#include <QDialog>

#include <optional>

class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QTreeWidget;

namespace gatehouse::ui {

// Cluster ▸ Open Context…: the kubeconfig (default KUBECONFIG / ~/.kube/config, or a file
// the user picks) and its contexts, the current one marked. A context whose cluster skips
// TLS verification shows a warning before it is opened.
class OpenContextDialog final : public QDialog {
    Q_OBJECT
public:
    explicit OpenContextDialog(const QString &kubeconfig, QWidget *parent = nullptr);

    // The kubeconfig path ("" for the default) and the chosen context.
    [[nodiscard]] QString kubeconfig() const;
    [[nodiscard]] QString context() const;
    // Selects `name` in the list (tests, and the last context used).
    void selectContext(const QString &name);

    [[nodiscard]] QTreeWidget *contexts() const { return m_contexts; }
    [[nodiscard]] QLabel *warning() const { return m_warning; }

private:
    void load();
    void updateSelection();

    QLineEdit *m_path;
    QTreeWidget *m_contexts;
    QLabel *m_status;
    QLabel *m_warning;
    QDialogButtonBox *m_buttons;
    std::optional<core::KubeConfig> m_config;
};

} // namespace gatehouse::ui
