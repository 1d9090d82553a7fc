// YamlTree (libyaml) is the read path, yaml-cpp the edit path: these tests pin the
// tree's meaning and prove that both parsers agree on every YAML file in the tests.
#include "yaml/yamlfile.h"
#include "yaml/yamltree.h"

#include <QDirIterator>
#include <QFile>
#include <QTest>

#include <yaml-cpp/yaml.h>

using namespace gatehouse::core;

namespace {

YamlTree parsed(std::string_view text) {
    auto t = YamlTree::parse(text);
    if (!t)
        qFatal("parse failed: %s", t.error().message.c_str());
    return std::move(*t);
}

// Compares a YamlTree node with the yaml-cpp node of the same text: type, scalar
// value, children, and line/column; returns the first difference.
QString compare(const YamlNode &a, const YAML::Node &b, const QString &where) {
    const auto at = [&](const QString &what) {
        return where + QStringLiteral(": ") + what;
    };
    switch (b.Type()) {
    case YAML::NodeType::Undefined:
        return a.isDefined() ? at(QStringLiteral("defined only in libyaml")) : QString();
    case YAML::NodeType::Null:
        if (!a.isNull())
            return at(QStringLiteral("yaml-cpp null, libyaml not"));
        break;
    case YAML::NodeType::Scalar:
        if (!a.isScalar() || a.scalar() != b.Scalar())
            return at(QStringLiteral("scalar '%1' vs '%2'")
                          .arg(QString::fromStdString(std::string(a.scalar())),
                               QString::fromStdString(b.Scalar())));
        break;
    case YAML::NodeType::Sequence:
        if (!a.isSequence() || a.size() != b.size())
            return at(QStringLiteral("sequence shape"));
        for (size_t i = 0; i < b.size(); ++i) {
            const QString d = compare(a[i], b[i], where + QStringLiteral("[%1]").arg(i));
            if (!d.isEmpty())
                return d;
        }
        break;
    case YAML::NodeType::Map: {
        if (!a.isMap() || a.size() != b.size())
            return at(QStringLiteral("map shape"));
        size_t i = 0;
        for (auto it = b.begin(); it != b.end(); ++it, ++i) {
            const QString k = QString::fromStdString(it->first.Scalar());
            QString d = compare(a.keyAt(i), it->first, where + QStringLiteral(".<key ") + k + u'>');
            if (d.isEmpty())
                d = compare(a.valueAt(i), it->second, where + u'.' + k);
            if (!d.isEmpty())
                return d;
        }
        break;
    }
    }
    if (a.line() != b.Mark().line || a.column() != b.Mark().column)
        return at(QStringLiteral("mark %1:%2 vs %3:%4")
                      .arg(a.line())
                      .arg(a.column())
                      .arg(b.Mark().line)
                      .arg(b.Mark().column));
    return {};
}

} // namespace

class TestYamlTree : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void scalarsNullsAndStyles() {
        const YamlTree t = parsed("a: 1\nb:\nc: ~\nd: null\ne: \"\"\nf: 'null'\ng: \"tab\\there\"\n"
                                  "h: |\n  line1\n  line2\ni: [x, {y: z}]\n");
        const YamlNode r = t.root();
        QVERIFY(r.isMap());
        QCOMPARE(r.size(), size_t(9));
        QCOMPARE(r["a"].scalar(), std::string_view("1"));
        QVERIFY(r["b"].isNull());
        QVERIFY(r["c"].isNull());
        QVERIFY(r["d"].isNull());
        QVERIFY(r["e"].isScalar()); // quoted empty string is a value, not null
        QCOMPARE(r["f"].scalar(), std::string_view("null"));
        QCOMPARE(r["g"].scalar(), std::string_view("tab\there"));
        QCOMPARE(r["h"].scalar(), std::string_view("line1\nline2\n"));
        QVERIFY(r["i"].isSequence());
        QVERIFY(r["i"].isFlow());
        QCOMPARE(r["i"][1]["y"].scalar(), std::string_view("z"));
        QVERIFY(!r["missing"].isDefined());
        QVERIFY(!r["i"][7].isDefined());
        QVERIFY(!r["a"]["x"].isDefined()); // lookups on the wrong type are safe
        QCOMPARE(r["missing"].line(), -1);
        // Marks: 0-based; a block map starts at its first key.
        QCOMPARE(r.line(), 0);
        QCOMPARE(r["g"].line(), 6);
        QCOMPARE(r["g"].column(), 3);
    }

    void aliasesPointAtTheAnchor() {
        const YamlTree t = parsed("base: &b {x: 1}\nuse: *b\n");
        QCOMPARE(t.root()["use"]["x"].scalar(), std::string_view("1"));
        QVERIFY(!YamlTree::parse("a: *nowhere\n"));
    }

    void errorsCarryTheirPlace() {
        const auto bad = YamlTree::parse("kind: Gateway\nmetadata: {name: [x\n");
        QVERIFY(!bad);
        QCOMPARE(bad.error().code, std::string("yaml.syntax"));
        QCOMPARE(bad.error().location.line, 2); // 0-based; the file adds its offset
        const auto deep = YamlTree::parse(std::string(2000, '[') + std::string(2000, ']'));
        QVERIFY(!deep);
        QVERIFY(deep.error().message.find("nesting") != std::string::npos);
        QVERIFY(YamlTree::parse(std::string(100, '[') + std::string(100, ']')));
        QVERIFY(parsed("").empty());
        QVERIFY(parsed("# only a comment\n").empty());
    }

    // The two parsers agree on every YAML file of the test suite: same types, values,
    // key order and marks. (The model reads libyaml's tree; edits use yaml-cpp's.)
    void agreesWithYamlCppOnEveryFixture() {
        int files = 0, documents = 0;
        for (const char *dir :
             {GATEHOUSE_TEST_DATA, GATEHOUSE_TEST_DATA "/../core/validation/cases"}) {
            QDirIterator it(QString::fromUtf8(dir), {QStringLiteral("*.yaml")}, QDir::Files,
                            QDirIterator::Subdirectories);
            while (it.hasNext()) {
                const QString path = it.next();
                QFile f(path);
                QVERIFY(f.open(QIODevice::ReadOnly));
                auto file = YamlFile::fromText(f.readAll().toStdString(), path.toStdString());
                QVERIFY(file);
                ++files;
                for (size_t d = 0; d < file->documents().size(); ++d) {
                    const YamlDocument &doc = file->documents()[d];
                    const std::string body = file->text().substr(doc.begin, doc.end - doc.begin);
                    if (doc.error) { // yaml-cpp must refuse it too
                        QVERIFY_THROWS_EXCEPTION(YAML::Exception, YAML::Load(body));
                        continue;
                    }
                    if (doc.tree.empty())
                        continue;
                    const QString diff = compare(doc.tree.root(), YAML::Load(body),
                                                 path + QStringLiteral(" doc %1").arg(d));
                    QVERIFY2(diff.isEmpty(), qPrintable(diff));
                    ++documents;
                }
            }
        }
        QVERIFY(files > 100);
        QVERIFY(documents > files);
    }
};

QTEST_GUILESS_MAIN(TestYamlTree)
#include "tst_yamltree.moc"
