#include "sidebysidediff.h"

#include <QFontDatabase>
#include <QGridLayout>
#include <QLabel>
#include <QList>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QTextBlock>
#include <QTextCursor>

namespace gatehouse::ui {
namespace {

enum class Row { Same, Removed, Added, Padding, Hunk };

struct Line {
    QString text;
    Row row = Row::Same;
};

void fill(QPlainTextEdit *edit, const QList<Line> &lines) {
    QStringList text;
    for (const Line &l : lines)
        text.append(l.text);
    edit->setPlainText(text.join(u'\n'));
    QList<QTextEdit::ExtraSelection> marks;
    const QPalette palette = edit->palette();
    const bool dark = palette.color(QPalette::Base).lightness() < 128;
    QTextBlock block = edit->document()->firstBlock();
    for (const Line &l : lines) {
        QColor color;
        switch (l.row) {
        case Row::Removed:
            color = dark ? QColor(0x5a, 0x1e, 0x1e) : QColor(0xff, 0xdd, 0xdd);
            break;
        case Row::Added:
            color = dark ? QColor(0x1e, 0x4a, 0x1e) : QColor(0xdd, 0xff, 0xdd);
            break;
        case Row::Padding:
            color = palette.color(QPalette::AlternateBase);
            break;
        case Row::Hunk:
            color = dark ? QColor(0x1e, 0x2e, 0x4a) : QColor(0xdd, 0xe8, 0xff);
            break;
        case Row::Same:
            break;
        }
        if (color.isValid()) {
            QTextEdit::ExtraSelection mark;
            mark.cursor = QTextCursor(block);
            mark.format.setBackground(color);
            mark.format.setProperty(QTextFormat::FullWidthSelection, true);
            marks.append(mark);
        }
        block = block.next();
    }
    edit->setExtraSelections(marks);
}

QPlainTextEdit *pane(const QString &name) {
    auto *edit = new QPlainTextEdit;
    edit->setObjectName(name);
    edit->setReadOnly(true);
    edit->setLineWrapMode(QPlainTextEdit::NoWrap);
    edit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    edit->setTextInteractionFlags(Qt::TextSelectableByKeyboard | Qt::TextSelectableByMouse);
    return edit;
}

} // namespace

SideBySideDiff::SideBySideDiff(QWidget *parent)
    : QWidget(parent)
    , m_leftTitle(new QLabel(tr("Live (cluster)")))
    , m_rightTitle(new QLabel(tr("Local (after apply)")))
    , m_left(pane(QStringLiteral("diffLive")))
    , m_right(pane(QStringLiteral("diffLocal"))) {
    m_left->setAccessibleName(tr("Live object"));
    m_right->setAccessibleName(tr("Local object after apply"));
    auto *layout = new QGridLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_leftTitle, 0, 0);
    layout->addWidget(m_rightTitle, 0, 1);
    layout->addWidget(m_left, 1, 0);
    layout->addWidget(m_right, 1, 1);
    // The panes move together.
    for (auto [a, b] : {std::pair{m_left, m_right}, std::pair{m_right, m_left}}) {
        connect(a->verticalScrollBar(), &QScrollBar::valueChanged, b->verticalScrollBar(),
                &QScrollBar::setValue);
        connect(a->horizontalScrollBar(), &QScrollBar::valueChanged, b->horizontalScrollBar(),
                &QScrollBar::setValue);
    }
}

void SideBySideDiff::clear() {
    m_left->clear();
    m_right->clear();
}

void SideBySideDiff::setDiff(const QString &unifiedDiff, const QString &emptyText) {
    if (unifiedDiff.isEmpty()) {
        fill(m_left, {{emptyText, Row::Same}});
        fill(m_right, {{emptyText, Row::Same}});
        return;
    }
    QList<Line> left;
    QList<Line> right;
    QList<QString> removed;
    QList<QString> added;
    // A run of removals and additions pairs up line by line; the shorter side is padded.
    auto flush = [&] {
        const qsizetype n = std::max(removed.size(), added.size());
        for (qsizetype i = 0; i < n; ++i) {
            left.append(i < removed.size() ? Line{removed[i], Row::Removed}
                                           : Line{QString(), Row::Padding});
            right.append(i < added.size() ? Line{added[i], Row::Added}
                                          : Line{QString(), Row::Padding});
        }
        removed.clear();
        added.clear();
    };
    const QStringList lines = unifiedDiff.split(u'\n');
    for (const QString &line : lines) {
        if (line.startsWith(u"--- ")) {
            m_leftTitle->setText(line.mid(4));
            continue;
        }
        if (line.startsWith(u"+++ ")) {
            m_rightTitle->setText(line.mid(4));
            continue;
        }
        if (line.startsWith(u"@@")) {
            flush();
            left.append({line, Row::Hunk});
            right.append({line, Row::Hunk});
        } else if (line.startsWith(u'-')) {
            removed.append(line.mid(1));
        } else if (line.startsWith(u'+')) {
            added.append(line.mid(1));
        } else {
            flush();
            if (line.isEmpty() && &line == &lines.last())
                continue;
            const QString text = line.startsWith(u' ') ? line.mid(1) : line;
            left.append({text, Row::Same});
            right.append({text, Row::Same});
        }
    }
    flush();
    fill(m_left, left);
    fill(m_right, right);
}

} // namespace gatehouse::ui
