#include "clusterapplier.h"

#include "jsonyaml.h"
#include "kubeclient.h"
#include "textdiff.h"

#include "common/logging.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSet>

#include <algorithm>
#include <memory>

// GCC 12 reports the payload of a std::expected passed by value into a std::function thunk
// as maybe-uninitialized (a false positive of its inliner); every Result here is set.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

namespace gatehouse::core {
namespace {

QByteArray yamlOf(const QJsonObject &object) {
    return object.isEmpty() ? QByteArray()
                            : jsonyaml::toYaml(resourceobject::withoutServerFields(object));
}

QList<FieldConflict> conflictsOf(const KubeStatus &status) {
    static const QRegularExpression manager(QStringLiteral("conflict with \"([^\"]+)\""));
    QList<FieldConflict> conflicts;
    for (const StatusCause &cause : status.causes) {
        if (cause.reason != u"FieldManagerConflict")
            continue;
        const QRegularExpressionMatch m = manager.match(cause.message);
        conflicts.append({m.hasMatch() ? m.captured(1) : QString(), cause.field, cause.message});
    }
    return conflicts;
}

// A dry-run apply into a namespace that the same apply creates first answers 404 for it.
bool namespaceMissing(const KubeResponse &response, const QString &ns) {
    const QJsonObject details = response.json().value(u"details").toObject();
    return response.status == 404 && details.value(u"kind").toString() == u"namespaces" &&
           details.value(u"name").toString() == ns;
}

} // namespace

const char *outcomeName(ApplyOutcome outcome) {
    switch (outcome) {
    case ApplyOutcome::Created:
        return "created";
    case ApplyOutcome::Configured:
        return "configured";
    case ApplyOutcome::Unchanged:
        return "unchanged";
    case ApplyOutcome::Failed:
        return "failed";
    case ApplyOutcome::Skipped:
        return "skipped";
    }
    return "unknown";
}

ClusterApplier::ClusterApplier(KubeClient &client, Discovery &discovery)
    : m_client(client)
    , m_discovery(discovery) {}

void ClusterApplier::runConcurrently(
    const QList<qsizetype> &indexes, const ApplyOptions &options, QList<ApplyResult> &results,
    const std::function<void(ApplyResult &, std::function<void()>)> &task) {
    qsizetype next = 0;
    int running = 0;
    qsizetype finished = 0;
    const qsizetype count = indexes.size();
    if (count == 0)
        return;
    QEventLoop loop;
    std::function<void()> pump;
    pump = [&] {
        while (running < std::max(1, options.parallelRequests) && next < count) {
            ApplyResult &result = results[indexes[next++]];
            if (options.isCancelled && options.isCancelled()) {
                result.outcome = ApplyOutcome::Skipped;
                result.error = Error("cluster.cancelled", "cancelled before it was applied");
                if (options.progress)
                    options.progress(result);
                ++finished;
                continue;
            }
            ++running;
            task(result, [&, r = &result] {
                --running;
                ++finished;
                if (options.progress)
                    options.progress(*r);
                pump();
                if (finished == count)
                    loop.quit();
            });
        }
    };
    pump();
    // Every task ends: each request is bounded by the client's timeout.
    while (finished < count)
        loop.exec(QEventLoop::ExcludeUserInputEvents);
}

KubeRequest ClusterApplier::applyRequest(const ApplyResult &result, const ApplyOptions &options,
                                         bool dryRun) const {
    KubeRequest request;
    request.method = "PATCH";
    request.path = result.resource.objectPath(result.key.ns, result.key.name);
    request.query.addQueryItem(QStringLiteral("fieldManager"), options.fieldManager);
    if (options.forceConflicts)
        request.query.addQueryItem(QStringLiteral("force"), QStringLiteral("true"));
    if (dryRun)
        request.query.addQueryItem(QStringLiteral("dryRun"), QStringLiteral("All"));
    // JSON is YAML: the server reads it as an apply patch either way.
    request.contentType = "application/apply-patch+yaml";
    request.body = QJsonDocument(result.object).toJson(QJsonDocument::Compact);
    return request;
}

void ClusterApplier::fail(ApplyResult &result, const KubeResponse &response,
                          const QString &what) const {
    const KubeStatus status = KubeStatus::fromBody(response.body);
    result.outcome = ApplyOutcome::Failed;
    result.error = m_client.errorFor(response, what + u' ' + result.key.display());
    result.causes = status.causes;
    if (response.status == 409)
        result.conflicts = conflictsOf(status);
}

QList<ApplyResult> ClusterApplier::plan(const QList<ApplyItem> &items,
                                        const ApplyOptions &options) {
    QList<ApplyResult> results;
    results.reserve(items.size());
    const QString defaultNs =
        options.defaultNamespace.isEmpty() ? m_client.context().ns : options.defaultNamespace;
    QSet<QString> namespacesCreated;
    QList<qsizetype> toCheck;
    for (const ApplyItem &item : items) {
        ApplyResult result;
        result.dryRun = true;
        result.source = item.source;
        result.object = item.object;
        result.key = ResourceKey::of(item.object);
        results.append(result);
        ApplyResult &r = results.last();
        QStringList missing;
        if (r.key.apiVersion.isEmpty())
            missing << QStringLiteral("apiVersion");
        if (r.key.kind.isEmpty())
            missing << QStringLiteral("kind");
        if (r.key.name.isEmpty())
            missing << QStringLiteral("metadata.name");
        if (!missing.isEmpty()) {
            r.outcome = ApplyOutcome::Failed;
            r.error = Error("cluster.object",
                            "the object has no " + missing.join(QStringLiteral(", ")).toStdString(),
                            {}, item.source);
            continue;
        }
        Result<ApiResource> resource = m_discovery.forObject(r.key.apiVersion, r.key.kind);
        if (!resource) {
            r.outcome = ApplyOutcome::Failed;
            r.error = resource.error();
            r.error.location = item.source;
            continue;
        }
        r.resource = *resource;
        if (r.resource.namespaced) {
            if (r.key.ns.isEmpty()) {
                r.key.ns = defaultNs;
                QJsonObject metadata = r.object.value(u"metadata").toObject();
                metadata.insert(QStringLiteral("namespace"), defaultNs);
                r.object.insert(QStringLiteral("metadata"), metadata);
            }
        } else if (!r.key.ns.isEmpty()) {
            r.key.ns.clear();
            QJsonObject metadata = r.object.value(u"metadata").toObject();
            metadata.remove(QStringLiteral("namespace"));
            r.object.insert(QStringLiteral("metadata"), metadata);
        }
        if (r.key.kind == u"Namespace" && r.key.apiVersion == u"v1")
            namespacesCreated.insert(r.key.name);
        toCheck.append(results.size() - 1);
    }
    // Where several objects share a type and namespace, one list replaces their GETs.
    const Listed listed = listLive(results, toCheck);
    // Dry runs do not depend on each other: all phases at once.
    runConcurrently(toCheck, options, results, [&](ApplyResult &r, std::function<void()> done) {
        dryRunOne(r, options, namespacesCreated, listed, std::move(done));
    });
    return results;
}

ClusterApplier::Listed ClusterApplier::listLive(const QList<ApplyResult> &results,
                                                const QList<qsizetype> &indexes) {
    QHash<QString, int> counts;
    QHash<QString, ApiResource> resources;
    for (qsizetype i : indexes) {
        const ApplyResult &r = results[i];
        const QString path = r.resource.collectionPath(r.key.ns);
        ++counts[path];
        resources.insert(path, r.resource);
    }
    Listed listed;
    int pending = 0;
    QEventLoop loop;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it) {
        if (it.value() < 3)
            continue;
        KubeRequest request;
        request.path = it.key();
        request.query.addQueryItem(QStringLiteral("limit"), QStringLiteral("500"));
        ++pending;
        const QString path = it.key();
        const ApiResource resource = resources.value(path);
        m_client.sendAsync(request, [&, path, resource](Result<KubeResponse> r) {
            --pending;
            // Anything but a complete first page (403 for get-only users, a continue token):
            // those objects are read one by one instead.
            if (r && r->isSuccess()) {
                const QJsonObject body = r->json();
                if (body.value(u"metadata").toObject().value(u"continue").toString().isEmpty()) {
                    QHash<QString, QJsonObject> byName;
                    for (const QJsonValue &v : body.value(u"items").toArray()) {
                        QJsonObject item = v.toObject();
                        item.insert(QStringLiteral("apiVersion"), resource.apiVersion());
                        item.insert(QStringLiteral("kind"), resource.kind);
                        byName.insert(item.value(u"metadata").toObject().value(u"name").toString(),
                                      item);
                    }
                    listed.insert(path, byName);
                }
            }
            if (pending == 0)
                loop.quit();
        });
    }
    // Bounded by the client's per-request timeout.
    while (pending > 0)
        loop.exec(QEventLoop::ExcludeUserInputEvents);
    return listed;
}

void ClusterApplier::dryRunOne(ApplyResult &result, const ApplyOptions &options,
                               const QSet<QString> &namespacesCreated, const Listed &listed,
                               std::function<void()> done) {
    struct Pending {
        std::optional<Result<KubeResponse>> live, dry;
    };
    auto pending = std::make_shared<Pending>();
    auto complete = [this, &result, pending, done, namespacesCreated] {
        if (!pending->live || !pending->dry)
            return;
        const Result<KubeResponse> &live = *pending->live;
        const Result<KubeResponse> &dry = *pending->dry;
        if (!live) {
            result.outcome = ApplyOutcome::Failed;
            result.error = live.error();
        } else if (live->status != 404 && !live->isSuccess()) {
            fail(result, *live, QStringLiteral("reading"));
        } else if (!dry) {
            result.outcome = ApplyOutcome::Failed;
            result.error = dry.error();
        } else {
            result.exists = live->isSuccess();
            result.live = result.exists ? live->json() : QJsonObject();
            QJsonObject after;
            if (dry->isSuccess()) {
                after = dry->json();
            } else if (!result.exists && namespacesCreated.contains(result.key.ns) &&
                       namespaceMissing(*dry, result.key.ns)) {
                // Checked again once its namespace exists; until then the object as written.
                after = result.object;
                result.needsDryRunAgain = true;
            } else {
                fail(result, *dry, QStringLiteral("dry-run apply of"));
            }
            if (result.outcome != ApplyOutcome::Failed) {
                const QByteArray before = yamlOf(result.live);
                const QByteArray afterYaml = yamlOf(after);
                result.diff = textdiff::unified(before, afterYaml,
                                                QStringLiteral("live/") + result.key.display(),
                                                QStringLiteral("applied/") + result.key.display());
                result.ownershipChanges =
                    resourceobject::ownership(result.live) != resourceobject::ownership(after);
                if (!result.exists)
                    result.outcome = ApplyOutcome::Created;
                else if (before == afterYaml)
                    result.outcome = ApplyOutcome::Unchanged;
                else
                    result.outcome = ApplyOutcome::Configured;
            }
        }
        done();
    };
    const auto collection = listed.constFind(result.resource.collectionPath(result.key.ns));
    if (collection != listed.constEnd()) {
        const auto item = collection->constFind(result.key.name);
        KubeResponse response;
        response.status = 404;
        if (item != collection->constEnd()) {
            response.status = 200;
            response.body = QJsonDocument(*item).toJson(QJsonDocument::Compact);
        }
        pending->live.emplace(std::move(response));
    } else {
        KubeRequest get;
        get.path = result.resource.objectPath(result.key.ns, result.key.name);
        m_client.sendAsync(get, [pending, complete](Result<KubeResponse> r) {
            pending->live = std::move(r);
            complete();
        });
    }
    m_client.sendAsync(applyRequest(result, options, true),
                       [pending, complete](Result<KubeResponse> r) {
                           pending->dry = std::move(r);
                           complete();
                       });
}

void ClusterApplier::applyOne(ApplyResult &result, const ApplyOptions &options,
                              std::function<void()> done) {
    auto send = [this, &result, options, done] {
        m_client.sendAsync(applyRequest(result, options, false),
                           [this, &result, done](Result<KubeResponse> r) {
                               if (!r) {
                                   result.outcome = ApplyOutcome::Failed;
                                   result.error = r.error();
                               } else if (!r->isSuccess()) {
                                   fail(result, *r, QStringLiteral("applying"));
                               } else if (r->status == 201 || !result.exists) {
                                   result.outcome = ApplyOutcome::Created;
                               } else {
                                   result.outcome = yamlOf(result.live) == yamlOf(r->json())
                                                        ? ApplyOutcome::Unchanged
                                                        : ApplyOutcome::Configured;
                               }
                               done();
                           });
    };
    if (!result.needsDryRunAgain) {
        send();
        return;
    }
    // Its namespace exists now: the promised dry run comes first.
    m_client.sendAsync(applyRequest(result, options, true),
                       [this, &result, done, send](Result<KubeResponse> r) {
                           if (!r) {
                               result.outcome = ApplyOutcome::Failed;
                               result.error = r.error();
                               done();
                               return;
                           }
                           if (!r->isSuccess()) {
                               fail(result, *r, QStringLiteral("dry-run apply of"));
                               done();
                               return;
                           }
                           result.needsDryRunAgain = false;
                           send();
                       });
}

QList<ApplyResult> ClusterApplier::apply(const QList<ApplyResult> &plan,
                                         const ApplyOptions &options) {
    QList<ApplyResult> results = plan;
    QMap<int, QList<qsizetype>> phases;
    for (qsizetype i = 0; i < results.size(); ++i) {
        ApplyResult &r = results[i];
        r.dryRun = false;
        if (r.outcome == ApplyOutcome::Failed || r.outcome == ApplyOutcome::Skipped) {
            // Nothing half-done: an object whose check failed is reported, never sent.
            if (r.outcome == ApplyOutcome::Skipped && r.error.code.empty())
                r.error = Error("cluster.skipped", "not applied");
            continue;
        }
        if (r.outcome == ApplyOutcome::Unchanged && !r.ownershipChanges &&
            !options.forceConflicts) {
            if (options.progress)
                options.progress(r);
            continue;
        }
        phases[resourceobject::applyPhase(r.key.kind)].append(i);
    }
    for (auto it = phases.cbegin(); it != phases.cend(); ++it) {
        runConcurrently(it.value(), options, results,
                        [&](ApplyResult &r, std::function<void()> done) {
                            applyOne(r, options, std::move(done));
                        });
    }
    int counts[5] = {};
    for (const ApplyResult &r : results)
        ++counts[int(r.outcome)];
    qCDebug(lcCluster) << "apply to" << m_client.context().contextName << ":" << counts[0]
                       << "created," << counts[1] << "configured," << counts[2] << "unchanged,"
                       << counts[3] << "failed," << counts[4] << "skipped";
    return results;
}

Status ClusterApplier::remove(const ApiResource &resource, const QString &ns, const QString &name,
                              bool dryRun) {
    KubeRequest request;
    request.method = "DELETE";
    request.path = resource.objectPath(ns, name);
    if (dryRun)
        request.query.addQueryItem(QStringLiteral("dryRun"), QStringLiteral("All"));
    Result<KubeResponse> response = m_client.send(request);
    if (!response)
        return std::unexpected(response.error());
    if (!response->isSuccess())
        return std::unexpected(m_client.errorFor(*response, QStringLiteral("deleting ") +
                                                                resource.kind + u' ' + name));
    return {};
}

} // namespace gatehouse::core
