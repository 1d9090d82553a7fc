#include "preferencesdialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFontComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QSpinBox>
#include <QVBoxLayout>

namespace gatehouse::ui {

PreferencesDialog::PreferencesDialog(const Preferences &current, QWidget *parent)
    : QDialog(parent)
    , m_font(new QFontComboBox)
    , m_fontSize(new QSpinBox)
    , m_delay(new QSpinBox)
    , m_reload(new QCheckBox(tr("&Reload the local gateway after saving a valid workspace")))
    , m_reopen(new QCheckBox(tr("&Open the last workspace at start"))) {
    setWindowTitle(tr("Preferences"));
    setObjectName(QStringLiteral("preferencesDialog"));

    m_font->setFontFilters(QFontComboBox::MonospacedFonts);
    m_font->setCurrentFont(current.editorFont);
    m_fontSize->setRange(6, 48);
    m_fontSize->setValue(current.editorFont.pointSize() > 0 ? current.editorFont.pointSize() : 10);
    m_delay->setRange(50, 5000);
    m_delay->setSingleStep(50);
    m_delay->setSuffix(tr(" ms"));
    m_delay->setValue(current.validationDelayMs);
    m_reload->setChecked(current.reloadOnSave);
    m_reopen->setChecked(current.reopenLastWorkspace);

    auto *fontRow = new QHBoxLayout;
    fontRow->addWidget(m_font, 1);
    fontRow->addWidget(m_fontSize);

    auto *form = new QFormLayout;
    form->addRow(tr("Editor &font:"), fontRow);
    form->addRow(tr("&Validate after a pause of:"), m_delay);
    form->addRow(m_reload);
    form->addRow(m_reopen);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(buttons);
}

Preferences PreferencesDialog::preferences() const {
    Preferences p;
    p.editorFont = m_font->currentFont();
    p.editorFont.setPointSize(m_fontSize->value());
    p.validationDelayMs = m_delay->value();
    p.reloadOnSave = m_reload->isChecked();
    p.reopenLastWorkspace = m_reopen->isChecked();
    return p;
}

} // namespace gatehouse::ui
