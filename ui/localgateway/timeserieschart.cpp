#include "timeserieschart.h"

#include <QLineSeries>
#include <QValueAxis>

namespace gatehouse::ui {

TimeSeriesChart::TimeSeriesChart(const QString &title, const QString &unit, QWidget *parent)
    : QChartView(parent)
    , m_series(new QLineSeries)
    , m_x(new QValueAxis)
    , m_y(new QValueAxis) {
    auto *chart = new QChart;
    chart->setTitle(title);
    chart->legend()->hide();
    chart->addSeries(m_series);
    m_x->setRange(0, WindowSeconds);
    m_x->setLabelFormat(QStringLiteral("%d s"));
    m_y->setRange(0, 1);
    m_y->setTitleText(unit);
    chart->addAxis(m_x, Qt::AlignBottom);
    chart->addAxis(m_y, Qt::AlignLeft);
    m_series->attachAxis(m_x);
    m_series->attachAxis(m_y);
    chart->setMargins(QMargins(2, 2, 2, 2));
    setChart(chart);
    setRenderHint(QPainter::Antialiasing);
    setMinimumSize(220, 150);
    setAccessibleName(title);
    applyPalette();
}

void TimeSeriesChart::addPoint(double seconds, double value) {
    m_series->append(seconds, value);
    while (m_series->count() > 0 && m_series->at(0).x() < seconds - WindowSeconds)
        m_series->remove(0);
    double maxY = 1;
    for (const QPointF &p : m_series->points())
        maxY = std::max(maxY, p.y());
    m_y->setRange(0, maxY * 1.2);
    m_x->setRange(std::max(0.0, seconds - WindowSeconds), std::max(WindowSeconds, seconds));
}

void TimeSeriesChart::clear() {
    m_series->clear();
}

int TimeSeriesChart::pointCount() const {
    return int(m_series->count());
}

double TimeSeriesChart::lastValue() const {
    return m_series->count() > 0 ? m_series->at(m_series->count() - 1).y() : 0.0;
}

void TimeSeriesChart::changeEvent(QEvent *event) {
    QChartView::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        applyPalette();
}

void TimeSeriesChart::applyPalette() {
    const QPalette pal = palette();
    chart()->setBackgroundBrush(pal.color(QPalette::Base));
    chart()->setTitleBrush(pal.color(QPalette::Text));
    for (QValueAxis *axis : {m_x, m_y}) {
        axis->setLabelsColor(pal.color(QPalette::Text));
        axis->setTitleBrush(pal.color(QPalette::Text));
        axis->setGridLineColor(pal.color(QPalette::Mid));
        axis->setLinePenColor(pal.color(QPalette::Mid));
    }
    QPen pen(pal.color(QPalette::Highlight));
    pen.setWidth(2);
    m_series->setPen(pen);
}

} // namespace gatehouse::ui
