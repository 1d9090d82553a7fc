#include "scanview.h"

#include "support/convert.h"
#include "support/icons.h"

#include "tls/tlsjson.h"
#include "tls/tlsscanner.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSaveFile>
#include <QSpinBox>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QtConcurrent>

#include <set>

namespace gatehouse::ui {

namespace {
QColor cellColour(ScanView::Cell cell, bool dark) {
    switch (cell) {
    case ScanView::Cell::Accepted:
        return dark ? QColor(0x2e, 0x6b, 0x3a) : QColor(0xc8, 0xeb, 0xcf);
    case ScanView::Cell::AcceptedAgainst:
        return dark ? QColor(0x8a, 0x2a, 0x24) : QColor(0xf6, 0xc3, 0xbf);
    case ScanView::Cell::RefusedAgainst:
        return dark ? QColor(0x7a, 0x5a, 0x12) : QColor(0xfb, 0xe3, 0xb0);
    case ScanView::Cell::Refused:
        break;
    }
    return {};
}
} // namespace

ScanView::ScanView(QWidget *parent)
    : QWidget(parent)
    , m_host(new QLineEdit)
    , m_port(new QSpinBox)
    , m_sni(new QLineEdit)
    , m_policy(new QComboBox)
    , m_start(new QPushButton(Icons::icon(QStringLiteral("scan")), tr("&Scan")))
    , m_cancel(new QPushButton(tr("&Cancel")))
    , m_export(new QPushButton(Icons::icon(QStringLiteral("export")), tr("&Export JSON…")))
    , m_progress(new QProgressBar)
    , m_status(new QLabel)
    , m_allCiphers(new QCheckBox(tr("Show every cipher &probed")))
    , m_matrix(new QTableWidget)
    , m_details(new QLabel)
    , m_chain(new QListWidget)
    , m_inspect(new QPushButton(Icons::icon(QStringLiteral("certificate")), tr("&Inspect Chain")))
    , m_deviationList(new QListWidget) {
    setObjectName(QStringLiteral("scanView"));
    m_host->setObjectName(QStringLiteral("hostEdit"));
    m_host->setPlaceholderText(QStringLiteral("www.example.com"));
    m_port->setObjectName(QStringLiteral("portSpin"));
    m_port->setRange(1, 65535);
    m_port->setValue(443);
    m_sni->setObjectName(QStringLiteral("sniEdit"));
    m_sni->setPlaceholderText(tr("same as the host"));
    m_policy->setObjectName(QStringLiteral("policyCombo"));
    m_start->setObjectName(QStringLiteral("startButton"));
    m_cancel->setObjectName(QStringLiteral("cancelButton"));
    m_export->setObjectName(QStringLiteral("exportButton"));
    m_status->setObjectName(QStringLiteral("scanStatus"));
    m_status->setWordWrap(true);
    m_matrix->setObjectName(QStringLiteral("cipherMatrix"));
    m_matrix->setAccessibleName(tr("Protocols and ciphers"));
    m_matrix->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_matrix->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_deviationList->setObjectName(QStringLiteral("deviationList"));
    m_deviationList->setAccessibleName(tr("Deviations from the policy"));
    m_deviationList->setWordWrap(true);
    m_chain->setObjectName(QStringLiteral("chainList"));
    m_chain->setAccessibleName(tr("Presented chain"));
    m_details->setObjectName(QStringLiteral("scanDetails"));
    m_details->setWordWrap(true);
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_details->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    setPolicies({});

    auto *targetRow = new QHBoxLayout;
    auto *hostLabel = new QLabel(tr("&Endpoint:"));
    hostLabel->setBuddy(m_host);
    auto *portLabel = new QLabel(tr("P&ort:"));
    portLabel->setBuddy(m_port);
    auto *sniLabel = new QLabel(tr("S&NI:"));
    sniLabel->setBuddy(m_sni);
    auto *policyLabel = new QLabel(tr("Po&licy:"));
    policyLabel->setBuddy(m_policy);
    targetRow->addWidget(hostLabel);
    targetRow->addWidget(m_host, 2);
    targetRow->addWidget(portLabel);
    targetRow->addWidget(m_port);
    targetRow->addWidget(sniLabel);
    targetRow->addWidget(m_sni, 1);
    targetRow->addWidget(policyLabel);
    targetRow->addWidget(m_policy, 2);

    auto *actionRow = new QHBoxLayout;
    actionRow->addWidget(m_start);
    actionRow->addWidget(m_cancel);
    actionRow->addWidget(m_progress, 1);
    actionRow->addWidget(m_allCiphers);
    actionRow->addWidget(m_export);

    auto *chainBox = new QGroupBox(tr("Presented chain"));
    auto *chainLayout = new QVBoxLayout(chainBox);
    chainLayout->addWidget(m_chain);
    chainLayout->addWidget(m_inspect);
    auto *detailBox = new QGroupBox(tr("Groups, ALPN, HTTP"));
    auto *detailLayout = new QVBoxLayout(detailBox);
    detailLayout->addWidget(m_details);
    auto *deviationBox = new QGroupBox(tr("Deviations from the policy"));
    auto *deviationLayout = new QVBoxLayout(deviationBox);
    deviationLayout->addWidget(m_deviationList);

    auto *side = new QSplitter(Qt::Vertical);
    side->addWidget(detailBox);
    side->addWidget(chainBox);
    side->addWidget(deviationBox);
    auto *split = new QSplitter;
    split->addWidget(m_matrix);
    split->addWidget(side);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(targetRow);
    layout->addLayout(actionRow);
    layout->addWidget(m_status);
    layout->addWidget(split, 1);

    connect(m_start, &QPushButton::clicked, this, &ScanView::start);
    connect(m_host, &QLineEdit::returnPressed, this, &ScanView::start);
    connect(m_cancel, &QPushButton::clicked, this, &ScanView::cancel);
    connect(m_export, &QPushButton::clicked, this, &ScanView::exportJson);
    connect(m_allCiphers, &QCheckBox::toggled, this, &ScanView::fillMatrix);
    connect(m_inspect, &QPushButton::clicked, this, [this] {
        if (m_report && !m_report->certificates.empty())
            Q_EMIT inspectRequested(
                m_report->certificates,
                toQString(m_report->sni.empty() ? m_report->host : m_report->sni));
    });
    connect(&m_watcher, &QFutureWatcher<Result<core::ScanReport>>::finished, this,
            &ScanView::showResult);
    m_poll.setInterval(100);
    connect(&m_poll, &QTimer::timeout, this, [this] {
        if (!m_progressState)
            return;
        const int total = m_progressState->total.load();
        m_progress->setRange(0, std::max(1, total));
        m_progress->setValue(std::min(m_progressState->done.load(), std::max(1, total)));
    });
    m_status->setText(tr("Enter an endpoint and press Scan."));
    updateButtons();
}

ScanView::~ScanView() {
    // The scanner stops soon after cancel (every wait in it is bounded).
    m_token.cancel();
    m_watcher.waitForFinished();
}

void ScanView::setTarget(const QString &host, int port, const QString &sni) {
    m_host->setText(host);
    m_port->setValue(port);
    m_sni->setText(sni);
}

void ScanView::setPolicies(const QList<ScanPolicyChoice> &policies) {
    const QString current = m_policy->currentText();
    m_policies = policies;
    m_policy->clear();
    m_policy->addItem(tr("(no policy)"));
    for (const ScanPolicyChoice &p : policies)
        m_policy->addItem(p.label);
    selectPolicy(current);
}

void ScanView::selectPolicy(const QString &label) {
    const int index = m_policy->findText(label);
    m_policy->setCurrentIndex(std::max(0, index));
}

void ScanView::setTrustAnchors(std::vector<core::Certificate> anchors) {
    m_anchors = std::move(anchors);
}

std::optional<core::TlsPolicy> ScanView::currentPolicy() const {
    const int index = m_policy->currentIndex() - 1;
    if (index < 0 || index >= m_policies.size())
        return std::nullopt;
    return m_policies.at(index).policy;
}

bool ScanView::isRunning() const {
    return m_watcher.isRunning();
}

void ScanView::updateButtons() {
    const bool running = isRunning();
    m_start->setEnabled(!running);
    m_cancel->setEnabled(running);
    m_export->setEnabled(!running && m_report.has_value());
    m_inspect->setEnabled(m_report && !m_report->certificates.empty());
    m_progress->setVisible(running);
    m_host->setReadOnly(running);
}

void ScanView::start() {
    if (isRunning())
        return;
    const QString host = m_host->text().trimmed();
    if (host.isEmpty()) {
        m_status->setText(tr("Enter the host name or address to scan."));
        m_host->setFocus();
        return;
    }
    core::ScanOptions options;
    options.host = host.toStdString();
    options.port = uint16_t(m_port->value());
    options.sni = m_sni->text().trimmed().toStdString();
    options.trustAnchors = m_anchors;
    // Only the standard port pair has a plain-HTTP twin worth probing.
    options.checkHttp = true;
    options.httpPort = m_port->value() == 443 ? 80 : 0;
    if (options.httpPort == 0)
        options.checkHttp = m_port->value() == 443;

    m_reportPolicy = currentPolicy();
    m_token = core::CancelToken();
    m_progressState = std::make_shared<Progress>();
    m_progress->setRange(0, 0);
    m_status->setText(tr("Scanning %1:%2…").arg(host).arg(m_port->value()));
    auto progress = [state = m_progressState](int done, int total) {
        state->done.store(done);
        state->total.store(total);
    };
    m_watcher.setFuture(QtConcurrent::run(
        [options, token = m_token, progress] { return core::scanTls(options, token, progress); }));
    m_poll.start();
    updateButtons();
}

void ScanView::cancel() {
    if (!isRunning())
        return;
    m_token.cancel();
    m_status->setText(tr("Cancelling…"));
}

void ScanView::showResult() {
    m_poll.stop();
    const Result<core::ScanReport> result = m_watcher.result();
    if (!result) {
        m_status->setText(result.error().code == "scan.cancelled"
                              ? tr("Scan cancelled.")
                              : tr("The scan failed: %1").arg(toQString(result.error().message)));
        updateButtons();
        Q_EMIT finished();
        return;
    }
    m_report = *result;
    m_deviations = m_reportPolicy ? core::PolicyDiff::compare(*m_report, *m_reportPolicy)
                                  : std::vector<core::PolicyDeviation>{};
    QString summary = tr("Scanned %1:%2 (%3) in %4 ms with %5 handshakes.")
                          .arg(toQString(m_report->host))
                          .arg(m_report->port)
                          .arg(toQString(m_report->address))
                          .arg(m_report->duration.count())
                          .arg(m_report->handshakes);
    if (m_reportPolicy)
        summary += u' ' + (m_deviations.empty() ? tr("It matches the policy.")
                                                : tr("%n deviation(s) from the policy.", nullptr,
                                                     int(m_deviations.size())));
    if (m_report->failedProbes > 0)
        summary += u' ' + tr("%n probe(s) failed; results may be incomplete.", nullptr,
                             m_report->failedProbes);
    m_status->setText(summary);

    fillMatrix();

    QStringList lines;
    lines << tr("Groups: %1")
                 .arg(m_report->groups.empty()
                          ? tr("none found")
                          : toQStringList(m_report->groups).join(QStringLiteral(", ")));
    lines << tr("ALPN: %1")
                 .arg(m_report->alpn.empty()
                          ? tr("none")
                          : toQStringList(m_report->alpn).join(QStringLiteral(", ")));
    lines << tr("OCSP stapling: %1").arg(m_report->ocspStapled ? tr("yes") : tr("no"));
    if (m_report->resumption.checked)
        lines << tr("Resumption: tickets %1, session IDs %2")
                     .arg(m_report->resumption.sessionTicket ? tr("yes") : tr("no"),
                          m_report->resumption.sessionId ? tr("yes") : tr("no"));
    if (m_report->http.checked) {
        lines << tr("HTTP status over TLS: %1").arg(m_report->http.status);
        lines << tr("HSTS: %1")
                     .arg(m_report->http.strictTransportSecurity.empty()
                              ? tr("absent")
                              : toQString(m_report->http.strictTransportSecurity));
        if (m_report->http.httpListening)
            lines << tr("Plain HTTP on %1: %2%3")
                         .arg(m_report->http.httpPort)
                         .arg(m_report->http.httpStatus)
                         .arg(m_report->http.redirectsToHttps ? tr(", redirects to HTTPS")
                                                              : QString());
    }
    for (const std::string &note : m_report->notes)
        lines << toQString(note);
    m_details->setText(lines.join(u'\n'));

    m_chain->clear();
    for (const core::Certificate &c : m_report->certificates) {
        const core::CertificateInfo info = c.info();
        auto *item = new QListWidgetItem(
            Icons::icon(QStringLiteral("certificate")),
            toQString(info.subject.empty() ? info.sha256Fingerprint : info.subject), m_chain);
        item->setToolTip(tr("Issuer: %1").arg(toQString(info.issuer)));
    }
    if (m_report->verification) {
        for (const core::VerifyFinding &f : m_report->verification->findings)
            new QListWidgetItem(Icons::icon(QStringLiteral("warning")), toQString(f.message),
                                m_chain);
    }

    m_deviationList->clear();
    if (!m_reportPolicy) {
        m_deviationList->addItem(tr("Choose a policy to compare the endpoint with."));
    } else if (m_deviations.empty()) {
        m_deviationList->addItem(
            new QListWidgetItem(Icons::icon(QStringLiteral("info")), tr("No deviations.")));
    }
    for (const core::PolicyDeviation &d : m_deviations) {
        auto *item = new QListWidgetItem(Icons::icon(QStringLiteral("error")), toQString(d.message),
                                         m_deviationList);
        item->setData(Qt::UserRole, toQString(core::toString(d.kind)));
    }
    updateButtons();
    Q_EMIT finished();
}

void ScanView::fillMatrix() {
    m_matrix->clear();
    if (!m_report) {
        m_matrix->setRowCount(0);
        m_matrix->setColumnCount(0);
        return;
    }
    const auto &versions = core::allTlsVersions;
    // Rows: every accepted cipher, every cipher the policy asks for, and with "show every
    // cipher" each one the scanner could offer.
    std::vector<std::string> rows;
    std::set<std::string> seen;
    auto addRow = [&](const std::string &c) {
        if (seen.insert(c).second)
            rows.push_back(c);
    };
    for (core::TlsVersion v : versions) {
        for (const std::string &c : m_report->scanOf(v).ciphers)
            addRow(c);
    }
    if (m_reportPolicy) {
        for (const std::string &c : m_reportPolicy->effectiveCipherSuites())
            addRow(c);
    }
    if (m_allCiphers->isChecked()) {
        for (core::TlsVersion v : versions) {
            for (const std::string &c : core::offerableCiphers(v))
                addRow(c);
        }
    }
    // Which version each cipher can be negotiated in at all (TLS 1.3 suites only in 1.3).
    std::array<std::set<std::string>, 4> offerable;
    for (core::TlsVersion v : versions) {
        for (const std::string &c : core::offerableCiphers(v))
            offerable[size_t(core::index(v))].insert(c);
        for (const std::string &c : m_report->scanOf(v).ciphers)
            offerable[size_t(core::index(v))].insert(c);
    }

    m_matrix->setColumnCount(int(versions.size()));
    m_matrix->setRowCount(int(rows.size()));
    QStringList headers;
    for (core::TlsVersion v : versions) {
        QString h = toQString(core::toString(v));
        if (!m_report->accepts(v))
            h += u'\n' + tr("refused");
        headers << h;
    }
    m_matrix->setHorizontalHeaderLabels(headers);
    QStringList rowLabels;
    for (const std::string &c : rows)
        rowLabels << toQString(c);
    m_matrix->setVerticalHeaderLabels(rowLabels);

    const bool dark = palette().color(QPalette::Base).lightness() < 128;
    const std::vector<std::string> policyCiphers =
        m_reportPolicy ? m_reportPolicy->effectiveCipherSuites() : std::vector<std::string>{};
    for (int col = 0; col < int(versions.size()); ++col) {
        const core::TlsVersion v = versions[size_t(col)];
        const core::VersionScan &scan = m_report->scanOf(v);
        const std::set<std::string> accepted(scan.ciphers.begin(), scan.ciphers.end());
        for (int row = 0; row < int(rows.size()); ++row) {
            const std::string &cipher = rows[size_t(row)];
            if (!offerable[size_t(col)].count(cipher)) {
                auto *na = new QTableWidgetItem;
                na->setFlags(Qt::NoItemFlags);
                m_matrix->setItem(row, col, na);
                continue;
            }
            const bool isAccepted = accepted.count(cipher) > 0;
            bool allowed = true;
            if (m_reportPolicy) {
                allowed = m_reportPolicy->allowsVersion(v);
                // cipherSuites governs TLS 1.0-1.2 only.
                if (allowed && v != core::TlsVersion::Tls1_3)
                    allowed = std::find(policyCiphers.begin(), policyCiphers.end(), cipher) !=
                              policyCiphers.end();
            }
            Cell cell = isAccepted ? (allowed ? Cell::Accepted : Cell::AcceptedAgainst)
                                   : (m_reportPolicy && allowed && m_report->accepts(v)
                                          ? Cell::RefusedAgainst
                                          : Cell::Refused);
            auto *item = new QTableWidgetItem(isAccepted ? tr("accepted") : tr("refused"));
            item->setData(Qt::UserRole, QVariant::fromValue(cell));
            item->setTextAlignment(Qt::AlignCenter);
            if (const QColor bg = cellColour(cell, dark); bg.isValid())
                item->setBackground(bg);
            else
                item->setForeground(palette().color(QPalette::Disabled, QPalette::Text));
            switch (cell) {
            case Cell::Accepted:
                item->setToolTip(tr("Accepted"));
                break;
            case Cell::AcceptedAgainst:
                item->setToolTip(tr("Accepted, but the policy does not allow it"));
                break;
            case Cell::RefusedAgainst:
                item->setToolTip(tr("Refused, although the policy allows it"));
                break;
            case Cell::Refused:
                item->setToolTip(tr("Refused"));
                break;
            }
            m_matrix->setItem(row, col, item);
        }
    }
    m_matrix->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_matrix->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
}

void ScanView::exportJson() {
    if (!m_report)
        return;
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export Scan"), QStringLiteral("scan.json"), tr("JSON (*.json)"));
    if (path.isEmpty())
        return;
    const QByteArray data = QJsonDocument(core::scanReportToJson(*m_report, m_deviations))
                                .toJson(QJsonDocument::Indented);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(data) != data.size() || !file.commit())
        QMessageBox::warning(
            this, tr("Export failed"),
            tr("Could not write %1: %2").arg(QDir::toNativeSeparators(path), file.errorString()));
}

} // namespace gatehouse::ui
