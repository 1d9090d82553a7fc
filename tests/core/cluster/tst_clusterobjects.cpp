// Unit tests: YAML <-> JSON for Kubernetes objects, server-field stripping, text diff.
#include "cluster/jsonyaml.h"
#include "cluster/resourceobject.h"
#include "cluster/textdiff.h"

#include <QJsonArray>
#include <QTest>

using namespace gatehouse;
using namespace gatehouse::core;

class TestClusterObjects : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void scalarTypes_data() {
        QTest::addColumn<QByteArray>("yaml");
        QTest::addColumn<QJsonValue>("expected");
        QTest::newRow("int") << QByteArray("v: 443") << QJsonValue(443);
        QTest::newRow("quoted int") << QByteArray("v: \"443\"") << QJsonValue("443");
        QTest::newRow("bool") << QByteArray("v: true") << QJsonValue(true);
        QTest::newRow("quoted bool") << QByteArray("v: 'true'") << QJsonValue("true");
        QTest::newRow("null") << QByteArray("v: ~") << QJsonValue(QJsonValue::Null);
        QTest::newRow("float") << QByteArray("v: 1.5") << QJsonValue(1.5);
        QTest::newRow("string") << QByteArray("v: web.example.com")
                                << QJsonValue("web.example.com");
        QTest::newRow("version-like") << QByteArray("v: 1.2.3") << QJsonValue("1.2.3");
    }
    void scalarTypes() {
        QFETCH(QByteArray, yaml);
        QFETCH(QJsonValue, expected);
        Result<QJsonValue> v = jsonyaml::parseValue(yaml);
        QVERIFY(v);
        QCOMPARE(v->toObject().value(u"v"), expected);
        // And back: the emitted YAML reads as the same value.
        Result<QJsonValue> again = jsonyaml::parseValue(jsonyaml::toYaml(*v));
        QVERIFY(again);
        QCOMPARE(*again, *v);
    }

    void multiDocumentWithLines() {
        const QByteArray yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\n"
                                "# comment\n---\napiVersion: v1\nkind: List\nitems:\n"
                                "- {apiVersion: v1, kind: Secret, metadata: {name: s}}\n"
                                "- {apiVersion: v1, kind: Namespace, metadata: {name: n}}\n";
        Result<QList<YamlObject>> objects = jsonyaml::parseObjects(yaml, QStringLiteral("f.yaml"));
        QVERIFY(objects);
        QCOMPARE(objects->size(), 3);
        QCOMPARE(objects->at(0).location.line, 1);
        QCOMPARE(objects->at(1).object.value(u"kind").toString(), QStringLiteral("Secret"));
        QCOMPARE(objects->at(2).location.line, 7);

        Result<QList<YamlObject>> bad = jsonyaml::parseObjects("a: [\n", QStringLiteral("x.yaml"));
        QVERIFY(!bad);
        QCOMPARE(bad.error().location.file, std::string("x.yaml"));
        QVERIFY(bad.error().location.line > 0);
    }

    void stripsServerFields() {
        Result<QJsonValue> v = jsonyaml::parseValue(R"(apiVersion: v1
kind: ConfigMap
metadata:
  name: a
  namespace: n
  uid: 123
  resourceVersion: "5"
  generation: 2
  creationTimestamp: "2024-01-01T00:00:00Z"
  managedFields: [{manager: kubectl}]
  labels: {app: x}
data: {k: v}
status: {phase: x}
)");
        QVERIFY(v);
        const QJsonObject stripped = resourceobject::withoutServerFields(v->toObject());
        const QJsonObject metadata = stripped.value(u"metadata").toObject();
        QCOMPARE(metadata.keys(), QStringList({"labels", "name", "namespace"}));
        QVERIFY(!stripped.contains(u"status"));
        QCOMPARE(stripped.value(u"data").toObject().value(u"k").toString(), QStringLiteral("v"));
    }

    void redactsSecrets() {
        QJsonObject secret{
            {"kind", "Secret"},
            {"data",
             QJsonObject{{"tls.key", QString::fromLatin1(QByteArray("PRIVATE").toBase64())}}}};
        const QJsonObject shown = resourceobject::redactSecret(secret);
        const QString value = shown.value(u"data").toObject().value(u"tls.key").toString();
        QVERIFY(!value.contains(u"UFJJVkFURQ"));
        QVERIFY(value.contains(u"7 bytes"));
    }

    void applyOrder() {
        QVERIFY(resourceobject::applyPhase("Namespace") < resourceobject::applyPhase("Secret"));
        QVERIFY(resourceobject::applyPhase("ConfigMap") < resourceobject::applyPhase("Gateway"));
        QCOMPARE(resourceobject::applyPhase("Secret"), resourceobject::applyPhase("ConfigMap"));
    }

    void unifiedDiff() {
        QVERIFY(textdiff::unified("a\nb\n", "a\nb\n", "x", "y").isEmpty());
        const QString d =
            textdiff::unified("a\nb\nc\nd\n", "a\nB\nc\nd\ne\n", "live", "applied", 1);
        QCOMPARE(
            d, QStringLiteral("--- live\n+++ applied\n@@ -1,4 +1,5 @@\n a\n-b\n+B\n c\n d\n+e\n"));
        const QString created = textdiff::unified("", "x: 1\n", "live", "applied");
        QCOMPARE(created, QStringLiteral("--- live\n+++ applied\n@@ -0,0 +1,1 @@\n+x: 1\n"));
    }
};

QTEST_GUILESS_MAIN(TestClusterObjects)
#include "tst_clusterobjects.moc"
