#pragma once

#include <QByteArray>
#include <QFont>
#include <QString>
#include <QStringList>

namespace gatehouse::ui {

// What the user chose in the Preferences dialog.
struct Preferences {
    // Editor font; the system fixed font when never chosen.
    QFont editorFont;
    // Pause in typing before the workspace is validated again.
    int validationDelayMs = 400;
    // Reload the running local gateway after every save that leaves the workspace valid.
    bool reloadOnSave = true;
    // Open the last workspace at start (otherwise the demo workspace).
    bool reopenLastWorkspace = true;
    // Local gateway: Gateway port -> local port ("80=8080,443=8443", core's syntax, as
    // `gatehousectl serve --port-map`).
    QString portMap = QStringLiteral("80=8080,443=8443");
    // Local gateway: the admin listener's port on 127.0.0.1 (0: none), as
    // `gatehousectl serve` (the demo's endpoints file points httpbin at it).
    int adminPort = 15000;
};

// Everything the app keeps between runs, stored with QSettings under
// organisation "Gatehouse", application "gatehouse". GUI thread only.
class Settings {
public:
    static constexpr int MaxRecent = 8;

    [[nodiscard]] static Preferences preferences();
    static void setPreferences(const Preferences &prefs);

    // Most recent first; entries that no longer exist on disk are kept (the menu greys
    // them out) so a workspace on an unmounted drive is not forgotten.
    [[nodiscard]] static QStringList recentWorkspaces();
    static void addRecentWorkspace(const QString &path);
    static void clearRecentWorkspaces();

    // The last workspace the user had open; empty for the embedded demo.
    [[nodiscard]] static QString lastWorkspace();
    static void setLastWorkspace(const QString &path);

    [[nodiscard]] static QByteArray windowGeometry();
    [[nodiscard]] static QByteArray windowState();
    static void setWindowGeometry(const QByteArray &geometry, const QByteArray &state);
};

} // namespace gatehouse::ui
