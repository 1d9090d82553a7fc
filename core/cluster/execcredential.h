#pragma once

#include "kubeconfig.h"

#include "common/result.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>

namespace gatehouse::core {

// What a credential plugin returned. Secret: never log any member but the expiry.
struct ExecCredential {
    QString token;
    QByteArray clientCertificateData; // PEM
    QByteArray clientKeyData;         // PEM
    QDateTime expiration;             // invalid: valid until rejected
};

// Runs client-go credential plugins (client.authentication.k8s.io v1 and v1beta1) and
// caches what they return until its expirationTimestamp, shared by every client in the
// process. A plugin runs without a terminal and is bounded by a timeout, so a GUI worker
// never hangs on one. Any thread (the cache is locked; the plugin runs in the caller).
class ExecCredentialProvider {
public:
    // The cached credential, or the plugin's fresh one. `server`/`caData` are passed to the
    // plugin when the kubeconfig sets provideClusterInfo.
    [[nodiscard]] static Result<ExecCredential>
    get(const ExecConfig &exec, const KubeCluster &cluster, int timeoutMs = 60'000);
    // Forgets the cached credential (after the server answered 401 with it).
    static void invalidate(const ExecConfig &exec, const KubeCluster &cluster);
    // How many times plugins were run in this process (diagnostics and tests).
    [[nodiscard]] static int runCount();
};

} // namespace gatehouse::core
