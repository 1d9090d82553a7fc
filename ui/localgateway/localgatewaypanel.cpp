#include "localgatewaypanel.h"

#include "timeserieschart.h"

#include "controller/gatewaycontroller.h"

#include <QFile>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QSplitter>
#include <QVBoxLayout>

namespace gatehouse::ui {

LocalGatewayPanel::LocalGatewayPanel(core::GatewayController *controller, QWidget *parent)
    : QWidget(parent)
    , m_controller(controller)
    , m_state(new QLabel)
    , m_urls(new QLabel)
    , m_status(new QLabel)
    , m_rps(new TimeSeriesChart(tr("Requests per second"), tr("req/s")))
    , m_errors(new TimeSeriesChart(tr("Error rate"), tr("% 5xx")))
    , m_latency(new TimeSeriesChart(tr("Upstream latency"), tr("ms (mean)")))
    , m_log(new QPlainTextEdit) {
    setObjectName(QStringLiteral("localGatewayPanel"));
    m_state->setObjectName(QStringLiteral("gatewayState"));
    m_urls->setObjectName(QStringLiteral("gatewayUrls"));
    m_urls->setTextFormat(Qt::RichText);
    m_urls->setOpenExternalLinks(true);
    m_urls->setTextInteractionFlags(Qt::TextBrowserInteraction);
    m_status->setObjectName(QStringLiteral("gatewayStatus"));
    m_status->setWordWrap(true);
    m_rps->setObjectName(QStringLiteral("rpsChart"));
    m_errors->setObjectName(QStringLiteral("errorChart"));
    m_latency->setObjectName(QStringLiteral("latencyChart"));
    m_log->setObjectName(QStringLiteral("accessLog"));
    m_log->setReadOnly(true);
    m_log->setMaximumBlockCount(1000);
    m_log->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_log->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_log->setAccessibleName(tr("Access log"));

    auto *header = new QHBoxLayout;
    header->addWidget(m_state);
    header->addWidget(m_urls, 1);
    auto *charts = new QHBoxLayout;
    charts->addWidget(m_rps);
    charts->addWidget(m_errors);
    charts->addWidget(m_latency);
    auto *chartBox = new QWidget;
    chartBox->setLayout(charts);
    auto *split = new QSplitter(Qt::Vertical);
    split->addWidget(chartBox);
    split->addWidget(m_log);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(header);
    layout->addWidget(m_status);
    layout->addWidget(split, 1);

    connect(controller, &core::GatewayController::statsUpdated, this, &LocalGatewayPanel::onStats);
    connect(controller, &core::GatewayController::stateChanged, this, &LocalGatewayPanel::onState);
    onState();
}

void LocalGatewayPanel::setAccessLogPath(const QString &path) {
    if (path == m_logPath)
        return; // a reload: keep the tail going
    m_logPath = path;
    m_log->clear();
    // The file outlives runs of the app: show what this run logs, not earlier runs.
    m_logOffset = QFileInfo(path).size();
}

void LocalGatewayPanel::setUrls(const QStringList &urls) {
    QStringList links;
    for (const QString &u : urls)
        links << QStringLiteral("<a href=\"%1\">%1</a>").arg(u.toHtmlEscaped());
    m_urls->setText(links.join(QStringLiteral(" &nbsp; ")));
}

void LocalGatewayPanel::setStatus(const QString &text) {
    m_status->setText(text);
}

void LocalGatewayPanel::onState() {
    using State = core::GatewayController::State;
    switch (m_controller->state()) {
    case State::Stopped:
        m_state->setText(tr("Stopped"));
        m_urls->clear();
        break;
    case State::Starting:
        m_state->setText(tr("Starting…"));
        break;
    case State::Running:
        m_state->setText(tr("Running"));
        m_last = m_controller->stats();
        m_sinceLast.start();
        m_sinceStart.start();
        m_rps->clear();
        m_errors->clear();
        m_latency->clear();
        break;
    case State::Stopping:
        m_state->setText(tr("Stopping…"));
        break;
    }
}

void LocalGatewayPanel::onStats() {
    const gateway::StatsSnapshot &now = m_controller->stats();
    const double seconds = std::max(0.001, double(m_sinceLast.restart()) / 1000.0);
    const double t = double(m_sinceStart.elapsed()) / 1000.0;
    const auto requests = double(now.requests - std::min(now.requests, m_last.requests));
    const auto errors = double(now.responsesByClass[4] -
                               std::min(now.responsesByClass[4], m_last.responsesByClass[4]));
    std::uint64_t samplesNow = 0;
    std::uint64_t samplesLast = 0;
    for (std::uint64_t n : now.upstreamLatency)
        samplesNow += n;
    for (std::uint64_t n : m_last.upstreamLatency)
        samplesLast += n;
    const double samples = double(samplesNow - std::min(samplesNow, samplesLast));
    const double latencySum = now.upstreamLatencySumMs - m_last.upstreamLatencySumMs;
    m_rps->addPoint(t, requests / seconds);
    m_errors->addPoint(t, requests > 0 ? 100.0 * errors / requests : 0.0);
    m_latency->addPoint(t, samples > 0 ? latencySum / samples : 0.0);
    m_last = now;
    tailLog();
}

void LocalGatewayPanel::tailLog() {
    if (m_logPath.isEmpty())
        return;
    QFile file(m_logPath);
    if (!file.open(QIODevice::ReadOnly))
        return;
    if (file.size() < m_logOffset) // truncated: start over
        m_logOffset = 0;
    // Bounded per poll, so a flood of requests never stalls the GUI thread.
    constexpr qint64 MaxChunk = 256 * 1024;
    if (!file.seek(std::max(m_logOffset, file.size() - MaxChunk)))
        return;
    const QByteArray chunk = file.read(MaxChunk);
    const qsizetype lastNewline = chunk.lastIndexOf('\n');
    if (lastNewline < 0)
        return;
    m_logOffset = file.pos() - (chunk.size() - lastNewline - 1);
    QScrollBar *bar = m_log->verticalScrollBar();
    const bool atEnd = bar->value() == bar->maximum();
    m_log->appendPlainText(QString::fromUtf8(chunk.left(lastNewline)));
    if (atEnd)
        bar->setValue(bar->maximum());
}

} // namespace gatehouse::ui
