#include "aboutdialog.h"

#include "support/icons.h"

#include "common/buildinfo.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

namespace gatehouse::ui {

AboutDialog::AboutDialog(QWidget *parent)
    : QDialog(parent) {
    setWindowTitle(tr("About Gatehouse"));
    setObjectName(QStringLiteral("aboutDialog"));

    auto *icon = new QLabel;
    icon->setPixmap(Icons::appIcon().pixmap(64, 64));
    icon->setAlignment(Qt::AlignTop);

    auto *text = new QLabel;
    text->setObjectName(QStringLiteral("aboutText"));
    text->setTextFormat(Qt::RichText);
    text->setWordWrap(true);
    text->setTextInteractionFlags(Qt::TextBrowserInteraction);
    text->setOpenExternalLinks(true);
    text->setText(
        tr("<h2>Gatehouse %1</h2>"
           "<p>A console for the ingress and egress traffic of Kyma/Istio clusters: edit "
           "Gateways, ServiceEntries and TLS settings visually and as YAML, inspect and "
           "create certificates, run the configuration on a local gateway and scan it.</p>"
           "<p>Built with Qt %2 (running on Qt %3) and %4.</p>")
            .arg(QString::fromUtf8(versionString().data(), qsizetype(versionString().size())),
                 QStringLiteral(QT_VERSION_STR), QString::fromLatin1(qVersion()),
                 QString::fromUtf8(openSslVersionString().data(),
                                   qsizetype(openSslVersionString().size()))));

    auto *row = new QHBoxLayout;
    row->addWidget(icon);
    row->addWidget(text, 1);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(row);
    layout->addWidget(buttons);
    setMinimumWidth(420);
}

} // namespace gatehouse::ui
