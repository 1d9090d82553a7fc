#include "certificateinspector.h"

#include "support/convert.h"
#include "support/icons.h"
#include "validitytimeline.h"

#include "tls/certificateloader.h"
#include "tls/tlsjson.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QSaveFile>
#include <QSplitter>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace gatehouse::ui {

namespace {
constexpr int RoleIndex = Qt::UserRole;

QString joinList(const std::vector<std::string> &list) {
    return toQStringList(list).join(QStringLiteral(", "));
}

// Writes `data` atomically to a file the user chose outside the workspace.
bool writeExport(QWidget *parent, const QString &path, const QByteArray &data) {
    QSaveFile file(path);
    if (file.open(QIODevice::WriteOnly) && file.write(data) == data.size() && file.commit())
        return true;
    QMessageBox::warning(parent, CertificateInspector::tr("Export failed"),
                         CertificateInspector::tr("Could not write %1: %2")
                             .arg(QDir::toNativeSeparators(path), file.errorString()));
    return false;
}
} // namespace

CertificateInspector::CertificateInspector(QWidget *parent)
    : QDialog(parent)
    , m_sourceLabel(new QLabel)
    , m_host(new QLineEdit)
    , m_systemTrust(new QCheckBox(tr("Trust the &system's CAs")))
    , m_chainView(new QTreeWidget)
    , m_fields(new QTreeWidget)
    , m_timeline(new ValidityTimeline)
    , m_verdicts(new QListWidget) {
    setObjectName(QStringLiteral("certificateInspector"));
    setWindowTitle(tr("Certificate Inspector"));
    setWindowIcon(Icons::icon(QStringLiteral("certificate")));
    setAttribute(Qt::WA_DeleteOnClose, false);

    auto *open = new QPushButton(Icons::icon(QStringLiteral("open-file")), tr("&Open…"));
    open->setObjectName(QStringLiteral("openButton"));
    connect(open, &QPushButton::clicked, this, &CertificateInspector::chooseFile);
    auto *exportButton = new QPushButton(Icons::icon(QStringLiteral("export")), tr("&Export…"));
    exportButton->setObjectName(QStringLiteral("exportButton"));
    connect(exportButton, &QPushButton::clicked, this, &CertificateInspector::exportCurrent);

    m_host->setObjectName(QStringLiteral("hostEdit"));
    m_host->setPlaceholderText(tr("host the certificate must cover (optional)"));
    m_host->setClearButtonEnabled(true);
    connect(m_host, &QLineEdit::editingFinished, this, &CertificateInspector::verify);
    connect(m_systemTrust, &QCheckBox::toggled, this, &CertificateInspector::verify);

    auto *top = new QHBoxLayout;
    top->addWidget(open);
    top->addWidget(m_sourceLabel, 1);
    top->addWidget(exportButton);

    auto *checks = new QFormLayout;
    auto *hostLabel = new QLabel(tr("&Host:"));
    hostLabel->setBuddy(m_host);
    auto *hostRow = new QHBoxLayout;
    hostRow->addWidget(m_host, 1);
    hostRow->addWidget(m_systemTrust);
    checks->addRow(hostLabel, hostRow);

    m_chainView->setObjectName(QStringLiteral("chainView"));
    m_chainView->setHeaderHidden(true);
    m_chainView->setAccessibleName(tr("Certificate chain"));
    connect(m_chainView, &QTreeWidget::currentItemChanged, this,
            [this] { showCertificate(selectedIndex()); });

    m_fields->setObjectName(QStringLiteral("fieldView"));
    m_fields->setColumnCount(2);
    m_fields->setHeaderLabels({tr("Field"), tr("Value")});
    m_fields->setAccessibleName(tr("Certificate fields"));
    m_fields->setRootIsDecorated(false);
    m_fields->setWordWrap(true);
    m_fields->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);

    m_verdicts->setObjectName(QStringLiteral("verdictView"));
    m_verdicts->setAccessibleName(tr("Verification"));
    m_verdicts->setWordWrap(true);

    auto *right = new QWidget;
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addWidget(m_timeline);
    rightLayout->addWidget(m_fields, 3);
    auto *verdictLabel = new QLabel(tr("Verification:"));
    rightLayout->addWidget(verdictLabel);
    rightLayout->addWidget(m_verdicts, 1);

    auto *split = new QSplitter;
    split->addWidget(m_chainView);
    split->addWidget(right);
    split->setStretchFactor(1, 3);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addLayout(checks);
    layout->addWidget(split, 1);
    layout->addWidget(buttons);
    resize(900, 620);

    connect(&m_watcher, &QFutureWatcher<Result<core::VerifyResult>>::finished, this,
            [this] { showVerification(m_watcher.result()); });
    setCertificates({}, {});
}

CertificateInspector::~CertificateInspector() {
    // verifyChain is bounded (no network); wait so the worker never outlives its inputs.
    m_watcher.waitForFinished();
}

bool CertificateInspector::isVerifying() const {
    return m_watcher.isRunning();
}

void CertificateInspector::setCertificates(std::vector<core::Certificate> presented,
                                           const QString &source) {
    m_certs = std::move(presented);
    m_chain = m_certs;
    m_source = source;
    m_sourceLabel->setText(
        source.isEmpty()
            ? tr("No certificate loaded.")
            : tr("%n certificate(s) from %1", nullptr, int(m_certs.size())).arg(source));
    rebuildChainTree();
    verify();
}

bool CertificateInspector::openFile(const QString &path) {
    auto loaded = core::loadCertificatesFile(path.toStdString());
    if (!loaded) {
        QMessageBox::warning(
            this, tr("Cannot open certificate"),
            tr("%1 holds no certificate Gatehouse can read: %2")
                .arg(QDir::toNativeSeparators(path), toQString(loaded.error().message)));
        return false;
    }
    setCertificates(std::move(*loaded), QFileInfo(path).fileName());
    return true;
}

void CertificateInspector::setPrivateKey(std::optional<core::PrivateKey> key) {
    m_key = std::move(key);
    verify();
}

void CertificateInspector::setHost(const QString &host) {
    m_host->setText(host);
    verify();
}

void CertificateInspector::chooseFile() {
    const QString path =
        QFileDialog::getOpenFileName(this, tr("Open Certificate"), {},
                                     tr("Certificates (*.pem *.crt *.cer *.der);;All files (*)"));
    if (!path.isEmpty())
        openFile(path);
}

void CertificateInspector::verify() {
    m_verdicts->clear();
    if (m_certs.empty())
        return;
    m_verdicts->addItem(tr("Verifying…"));
    core::VerifyOptions options;
    options.host = m_host->text().trimmed().toStdString();
    options.useSystemTrust = m_systemTrust->isChecked();
    options.privateKey = m_key;
    // Without the system's CAs the chain is judged against itself: a self-signed CA in
    // the presented certificates is the anchor (as for a demo CA the user created).
    if (!options.useSystemTrust) {
        for (const core::Certificate &c : m_certs) {
            if (c.isSelfIssued() && c.isCa())
                options.trustAnchors.push_back(c);
        }
    }
    // A newer request supersedes this one: the watcher reports only its latest future.
    m_watcher.setFuture(QtConcurrent::run(
        [certs = m_certs, options]() { return core::verifyChain(certs, options); }));
}

void CertificateInspector::showVerification(const Result<core::VerifyResult> &result) {
    m_verdicts->clear();
    if (!result) {
        auto *item = new QListWidgetItem(
            Icons::icon(QStringLiteral("error")),
            tr("Verification could not run: %1").arg(toQString(result.error().message)));
        m_verdicts->addItem(item);
        Q_EMIT verified();
        return;
    }
    if (!result->chain.empty() && result->chain.size() >= m_certs.size()) {
        m_chain = result->chain;
        rebuildChainTree();
    }
    if (result->ok()) {
        m_verdicts->addItem(new QListWidgetItem(Icons::icon(QStringLiteral("info")),
                                                tr("The chain verifies: no problems found.")));
    }
    for (const core::VerifyFinding &f : result->findings) {
        const QString text = tr("%1 (depth %2, %3): %4")
                                 .arg(toQString(core::toString(f.problem)))
                                 .arg(f.depth)
                                 .arg(toQString(f.subject), toQString(f.message));
        auto *item = new QListWidgetItem(Icons::icon(QStringLiteral("error")), text);
        item->setData(Qt::UserRole, toQString(core::toString(f.problem)));
        m_verdicts->addItem(item);
    }
    Q_EMIT verified();
}

void CertificateInspector::rebuildChainTree() {
    const int previous = selectedIndex();
    m_chainView->clear();
    // The anchor at the top, each issued certificate a child of its issuer.
    QTreeWidgetItem *parent = nullptr;
    QTreeWidgetItem *leaf = nullptr;
    for (int i = int(m_chain.size()) - 1; i >= 0; --i) {
        const core::Certificate &c = m_chain[size_t(i)];
        const core::CertificateInfo info = c.info();
        QString name = toQString(info.commonName);
        if (name.isEmpty())
            name = info.dnsNames.empty() ? toQString(info.subject) : toQString(info.dnsNames[0]);
        auto *item = parent ? new QTreeWidgetItem(parent) : new QTreeWidgetItem(m_chainView);
        item->setText(0, name);
        item->setToolTip(0, toQString(info.subject));
        item->setIcon(0, Icons::icon(QStringLiteral("certificate")));
        item->setData(0, RoleIndex, i);
        parent = item;
        if (i == 0)
            leaf = item;
    }
    m_chainView->expandAll();
    QTreeWidgetItem *select = leaf;
    for (QTreeWidgetItemIterator it(m_chainView); *it; ++it) {
        if ((*it)->data(0, RoleIndex).toInt() == previous)
            select = *it;
    }
    if (select)
        m_chainView->setCurrentItem(select);
    else
        showCertificate(-1);
}

int CertificateInspector::selectedIndex() const {
    const QTreeWidgetItem *item = m_chainView->currentItem();
    return item ? item->data(0, RoleIndex).toInt() : -1;
}

void CertificateInspector::showCertificate(int index) {
    m_fields->clear();
    if (index < 0 || size_t(index) >= m_chain.size()) {
        m_timeline->clear();
        return;
    }
    const core::CertificateInfo info = m_chain[size_t(index)].info();
    auto add = [this](const QString &field, const QString &value) {
        if (value.isEmpty())
            return;
        auto *item = new QTreeWidgetItem(m_fields, {field, value});
        item->setToolTip(1, value);
    };
    const QLocale locale;
    add(tr("Subject"), toQString(info.subject));
    add(tr("Issuer"), toQString(info.issuer));
    add(tr("Serial number"), toQString(info.serial));
    add(tr("Version"), QString::number(info.version));
    add(tr("Not before"), locale.toString(toQDateTime(info.notBefore), QLocale::LongFormat));
    add(tr("Not after"), locale.toString(toQDateTime(info.notAfter), QLocale::LongFormat));
    add(tr("DNS names"), joinList(info.dnsNames));
    add(tr("IP addresses"), joinList(info.ipAddresses));
    add(tr("URIs"), joinList(info.uris));
    add(tr("E-mail addresses"), joinList(info.emails));
    add(tr("Public key"), toQString(info.publicKey.description()));
    add(tr("Signature algorithm"), toQString(info.signatureAlgorithm));
    add(tr("Key usage"), joinList(info.keyUsage));
    add(tr("Extended key usage"), joinList(info.extendedKeyUsage));
    if (info.basicConstraints.present) {
        QString bc = info.basicConstraints.ca ? tr("CA") : tr("not a CA");
        if (info.basicConstraints.ca && info.basicConstraints.pathLength >= 0)
            bc += tr(", path length %1").arg(info.basicConstraints.pathLength);
        if (info.basicConstraints.critical)
            bc += tr(" (critical)");
        add(tr("Basic constraints"), bc);
    }
    add(tr("Subject key ID"), toQString(info.subjectKeyId));
    add(tr("Authority key ID"), toQString(info.authorityKeyId));
    add(tr("SHA-256 fingerprint"), toQString(info.sha256Fingerprint));
    add(tr("SHA-1 fingerprint"), toQString(info.sha1Fingerprint));
    add(tr("CRL"), joinList(info.crlUrls));
    add(tr("OCSP"), joinList(info.ocspUrls));
    add(tr("CA issuers"), joinList(info.caIssuerUrls));
    add(tr("Self-signed"), info.selfSigned ? tr("yes") : tr("no"));
    m_timeline->setValidity(toQDateTime(info.notBefore), toQDateTime(info.notAfter));
}

void CertificateInspector::exportCurrent() {
    if (m_chain.empty())
        return;
    QString selectedFilter;
    const QString pemFilter = tr("PEM chain (*.pem)");
    const QString derFilter = tr("DER certificate (*.der *.cer)");
    const QString jsonFilter = tr("JSON description (*.json)");
    const QString path = QFileDialog::getSaveFileName(this, tr("Export Certificate"), {},
                                                      pemFilter + QStringLiteral(";;") + derFilter +
                                                          QStringLiteral(";;") + jsonFilter,
                                                      &selectedFilter);
    if (path.isEmpty())
        return;
    // The chosen format, unless the name says otherwise.
    ExportFormat format = selectedFilter == derFilter    ? ExportFormat::Der
                          : selectedFilter == jsonFilter ? ExportFormat::Json
                                                         : ExportFormat::Pem;
    if (path.endsWith(QLatin1String(".der")) || path.endsWith(QLatin1String(".cer")))
        format = ExportFormat::Der;
    else if (path.endsWith(QLatin1String(".json")))
        format = ExportFormat::Json;
    else if (path.endsWith(QLatin1String(".pem")))
        format = ExportFormat::Pem;
    exportTo(path, format);
}

bool CertificateInspector::exportTo(const QString &path, ExportFormat format) {
    if (m_chain.empty())
        return false;
    const int index = std::max(0, selectedIndex());
    QByteArray data;
    switch (format) {
    case ExportFormat::Der: {
        auto der = m_chain[size_t(index)].toDer();
        if (!der) {
            QMessageBox::warning(this, tr("Export failed"), toQString(der.error().message));
            return false;
        }
        data = QByteArray::fromStdString(*der);
        break;
    }
    case ExportFormat::Json: {
        QJsonArray array;
        for (const core::Certificate &c : m_chain)
            array.append(core::certificateInfoToJson(c.info()));
        data = QJsonDocument(array).toJson(QJsonDocument::Indented);
        break;
    }
    case ExportFormat::Pem: {
        auto pem = core::certificatesToPem(m_chain);
        if (!pem) {
            QMessageBox::warning(this, tr("Export failed"), toQString(pem.error().message));
            return false;
        }
        data = QByteArray::fromStdString(*pem);
        break;
    }
    }
    return writeExport(this, path, data);
}

} // namespace gatehouse::ui
