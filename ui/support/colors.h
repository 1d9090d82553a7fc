#pragma once

#include <QColor>
#include <QPalette>

#include <algorithm>
#include <cmath>

namespace gatehouse::ui {

// Text that should read as secondary (comments, line numbers) yet stay legible on the
// palette's base, dark or light: two thirds text colour, one third base. (The Disabled
// group's text is often too faint on dark palettes.)
[[nodiscard]] inline QColor mutedTextColor(const QPalette &palette) {
    const QColor text = palette.color(QPalette::Active, QPalette::Text);
    const QColor base = palette.color(QPalette::Active, QPalette::Base);
    auto mix = [](int a, int b) {
        return (a * 2 + b) / 3;
    };
    return QColor(mix(text.red(), base.red()), mix(text.green(), base.green()),
                  mix(text.blue(), base.blue()));
}

// WCAG 2 contrast ratio of two colours (1 … 21); 4.5 is legible for body text.
[[nodiscard]] inline double contrastRatio(const QColor &a, const QColor &b) {
    auto luminance = [](const QColor &c) {
        auto channel = [](double v) {
            return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
        };
        return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) +
               0.0722 * channel(c.blueF());
    };
    const double la = luminance(a);
    const double lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

} // namespace gatehouse::ui
