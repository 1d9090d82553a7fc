#include "resourceform.h"

#include "documents/documenteditor.h"
#include "documents/workspacesession.h"
#include "support/convert.h"

#include <QLabel>

namespace gatehouse::ui {

QStringList splitList(const QString &text) {
    QStringList out;
    for (const QString &part : text.split(u',', Qt::SkipEmptyParts)) {
        const QString trimmed = part.trimmed();
        if (!trimmed.isEmpty())
            out.append(trimmed);
    }
    return out;
}

ResourceForm::ResourceForm(WorkspaceSession *session, DocumentEditor *document, int fileIndex,
                           int documentIndex, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_document(document)
    , m_fileIndex(fileIndex)
    , m_documentIndex(documentIndex)
    , m_error(new QLabel) {
    m_error->setObjectName(QStringLiteral("formError"));
    m_error->setWordWrap(true);
    m_error->setVisible(false);
    QPalette pal = m_error->palette();
    pal.setColor(QPalette::WindowText, QColor(0xd9, 0x30, 0x25));
    m_error->setPalette(pal);
}

const core::Model &ResourceForm::model() const {
    return m_session->model();
}

bool ResourceForm::canEdit() const {
    return !m_refreshing && m_session && m_document;
}

void ResourceForm::apply(const Result<QString> &text) {
    if (!text) {
        showError(tr("The change was not applied: %1").arg(toQString(text.error().message)));
        return;
    }
    m_error->setVisible(false);
    if (m_document)
        m_document->applyText(*text);
}

void ResourceForm::setScalar(const core::YamlPath &path, const QString &value,
                             core::ScalarStyle style, bool removeWhenEmpty) {
    if (!canEdit())
        return;
    if (value.isEmpty() && removeWhenEmpty) {
        // Nothing to remove when the key is not there.
        const auto &files = m_session->workspace().files();
        if (m_fileIndex < 0 || size_t(m_fileIndex) >= files.size())
            return;
        const YAML::Node node = files[size_t(m_fileIndex)].find(m_documentIndex, path);
        if (!node.IsDefined() || node.IsNull())
            return;
        apply(m_session->textWithout(m_fileIndex, m_documentIndex, path));
        return;
    }
    apply(m_session->textWithScalar(m_fileIndex, m_documentIndex, path, value, style));
}

void ResourceForm::setList(const core::YamlPath &path, const QStringList &values) {
    if (!canEdit())
        return;
    if (values.isEmpty()) {
        setScalar(path, {}, core::ScalarStyle::Auto, true);
        return;
    }
    YAML::Node list(YAML::NodeType::Sequence);
    for (const QString &v : values)
        list.push_back(v.toStdString());
    apply(m_session->textWithNode(m_fileIndex, m_documentIndex, path, list));
}

int ResourceForm::itemCount(const core::YamlPath &path) const {
    if (!m_session)
        return 0;
    const auto &files = m_session->workspace().files();
    if (m_fileIndex < 0 || size_t(m_fileIndex) >= files.size())
        return 0;
    const YAML::Node node = files[size_t(m_fileIndex)].find(m_documentIndex, path);
    return node.IsDefined() && node.IsSequence() ? int(node.size()) : 0;
}

void ResourceForm::appendItem(const core::YamlPath &path, const YAML::Node &item) {
    if (!canEdit())
        return;
    // Setting the item one past the end appends it (core creates the list when needed).
    apply(m_session->textWithNode(m_fileIndex, m_documentIndex, path.index(itemCount(path)), item));
}

void ResourceForm::removeItem(const core::YamlPath &path, int index) {
    if (!canEdit() || index < 0 || index >= itemCount(path))
        return;
    apply(m_session->textWithout(m_fileIndex, m_documentIndex, path.index(index)));
}

void ResourceForm::showError(const QString &message) {
    m_error->setText(message);
    m_error->setVisible(true);
}

} // namespace gatehouse::ui
