#pragma once

#include <QLocale>

class QCoreApplication;

namespace gatehouse::ui {

// Installs the translators for `locale`: Gatehouse's own (embedded, ":/i18n") and Qt's
// (standard dialogs and buttons, from the system's Qt translations). Returns true when
// Gatehouse's own translation for the locale was found (always for English). Call once
// from the GUI thread, before widgets are created.
bool installTranslations(QCoreApplication *app, const QLocale &locale = QLocale::system());

} // namespace gatehouse::ui
