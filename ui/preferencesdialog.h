#pragma once

#include "support/settings.h"

#include <QDialog>

class QCheckBox;
class QFontComboBox;
class QSpinBox;

namespace gatehouse::ui {

// Edit ▸ Preferences: editor font, validation pause, reload-on-save, start-up workspace.
class PreferencesDialog final : public QDialog {
    Q_OBJECT
public:
    explicit PreferencesDialog(const Preferences &current, QWidget *parent = nullptr);

    [[nodiscard]] Preferences preferences() const;

private:
    QFontComboBox *m_font;
    QSpinBox *m_fontSize;
    QSpinBox *m_delay;
    QCheckBox *m_reload;
    QCheckBox *m_reopen;
};

} // namespace gatehouse::ui
