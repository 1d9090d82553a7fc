#include "icons.h"

#include <QApplication>
#include <QFile>
#include <QHash>
#include <QIconEngine>
#include <QPainter>
#include <QPalette>
#include <QPixmap>
#include <QSvgRenderer>

namespace gatehouse::ui {

namespace {

// Draws the SVG at whatever size the view asks for, in the colour of the palette's
// text for the icon's mode (normal or disabled), so icons stay sharp on HiDPI screens.
class TintedSvgEngine final : public QIconEngine {
public:
    explicit TintedSvgEngine(QByteArray svg)
        : m_svg(std::move(svg)) {}

    void paint(QPainter *painter, const QRect &rect, QIcon::Mode mode, QIcon::State) override {
        const QPalette pal = QApplication::palette();
        const QColor colour = mode == QIcon::Disabled
                                  ? pal.color(QPalette::Disabled, QPalette::WindowText)
                                  : pal.color(QPalette::Active, QPalette::WindowText);
        QByteArray data = m_svg;
        data.replace("currentColor", colour.name().toLatin1());
        QSvgRenderer renderer(data);
        renderer.render(painter, rect);
    }

    QPixmap pixmap(const QSize &size, QIcon::Mode mode, QIcon::State state) override {
        QPixmap pm(size);
        pm.fill(Qt::transparent);
        QPainter p(&pm);
        p.setRenderHint(QPainter::Antialiasing);
        paint(&p, QRect(QPoint(), size), mode, state);
        return pm;
    }

    QIconEngine *clone() const override { return new TintedSvgEngine(m_svg); }

private:
    QByteArray m_svg;
};

QHash<QString, QIcon> &cache() {
    static QHash<QString, QIcon> icons;
    return icons;
}

} // namespace

QIcon Icons::icon(const QString &name) {
    auto &icons = cache();
    if (const auto it = icons.constFind(name); it != icons.constEnd())
        return *it;
    QFile file(QStringLiteral(":/icons/%1.svg").arg(name));
    QIcon result;
    if (file.open(QIODevice::ReadOnly))
        result = QIcon(new TintedSvgEngine(file.readAll()));
    icons.insert(name, result);
    return result;
}

QIcon Icons::appIcon() {
    return icon(QStringLiteral("gatehouse"));
}

} // namespace gatehouse::ui
