// Serves one HTTPS listener (and one plain one) in front of one upstream with the engine,
// so run.sh can put it beside nginx and HAProxy. Stops on SIGTERM/SIGINT.
#include "gateway/engine.h"

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

using namespace gatehouse::gateway;

namespace {

std::string readAll(const std::string &path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

int usage() {
    std::fprintf(stderr,
                 "usage: gatehouse_bench_engine --https PORT --http PORT --upstream PORT "
                 "--cert PEM --key PEM [--ciphers A:B] [--workers N] [--session-tickets on|off]\n");
    return 2;
}

} // namespace

int main(int argc, char **argv) {
    int httpsPort = 0, httpPort = 0, upstreamPort = 0, workers = 1;
    bool tickets = true;
    std::string cert, key, ciphers;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string a = argv[i], v = argv[i + 1];
        if (a == "--https")
            httpsPort = std::atoi(v.c_str());
        else if (a == "--http")
            httpPort = std::atoi(v.c_str());
        else if (a == "--upstream")
            upstreamPort = std::atoi(v.c_str());
        else if (a == "--cert")
            cert = v;
        else if (a == "--key")
            key = v;
        else if (a == "--ciphers")
            ciphers = v;
        else if (a == "--workers")
            workers = std::atoi(v.c_str());
        else if (a == "--session-tickets")
            tickets = v != "off";
        else
            return usage();
    }
    if (!httpsPort || !upstreamPort || cert.empty() || key.empty())
        return usage();

    auto c = std::make_shared<Config>();
    c->adminPort.reset();
    c->limits.idleTimeout = std::chrono::minutes(10);
    c->limits.headerTimeout = std::chrono::minutes(10); // idle TLS connections in the RSS test
    c->clusters.push_back({"upstream", {{"127.0.0.1", std::uint16_t(upstreamPort)}}});
    Route r;
    r.name = "all";
    r.path = {PathMatch::Kind::Prefix, "/"};
    r.cluster = "upstream";
    c->routeTables.push_back({"routes", {{"all", {"*"}, false, 443, {r}}}});
    TlsSettings tls;
    tls.minVersion = TlsVersion::V1_2;
    tls.sessionTickets = tickets;
    std::stringstream list(ciphers);
    for (std::string item; std::getline(list, item, ':');)
        if (!item.empty())
            tls.cipherSuites.push_back(item);
    tls.certificateChainPem = readAll(cert);
    tls.privateKeyPem = readAll(key);
    Listener https{"https", "127.0.0.1", std::uint16_t(httpsPort), 443, true, {}, {}};
    https.servers.push_back({"bench", {"*"}, tls, "routes", {}});
    c->listeners.push_back(https);
    if (httpPort)
        c->listeners.push_back(
            {"http", "127.0.0.1", std::uint16_t(httpPort), 80, false, {}, "routes"});

    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    pthread_sigmask(SIG_BLOCK, &set, nullptr); // workers inherit the mask

    auto engine = Engine::create({workers});
    if (auto ok = engine->start(c); !ok) {
        std::fprintf(stderr, "gatehouse_bench_engine: %s\n", ok.error().toString().c_str());
        return 2;
    }
    for (const auto &a : engine->listeningAddresses())
        std::printf("listening %s %s:%u\n", a.listener.c_str(), a.address.c_str(), a.port);
    std::fflush(stdout);
    int sig = 0;
    sigwait(&set, &sig);
    engine->stop(std::chrono::milliseconds(1000));
    return 0;
}
