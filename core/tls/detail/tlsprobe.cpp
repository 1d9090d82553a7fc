#include "tlsprobe.h"

#include "openssl.h"

#include <cerrno>
#include <cstring>
#include <optional>
#include <thread>

#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ocsp.h>
#include <openssl/ssl.h>

namespace gatehouse::core::detail {

void SessionRelease::operator()(ssl_session_st *s) const {
    SSL_SESSION_free(s);
}

std::string allTls13Suites() {
    return "TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256:"
           "TLS_AES_128_CCM_SHA256:TLS_AES_128_CCM_8_SHA256";
}

std::string allLegacyCiphers() {
    return "ALL:COMPLEMENTOFALL:@SECLEVEL=0";
}

namespace {

using Clock = std::chrono::steady_clock;
constexpr auto pollSlice = std::chrono::milliseconds(50);

class Fd {
public:
    explicit Fd(int fd = -1)
        : m_fd(fd) {}
    ~Fd() {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    Fd(const Fd &) = delete;
    Fd &operator=(const Fd &) = delete;
    [[nodiscard]] int get() const { return m_fd; }

private:
    int m_fd;
};

// Waits for `events` on `fd` until `deadline`; false on timeout or cancel.
enum class WaitResult { Ready, Timeout, Cancelled };
WaitResult waitFor(int fd, short events, Clock::time_point deadline, const CancelToken &cancel) {
    for (;;) {
        if (cancel.isCancelled())
            return WaitResult::Cancelled;
        const auto now = Clock::now();
        if (now >= deadline)
            return WaitResult::Timeout;
        const auto slice = std::min<Clock::duration>(deadline - now, pollSlice);
        pollfd p{fd, events, 0};
        const int ms = int(std::chrono::ceil<std::chrono::milliseconds>(slice).count());
        const int n = ::poll(&p, 1, ms);
        if (n > 0)
            return WaitResult::Ready;
        if (n < 0 && errno != EINTR)
            return WaitResult::Ready; // let the caller's next call report the error
    }
}

// A socket BIO that never raises SIGPIPE (send with MSG_NOSIGNAL) and remembers the first
// bytes the peer sent, so a plain-text answer can be told from TLS.
struct SocketBioState {
    int fd = -1;
    unsigned char first[8] = {};
    size_t firstLen = 0;
    bool eof = false;
};

int bioWrite(BIO *bio, const char *data, int len) {
    auto *st = static_cast<SocketBioState *>(BIO_get_data(bio));
    BIO_clear_retry_flags(bio);
    const ssize_t n = ::send(st->fd, data, size_t(len), MSG_NOSIGNAL);
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) {
        BIO_set_retry_write(bio);
        return -1;
    }
    return int(n);
}

int bioRead(BIO *bio, char *data, int len) {
    auto *st = static_cast<SocketBioState *>(BIO_get_data(bio));
    BIO_clear_retry_flags(bio);
    const ssize_t n = ::recv(st->fd, data, size_t(len), 0);
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) {
        BIO_set_retry_read(bio);
        return -1;
    }
    if (n == 0)
        st->eof = true;
    if (n > 0 && st->firstLen < sizeof st->first) {
        const size_t take = std::min(sizeof st->first - st->firstLen, size_t(n));
        std::memcpy(st->first + st->firstLen, data, take);
        st->firstLen += take;
    }
    return int(n);
}

long bioCtrl(BIO *, int cmd, long, void *) {
    switch (cmd) {
    case BIO_CTRL_FLUSH:
        return 1;
    default:
        return 0;
    }
}

const BIO_METHOD *socketBioMethod() {
    static BIO_METHOD *method = [] {
        BIO_METHOD *m =
            BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "gatehouse-socket");
        BIO_meth_set_write(m, bioWrite);
        BIO_meth_set_read(m, bioRead);
        BIO_meth_set_ctrl(m, bioCtrl);
        BIO_meth_set_create(m, [](BIO *b) {
            BIO_set_init(b, 1);
            return 1;
        });
        return m;
    }();
    return method;
}

int protoVersion(TlsVersion v) {
    switch (v) {
    case TlsVersion::Tls1_0:
        return TLS1_VERSION;
    case TlsVersion::Tls1_1:
        return TLS1_1_VERSION;
    case TlsVersion::Tls1_2:
        return TLS1_2_VERSION;
    case TlsVersion::Tls1_3:
        return TLS1_3_VERSION;
    }
    return TLS1_2_VERSION;
}

std::optional<TlsVersion> fromProtoVersion(int v) {
    switch (v) {
    case TLS1_VERSION:
        return TlsVersion::Tls1_0;
    case TLS1_1_VERSION:
        return TlsVersion::Tls1_1;
    case TLS1_2_VERSION:
        return TlsVersion::Tls1_2;
    case TLS1_3_VERSION:
        return TlsVersion::Tls1_3;
    default:
        return std::nullopt;
    }
}

int newSessionCallback(SSL *ssl, SSL_SESSION *session) {
    auto *slot = static_cast<SessionPtr *>(SSL_get_app_data(ssl));
    if (!slot || !SSL_SESSION_is_resumable(session))
        return 0;
    *slot = SessionPtr(session, SessionRelease{});
    return 1; // we keep the reference
}

std::string groupName(SSL *ssl) {
    const int nid = SSL_get_negotiated_group(ssl);
    if (nid == NID_undef || nid == 0)
        return {};
    switch (nid) {
    case NID_X9_62_prime256v1:
        return "P-256";
    case NID_secp384r1:
        return "P-384";
    case NID_secp521r1:
        return "P-521";
    case NID_X25519:
        return "X25519";
    case NID_X448:
        return "X448";
    default:
        break;
    }
    if (const char *sn = OBJ_nid2sn(nid & ~TLSEXT_nid_unknown))
        return sn;
    return std::to_string(nid);
}

bool looksLikeTls(const SocketBioState &st) {
    // A TLS record starts with a content type 20..24 and major version 3.
    return st.firstLen == 0 ||
           (st.first[0] >= 20 && st.first[0] <= 24 && (st.firstLen < 2 || st.first[1] == 3));
}

} // namespace

// One client context for every probe of the process: creating an SSL_CTX is costly in
// OpenSSL 3, and all per-probe settings (versions, ciphers, groups, ALPN) live on the SSL.
SSL_CTX *sharedClientContext() {
    static SSL_CTX *ctx = [] {
        SSL_CTX *c = SSL_CTX_new(TLS_client_method());
        if (!c)
            return c;
        // Lower the security level for our own probes only, so old versions and ciphers can
        // be offered; nothing else in the process is affected.
        SSL_CTX_set_security_level(c, 0);
        SSL_CTX_set_verify(c, SSL_VERIFY_NONE, nullptr);
        SSL_CTX_set_session_cache_mode(c, SSL_SESS_CACHE_CLIENT | SSL_SESS_CACHE_NO_INTERNAL_STORE);
        SSL_CTX_sess_set_new_cb(c, newSessionCallback);
        ERR_clear_error();
        return c;
    }();
    return ctx;
}

int connectBounded(const Endpoint &endpoint, std::chrono::milliseconds timeout,
                   const CancelToken &cancel, ProbeOutcome &outcome, std::string &error) {
    const int fd =
        ::socket(endpoint.address.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        outcome = ProbeOutcome::LocalError;
        error = std::string("socket: ") + std::strerror(errno);
        return -1;
    }
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    auto failWith = [&](ProbeOutcome o, int err) {
        outcome = o;
        error = std::strerror(err);
        ::close(fd);
        return -1;
    };
    auto classify = [&](int err) {
        switch (err) {
        case ECONNREFUSED:
            return failWith(ProbeOutcome::ConnectRefused, err);
        case ETIMEDOUT:
            return failWith(ProbeOutcome::ConnectTimeout, err);
        case ENETUNREACH:
        case EHOSTUNREACH:
        case ENETDOWN:
        case EHOSTDOWN:
            return failWith(ProbeOutcome::Unreachable, err);
        default:
            return failWith(ProbeOutcome::Unreachable, err);
        }
    };
    if (::connect(fd, reinterpret_cast<const sockaddr *>(&endpoint.address), endpoint.length) == 0)
        return fd;
    if (errno != EINPROGRESS)
        return classify(errno);
    switch (waitFor(fd, POLLOUT, Clock::now() + timeout, cancel)) {
    case WaitResult::Cancelled:
        outcome = ProbeOutcome::Cancelled;
        error = "cancelled";
        ::close(fd);
        return -1;
    case WaitResult::Timeout:
        outcome = ProbeOutcome::ConnectTimeout;
        error = "no answer within " + std::to_string(timeout.count()) + " ms";
        ::close(fd);
        return -1;
    case WaitResult::Ready:
        break;
    }
    int soError = 0;
    socklen_t len = sizeof soError;
    if (::getsockopt(fd, SOL_SOCKET, SO_ERROR, &soError, &len) != 0)
        soError = errno;
    if (soError != 0)
        return classify(soError);
    return fd;
}

ProbeResult runProbe(const Endpoint &endpoint, const ProbeRequest &request,
                     const ProbeTimeouts &timeouts, const CancelToken &cancel, bool wantChain) {
    ProbeResult result;
    ERR_clear_error();
    SSL_CTX *ctx = sharedClientContext();
    if (!ctx) {
        result.error = "cannot create the TLS client context";
        return result;
    }
    // Declared before the SSL so that they outlive it.
    SocketBioState bioState;
    SessionPtr captured;
    SslPtr ssl(SSL_new(ctx));
    if (!ssl) {
        result.error = drainOpenSslErrors();
        return result;
    }
    // Everything below is per connection: the probes of one scan run in parallel.
    if (SSL_set_min_proto_version(ssl.get(), protoVersion(request.minVersion)) != 1 ||
        SSL_set_max_proto_version(ssl.get(), protoVersion(request.maxVersion)) != 1) {
        result.error = "cannot set the protocol range: " + drainOpenSslErrors();
        return result;
    }
    const std::string ciphers =
        request.cipherList.empty() ? allLegacyCiphers() : request.cipherList + ":@SECLEVEL=0";
    if (SSL_set_cipher_list(ssl.get(), ciphers.c_str()) != 1 &&
        request.minVersion != TlsVersion::Tls1_3) {
        result.error = "no usable cipher in '" + request.cipherList + "': " + drainOpenSslErrors();
        return result;
    }
    const std::string suites =
        request.cipherSuites.empty() ? allTls13Suites() : request.cipherSuites;
    if (SSL_set_ciphersuites(ssl.get(), suites.c_str()) != 1) {
        result.error = "invalid TLS 1.3 suites '" + suites + "': " + drainOpenSslErrors();
        return result;
    }
    if (!request.groups.empty() && SSL_set1_groups_list(ssl.get(), request.groups.c_str()) != 1) {
        result.error = "unsupported group '" + request.groups + "': " + drainOpenSslErrors();
        return result;
    }
    if (request.noTickets)
        SSL_set_options(ssl.get(), SSL_OP_NO_TICKET);
    if (!request.alpn.empty()) {
        std::string wire;
        for (const std::string &p : request.alpn) {
            wire += char(p.size());
            wire += p;
        }
        if (SSL_set_alpn_protos(ssl.get(), reinterpret_cast<const unsigned char *>(wire.data()),
                                unsigned(wire.size())) != 0) {
            result.error = "cannot set ALPN: " + drainOpenSslErrors();
            return result;
        }
    }
    if (request.captureSession)
        SSL_set_app_data(ssl.get(), &captured);

    ProbeOutcome connectOutcome = ProbeOutcome::LocalError;
    Fd fd(connectBounded(endpoint, timeouts.connect, cancel, connectOutcome, result.error));
    if (fd.get() < 0) {
        result.outcome = connectOutcome;
        return result;
    }

    bioState.fd = fd.get();
    BIO *bio = BIO_new(socketBioMethod());
    if (!bio) {
        result.error = drainOpenSslErrors();
        return result;
    }
    BIO_set_data(bio, &bioState);
    SSL_set_bio(ssl.get(), bio, bio); // ssl owns the BIO now
    if (!request.sni.empty())
        SSL_set_tlsext_host_name(ssl.get(), request.sni.c_str());
    if (request.requestOcsp)
        SSL_set_tlsext_status_type(ssl.get(), TLSEXT_STATUSTYPE_ocsp);
    if (request.resume)
        SSL_set_session(ssl.get(), request.resume.get());
    SSL_set_connect_state(ssl.get());

    const auto deadline = Clock::now() + timeouts.handshake;
    for (;;) {
        ERR_clear_error();
        const int rc = SSL_do_handshake(ssl.get());
        if (rc == 1)
            break;
        const int err = SSL_get_error(ssl.get(), rc);
        if (err == SSL_ERROR_WANT_READ || err == SSL_ERROR_WANT_WRITE) {
            const WaitResult w =
                waitFor(fd.get(), err == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT, deadline, cancel);
            if (w == WaitResult::Cancelled) {
                result.outcome = ProbeOutcome::Cancelled;
                result.error = "cancelled";
                return result;
            }
            if (w == WaitResult::Timeout) {
                result.outcome =
                    looksLikeTls(bioState) ? ProbeOutcome::Timeout : ProbeOutcome::NotTls;
                result.error =
                    "no TLS handshake within " + std::to_string(timeouts.handshake.count()) + " ms";
                return result;
            }
            continue;
        }
        const std::string queue = drainOpenSslErrors();
        if (!looksLikeTls(bioState)) {
            result.outcome = ProbeOutcome::NotTls;
            result.error = "the port answered, but not with TLS";
        } else if (err == SSL_ERROR_SYSCALL || (bioState.eof && bioState.firstLen == 0)) {
            result.outcome = bioState.firstLen == 0 ? ProbeOutcome::Closed : ProbeOutcome::Rejected;
            result.error = bioState.firstLen == 0 ? "connection closed during the handshake"
                                                  : "connection reset: " + queue;
        } else {
            result.outcome = ProbeOutcome::Rejected;
            result.error = queue.empty() ? "handshake failed" : queue;
        }
        return result;
    }

    result.outcome = ProbeOutcome::Established;
    result.version = fromProtoVersion(SSL_version(ssl.get()));
    if (const SSL_CIPHER *c = SSL_get_current_cipher(ssl.get()))
        result.cipher = SSL_CIPHER_get_name(c);
    result.group = groupName(ssl.get());
    const unsigned char *alpn = nullptr;
    unsigned alpnLen = 0;
    SSL_get0_alpn_selected(ssl.get(), &alpn, &alpnLen);
    if (alpn && alpnLen)
        result.alpn.assign(reinterpret_cast<const char *>(alpn), alpnLen);
    const unsigned char *ocsp = nullptr;
    result.ocspStapled = SSL_get_tlsext_status_ocsp_resp(ssl.get(), &ocsp) > 0 && ocsp;
    result.reused = SSL_session_reused(ssl.get()) == 1;
    if (wantChain) {
        if (STACK_OF(X509) *chain = SSL_get_peer_cert_chain(ssl.get())) {
            for (int i = 0; i < sk_X509_num(chain); ++i) {
                X509 *x = sk_X509_value(chain, i);
                X509_up_ref(x);
                result.chain.push_back(Certificate::adopt(x));
            }
        }
    }

    // After the handshake: an HTTP request (HSTS) and/or reading until the session ticket
    // (TLS 1.3 sends it after the handshake) has arrived. Both bounded.
    if (!request.httpRequest.empty() || request.captureSession) {
        const auto postDeadline =
            Clock::now() + std::min<Clock::duration>(timeouts.handshake, std::chrono::seconds(3));
        bool sent = request.httpRequest.empty();
        size_t written = 0;
        std::string &head = result.httpHead;
        char buf[4096];
        for (;;) {
            if (!sent) {
                ERR_clear_error();
                const int n = SSL_write(ssl.get(), request.httpRequest.data() + written,
                                        int(request.httpRequest.size() - written));
                if (n > 0) {
                    written += size_t(n);
                    sent = written == request.httpRequest.size();
                    continue;
                }
                const int err = SSL_get_error(ssl.get(), n);
                if (err != SSL_ERROR_WANT_WRITE && err != SSL_ERROR_WANT_READ)
                    break;
                if (waitFor(fd.get(), err == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT, postDeadline,
                            cancel) != WaitResult::Ready)
                    break;
                continue;
            }
            const bool haveHead = head.find("\r\n\r\n") != std::string::npos;
            const bool needMore = (!request.httpRequest.empty() && !haveHead) ||
                                  (request.captureSession && !captured);
            if (!needMore || head.size() > 64 * 1024)
                break;
            ERR_clear_error();
            const int n = SSL_read(ssl.get(), buf, sizeof buf);
            if (n > 0) {
                if (!request.httpRequest.empty())
                    head.append(buf, size_t(n));
                continue;
            }
            const int err = SSL_get_error(ssl.get(), n);
            if (err != SSL_ERROR_WANT_READ && err != SSL_ERROR_WANT_WRITE)
                break;
            // That read may have taken in the session ticket: do not wait when done.
            if (request.httpRequest.empty() && captured)
                break;
            if (waitFor(fd.get(), err == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT, postDeadline,
                        cancel) != WaitResult::Ready)
                break;
        }
        if (const auto end = head.find("\r\n\r\n"); end != std::string::npos)
            head.resize(end + 2);
        ERR_clear_error();
    }
    if (request.captureSession) {
        if (!captured) {
            SSL_SESSION *s = SSL_get1_session(ssl.get());
            if (s && SSL_SESSION_is_resumable(s))
                captured = SessionPtr(s, SessionRelease{});
            else if (s)
                SSL_SESSION_free(s);
        }
        result.session = captured;
    }
    SSL_set_app_data(ssl.get(), nullptr);
    // Send close_notify: a server drops the session from its cache when a peer vanishes
    // without one, which would hide session-ID resumption.
    SSL_shutdown(ssl.get());
    ERR_clear_error();
    return result;
}

ProbeResult plainHttp(const Endpoint &endpoint, const std::string &request,
                      const ProbeTimeouts &timeouts, const CancelToken &cancel) {
    ProbeResult result;
    ProbeOutcome outcome = ProbeOutcome::LocalError;
    Fd fd(connectBounded(endpoint, timeouts.connect, cancel, outcome, result.error));
    if (fd.get() < 0) {
        result.outcome = outcome;
        return result;
    }
    const auto deadline = Clock::now() + timeouts.handshake;
    size_t written = 0;
    while (written < request.size()) {
        const ssize_t n =
            ::send(fd.get(), request.data() + written, request.size() - written, MSG_NOSIGNAL);
        if (n > 0) {
            written += size_t(n);
            continue;
        }
        if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
            if (waitFor(fd.get(), POLLOUT, deadline, cancel) != WaitResult::Ready) {
                result.outcome = ProbeOutcome::Timeout;
                result.error = "timed out sending the request";
                return result;
            }
            continue;
        }
        result.outcome = ProbeOutcome::Closed;
        result.error = std::strerror(errno);
        return result;
    }
    char buf[4096];
    while (result.httpHead.find("\r\n\r\n") == std::string::npos &&
           result.httpHead.size() < 64 * 1024) {
        const ssize_t n = ::recv(fd.get(), buf, sizeof buf, 0);
        if (n > 0) {
            result.httpHead.append(buf, size_t(n));
            continue;
        }
        if (n == 0)
            break;
        if (errno == EAGAIN || errno == EINTR) {
            const WaitResult w = waitFor(fd.get(), POLLIN, deadline, cancel);
            if (w != WaitResult::Ready) {
                result.outcome =
                    w == WaitResult::Cancelled ? ProbeOutcome::Cancelled : ProbeOutcome::Timeout;
                result.error = "no HTTP answer in time";
                return result;
            }
            continue;
        }
        result.outcome = ProbeOutcome::Closed;
        result.error = std::strerror(errno);
        return result;
    }
    result.outcome = result.httpHead.empty() ? ProbeOutcome::Closed : ProbeOutcome::Established;
    if (result.httpHead.empty())
        result.error = "closed without an answer";
    return result;
}

} // namespace gatehouse::core::detail
