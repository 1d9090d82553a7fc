#pragma once

#include <QChartView>

class QLineSeries;
class QValueAxis;

namespace gatehouse::ui {

// A small live line chart over the last minute (Qt Charts), following the palette.
class TimeSeriesChart final : public QChartView {
    Q_OBJECT
public:
    TimeSeriesChart(const QString &title, const QString &unit, QWidget *parent = nullptr);

    // Adds a point at `seconds` since start; drops points older than the window.
    void addPoint(double seconds, double value);
    void clear();
    [[nodiscard]] int pointCount() const;
    [[nodiscard]] double lastValue() const;

protected:
    void changeEvent(QEvent *event) override;

private:
    void applyPalette();

    QLineSeries *m_series;
    QValueAxis *m_x;
    QValueAxis *m_y;
    static constexpr double WindowSeconds = 60.0;
};

} // namespace gatehouse::ui
