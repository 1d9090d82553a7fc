#include "translations.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLoggingCategory>
#include <QTranslator>

#include <memory>

Q_LOGGING_CATEGORY(lcUiTranslations, "gatehouse.ui.translations")

namespace gatehouse::ui {

namespace {
// Loads `name`_<locale>.qm from `dir` and installs it, owned by `app`.
bool install(QCoreApplication *app, const QLocale &locale, const QString &name,
             const QString &dir) {
    auto translator = std::make_unique<QTranslator>();
    if (!translator->load(locale, name, QStringLiteral("_"), dir))
        return false;
    qCDebug(lcUiTranslations) << "loaded translation" << translator->filePath();
    translator->setParent(app);
    QCoreApplication::installTranslator(translator.release());
    return true;
}
} // namespace

bool installTranslations(QCoreApplication *app, const QLocale &locale) {
    install(app, locale, QStringLiteral("qtbase"),
            QLibraryInfo::path(QLibraryInfo::TranslationsPath));
    // English is the source language; its file only holds the plural forms ("1 error",
    // "2 errors"), and it stays underneath any other language as the fallback.
    install(app, QLocale(QLocale::English, QLocale::UnitedStates), QStringLiteral("gatehouse"),
            QStringLiteral(":/i18n"));
    if (locale.language() == QLocale::English || locale.language() == QLocale::C)
        return true;
    return install(app, locale, QStringLiteral("gatehouse"), QStringLiteral(":/i18n"));
}

} // namespace gatehouse::ui
