#include "tlsmaterialform.h"

#include "certificates/validitytimeline.h"
#include "documents/documenteditor.h"
#include "documents/workspacesession.h"
#include "support/convert.h"
#include "support/icons.h"

#include "tls/certificatebuilder.h"
#include "tls/certificateloader.h"

#include <QDir>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QVBoxLayout>

namespace gatehouse::ui {

namespace {
const core::Scalar *findValue(const core::ScalarMap &map, const char *key) {
    return map.find(key);
}

// "istio-system/*.example.com" → "*.example.com"; "*" stays.
QString hostPart(const std::string &host) {
    const QString h = toQString(host);
    const qsizetype slash = h.indexOf(u'/');
    return slash >= 0 ? h.mid(slash + 1) : h;
}
} // namespace

TlsMaterialForm::TlsMaterialForm(Kind kind, WorkspaceSession *session, DocumentEditor *document,
                                 int fileIndex, int documentIndex, QWidget *parent)
    : ResourceForm(session, document, fileIndex, documentIndex, parent)
    , m_kind(kind)
    , m_title(new QLabel)
    , m_summary(new QLabel)
    , m_timeline(new ValidityTimeline)
    , m_hosts(new QListWidget)
    , m_inspect(new QPushButton(Icons::icon(QStringLiteral("certificate")), tr("&Inspect…"))) {
    setObjectName(QStringLiteral("tlsMaterialForm"));
    QFont bold = m_title->font();
    bold.setBold(true);
    bold.setPointSizeF(bold.pointSizeF() * 1.2);
    m_title->setFont(bold);
    m_title->setObjectName(QStringLiteral("formTitle"));
    m_summary->setObjectName(QStringLiteral("certificateSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_hosts->setObjectName(QStringLiteral("coveredHosts"));
    m_hosts->setAccessibleName(tr("Gateway hosts"));

    auto *loadCert =
        new QPushButton(Icons::icon(QStringLiteral("open-file")), tr("Load &Certificate…"));
    auto *loadKey = new QPushButton(Icons::icon(QStringLiteral("open-file")), tr("Load &Key…"));
    auto *generate = new QPushButton(Icons::icon(QStringLiteral("new-certificate")),
                                     tr("&Generate Demo Certificate"));
    generate->setObjectName(QStringLiteral("generateButton"));
    m_inspect->setObjectName(QStringLiteral("inspectButton"));
    loadCert->setObjectName(QStringLiteral("loadCertificateButton"));
    loadKey->setObjectName(QStringLiteral("loadKeyButton"));
    connect(loadCert, &QPushButton::clicked, this, &TlsMaterialForm::chooseCertificateFile);
    connect(loadKey, &QPushButton::clicked, this, &TlsMaterialForm::chooseKeyFile);
    connect(generate, &QPushButton::clicked, this, &TlsMaterialForm::generateDemoCertificate);
    connect(m_inspect, &QPushButton::clicked, this,
            [this] { Q_EMIT inspectRequested(m_certs, m_key); });

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(loadCert);
    buttons->addWidget(loadKey);
    buttons->addWidget(generate);
    buttons->addWidget(m_inspect);
    buttons->addStretch(1);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addWidget(errorLabel());
    layout->addWidget(m_summary);
    layout->addWidget(m_timeline);
    layout->addWidget(new QLabel(tr("Gateway hosts this certificate must cover:")));
    layout->addWidget(m_hosts, 1);
    layout->addLayout(buttons);
    refresh();
}

QString TlsMaterialForm::certKey() const {
    return m_certKey;
}

QString TlsMaterialForm::keyKey() const {
    return m_keyKey;
}

QStringList TlsMaterialForm::hostsToCover() const {
    // The hosts of the Gateway servers this material serves: for a Secret those whose
    // credentialName names it; for Kyma's override, every TLS server (it feeds
    // kyma-gateway's default certificate).
    QString secretName;
    if (m_kind == Kind::Secret) {
        for (const core::Secret &s : model().secrets) {
            if (s.meta.fileIndex == fileIndex() && s.meta.document == documentIndex())
                secretName = toQString(s.meta.name.value);
        }
    }
    QStringList hosts;
    for (const core::Gateway &g : model().gateways) {
        for (const core::GatewayServer &server : g.servers) {
            const bool tls = server.tls.mode.value == "SIMPLE" ||
                             server.tls.mode.value == "MUTUAL" ||
                             server.tls.mode.value == "OPTIONAL_MUTUAL";
            if (!tls)
                continue;
            if (m_kind == Kind::Secret && toQString(server.tls.credentialName.value) != secretName)
                continue;
            for (const core::Scalar &h : server.hosts) {
                const QString host = hostPart(h.value);
                if (!hosts.contains(host))
                    hosts << host;
            }
        }
    }
    return hosts;
}

void TlsMaterialForm::refresh() {
    m_refreshing = true;
    m_certs.clear();
    m_key.reset();
    std::optional<std::string> certText;
    std::optional<std::string> keyText;
    bool found = false;
    if (m_kind == Kind::Override) {
        m_certKey = QString::fromLatin1(core::ConfigMap::TlsCertKey);
        m_keyKey = QString::fromLatin1(core::ConfigMap::TlsKeyKey);
        for (const core::ConfigMap &c : model().configMaps) {
            if (c.meta.fileIndex != fileIndex() || c.meta.document != documentIndex())
                continue;
            found = true;
            m_title->setText(tr("TLS override %1").arg(toQString(c.meta.displayName())));
            if (const core::Scalar *s = findValue(c.data, core::ConfigMap::TlsCertKey))
                certText = s->value;
            if (const core::Scalar *s = findValue(c.data, core::ConfigMap::TlsKeyKey))
                keyText = s->value;
        }
    } else {
        for (const core::Secret &s : model().secrets) {
            if (s.meta.fileIndex != fileIndex() || s.meta.document != documentIndex())
                continue;
            found = true;
            m_title->setText(toQString(s.meta.displayName()));
            // Kyma's kyma-gateway-certs uses cert/key; kubernetes.io/tls uses tls.crt/tls.key.
            const bool opaqueNames = s.data.find("cert") || s.data.find("key");
            m_certKey = opaqueNames ? QStringLiteral("cert") : QStringLiteral("tls.crt");
            m_keyKey = opaqueNames ? QStringLiteral("key") : QStringLiteral("tls.key");
            certText = s.certificatePem();
            keyText = s.privateKeyPem();
        }
    }
    if (!found) {
        m_title->setText(tr("This document no longer holds TLS material."));
        m_refreshing = false;
        return;
    }

    QStringList lines;
    if (certText && !certText->empty()) {
        if (auto certs = core::loadCertificates(*certText); certs) {
            m_certs = std::move(*certs);
        } else {
            lines << tr("The certificate cannot be read: %1").arg(toQString(certs.error().message));
        }
    } else {
        lines << tr("No certificate yet.");
    }
    if (keyText && !keyText->empty()) {
        if (auto key = core::PrivateKey::fromData(*keyText); key)
            m_key = std::move(*key);
        else
            lines << tr("The private key cannot be read: %1").arg(toQString(key.error().message));
    } else {
        lines << tr("No private key yet.");
    }
    if (!m_certs.empty()) {
        const core::CertificateInfo info = m_certs.front().info();
        QStringList sans = toQStringList(info.dnsNames) + toQStringList(info.ipAddresses);
        lines.prepend(tr("Subject: %1").arg(toQString(info.subject)));
        lines.insert(1, tr("Alternative names: %1")
                            .arg(sans.isEmpty() ? tr("none") : sans.join(QStringLiteral(", "))));
        lines.insert(2, tr("Key: %1").arg(toQString(info.publicKey.description())));
        if (m_key)
            lines << (m_key->matches(m_certs.front())
                          ? tr("The private key matches the certificate.")
                          : tr("The private key does NOT match the certificate."));
        m_timeline->setValidity(toQDateTime(info.notBefore), toQDateTime(info.notAfter));
    } else {
        m_timeline->clear();
    }
    m_summary->setText(lines.join(u'\n'));

    m_hosts->clear();
    for (const QString &host : hostsToCover()) {
        const bool covered = !m_certs.empty() && m_certs.front().coversHost(host.toStdString());
        auto *item = new QListWidgetItem(
            Icons::icon(covered ? QStringLiteral("info") : QStringLiteral("error")),
            covered ? tr("%1 – covered").arg(host) : tr("%1 – NOT covered").arg(host), m_hosts);
        item->setData(Qt::UserRole, covered);
    }
    m_inspect->setEnabled(!m_certs.empty());
    m_refreshing = false;
}

void TlsMaterialForm::setMaterial(const std::vector<core::Certificate> &chain,
                                  const core::PrivateKey &key) {
    auto certPem = core::certificatesToPem(chain);
    auto keyPem = key.toPem();
    if (!certPem || !keyPem) {
        showError(tr("The certificate or key cannot be written as PEM."));
        return;
    }
    const core::YamlPath data = core::YamlPath().key("data");
    setScalar(data.key(certKey().toStdString()), toQString(core::base64Encode(*certPem)),
              core::ScalarStyle::String);
    setScalar(data.key(keyKey().toStdString()), toQString(core::base64Encode(*keyPem)),
              core::ScalarStyle::String);
}

void TlsMaterialForm::generateDemoCertificate() {
    QStringList hosts = hostsToCover();
    hosts.removeAll(QStringLiteral("*"));
    if (hosts.isEmpty())
        hosts << QStringLiteral("*.local.kyma.dev");
    // An EC P-256 key takes well under a millisecond: no need to leave the GUI thread.
    auto key = core::PrivateKey::generate(core::KeyAlgorithm::EcdsaP256);
    if (!key) {
        showError(toQString(key.error().message));
        return;
    }
    auto cert =
        core::createSelfSigned(core::CertificateSpec::serverLeaf(toStdStrings(hosts)), *key);
    if (!cert) {
        showError(toQString(cert.error().message));
        return;
    }
    setMaterial({*cert}, *key);
}

void TlsMaterialForm::chooseCertificateFile() {
    const QString path =
        QFileDialog::getOpenFileName(this, tr("Load Certificate"), {},
                                     tr("Certificates (*.pem *.crt *.cer *.der);;All files (*)"));
    if (!path.isEmpty())
        loadCertificateFile(path);
}

void TlsMaterialForm::chooseKeyFile() {
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Load Private Key"), {}, tr("Private keys (*.pem *.key);;All files (*)"));
    if (!path.isEmpty())
        loadKeyFile(path);
}

bool TlsMaterialForm::loadCertificateFile(const QString &path) {
    auto certs = core::loadCertificatesFile(path.toStdString());
    if (!certs) {
        showError(
            tr("%1: %2").arg(QDir::toNativeSeparators(path), toQString(certs.error().message)));
        return false;
    }
    auto pem = core::certificatesToPem(*certs);
    if (!pem) {
        showError(toQString(pem.error().message));
        return false;
    }
    setScalar(core::YamlPath().key("data").key(certKey().toStdString()),
              toQString(core::base64Encode(*pem)), core::ScalarStyle::String);
    return true;
}

bool TlsMaterialForm::loadKeyFile(const QString &path) {
    auto key = core::PrivateKey::load(path.toStdString());
    if (!key) {
        showError(tr("%1: %2").arg(QDir::toNativeSeparators(path), toQString(key.error().message)));
        return false;
    }
    auto pem = key->toPem();
    if (!pem) {
        showError(toQString(pem.error().message));
        return false;
    }
    setScalar(core::YamlPath().key("data").key(keyKey().toStdString()),
              toQString(core::base64Encode(*pem)), core::ScalarStyle::String);
    return true;
}

} // namespace gatehouse::ui
