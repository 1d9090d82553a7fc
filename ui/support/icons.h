#pragma once

#include <QIcon>
#include <QString>

class QPalette;

namespace gatehouse::ui {

// Our SVG icons (resources/icons) drawn in the colour of the current palette's text,
// so they read well on light and dark palettes alike. Icons whose SVG carries its own
// colours (error, warning, info, the app icon) are drawn as they are.
// GUI thread only.
class Icons {
public:
    // `name` is the file name without ".svg" ("save", "error"). An unknown name gives a
    // null icon.
    [[nodiscard]] static QIcon icon(const QString &name);
    // The application icon.
    [[nodiscard]] static QIcon appIcon();
};

} // namespace gatehouse::ui
