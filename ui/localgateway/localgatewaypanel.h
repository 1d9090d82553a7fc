#pragma once

#include "gateway/stats.h"

#include <QElapsedTimer>
#include <QWidget>

class QLabel;
class QPlainTextEdit;

namespace gatehouse::core {
class GatewayController;
}

namespace gatehouse::ui {

class TimeSeriesChart;

// The local gateway dock: state, listening addresses as clickable URLs, live requests/s,
// error rate and latency charts (from the controller's polled statistics) and the tail
// of the access log. It only shows; the Gateway menu starts, reloads and stops.
// GUI thread only.
class LocalGatewayPanel final : public QWidget {
    Q_OBJECT
public:
    explicit LocalGatewayPanel(core::GatewayController *controller, QWidget *parent = nullptr);

    // The access log file the engine writes (text format); tailed while running, from
    // the end it has when first set (earlier runs' lines are not shown).
    void setAccessLogPath(const QString &path);
    // The URLs shown for the listeners (built by the main window from the Gateway hosts).
    void setUrls(const QStringList &urls);
    // A line in the panel's status (reload results, findings that blocked a reload).
    void setStatus(const QString &text);

    [[nodiscard]] QLabel *urlLabel() const { return m_urls; }
    [[nodiscard]] QLabel *statusLabel() const { return m_status; }
    [[nodiscard]] QPlainTextEdit *accessLog() const { return m_log; }

private:
    void onStats();
    void tailLog();
    void onState();

    core::GatewayController *m_controller;
    QLabel *m_state;
    QLabel *m_urls;
    QLabel *m_status;
    TimeSeriesChart *m_rps;
    TimeSeriesChart *m_errors;
    TimeSeriesChart *m_latency;
    QPlainTextEdit *m_log;
    QString m_logPath;
    qint64 m_logOffset = 0;
    gateway::StatsSnapshot m_last;
    QElapsedTimer m_sinceLast;
    QElapsedTimer m_sinceStart;
};

} // namespace gatehouse::ui
