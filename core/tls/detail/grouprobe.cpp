#include "grouprobe.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <vector>

#include <poll.h>
#include <unistd.h>

#include <openssl/rand.h>

namespace gatehouse::core::detail {

namespace {

using Clock = std::chrono::steady_clock;
using Bytes = std::vector<uint8_t>;

void put16(Bytes &b, size_t v) {
    b.push_back(uint8_t(v >> 8));
    b.push_back(uint8_t(v));
}

void put24(Bytes &b, size_t v) {
    b.push_back(uint8_t(v >> 16));
    put16(b, v & 0xffff);
}

void putExtension(Bytes &b, uint16_t type, const Bytes &body) {
    put16(b, type);
    put16(b, body.size());
    b.insert(b.end(), body.begin(), body.end());
}

Bytes clientHello(const std::string &sni, const std::vector<uint16_t> &groups,
                  const std::vector<uint16_t> &suites) {
    Bytes ext;
    if (!sni.empty() && sni.size() < 256) {
        Bytes e;
        put16(e, sni.size() + 3);
        e.push_back(0); // host_name
        put16(e, sni.size());
        e.insert(e.end(), sni.begin(), sni.end());
        putExtension(ext, 0x0000, e);
    }
    putExtension(ext, 0x002b, {0x02, 0x03, 0x04}); // supported_versions: 1.3
    Bytes g;
    put16(g, groups.size() * 2);
    for (uint16_t id : groups)
        put16(g, id);
    putExtension(ext, 0x000a, g); // supported_groups
    // signature_algorithms: ECDSA, RSA-PSS, EdDSA and PKCS#1 for certificates.
    static constexpr std::array<uint16_t, 14> sigalgs{0x0403, 0x0503, 0x0603, 0x0804, 0x0805,
                                                      0x0806, 0x0807, 0x0808, 0x0809, 0x080a,
                                                      0x080b, 0x0401, 0x0501, 0x0601};
    Bytes s;
    put16(s, sigalgs.size() * 2);
    for (uint16_t a : sigalgs)
        put16(s, a);
    putExtension(ext, 0x000d, s);
    putExtension(ext, 0x0033, {0x00, 0x00}); // key_share: empty, asking for a retry
    putExtension(ext, 0x002d, {0x01, 0x01}); // psk_key_exchange_modes: psk_dhe_ke

    Bytes body;
    put16(body, 0x0303);
    std::array<uint8_t, 64> random{};
    RAND_bytes(random.data(), int(random.size()));
    body.insert(body.end(), random.begin(), random.begin() + 32); // random
    body.push_back(32);                                           // legacy_session_id
    body.insert(body.end(), random.begin() + 32, random.end());
    put16(body, suites.size() * 2);
    for (uint16_t c : suites)
        put16(body, c);
    body.push_back(1);
    body.push_back(0); // null compression
    put16(body, ext.size());
    body.insert(body.end(), ext.begin(), ext.end());

    Bytes hs;
    hs.push_back(0x01); // client_hello
    put24(hs, body.size());
    hs.insert(hs.end(), body.begin(), body.end());
    Bytes record{0x16, 0x03, 0x01};
    put16(record, hs.size());
    record.insert(record.end(), hs.begin(), hs.end());
    return record;
}

struct Reader {
    const uint8_t *p;
    size_t n;
    bool ok = true;
    uint32_t get(size_t bytes) {
        if (!ok || n < bytes) {
            ok = false;
            return 0;
        }
        uint32_t v = 0;
        for (size_t i = 0; i < bytes; ++i)
            v = (v << 8) | p[i];
        p += bytes;
        n -= bytes;
        return v;
    }
    void skip(size_t bytes) {
        if (!ok || n < bytes) {
            ok = false;
            return;
        }
        p += bytes;
        n -= bytes;
    }
};

struct Reply {
    GroupAnswer answer = GroupAnswer::NoAnswer;
    uint16_t group = 0;
    uint16_t cipher = 0;
};

// Parses the first handshake message (a ServerHello or HelloRetryRequest) of `data`; nullopt
// while more bytes are needed.
std::optional<Reply> parseReply(const Bytes &data) {
    if (data.size() < 5)
        return std::nullopt;
    if (data[0] == 0x15) {
        if (data.size() < 7)
            return std::nullopt;
        // protocol_version (70): no TLS 1.3 at all; anything else refuses the offer.
        return Reply{data[6] == 70 ? GroupAnswer::NotTls13 : GroupAnswer::Refused};
    }
    if (data[0] != 0x16)
        return Reply{};
    const size_t recordLen = size_t(data[3]) << 8 | data[4];
    if (data.size() < 5 + 4)
        return std::nullopt;
    Reader r{data.data() + 5, data.size() - 5};
    if (r.get(1) != 0x02)
        return Reply{}; // not a ServerHello
    const size_t len = r.get(3);
    if (len + 4 > recordLen)
        return Reply{}; // fragmented: not handled here
    if (r.n < len)
        return std::nullopt; // need more bytes
    r.n = len;
    r.skip(2);  // legacy_version
    r.skip(32); // random (HRR or not: both name the group the same way)
    r.skip(r.get(1));
    const uint16_t cipher = uint16_t(r.get(2));
    r.skip(1); // compression
    size_t extLen = r.get(2);
    bool tls13 = false;
    std::optional<uint16_t> selected;
    while (r.ok && extLen >= 4) {
        const uint32_t type = r.get(2);
        const uint32_t elen = r.get(2);
        if (!r.ok || elen + 4 > extLen)
            return Reply{};
        extLen -= elen + 4;
        if (type == 0x002b && elen == 2) {
            tls13 = r.get(2) == 0x0304;
        } else if (type == 0x0033 && elen >= 2) {
            selected = uint16_t(r.get(2));
            r.skip(elen - 2);
        } else {
            r.skip(elen);
        }
    }
    if (!r.ok)
        return Reply{};
    if (!tls13)
        return Reply{GroupAnswer::NotTls13};
    if (!selected)
        return Reply{};
    return Reply{GroupAnswer::Accepted, *selected, cipher};
}

bool waitReady(int fd, short events, Clock::time_point deadline, const CancelToken &cancel) {
    while (!cancel.isCancelled() && Clock::now() < deadline) {
        pollfd p{fd, events, 0};
        if (::poll(&p, 1, 50) > 0)
            return true;
    }
    return false;
}

} // namespace

std::optional<uint16_t> groupCodePoint(const std::string &name) {
    static constexpr std::array<std::pair<const char *, uint16_t>, 10> table{{
        {"P-256", 0x0017},
        {"P-384", 0x0018},
        {"P-521", 0x0019},
        {"X25519", 0x001d},
        {"X448", 0x001e},
        {"ffdhe2048", 0x0100},
        {"ffdhe3072", 0x0101},
        {"ffdhe4096", 0x0102},
        {"ffdhe6144", 0x0103},
        {"ffdhe8192", 0x0104},
    }};
    for (const auto &[n, code] : table) {
        if (name == n)
            return code;
    }
    return std::nullopt;
}

namespace {

Reply exchange(const Endpoint &endpoint, const Bytes &hello, const ProbeTimeouts &timeouts,
               const CancelToken &cancel) {
    ProbeOutcome outcome = ProbeOutcome::LocalError;
    std::string error;
    const int fd = connectBounded(endpoint, timeouts.connect, cancel, outcome, error);
    if (fd < 0)
        return Reply{};
    struct Closer {
        int fd;
        ~Closer() { ::close(fd); }
    } closer{fd};
    const auto deadline = Clock::now() + timeouts.handshake;
    size_t sent = 0;
    while (sent < hello.size()) {
        const ssize_t n = ::send(fd, hello.data() + sent, hello.size() - sent, MSG_NOSIGNAL);
        if (n > 0) {
            sent += size_t(n);
            continue;
        }
        if (n < 0 && (errno == EAGAIN || errno == EINTR) &&
            waitReady(fd, POLLOUT, deadline, cancel))
            continue;
        return Reply{};
    }
    Bytes reply;
    uint8_t buf[4096];
    while (reply.size() < 64 * 1024) {
        if (auto parsed = parseReply(reply))
            return *parsed;
        const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
        if (n > 0) {
            reply.insert(reply.end(), buf, buf + n);
            continue;
        }
        if (n == 0)
            return Reply{reply.empty() ? GroupAnswer::Refused : GroupAnswer::NoAnswer};
        if ((errno == EAGAIN || errno == EINTR) && waitReady(fd, POLLIN, deadline, cancel))
            continue;
        return Reply{errno == ECONNRESET ? GroupAnswer::Refused : GroupAnswer::NoAnswer};
    }
    return Reply{};
}

constexpr std::array<std::pair<const char *, uint16_t>, 5> tls13Suites{{
    {"TLS_AES_128_GCM_SHA256", 0x1301},
    {"TLS_AES_256_GCM_SHA384", 0x1302},
    {"TLS_CHACHA20_POLY1305_SHA256", 0x1303},
    {"TLS_AES_128_CCM_SHA256", 0x1304},
    {"TLS_AES_128_CCM_8_SHA256", 0x1305},
}};

const std::vector<uint16_t> allSuiteIds{0x1301, 0x1302, 0x1303, 0x1304, 0x1305};
const std::vector<uint16_t> commonGroupIds{0x001d, 0x0017, 0x0018, 0x0019, 0x001e,
                                           0x0100, 0x0101, 0x0102, 0x0103, 0x0104};

} // namespace

GroupAnswer probeGroupTls13(const Endpoint &endpoint, const std::string &sni, uint16_t group,
                            const ProbeTimeouts &timeouts, const CancelToken &cancel) {
    const Reply r = exchange(endpoint, clientHello(sni, {group}, allSuiteIds), timeouts, cancel);
    if (r.answer == GroupAnswer::Accepted && r.group != group)
        return GroupAnswer::Refused;
    return r.answer;
}

SuiteAnswer probeSuiteTls13(const Endpoint &endpoint, const std::string &sni,
                            const std::vector<std::string> &suites, const ProbeTimeouts &timeouts,
                            const CancelToken &cancel) {
    std::vector<uint16_t> ids;
    for (const std::string &name : suites) {
        const auto it =
            std::ranges::find_if(tls13Suites, [&](const auto &p) { return name == p.first; });
        if (it == tls13Suites.end())
            return SuiteAnswer{}; // not a TLS 1.3 suite we can name: ask another way
        ids.push_back(it->second);
    }
    const Reply r = exchange(endpoint, clientHello(sni, commonGroupIds, ids), timeouts, cancel);
    SuiteAnswer answer{r.answer, {}};
    if (r.answer == GroupAnswer::Accepted) {
        const auto it =
            std::ranges::find_if(tls13Suites, [&](const auto &p) { return p.second == r.cipher; });
        if (it == tls13Suites.end() || std::ranges::find(ids, r.cipher) == ids.end())
            return SuiteAnswer{GroupAnswer::NoAnswer, {}}; // not what we offered
        answer.cipher = it->first;
    }
    return answer;
}

} // namespace gatehouse::core::detail
