#include "settings.h"

#include <QFontDatabase>
#include <QSettings>

namespace gatehouse::ui {

namespace {
constexpr auto keyFont = "editor/font";
constexpr auto keyDelay = "validation/delayMs";
constexpr auto keyReload = "gateway/reloadOnSave";
constexpr auto keyReopen = "workspace/reopenLast";
constexpr auto keyPortMap = "gateway/portMap";
constexpr auto keyAdminPort = "gateway/adminPort";
constexpr auto keyRecent = "workspace/recent";
constexpr auto keyLast = "workspace/last";
constexpr auto keyGeometry = "window/geometry";
constexpr auto keyState = "window/state";
} // namespace

Preferences Settings::preferences() {
    QSettings s;
    Preferences p;
    p.editorFont = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    if (const QString font = s.value(keyFont).toString(); !font.isEmpty())
        p.editorFont.fromString(font);
    p.validationDelayMs = std::clamp(s.value(keyDelay, p.validationDelayMs).toInt(), 50, 5000);
    p.reloadOnSave = s.value(keyReload, p.reloadOnSave).toBool();
    p.reopenLastWorkspace = s.value(keyReopen, p.reopenLastWorkspace).toBool();
    p.portMap = s.value(keyPortMap, p.portMap).toString();
    p.adminPort = std::clamp(s.value(keyAdminPort, p.adminPort).toInt(), 0, 65535);
    return p;
}

void Settings::setPreferences(const Preferences &prefs) {
    QSettings s;
    s.setValue(keyFont, prefs.editorFont.toString());
    s.setValue(keyDelay, prefs.validationDelayMs);
    s.setValue(keyReload, prefs.reloadOnSave);
    s.setValue(keyReopen, prefs.reopenLastWorkspace);
    s.setValue(keyPortMap, prefs.portMap);
    s.setValue(keyAdminPort, prefs.adminPort);
}

QStringList Settings::recentWorkspaces() {
    return QSettings().value(keyRecent).toStringList();
}

void Settings::addRecentWorkspace(const QString &path) {
    QStringList list = recentWorkspaces();
    list.removeAll(path);
    list.prepend(path);
    while (list.size() > MaxRecent)
        list.removeLast();
    QSettings().setValue(keyRecent, list);
}

void Settings::clearRecentWorkspaces() {
    QSettings().remove(keyRecent);
}

QString Settings::lastWorkspace() {
    return QSettings().value(keyLast).toString();
}

void Settings::setLastWorkspace(const QString &path) {
    QSettings().setValue(keyLast, path);
}

QByteArray Settings::windowGeometry() {
    return QSettings().value(keyGeometry).toByteArray();
}

QByteArray Settings::windowState() {
    return QSettings().value(keyState).toByteArray();
}

void Settings::setWindowGeometry(const QByteArray &geometry, const QByteArray &state) {
    QSettings s;
    s.setValue(keyGeometry, geometry);
    s.setValue(keyState, state);
}

} // namespace gatehouse::ui
