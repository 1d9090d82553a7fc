#pragma once

#include "discovery.h"
#include "kuberequest.h"
#include "resourceobject.h"

#include "common/result.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <functional>

namespace gatehouse::core {

class KubeClient;

// One object to apply, with where it came from (for messages).
struct ApplyItem {
    QJsonObject object;
    SourceLocation source;
};

enum class ApplyOutcome {
    Created,    // did not exist (dry run: would be created)
    Configured, // existed and changed (dry run: would change)
    Unchanged,  // existed, nothing changed
    Failed,     // see error / causes / conflicts
    Skipped,    // not attempted: cancelled, or its plan failed
};

[[nodiscard]] const char *outcomeName(ApplyOutcome outcome);

// A field another manager owns with a different value (a 409 from server-side apply).
struct FieldConflict {
    QString manager;
    QString field;
    QString message;
};

struct ApplyResult {
    ResourceKey key;
    SourceLocation source;
    ApplyOutcome outcome = ApplyOutcome::Skipped;
    QString diff;              // live -> after apply, from the server-side dry run
    Error error;               // when Failed/Skipped: the server's Status message etc.
    QList<StatusCause> causes; // field paths of a 422
    QList<FieldConflict> conflicts;
    bool dryRun = false;

    // Internal to ClusterApplier between plan() and apply().
    QJsonObject live;
    bool exists = false;
    bool needsDryRunAgain = false; // its namespace is created by the same apply
    bool ownershipChanges = true;
    ApiResource resource;
    QJsonObject object; // with its namespace filled in
};

struct ApplyOptions {
    QString fieldManager = QStringLiteral("gatehouse");
    bool forceConflicts = false;
    QString defaultNamespace; // for namespaced objects without one; empty: the context's
    int parallelRequests = 16;
    // Checked before each resource starts; in-flight requests finish and are reported.
    std::function<bool()> isCancelled;
    // Called for each result as it is known (on the client's thread).
    std::function<void(const ApplyResult &)> progress;
};

// Server-side apply the way Gatehouse promises it: every object is checked and dry-run
// (dryRun=All, PATCH application/apply-patch+yaml) and diffed against the live object
// before anything changes; apply then goes in dependency order (Namespaces, CRDs,
// Secrets/ConfigMaps, the rest) and reports a result for every object. Requests within a
// phase run concurrently over the client's connection. Thread: the client's.
class ClusterApplier {
public:
    ClusterApplier(KubeClient &client, Discovery &discovery);

    // The dry run: what apply would do to each object, with its diff. Changes nothing.
    [[nodiscard]] QList<ApplyResult> plan(const QList<ApplyItem> &items,
                                          const ApplyOptions &options);
    // Applies a plan from plan() (objects whose plan failed are Skipped; objects that would
    // not change at all are not sent again). Results keep the plan's order.
    [[nodiscard]] QList<ApplyResult> apply(const QList<ApplyResult> &plan,
                                           const ApplyOptions &options);

    // Deletes one object (Foreground is not asked for; the server's default applies).
    [[nodiscard]] Status remove(const ApiResource &resource, const QString &ns, const QString &name,
                                bool dryRun);

private:
    void runConcurrently(const QList<qsizetype> &indexes, const ApplyOptions &options,
                         QList<ApplyResult> &results,
                         const std::function<void(ApplyResult &, std::function<void()>)> &task);
    // Live objects by collection path, then name.
    using Listed = QHash<QString, QHash<QString, QJsonObject>>;
    [[nodiscard]] Listed listLive(const QList<ApplyResult> &results,
                                  const QList<qsizetype> &indexes);
    void dryRunOne(ApplyResult &result, const ApplyOptions &options,
                   const QSet<QString> &namespacesCreated, const Listed &listed,
                   std::function<void()> done);
    void applyOne(ApplyResult &result, const ApplyOptions &options, std::function<void()> done);
    [[nodiscard]] KubeRequest applyRequest(const ApplyResult &result, const ApplyOptions &options,
                                           bool dryRun) const;
    void fail(ApplyResult &result, const KubeResponse &response, const QString &what) const;

    KubeClient &m_client;
    Discovery &m_discovery;
};

} // namespace gatehouse::core
