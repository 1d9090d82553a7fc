#include "newcertificatedialog.h"

#include "support/convert.h"
#include "support/icons.h"

#include "tls/certificatebuilder.h"
#include "tls/certificateloader.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHostAddress>
#include <QKeyEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSaveFile>
#include <QSpinBox>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace gatehouse::ui {

namespace {

// RFC 4514-style escaping for one attribute value in the subject text core parses.
QString escapeRdn(QString value) {
    return value.replace(u'\\', QStringLiteral("\\\\")).replace(u',', QStringLiteral("\\,"));
}

struct Request {
    NewCertificateDialog::Kind kind;
    core::KeyAlgorithm algorithm;
    core::CertificateSpec spec;
    std::optional<core::Certificate> issuer;
    std::optional<core::PrivateKey> issuerKey;
};

NewCertificateResult run(const Request &request) {
    using Kind = NewCertificateDialog::Kind;
    NewCertificateResult out;
    auto key = core::PrivateKey::generate(request.algorithm);
    if (!key) {
        out.error = toQString(key.error().message);
        return out;
    }
    out.key = *key;
    switch (request.kind) {
    case Kind::SigningRequest: {
        auto csr = core::createCsrPem(request.spec, *key);
        if (!csr)
            out.error = toQString(csr.error().message);
        else
            out.csrPem = std::move(*csr);
        return out;
    }
    case Kind::SignedLeaf: {
        if (!request.issuer || !request.issuerKey) {
            out.error = NewCertificateDialog::tr("Choose the CA that signs the certificate.");
            return out;
        }
        auto cert = core::createSigned(request.spec, *key, *request.issuer, *request.issuerKey);
        if (!cert) {
            out.error = toQString(cert.error().message);
            return out;
        }
        out.chain = {*cert, *request.issuer};
        return out;
    }
    case Kind::CertificateAuthority:
    case Kind::SelfSignedLeaf:
        break;
    }
    auto cert = core::createSelfSigned(request.spec, *key);
    if (!cert)
        out.error = toQString(cert.error().message);
    else
        out.chain = {*cert};
    return out;
}

} // namespace

NewCertificateDialog::NewCertificateDialog(QWidget *parent)
    : QDialog(parent)
    , m_kind(new QComboBox)
    , m_keyType(new QComboBox)
    , m_commonName(new QLineEdit)
    , m_organisation(new QLineEdit)
    , m_unit(new QLineEdit)
    , m_country(new QLineEdit)
    , m_sans(new QListWidget)
    , m_sanInput(new QLineEdit)
    , m_days(new QSpinBox)
    , m_issuerLabel(new QLabel)
    , m_issuerButton(new QPushButton(tr("C&hoose CA…")))
    , m_status(new QLabel)
    , m_busy(new QProgressBar)
    , m_create(new QPushButton(Icons::icon(QStringLiteral("new-certificate")), tr("C&reate")))
    , m_saveCert(new QPushButton(Icons::icon(QStringLiteral("save")), tr("Save &Certificate…")))
    , m_saveKey(new QPushButton(Icons::icon(QStringLiteral("save")), tr("Save &Key…")))
    , m_inspect(new QPushButton(Icons::icon(QStringLiteral("certificate")), tr("&Inspect")))
    , m_useInWorkspace(new QPushButton(tr("&Use in Workspace…"))) {
    setObjectName(QStringLiteral("newCertificateDialog"));
    setWindowTitle(tr("New Certificate"));
    setWindowIcon(Icons::icon(QStringLiteral("new-certificate")));

    m_kind->setObjectName(QStringLiteral("kindCombo"));
    m_kind->addItem(tr("Certificate authority (self-signed CA)"),
                    QVariant::fromValue(Kind::CertificateAuthority));
    m_kind->addItem(tr("Server certificate signed by a CA"), QVariant::fromValue(Kind::SignedLeaf));
    m_kind->addItem(tr("Self-signed server certificate"),
                    QVariant::fromValue(Kind::SelfSignedLeaf));
    m_kind->addItem(tr("Certificate signing request (CSR)"),
                    QVariant::fromValue(Kind::SigningRequest));
    m_kind->setCurrentIndex(2);
    connect(m_kind, &QComboBox::currentIndexChanged, this, &NewCertificateDialog::updateForm);

    m_keyType->setObjectName(QStringLiteral("keyTypeCombo"));
    const std::pair<QString, core::KeyAlgorithm> keyTypes[] = {
        {tr("ECDSA P-256"), core::KeyAlgorithm::EcdsaP256},
        {tr("ECDSA P-384"), core::KeyAlgorithm::EcdsaP384},
        {tr("RSA 2048 bits"), core::KeyAlgorithm::Rsa2048},
        {tr("RSA 3072 bits"), core::KeyAlgorithm::Rsa3072},
        {tr("RSA 4096 bits"), core::KeyAlgorithm::Rsa4096},
        {tr("Ed25519"), core::KeyAlgorithm::Ed25519},
    };
    for (const auto &[label, algorithm] : keyTypes)
        m_keyType->addItem(label, int(algorithm));

    m_commonName->setObjectName(QStringLiteral("commonNameEdit"));
    m_commonName->setPlaceholderText(QStringLiteral("*.local.kyma.dev"));
    m_country->setMaxLength(2);
    m_country->setPlaceholderText(QStringLiteral("DE"));

    m_sans->setObjectName(QStringLiteral("sanList"));
    m_sans->setAccessibleName(tr("Subject alternative names"));
    m_sanInput->setObjectName(QStringLiteral("sanInput"));
    m_sanInput->setPlaceholderText(tr("DNS name or IP address, then Enter"));
    auto *addSan = new QPushButton(tr("&Add"));
    auto *removeSan = new QPushButton(tr("Re&move"));
    // Enter in the SAN field adds the name (and must not press the dialog's buttons).
    m_sanInput->installEventFilter(this);
    connect(addSan, &QPushButton::clicked, this, &NewCertificateDialog::addSanFromInput);
    connect(removeSan, &QPushButton::clicked, this, [this] { delete m_sans->currentItem(); });
    auto *sanButtons = new QHBoxLayout;
    sanButtons->addWidget(m_sanInput, 1);
    sanButtons->addWidget(addSan);
    sanButtons->addWidget(removeSan);
    auto *sanBox = new QVBoxLayout;
    sanBox->addWidget(m_sans);
    sanBox->addLayout(sanButtons);

    m_days->setObjectName(QStringLiteral("daysSpin"));
    m_days->setRange(1, 36500);
    m_days->setValue(365);
    m_days->setSuffix(tr(" days"));

    m_issuerLabel->setObjectName(QStringLiteral("issuerLabel"));
    connect(m_issuerButton, &QPushButton::clicked, this, &NewCertificateDialog::chooseIssuerFiles);
    auto *issuerRow = new QHBoxLayout;
    issuerRow->addWidget(m_issuerLabel, 1);
    issuerRow->addWidget(m_issuerButton);

    auto *form = new QFormLayout;
    form->addRow(tr("&Make:"), m_kind);
    form->addRow(tr("Key &type:"), m_keyType);
    form->addRow(tr("Common &name (CN):"), m_commonName);
    form->addRow(tr("&Organisation (O):"), m_organisation);
    form->addRow(tr("Organisational u&nit (OU):"), m_unit);
    form->addRow(tr("Countr&y (C):"), m_country);
    form->addRow(tr("&Subject alternative names:"), sanBox);
    form->addRow(tr("&Valid for:"), m_days);
    form->addRow(tr("Signed by:"), issuerRow);

    m_busy->setRange(0, 0);
    m_busy->setVisible(false);
    m_status->setObjectName(QStringLiteral("statusLabel"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_create->setObjectName(QStringLiteral("createButton"));
    m_create->setDefault(true);
    connect(m_create, &QPushButton::clicked, this, &NewCertificateDialog::create);
    m_saveCert->setObjectName(QStringLiteral("saveCertificateButton"));
    connect(m_saveCert, &QPushButton::clicked, this, &NewCertificateDialog::saveCertificate);
    m_saveKey->setObjectName(QStringLiteral("saveKeyButton"));
    connect(m_saveKey, &QPushButton::clicked, this, &NewCertificateDialog::saveKey);
    m_inspect->setObjectName(QStringLiteral("inspectButton"));
    connect(m_inspect, &QPushButton::clicked, this,
            [this] { Q_EMIT inspectRequested(m_result.chain, m_result.key); });
    m_useInWorkspace->setObjectName(QStringLiteral("useInWorkspaceButton"));
    connect(m_useInWorkspace, &QPushButton::clicked, this, [this] {
        if (!m_result.chain.empty() && m_result.key)
            Q_EMIT useInWorkspaceRequested(m_result.chain, *m_result.key);
    });

    auto *resultRow = new QHBoxLayout;
    resultRow->addWidget(m_create);
    resultRow->addStretch(1);
    resultRow->addWidget(m_inspect);
    resultRow->addWidget(m_saveCert);
    resultRow->addWidget(m_saveKey);
    resultRow->addWidget(m_useInWorkspace);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_busy);
    layout->addWidget(m_status);
    layout->addLayout(resultRow);
    layout->addWidget(buttons);

    connect(&m_watcher, &QFutureWatcher<NewCertificateResult>::finished, this,
            &NewCertificateDialog::finish);
    updateForm();
}

NewCertificateDialog::~NewCertificateDialog() {
    // Key generation is bounded (seconds at most for RSA 4096); never leave it running
    // against a dead dialog.
    m_watcher.waitForFinished();
}

void NewCertificateDialog::addSanFromInput() {
    const QString text = m_sanInput->text().trimmed();
    if (text.isEmpty())
        return;
    auto *item = new QListWidgetItem(text, m_sans);
    item->setFlags(item->flags() | Qt::ItemIsEditable);
    m_sanInput->clear();
}

bool NewCertificateDialog::eventFilter(QObject *watched, QEvent *event) {
    if (watched == m_sanInput && event->type() == QEvent::KeyPress) {
        const int key = static_cast<QKeyEvent *>(event)->key();
        if (key == Qt::Key_Return || key == Qt::Key_Enter) {
            addSanFromInput();
            return true;
        }
    }
    return QDialog::eventFilter(watched, event);
}

void NewCertificateDialog::setKind(Kind kind) {
    m_kind->setCurrentIndex(m_kind->findData(QVariant::fromValue(kind)));
}

void NewCertificateDialog::setCommonName(const QString &name) {
    m_commonName->setText(name);
}

void NewCertificateDialog::setSubjectAltNames(const QStringList &names) {
    m_sans->clear();
    for (const QString &n : names) {
        auto *item = new QListWidgetItem(n, m_sans);
        item->setFlags(item->flags() | Qt::ItemIsEditable);
    }
}

QStringList NewCertificateDialog::subjectAltNames() const {
    QStringList names;
    for (int i = 0; i < m_sans->count(); ++i) {
        const QString n = m_sans->item(i)->text().trimmed();
        if (!n.isEmpty())
            names.append(n);
    }
    return names;
}

void NewCertificateDialog::setValidityDays(int days) {
    m_days->setValue(days);
}

void NewCertificateDialog::setIssuer(const core::Certificate &certificate,
                                     const core::PrivateKey &key) {
    m_issuer = certificate;
    m_issuerKey = key;
    updateForm();
}

void NewCertificateDialog::setWorkspaceTargetAvailable(bool available) {
    m_workspaceTarget = available;
    updateForm();
}

bool NewCertificateDialog::isCreating() const {
    return m_watcher.isRunning();
}

QString NewCertificateDialog::subjectText() const {
    QStringList parts;
    auto add = [&parts](const char *attr, const QLineEdit *edit) {
        const QString value = edit->text().trimmed();
        if (!value.isEmpty())
            parts << QString::fromLatin1(attr) + u'=' + escapeRdn(value);
    };
    add("CN", m_commonName);
    add("O", m_organisation);
    add("OU", m_unit);
    add("C", m_country);
    return parts.join(u',');
}

void NewCertificateDialog::updateForm() {
    const auto kind = m_kind->currentData().value<Kind>();
    const bool signedLeaf = kind == Kind::SignedLeaf;
    m_issuerButton->setEnabled(signedLeaf && !isCreating());
    if (!signedLeaf)
        m_issuerLabel->setText(kind == Kind::SigningRequest ? tr("(a CSR is signed elsewhere)")
                                                            : tr("itself"));
    else if (m_issuer)
        m_issuerLabel->setText(toQString(m_issuer->subject()));
    else
        m_issuerLabel->setText(tr("no CA chosen"));
    m_days->setEnabled(kind != Kind::SigningRequest);
    m_create->setEnabled(!isCreating());
    const bool haveCert = !m_result.chain.empty();
    m_saveCert->setEnabled(haveCert || !m_result.csrPem.empty());
    m_saveCert->setText(m_result.csrPem.empty() ? tr("Save &Certificate…") : tr("Save &CSR…"));
    m_saveKey->setEnabled(m_result.key.has_value() && m_result.error.isEmpty());
    m_inspect->setEnabled(haveCert);
    m_useInWorkspace->setVisible(m_workspaceTarget);
    m_useInWorkspace->setEnabled(haveCert && m_result.key.has_value());
}

void NewCertificateDialog::create() {
    if (isCreating())
        return;
    Request request;
    request.kind = m_kind->currentData().value<Kind>();
    request.algorithm = core::KeyAlgorithm(m_keyType->currentData().toInt());
    const auto lifetime = std::chrono::hours(24) * m_days->value();
    const QStringList names = subjectAltNames();
    std::vector<std::string> dns;
    std::vector<std::string> ips;
    for (const QString &n : names) {
        if (QHostAddress(n).isNull())
            dns.push_back(n.toStdString());
        else
            ips.push_back(n.toStdString());
    }
    if (request.kind == Kind::CertificateAuthority) {
        request.spec =
            core::CertificateSpec::ca(m_commonName->text().trimmed().toStdString(), lifetime);
    } else {
        request.spec = core::CertificateSpec::serverLeaf(dns, lifetime);
    }
    request.spec.subject = subjectText().toStdString();
    request.spec.dnsNames = dns;
    request.spec.ipAddresses = ips;
    request.issuer = m_issuer;
    request.issuerKey = m_issuerKey;

    if (request.spec.subject.empty() && dns.empty() && ips.empty()) {
        m_status->setText(tr("Give the certificate a common name or at least one "
                             "subject alternative name."));
        return;
    }
    if (request.kind == Kind::SignedLeaf && !m_issuer) {
        m_status->setText(tr("Choose the CA that signs the certificate."));
        return;
    }
    m_result = {};
    m_status->setText(tr("Creating…"));
    m_busy->setVisible(true);
    m_watcher.setFuture(QtConcurrent::run([request] { return run(request); }));
    updateForm();
}

void NewCertificateDialog::finish() {
    m_busy->setVisible(false);
    m_result = m_watcher.result();
    if (!m_result.error.isEmpty()) {
        m_status->setText(tr("Could not create it: %1").arg(m_result.error));
    } else if (!m_result.csrPem.empty()) {
        m_status->setText(tr("Created a signing request and its %1 key. Save both.")
                              .arg(toQString(m_result.key->publicKeyInfo().description())));
    } else {
        const core::CertificateInfo info = m_result.chain.front().info();
        m_status->setText(
            tr("Created “%1” (%2), valid until %3.")
                .arg(toQString(info.subject.empty() ? info.dnsNames.front() : info.subject),
                     toQString(info.publicKey.description()),
                     QLocale().toString(toQDateTime(info.notAfter).date(), QLocale::ShortFormat)));
    }
    updateForm();
    Q_EMIT created();
}

void NewCertificateDialog::chooseIssuerFiles() {
    const QString certPath =
        QFileDialog::getOpenFileName(this, tr("CA Certificate"), {},
                                     tr("Certificates (*.pem *.crt *.cer *.der);;All files (*)"));
    if (certPath.isEmpty())
        return;
    const QString keyPath =
        QFileDialog::getOpenFileName(this, tr("CA Private Key"), QFileInfo(certPath).absolutePath(),
                                     tr("Private keys (*.pem *.key);;All files (*)"));
    if (keyPath.isEmpty())
        return;
    auto certs = core::loadCertificatesFile(certPath.toStdString());
    if (!certs) {
        QMessageBox::warning(this, tr("Cannot use this CA"), toQString(certs.error().message));
        return;
    }
    auto key = core::PrivateKey::load(keyPath.toStdString());
    if (!key) {
        QMessageBox::warning(this, tr("Cannot use this CA"), toQString(key.error().message));
        return;
    }
    if (!key->matches(certs->front())) {
        QMessageBox::warning(this, tr("Cannot use this CA"),
                             tr("The key does not belong to the certificate."));
        return;
    }
    setIssuer(certs->front(), *key);
}

void NewCertificateDialog::saveCertificate() {
    const bool csr = !m_result.csrPem.empty();
    const QString path = QFileDialog::getSaveFileName(
        this, csr ? tr("Save Signing Request") : tr("Save Certificate"), {},
        csr ? tr("CSR (*.csr *.pem)") : tr("PEM certificate (*.pem *.crt)"));
    if (path.isEmpty())
        return;
    QByteArray data;
    if (csr) {
        data = QByteArray::fromStdString(m_result.csrPem);
    } else {
        auto pem = core::certificatesToPem(m_result.chain);
        if (!pem) {
            QMessageBox::warning(this, tr("Save failed"), toQString(pem.error().message));
            return;
        }
        data = QByteArray::fromStdString(*pem);
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(data) != data.size() || !file.commit())
        QMessageBox::warning(
            this, tr("Save failed"),
            tr("Could not write %1: %2").arg(QDir::toNativeSeparators(path), file.errorString()));
}

void NewCertificateDialog::saveKey() {
    if (!m_result.key)
        return;
    const QString path = QFileDialog::getSaveFileName(this, tr("Save Private Key"), {},
                                                      tr("PEM private key (*.key *.pem)"));
    if (path.isEmpty())
        return;
    // core writes keys atomically with mode 0600.
    if (auto saved = m_result.key->save(path.toStdString()); !saved)
        QMessageBox::warning(this, tr("Save failed"), toQString(saved.error().message));
}

} // namespace gatehouse::ui
