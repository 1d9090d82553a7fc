#include "editor/codeeditor.h"
#include "editor/yamlhighlighter.h"
#include "support/colors.h"

#include <QApplication>
#include <QSyntaxHighlighter>
#include <QTest>
#include <QTextBlock>
#include <QTextLayout>

using namespace gatehouse::ui;

class tst_CodeEditor : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void goTo_data();
    void goTo();
    void markersUnderlineAndTooltip();
    void markersPastTheEnd();
    void gutterGrowsWithLines();
    void highlighterFormats_data();
    void highlighterFormats();
    void paletteStaysReadable_data();
    void paletteStaysReadable();
};

static const char *sample = "apiVersion: networking.istio.io/v1beta1\n"
                            "kind: Gateway # the kind\n"
                            "spec:\n"
                            "  servers:\n"
                            "    - port:\n"
                            "        number: 443\n"
                            "      tls:\n"
                            "        httpsRedirect: true\n"
                            "        name: \"quoted # not a comment\"\n";

void tst_CodeEditor::goTo_data() {
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("column");
    QTest::addColumn<int>("expectLine");
    QTest::addColumn<int>("expectColumn");
    QTest::newRow("start") << 1 << 1 << 1 << 1;
    QTest::newRow("middle") << 6 << 17 << 6 << 17;
    QTest::newRow("column clamped") << 2 << 500 << 2 << 25;
    QTest::newRow("line clamped") << 999 << 1 << 10 << 1;
    QTest::newRow("zero") << 0 << 0 << 1 << 1;
}

void tst_CodeEditor::goTo() {
    QFETCH(int, line);
    QFETCH(int, column);
    QFETCH(int, expectLine);
    QFETCH(int, expectColumn);
    CodeEditor editor;
    editor.setPlainText(QString::fromUtf8(sample));
    editor.goTo(line, column);
    QCOMPARE(editor.currentLine(), expectLine);
    QCOMPARE(editor.currentColumn(), expectColumn);
}

void tst_CodeEditor::markersUnderlineAndTooltip() {
    CodeEditor editor;
    editor.setPlainText(QString::fromUtf8(sample));
    editor.setMarkers({{6, 17, 3, MarkerSeverity::Error, QStringLiteral("port out of range")},
                       {2, 7, 0, MarkerSeverity::Warning, QStringLiteral("odd kind")}});
    QCOMPARE(editor.markersAt(6).size(), 1);
    QCOMPARE(editor.markersAt(2).size(), 1);
    QVERIFY(editor.markersAt(3).isEmpty());

    bool sawError = false;
    bool sawWarning = false;
    for (const QTextEdit::ExtraSelection &sel : editor.extraSelections()) {
        if (sel.format.underlineStyle() != QTextCharFormat::WaveUnderline)
            continue;
        if (sel.cursor.selectedText() == QLatin1String("443")) {
            sawError = true;
            QCOMPARE(sel.format.toolTip(), QStringLiteral("port out of range"));
        }
        if (sel.cursor.selectedText() == QLatin1String("Gateway # the kind")) {
            sawWarning = true;
            QCOMPARE(sel.format.toolTip(), QStringLiteral("odd kind"));
        }
    }
    QVERIFY(sawError);
    QVERIFY(sawWarning);

    editor.setMarkers({});
    for (const QTextEdit::ExtraSelection &sel : editor.extraSelections())
        QVERIFY(sel.format.underlineStyle() != QTextCharFormat::WaveUnderline);
}

void tst_CodeEditor::markersPastTheEnd() {
    CodeEditor editor;
    editor.setPlainText(QStringLiteral("a: 1\nb: 2"));
    editor.setMarkers({{40, 3, 0, MarkerSeverity::Error, QStringLiteral("late")}});
    // Clamped to the last line, and the whole of it is underlined.
    QCOMPARE(editor.markersAt(2).size(), 1);
    bool found = false;
    for (const QTextEdit::ExtraSelection &sel : editor.extraSelections()) {
        if (sel.format.underlineStyle() == QTextCharFormat::WaveUnderline) {
            QCOMPARE(sel.cursor.block().blockNumber(), 1);
            found = true;
        }
    }
    QVERIFY(found);
}

void tst_CodeEditor::gutterGrowsWithLines() {
    CodeEditor editor;
    editor.setPlainText(QStringLiteral("a: 1"));
    const int narrow = editor.gutterWidth();
    QString many;
    for (int i = 0; i < 20000; ++i)
        many += QStringLiteral("k%1: v\n").arg(i);
    editor.setPlainText(many);
    QVERIFY(editor.gutterWidth() > narrow);
}

void tst_CodeEditor::highlighterFormats_data() {
    QTest::addColumn<int>("line");
    QTest::addColumn<QString>("token");
    QTest::addColumn<bool>("sameAsKey"); // whether the token is coloured like a key
    QTest::addColumn<bool>("italic");    // comments are italic
    QTest::newRow("key") << 1 << "apiVersion" << true << false;
    QTest::newRow("nested key") << 6 << "number" << true << false;
    QTest::newRow("comment") << 2 << "# the kind" << false << true;
    QTest::newRow("quoted hash is no comment") << 9 << "# not a comment" << false << false;
}

void tst_CodeEditor::highlighterFormats() {
    if (CodeEditor::usesKSyntaxHighlighting())
        QSKIP("built with KSyntaxHighlighting: its formats are its own");
    QFETCH(int, line);
    QFETCH(QString, token);
    QFETCH(bool, sameAsKey);
    QFETCH(bool, italic);

    CodeEditor editor;
    editor.setPlainText(QString::fromUtf8(sample));
    auto formatAt = [&](int lineNumber, const QString &text) {
        const QTextBlock block = editor.document()->findBlockByNumber(lineNumber - 1);
        const int pos = int(block.text().indexOf(text));
        for (const QTextLayout::FormatRange &r : block.layout()->formats()) {
            if (pos >= r.start && pos < r.start + r.length)
                return r.format;
        }
        return QTextCharFormat();
    };
    const QTextCharFormat key = formatAt(1, QStringLiteral("apiVersion"));
    QVERIFY(key.hasProperty(QTextFormat::ForegroundBrush));
    const QTextCharFormat f = formatAt(line, token);
    QVERIFY2(f.hasProperty(QTextFormat::ForegroundBrush), qPrintable(token));
    QCOMPARE(f.foreground() == key.foreground(), sameAsKey);
    QCOMPARE(f.fontItalic(), italic);
}

namespace {
// A dark palette as desktops set it (Breeze Dark's colours); `faintDisabled` keeps the
// Disabled group's dim text, as Breeze does, instead of the same colour everywhere.
QPalette darkPalette(bool faintDisabled) {
    QPalette p;
    p.setColor(QPalette::Window, QColor(0x2a, 0x2e, 0x32));
    p.setColor(QPalette::WindowText, QColor(0xfc, 0xfc, 0xfc));
    p.setColor(QPalette::Base, QColor(0x1b, 0x1e, 0x20));
    p.setColor(QPalette::AlternateBase, QColor(0x23, 0x26, 0x29));
    p.setColor(QPalette::Text, QColor(0xfc, 0xfc, 0xfc));
    p.setColor(QPalette::Button, QColor(0x31, 0x36, 0x3b));
    p.setColor(QPalette::ButtonText, QColor(0xfc, 0xfc, 0xfc));
    p.setColor(QPalette::Highlight, QColor(0x3d, 0xae, 0xe9));
    p.setColor(QPalette::HighlightedText, QColor(0xfc, 0xfc, 0xfc));
    if (faintDisabled)
        p.setColor(QPalette::Disabled, QPalette::Text, QColor(0x4b, 0x4f, 0x53));
    return p;
}

QPalette lightPalette() {
    QPalette p;
    p.setColor(QPalette::Window, QColor(0xef, 0xf0, 0xf1));
    p.setColor(QPalette::WindowText, QColor(0x23, 0x26, 0x29));
    p.setColor(QPalette::Base, Qt::white);
    p.setColor(QPalette::AlternateBase, QColor(0xf7, 0xf7, 0xf7));
    p.setColor(QPalette::Text, QColor(0x23, 0x26, 0x29));
    p.setColor(QPalette::Disabled, QPalette::Text, QColor(0xa0, 0xa1, 0xa2));
    return p;
}
} // namespace

void tst_CodeEditor::paletteStaysReadable_data() {
    QTest::addColumn<QPalette>("palette");
    QTest::addColumn<bool>("dark");
    QTest::newRow("light") << lightPalette() << false;
    QTest::newRow("dark") << darkPalette(false) << true;
    QTest::newRow("dark, faint disabled text") << darkPalette(true) << true;
}

// The app follows the platform palette: whatever the desktop sets, every highlighted token
// and the line numbers stay legible on the editor's background (WCAG contrast >= 4.5).
void tst_CodeEditor::paletteStaysReadable() {
    QFETCH(QPalette, palette);
    QFETCH(bool, dark);
    const QPalette before = QApplication::palette();
    QApplication::setPalette(palette);
    CodeEditor editor;
    editor.setPlainText(QString::fromUtf8(sample));
    editor.show();
    const QColor base = editor.palette().color(QPalette::Base);
    QCOMPARE(base, palette.color(QPalette::Base));
    QCOMPARE(base.lightness() < 128, dark);
    auto worstContrast = [&] {
        double worst = 21.0;
        QStringList report;
        for (QTextBlock b = editor.document()->begin(); b.isValid(); b = b.next()) {
            for (const QTextLayout::FormatRange &r : b.layout()->formats()) {
                if (!r.format.hasProperty(QTextFormat::ForegroundBrush))
                    continue;
                const double c = gatehouse::ui::contrastRatio(r.format.foreground().color(), base);
                worst = std::min(worst, c);
            }
        }
        return worst;
    };
    QVERIFY2(worstContrast() >= 4.5, qPrintable(QString::number(worstContrast())));
    QVERIFY(gatehouse::ui::contrastRatio(gatehouse::ui::mutedTextColor(editor.palette()), base) >=
            4.5);

    // Switching the desktop's palette while the editor is open re-colours it.
    if (!CodeEditor::usesKSyntaxHighlighting()) {
        const QPalette other = dark ? lightPalette() : darkPalette(true);
        QApplication::setPalette(other);
        QTRY_COMPARE(editor.palette().color(QPalette::Base), other.color(QPalette::Base));
        const QColor otherBase = other.color(QPalette::Base);
        double worst = 21.0;
        for (QTextBlock b = editor.document()->begin(); b.isValid(); b = b.next())
            for (const QTextLayout::FormatRange &r : b.layout()->formats())
                if (r.format.hasProperty(QTextFormat::ForegroundBrush))
                    worst = std::min(worst, gatehouse::ui::contrastRatio(
                                                r.format.foreground().color(), otherBase));
        QVERIFY2(worst >= 4.5, qPrintable(QString::number(worst)));
    }
    QApplication::setPalette(before);
}

QTEST_MAIN(tst_CodeEditor)
#include "tst_codeeditor.moc"
