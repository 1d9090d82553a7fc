#pragma once

#include "support/settings.h"

#include <QDialog>

class QCheckBox;
class QDialogButtonBox;
class QFontComboBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace gatehouse::ui {

// Edit ▸ Preferences: editor font, validation pause, reload-on-save, start-up workspace,
// and how the local gateway listens (port map, admin port). OK stays disabled while the
// port map does not parse (core's parser, the one `gatehousectl serve` uses).
class PreferencesDialog final : public QDialog {
    Q_OBJECT
public:
    explicit PreferencesDialog(const Preferences &current, QWidget *parent = nullptr);

    [[nodiscard]] Preferences preferences() const;

    [[nodiscard]] QLineEdit *portMapEdit() const { return m_portMap; }
    [[nodiscard]] QSpinBox *adminPortSpin() const { return m_adminPort; }
    [[nodiscard]] QDialogButtonBox *buttonBox() const { return m_buttons; }

private:
    void checkPortMap();

    QFontComboBox *m_font;
    QSpinBox *m_fontSize;
    QSpinBox *m_delay;
    QCheckBox *m_reload;
    QCheckBox *m_reopen;
    QLineEdit *m_portMap;
    QLabel *m_portMapError;
    QSpinBox *m_adminPort;
    QDialogButtonBox *m_buttons;
};

} // namespace gatehouse::ui
