#include "documenteditor.h"

#include "editor/codeeditor.h"

#include <QScrollArea>
#include <QSplitter>
#include <QTextBlock>
#include <QTextDocument>
#include <QVBoxLayout>

namespace gatehouse::ui {

DocumentEditor::DocumentEditor(const QString &path, QWidget *parent)
    : QWidget(parent)
    , m_path(path)
    , m_split(new QSplitter)
    , m_editor(new CodeEditor) {
    setObjectName(QStringLiteral("documentEditor"));
    m_editor->setObjectName(QStringLiteral("yamlEditor"));
    m_split->addWidget(m_editor);
    m_split->setChildrenCollapsible(false);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_split);
    connect(m_editor->document(), &QTextDocument::contentsChanged, this,
            &DocumentEditor::textChanged);
    connect(m_editor->document(), &QTextDocument::modificationChanged, this,
            &DocumentEditor::dirtyChanged);
}

QTextDocument *DocumentEditor::document() const {
    return m_editor->document();
}

QString DocumentEditor::text() const {
    return m_editor->toPlainText();
}

void DocumentEditor::resetText(const QString &text) {
    const QSignalBlocker block(m_editor->document());
    m_editor->setPlainText(text);
    m_editor->document()->clearUndoRedoStacks();
    m_editor->document()->setModified(false);
    Q_EMIT dirtyChanged(false);
    Q_EMIT textChanged();
}

void DocumentEditor::applyText(const QString &text) {
    const QString old = this->text();
    if (old == text)
        return;
    qsizetype prefix = 0;
    const qsizetype maxPrefix = std::min(old.size(), text.size());
    while (prefix < maxPrefix && old.at(prefix) == text.at(prefix))
        ++prefix;
    qsizetype suffix = 0;
    while (suffix < old.size() - prefix && suffix < text.size() - prefix &&
           old.at(old.size() - 1 - suffix) == text.at(text.size() - 1 - suffix))
        ++suffix;
    QTextCursor cursor(m_editor->document());
    cursor.beginEditBlock();
    cursor.setPosition(int(prefix));
    cursor.setPosition(int(old.size() - suffix), QTextCursor::KeepAnchor);
    cursor.insertText(text.mid(prefix, text.size() - prefix - suffix));
    cursor.endEditBlock();
}

void DocumentEditor::markSaved() {
    m_editor->document()->setModified(false);
}

bool DocumentEditor::isDirty() const {
    return m_editor->document()->isModified();
}

void DocumentEditor::setForm(QWidget *form) {
    if (m_form == form)
        return;
    if (m_form)
        m_form->deleteLater();
    m_form = form;
    if (!form)
        return;
    auto *scroll = new QScrollArea;
    scroll->setWidgetResizable(true);
    scroll->setWidget(form);
    scroll->setFrameShape(QFrame::NoFrame);
    connect(form, &QObject::destroyed, scroll, &QObject::deleteLater);
    m_split->insertWidget(0, scroll);
    m_split->setStretchFactor(0, 1);
    m_split->setStretchFactor(1, 1);
}

} // namespace gatehouse::ui
