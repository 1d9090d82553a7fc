#include "preferencesdialog.h"

#include "support/convert.h"

#include "translation/gatewaytranslator.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFontComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace gatehouse::ui {

PreferencesDialog::PreferencesDialog(const Preferences &current, QWidget *parent)
    : QDialog(parent)
    , m_font(new QFontComboBox)
    , m_fontSize(new QSpinBox)
    , m_delay(new QSpinBox)
    , m_reload(new QCheckBox(tr("&Reload the local gateway after saving a valid workspace")))
    , m_reopen(new QCheckBox(tr("&Open the last workspace at start")))
    , m_portMap(new QLineEdit)
    , m_portMapError(new QLabel)
    , m_adminPort(new QSpinBox)
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel)) {
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
    m_portMap->setObjectName(QStringLiteral("portMapEdit"));
    m_portMap->setText(current.portMap);
    m_portMap->setPlaceholderText(QStringLiteral("80=8080,443=8443"));
    m_portMap->setToolTip(tr("Gateway port = local port, comma-separated. Ports below 1024 "
                             "must be mapped; others listen on their own number."));
    m_portMapError->setObjectName(QStringLiteral("portMapError"));
    m_portMapError->setWordWrap(true);
    m_adminPort->setObjectName(QStringLiteral("adminPortSpin"));
    m_adminPort->setRange(0, 65535);
    m_adminPort->setSpecialValueText(tr("off"));
    m_adminPort->setValue(current.adminPort);
    m_adminPort->setToolTip(tr("Statistics and readiness on 127.0.0.1 (0: off)."));
    connect(m_portMap, &QLineEdit::textChanged, this, &PreferencesDialog::checkPortMap);

    auto *fontRow = new QHBoxLayout;
    fontRow->addWidget(m_font, 1);
    fontRow->addWidget(m_fontSize);

    auto *form = new QFormLayout;
    form->addRow(tr("Editor &font:"), fontRow);
    form->addRow(tr("&Validate after a pause of:"), m_delay);
    form->addRow(m_reload);
    form->addRow(m_reopen);
    form->addRow(tr("Local gateway &port map:"), m_portMap);
    form->addRow(QString(), m_portMapError);
    form->addRow(tr("Local gateway &admin port:"), m_adminPort);

    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_buttons);
    checkPortMap();
}

void PreferencesDialog::checkPortMap() {
    const auto parsed = core::parsePortMap(m_portMap->text().toStdString());
    m_portMapError->setText(
        parsed ? QString() : tr("Not a port map: %1").arg(toQString(parsed.error().message)));
    m_portMapError->setVisible(!parsed);
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(parsed.has_value());
}

Preferences PreferencesDialog::preferences() const {
    Preferences p;
    p.editorFont = m_font->currentFont();
    p.editorFont.setPointSize(m_fontSize->value());
    p.validationDelayMs = m_delay->value();
    p.reloadOnSave = m_reload->isChecked();
    p.reopenLastWorkspace = m_reopen->isChecked();
    p.portMap = m_portMap->text().trimmed();
    p.adminPort = m_adminPort->value();
    return p;
}

} // namespace gatehouse::ui
