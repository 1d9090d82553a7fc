// Validates a generated manifest of N resources (default 5,000) and prints the time
// of each phase. Not a test: goal ≤ 250 ms for 5,000 resources on the 2-core machine.
#include "render/kymadefault.h"
#include "validation/validator.h"
#include "workspace/workspace.h"

#include <QCoreApplication>
#include <QTemporaryDir>

#include <chrono>
#include <ctime>
#include <cstdio>
#include <fstream>
#include <map>
#include <string>

using namespace gatehouse::core;
using Clock = std::chrono::steady_clock;

namespace {

double ms(Clock::duration d) {
    return std::chrono::duration<double, std::milli>(d).count();
}

// CPU time of the whole process (all threads), in ms: unlike wall time it does not grow
// when other programs share the cores, so runs on a busy machine stay comparable.
double cpuMs() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
}

// A realistic mix: Gateways with HTTPS servers, VirtualServices bound to them,
// ServiceEntries, DestinationRules; one certificate Secret shared by the gateways.
std::string generate(int n, const std::string &secretYaml) {
    std::string s = secretYaml;
    for (int i = 0; i < n - 1; ++i) {
        const std::string id = std::to_string(i);
        s += "---\n";
        switch (i % 4) {
        case 0:
            s += "apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata:\n  name: gw-" + id +
                 "\n  namespace: istio-system\nspec:\n  selector:\n    app: gw-" + id +
                 "\n  servers:\n  - port: {number: 443, name: https, protocol: HTTPS}\n"
                 "    hosts: [\"g" +
                 id +
                 ".local.kyma.dev\"]\n    tls:\n      mode: SIMPLE\n      credentialName: "
                 "kyma-gateway-certs\n      minProtocolVersion: TLSV1_2\n      cipherSuites:\n"
                 "      - ECDHE-RSA-AES128-GCM-SHA256\n      - ECDHE-RSA-CHACHA20-POLY1305\n"
                 "  - port: {number: 80, name: http, protocol: HTTP}\n    hosts: [\"g" +
                 id + ".local.kyma.dev\"]\n    tls: {httpsRedirect: true}\n";
            break;
        case 1:
            s +=
                "apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: vs-" +
                id + "\n  namespace: istio-system\nspec:\n  hosts: [g" + std::to_string(i - 1) +
                ".local.kyma.dev]\n  gateways: [gw-" + std::to_string(i - 1) +
                "]\n  http:\n  - match:\n    - uri: {prefix: /api}\n      headers:\n        "
                "x-team: {exact: blue}\n    route:\n    - destination:\n        host: app-" +
                id + ".default.svc.cluster.local\n        port: {number: 8080}\n";
            break;
        case 2:
            s += "apiVersion: networking.istio.io/v1\nkind: ServiceEntry\nmetadata:\n  name: se-" +
                 id + "\n  namespace: default\nspec:\n  hosts: [api" + id +
                 ".example.com]\n  ports:\n  - {number: 443, name: https, protocol: TLS}\n"
                 "  resolution: DNS\n  location: MESH_EXTERNAL\n  exportTo: ['.']\n";
            break;
        default:
            s += "apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: "
                 "dr-" +
                 id + "\n  namespace: default\nspec:\n  host: api" + std::to_string(i - 1) +
                 ".example.com\n  trafficPolicy:\n    tls: {mode: SIMPLE, sni: api" +
                 std::to_string(i - 1) +
                 ".example.com}\n  subsets:\n  - name: v1\n    labels: "
                 "{version: v1}\n";
            break;
        }
    }
    return s;
}

} // namespace

int main(int argc, char **argv) {
    QCoreApplication app(argc, argv);
    const int n = argc > 1 ? std::max(1, std::atoi(argv[1])) : 5000;
    auto rendered = renderKymaDefault({});
    if (!rendered) {
        std::fprintf(stderr, "render failed: %s\n", rendered.error().toString().c_str());
        return 2;
    }
    QTemporaryDir dir;
    const std::string path = dir.filePath(QStringLiteral("manifest.yaml")).toStdString();
    {
        std::ofstream out(path);
        out << generate(n, rendered->back().text);
    }

    const int rounds = 5;
    double best = 1e18, bestLoad = 0, bestModel = 0, bestRules = 0, bestCpu = 1e18;
    size_t resources = 0, findings = 0;
    std::map<std::string, int> byCode;
    for (int r = 0; r < rounds; ++r) {
        const double c0 = cpuMs();
        const auto t0 = Clock::now();
        auto ws = Workspace::openPaths({path});
        if (!ws) {
            std::fprintf(stderr, "load failed: %s\n", ws.error().toString().c_str());
            return 2;
        }
        const auto t1 = Clock::now();
        const Model model = ws->buildModel();
        const auto t2 = Clock::now();
        const auto result = validateModel(*ws, model);
        const auto t3 = Clock::now();
        bestCpu = std::min(bestCpu, cpuMs() - c0);
        if (ms(t3 - t0) < best) {
            best = ms(t3 - t0);
            bestLoad = ms(t1 - t0);
            bestModel = ms(t2 - t1);
            bestRules = ms(t3 - t2);
        }
        resources = model.resourceCount();
        findings = result.size();
        byCode.clear();
        for (const Finding &f : result)
            ++byCode[f.code];
    }
    std::printf("validate: %zu resources, %zu findings\n", resources, findings);
    for (const auto &[code, count] : byCode)
        std::printf("  %6d %s\n", count, code.c_str());
    std::printf("  parse %.1f ms, model %.1f ms, rules %.1f ms\n", bestLoad, bestModel, bestRules);
    std::printf("  total %.1f ms (best of %d); goal <= 250 ms: %s\n", best, rounds,
                best <= 250.0 ? "met" : "NOT met");
    std::printf("  cpu time %.1f ms (all threads, best round; other load does not inflate it)\n",
                bestCpu);
    return 0;
}
