#include "validitytimeline.h"

#include <QLocale>
#include <QPainter>

namespace gatehouse::ui {

ValidityTimeline::ValidityTimeline(QWidget *parent)
    : QWidget(parent) {
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    setAccessibleName(tr("Validity"));
}

void ValidityTimeline::setValidity(const QDateTime &notBefore, const QDateTime &notAfter) {
    m_notBefore = notBefore;
    m_notAfter = notAfter;
    setToolTip(statusText());
    setAccessibleDescription(statusText());
    update();
}

void ValidityTimeline::clear() {
    setValidity({}, {});
}

void ValidityTimeline::setNow(const QDateTime &when) {
    m_now = when;
    update();
}

QDateTime ValidityTimeline::now() const {
    return m_now.isValid() ? m_now : QDateTime::currentDateTimeUtc();
}

QString ValidityTimeline::statusText() const {
    if (!m_notBefore.isValid() || !m_notAfter.isValid())
        return tr("No certificate");
    const QDateTime t = now();
    if (t < m_notBefore)
        return tr("Not valid for another %n day(s)", nullptr, int(t.daysTo(m_notBefore)));
    if (t > m_notAfter)
        return tr("Expired %n day(s) ago", nullptr, int(m_notAfter.daysTo(t)));
    return tr("Valid for %n more day(s)", nullptr, int(t.daysTo(m_notAfter)));
}

QSize ValidityTimeline::sizeHint() const {
    return {360, fontMetrics().height() * 3 + 12};
}

QSize ValidityTimeline::minimumSizeHint() const {
    return {160, sizeHint().height()};
}

void ValidityTimeline::paintEvent(QPaintEvent *) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QPalette pal = palette();
    const int lineHeight = fontMetrics().height();
    const QRect bar(4, lineHeight + 4, width() - 8, lineHeight - 2);

    p.setPen(pal.color(QPalette::Mid));
    p.setBrush(pal.color(QPalette::Base));
    p.drawRoundedRect(bar, 3, 3);
    if (!m_notBefore.isValid() || !m_notAfter.isValid()) {
        p.setPen(pal.color(QPalette::Disabled, QPalette::Text));
        p.drawText(bar, Qt::AlignCenter, statusText());
        return;
    }

    const QDateTime t = now();
    const bool valid = t >= m_notBefore && t <= m_notAfter;
    const bool soon = valid && t.daysTo(m_notAfter) < 30;
    const QColor fill = !valid ? QColor(0xd9, 0x30, 0x25)
                        : soon ? QColor(0xe8, 0xa3, 0x17)
                               : QColor(0x2e, 0x9d, 0x4a);
    const double span = double(m_notBefore.secsTo(m_notAfter));
    auto xOf = [&](const QDateTime &d) {
        const double f = span > 0 ? double(m_notBefore.secsTo(d)) / span : 0.0;
        return bar.left() + int(std::clamp(f, 0.0, 1.0) * bar.width());
    };
    QRect filled = bar;
    filled.setRight(valid ? xOf(t) : bar.right());
    p.setPen(Qt::NoPen);
    p.setBrush(fill);
    p.drawRoundedRect(filled, 3, 3);

    // The "now" marker, drawn above the bar.
    const int x = xOf(t);
    p.setPen(QPen(pal.color(QPalette::Text), 2));
    p.drawLine(x, bar.top() - 3, x, bar.bottom() + 3);

    p.setPen(pal.color(QPalette::Text));
    const QLocale locale;
    p.drawText(QRect(4, 0, width() - 8, lineHeight), Qt::AlignLeft | Qt::AlignVCenter,
               locale.toString(m_notBefore.date(), QLocale::ShortFormat));
    p.drawText(QRect(4, 0, width() - 8, lineHeight), Qt::AlignRight | Qt::AlignVCenter,
               locale.toString(m_notAfter.date(), QLocale::ShortFormat));
    p.drawText(QRect(4, bar.bottom() + 4, width() - 8, lineHeight), Qt::AlignCenter, statusText());
}

} // namespace gatehouse::ui
