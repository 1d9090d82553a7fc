// The request path: one coroutine per downstream connection on its worker's io_context.
// Sockets are non-blocking; reads and writes (plain or SSL_read/SSL_write) are tried
// first and only on EAGAIN does the coroutine wait for readiness (socket.async_wait).
// Per-request state lives in pooled RequestBuffers; parsers are constructed in place.
#include <utility> // Boost 1.74's awaitable.hpp needs std::exchange declared first

#include "gateway/headervalue.h"
#include "gateway/worker.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/http/basic_parser.hpp>
#include <boost/beast/http/error.hpp>

#include <nghttp2/nghttp2.h>
#include <openssl/err.h>

#include <arpa/inet.h>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstring>
#include <ctime>
#include <netinet/tcp.h>
#include <sys/ioctl.h>
#include <limits>
#include <optional>
#include <span>
#include <sys/socket.h>
#include <unistd.h>

namespace gatehouse::gateway::detail {

namespace http = boost::beast::http;
using asio::awaitable;
using Clock = std::chrono::steady_clock;

namespace {

constexpr std::size_t kIoChunk = 16 * 1024;

// ---------------------------------------------------------------- small helpers

std::string_view sv(boost::beast::string_view v) {
    return {v.data(), v.size()};
}

void appendNumber(std::string &out, std::uint64_t v) {
    char buf[24];
    auto r = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, r.ptr);
}

void appendHex(std::string &out, std::uint64_t v) {
    char buf[24];
    auto r = std::to_chars(buf, buf + sizeof buf, v, 16);
    out.append(buf, r.ptr);
}

const char *reasonPhrase(int status) {
    switch (status) {
    case 100:
        return "Continue";
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 204:
        return "No Content";
    case 301:
        return "Moved Permanently";
    case 302:
        return "Found";
    case 303:
        return "See Other";
    case 304:
        return "Not Modified";
    case 307:
        return "Temporary Redirect";
    case 308:
        return "Permanent Redirect";
    case 400:
        return "Bad Request";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 408:
        return "Request Timeout";
    case 413:
        return "Payload Too Large";
    case 431:
        return "Request Header Fields Too Large";
    case 500:
        return "Internal Server Error";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    case 504:
        return "Gateway Timeout";
    default:
        return "Unknown";
    }
}

const char *localBody(int status) {
    switch (status) {
    case 502:
        return "upstream connect error or disconnect/reset before headers\n";
    case 503:
        return "no healthy upstream\n";
    case 504:
        return "upstream request timeout\n";
    case 413:
        return "payload too large\n";
    case 431:
        return "request header fields too large\n";
    case 400:
        return "bad request\n";
    case 408:
        return "request timeout\n";
    default:
        return "";
    }
}

// What Envoy's fault filter answers an aborted request with (a local reply, text/plain).
const std::optional<std::string> kFaultAbortBody{"fault filter abort"};

// Envoy's percentage test: a draw out of a million below the share.
bool drawn(Worker &w, std::uint32_t perMillion) {
    return perMillion && w.random() % 1000000 < perMillion;
}

// A route's fault, as Envoy's fault filter between the route match and the router: the
// delay first, then a separate draw for the abort. True: answer abortStatus here.
awaitable<bool> applyFault(Worker &w, const FaultPolicy &f) {
    if (f.delay.count() > 0 && drawn(w, f.delayPerMillion)) {
        w.counters().faultDelays.add();
        asio::steady_timer delay(w.io(), f.delay);
        boost::system::error_code ec;
        co_await delay.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    }
    if (f.abortStatus && drawn(w, f.abortPerMillion)) {
        w.counters().faultAborts.add();
        co_return true;
    }
    co_return false;
}

// Envoy's CORS filter for one request of a forwarding route with a policy (Istio puts the
// filter ahead of the fault filter): nothing without an Origin; a preflight answered here;
// or the fields every response to an allowed origin gets. Copies of the request's values:
// an HTTP/1 request's buffer is reused for its body before the response comes.
struct CorsRequest {
    const CorsPolicy *policy = nullptr; // null: not a CORS request
    std::string origin;                 // the request's Origin when allowed, else empty
    std::string requestMethod;          // Access-Control-Request-Method
    std::string requestHeaders;         // Access-Control-Request-Headers
    bool preflightHere = false;

    // An upstream response field the filter sets itself.
    bool drops(std::string_view name) const {
        return !origin.empty() &&
               (iequals(name, "access-control-allow-origin") ||
                (policy->allowCredentials && iequals(name, "access-control-allow-credentials")) ||
                (!policy->exposeHeaders.empty() && iequals(name, "access-control-expose-headers")));
    }
    // The fields it adds: a preflight's (Envoy's decodeHeaders, then its encodeHeaders on
    // that reply too) or any other response's.
    template <typename Add> void addFields(Add add) const {
        if (!policy)
            return;
        if (preflightHere) {
            if (!origin.empty())
                add("access-control-allow-origin", origin);
            if (policy->allowCredentials)
                add("access-control-allow-credentials", "true");
            if (!policy->allowMethods.empty())
                add("access-control-allow-methods", policy->allowMethods == "*"
                                                        ? std::string_view(requestMethod)
                                                        : std::string_view(policy->allowMethods));
            if (!policy->allowHeaders.empty())
                add("access-control-allow-headers", policy->allowHeaders == "*"
                                                        ? std::string_view(requestHeaders)
                                                        : std::string_view(policy->allowHeaders));
            if (!policy->maxAge.empty())
                add("access-control-max-age", policy->maxAge);
            if (!origin.empty() && !policy->exposeHeaders.empty())
                add("access-control-expose-headers", policy->exposeHeaders);
            return;
        }
        if (origin.empty())
            return;
        add("access-control-allow-origin", origin);
        if (policy->allowCredentials)
            add("access-control-allow-credentials", "true");
        if (!policy->exposeHeaders.empty())
            add("access-control-expose-headers", policy->exposeHeaders);
    }
};

// `fields`: the request's (name, value) pairs, any case.
template <typename Fields>
CorsRequest corsFor(const CompiledRoute &r, std::string_view method, const Fields &fields) {
    CorsRequest c;
    if (!r.route->cors || !r.forwards)
        return c;
    std::string_view origin;
    for (const auto &f : fields) {
        if (iequals(f.name, "origin") && origin.empty())
            origin = f.value;
        else if (iequals(f.name, "access-control-request-method") && c.requestMethod.empty())
            c.requestMethod.assign(f.value);
        else if (iequals(f.name, "access-control-request-headers") && c.requestHeaders.empty())
            c.requestHeaders.assign(f.value);
    }
    if (origin.empty())
        return c;
    c.policy = &*r.route->cors;
    for (const CompiledHeaderMatch &m : r.corsOrigins) {
        if (matchesValue(m, "*") || matchesValue(m, origin)) {
            c.origin.assign(origin);
            break;
        }
    }
    c.preflightHere = method == "OPTIONS" && !c.requestMethod.empty() &&
                      (!c.origin.empty() || !c.policy->forwardNotMatchingPreflights);
    return c;
}

// A local reply without a body (a CORS preflight's).
const std::optional<std::string> kNoBody{std::string()};

void countStatus(Worker &w, int status) {
    const int cls = status / 100 - 1;
    if (cls >= 0 && cls < 5)
        w.counters().responsesByClass[std::size_t(cls)].add();
}

bool isHopByHop(unsigned id) {
    switch (static_cast<http::field>(id)) {
    case http::field::connection:
    case http::field::keep_alive:
    case http::field::proxy_connection:
    case http::field::transfer_encoding:
    case http::field::upgrade:
    case http::field::te:
    case http::field::trailer:
        return true;
    default:
        return false;
    }
}

// Headers named in a Connection header are hop-by-hop too.
struct ConnectionTokens {
    std::string_view tokens[8];
    int count = 0;
    void parse(std::string_view v) {
        while (!v.empty() && count < 8) {
            const auto comma = v.find(',');
            std::string_view t = v.substr(0, comma);
            while (!t.empty() && (t.front() == ' ' || t.front() == '\t'))
                t.remove_prefix(1);
            while (!t.empty() && (t.back() == ' ' || t.back() == '\t'))
                t.remove_suffix(1);
            if (!t.empty() && !iequals(t, "close") && !iequals(t, "keep-alive"))
                tokens[count++] = t;
            v = comma == std::string_view::npos ? std::string_view() : v.substr(comma + 1);
        }
    }
    bool contains(std::string_view name) const {
        for (int i = 0; i < count; ++i) {
            if (iequals(tokens[i], name))
                return true;
        }
        return false;
    }
};

// ---------------------------------------------------------------- parsers (Beast)

class RequestParser final : public http::basic_parser<true> {
public:
    RequestParser(RequestBuffers &b)
        : m_b(b) {
        m_b.fields.clear();
        m_b.fieldIds.clear();
    }
    std::string_view method;
    std::string_view target;
    http::verb verb = http::verb::unknown;
    int version = 11;
    std::string *bodyOut = nullptr;
    bool chunkedOut = false;

private:
    void on_request_impl(http::verb v, boost::beast::string_view m, boost::beast::string_view t,
                         int ver, boost::beast::error_code &) override {
        verb = v;
        method = sv(m);
        target = sv(t);
        version = ver;
    }
    void on_response_impl(int, boost::beast::string_view, int,
                          boost::beast::error_code &) override {}
    void on_field_impl(http::field f, boost::beast::string_view name,
                       boost::beast::string_view value, boost::beast::error_code &ec) override {
        if (m_b.fields.size() >= 200) {
            ec = http::error::header_limit;
            return;
        }
        m_b.fields.push_back({sv(name), sv(value)});
        m_b.fieldIds.push_back(static_cast<unsigned>(f));
    }
    void on_header_impl(boost::beast::error_code &) override {}
    void on_body_init_impl(boost::optional<std::uint64_t> const &,
                           boost::beast::error_code &) override {}
    std::size_t on_body_impl(boost::beast::string_view body, boost::beast::error_code &) override {
        if (bodyOut)
            bodyOut->append(body.data(), body.size());
        return body.size();
    }
    void on_chunk_header_impl(std::uint64_t, boost::beast::string_view,
                              boost::beast::error_code &) override {}
    std::size_t on_chunk_body_impl(std::uint64_t, boost::beast::string_view body,
                                   boost::beast::error_code &) override {
        if (bodyOut && !body.empty()) {
            if (chunkedOut) {
                appendHex(*bodyOut, body.size());
                bodyOut->append("\r\n");
            }
            bodyOut->append(body.data(), body.size());
            if (chunkedOut)
                bodyOut->append("\r\n");
        }
        return body.size();
    }
    void on_finish_impl(boost::beast::error_code &) override {
        if (bodyOut && chunkedOut)
            bodyOut->append("0\r\n\r\n");
    }
    RequestBuffers &m_b;
};

class ResponseParser final : public http::basic_parser<false> {
public:
    ResponseParser(std::vector<HeaderRef> &fields, std::vector<unsigned> &ids)
        : m_fields(fields)
        , m_ids(ids) {
        m_fields.clear();
        m_ids.clear();
    }
    int status = 0;
    int version = 11;
    std::string *bodyOut = nullptr;
    bool reChunk = false;
    std::size_t limit = std::size_t(-1);
    bool overflow = false;

private:
    void append(boost::beast::string_view body) {
        if (!bodyOut || body.empty())
            return;
        if (bodyOut->size() + body.size() > limit) {
            overflow = true;
            return;
        }
        if (reChunk) {
            appendHex(*bodyOut, body.size());
            bodyOut->append("\r\n");
        }
        bodyOut->append(body.data(), body.size());
        if (reChunk)
            bodyOut->append("\r\n");
    }
    void on_request_impl(http::verb, boost::beast::string_view, boost::beast::string_view, int,
                         boost::beast::error_code &) override {}
    void on_response_impl(int code, boost::beast::string_view, int ver,
                          boost::beast::error_code &) override {
        status = code;
        version = ver;
    }
    void on_field_impl(http::field f, boost::beast::string_view name,
                       boost::beast::string_view value, boost::beast::error_code &) override {
        m_fields.push_back({sv(name), sv(value)});
        m_ids.push_back(static_cast<unsigned>(f));
    }
    void on_header_impl(boost::beast::error_code &) override {}
    void on_body_init_impl(boost::optional<std::uint64_t> const &,
                           boost::beast::error_code &) override {}
    std::size_t on_body_impl(boost::beast::string_view body, boost::beast::error_code &) override {
        append(body);
        return body.size();
    }
    void on_chunk_header_impl(std::uint64_t, boost::beast::string_view,
                              boost::beast::error_code &) override {}
    std::size_t on_chunk_body_impl(std::uint64_t, boost::beast::string_view body,
                                   boost::beast::error_code &) override {
        append(body);
        return body.size();
    }
    void on_finish_impl(boost::beast::error_code &) override {
        if (bodyOut && reChunk)
            bodyOut->append("0\r\n\r\n");
    }
    std::vector<HeaderRef> &m_fields;
    std::vector<unsigned> &m_ids;
};

// ---------------------------------------------------------------- waiting

awaitable<bool> waitFor(TimedNode &node, tcp::socket &s, tcp::socket::wait_type type,
                        std::uint64_t deadlineMs) {
    if (node.expired)
        co_return false;
    if (deadlineMs)
        node.deadlineMs = deadlineMs;
    boost::system::error_code ec;
    co_await s.async_wait(type, asio::redirect_error(asio::use_awaitable, ec));
    if (deadlineMs)
        node.deadlineMs = 0;
    co_return !ec && !node.expired;
}

// What a wait on a worker's FdWatch does around the wait itself. The request path's two
// waits (the next request, the response) use these around Worker::asyncReadable in their
// own frames: a waitReadable frame per wait is a heap allocation the request would pay for.
bool beginWait(TimedNode &node, std::uint64_t deadlineMs) {
    if (node.expired)
        return false;
    if (deadlineMs)
        node.deadlineMs = deadlineMs;
    return true;
}
bool endWait(TimedNode &node, std::uint64_t deadlineMs, boost::system::error_code ec) {
    if (deadlineMs)
        node.deadlineMs = 0;
    return !ec && !node.expired;
}

// Read readiness through the worker's FdWatch set (no system call to wait); sockets it
// could not take fall back to Asio's async_wait.
awaitable<bool> waitReadable(TimedNode &node, Worker &w, FdWatch &fw, tcp::socket &s,
                             std::uint64_t deadlineMs) {
    if (!fw.registered)
        co_return co_await waitFor(node, s, tcp::socket::wait_read, deadlineMs);
    if (!beginWait(node, deadlineMs))
        co_return false;
    boost::system::error_code ec;
    co_await w.asyncReadable(fw, asio::redirect_error(asio::use_awaitable, ec));
    co_return endWait(node, deadlineMs, ec);
}

enum class Io { Ok, WantRead, WantWrite, Eof, Error };

// Sends to a plain socket what it takes now: p and len advance, len stays > 0 when the
// socket is full. False when the peer is gone.
bool sendSome(int fd, const char *&p, std::size_t &len) {
    while (len) {
        const ssize_t r = ::send(fd, p, len, MSG_NOSIGNAL);
        if (r >= 0) {
            p += r;
            len -= std::size_t(r);
            continue;
        }
        if (errno == EINTR)
            continue;
        return errno == EAGAIN || errno == EWOULDBLOCK;
    }
    return true;
}

// Gives pooled buffers back however the coroutine holding them ends (a fresh buffer set
// costs an allocation and a 60 kB clear).
struct BuffersGuard {
    Worker &w;
    std::unique_ptr<RequestBuffers> &b;
    ~BuffersGuard() {
        if (b)
            w.giveBuffers(std::move(b));
    }
};

int sendFlags(const FdWatch &fw) {
    return fw.lastWrites ? MSG_NOSIGNAL | MSG_MORE : MSG_NOSIGNAL;
}

// OpenSSL's I/O on a downstream socket: a BIO of the engine's own in place of OpenSSL's
// socket BIO. It keeps FdWatch::readable true only while the socket may hold unread bytes
// (a short read or EAGAIN drains it) and sends with send(2). A BIO callback on the socket
// BIO could watch the reads too, but OpenSSL would call it twice on every BIO call of every
// record. BIO data: the connection's FdWatch; the socket stays Asio's to close.
int socketBioWrite(BIO *bio, const char *data, std::size_t len, std::size_t *written) {
    const auto *fw = static_cast<const FdWatch *>(BIO_get_data(bio));
    BIO_clear_retry_flags(bio);
    *written = 0;
    for (;;) {
        const ssize_t r = ::send(fw->fd, data, len, sendFlags(*fw));
        if (r >= 0) {
            *written = std::size_t(r);
            return 1;
        }
        if (errno == EINTR)
            continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK)
            BIO_set_retry_write(bio);
        return 0;
    }
}

int socketBioRead(BIO *bio, char *data, std::size_t len, std::size_t *read) {
    auto *fw = static_cast<FdWatch *>(BIO_get_data(bio));
    BIO_clear_retry_flags(bio);
    *read = 0;
    for (;;) {
        const ssize_t r = ::recv(fw->fd, data, len, 0);
        if (r > 0) {
            if (std::size_t(r) < len)
                fw->drained();
            *read = std::size_t(r);
            return 1;
        }
        if (r < 0 && errno == EINTR)
            continue;
        if (r == 0)
            BIO_set_flags(bio, BIO_FLAGS_IN_EOF); // libssl tells a truncated stream by it
        else if (errno == EAGAIN || errno == EWOULDBLOCK) {
            fw->drained();
            BIO_set_retry_read(bio);
        }
        return 0;
    }
}

long socketBioCtrl(BIO *bio, int cmd, long, void *ptr) {
    switch (cmd) {
    case BIO_CTRL_FLUSH:
        return 1; // nothing is buffered here
    case BIO_CTRL_EOF:
        return BIO_test_flags(bio, BIO_FLAGS_IN_EOF) != 0;
    case BIO_C_GET_FD: {
        const int fd = static_cast<const FdWatch *>(BIO_get_data(bio))->fd;
        if (ptr)
            *static_cast<int *>(ptr) = fd;
        return fd;
    }
    default:
        return 0; // no kTLS, nothing pending, no chain
    }
}

const BIO_METHOD *socketBioMethod();

// Gives `ssl` the socket of `fw` through the engine's BIO.
bool attachSocketBio(SSL *ssl, FdWatch &fw) {
    const BIO_METHOD *method = socketBioMethod();
    BIO *bio = method ? BIO_new(method) : nullptr;
    if (!bio)
        return false;
    BIO_set_data(bio, &fw);
    SSL_set_bio(ssl, bio, bio); // one reference for both directions, now the SSL's
    return true;
}

const BIO_METHOD *socketBioMethod() {
    static BIO_METHOD *const method = [] {
        BIO_METHOD *m = BIO_meth_new(
            BIO_get_new_index() | BIO_TYPE_SOURCE_SINK | BIO_TYPE_DESCRIPTOR, "gatehouse socket");
        if (m) {
            BIO_meth_set_write_ex(m, socketBioWrite);
            BIO_meth_set_read_ex(m, socketBioRead);
            BIO_meth_set_ctrl(m, socketBioCtrl);
            BIO_meth_set_create(m, [](BIO *b) {
                BIO_set_init(b, 1);
                return 1;
            });
        }
        return m;
    }();
    return method;
}

// ---------------------------------------------------------------- downstream

class H2Session;

struct Downstream final : TimedNode {
    Downstream(Worker &worker, tcp::socket s, std::shared_ptr<const Snapshot> sn, int li)
        : w(worker)
        , sock(std::move(s))
        , snap(std::move(sn))
        , listener(&snap->listeners[std::size_t(li)])
        , limits(snap->config->limits) {
        w.track(*this);
        w.counters().connectionsActive.add();
        boost::system::error_code ec;
        sock.native_non_blocking(true, ec);
        sock.set_option(tcp::no_delay(true), ec);
        fw.fd = int(sock.native_handle());
        w.watch(fw);
        peer = sock.remote_endpoint(ec);
        const auto addr = peer.address();
        if (addr.is_v4()) {
            const auto bytes = addr.to_v4().to_bytes();
            inet_ntop(AF_INET, bytes.data(), peerText, sizeof peerText);
        } else {
            const auto bytes = addr.to_v6().to_bytes();
            inet_ntop(AF_INET6, bytes.data(), peerText, sizeof peerText);
        }
        routeTable = listener->routeTable;
    }
    ~Downstream() override {
        if (ssl) {
            if (SSL_is_init_finished(ssl))
                SSL_shutdown(ssl); // one non-blocking attempt at close_notify
            SSL_free(ssl);
            ERR_clear_error();
        }
        if (fw.lastWrites && fw.fd >= 0) {
            // Unread bytes make close() a reset that drops what is still held back: push it.
            int unread = 0;
            if (::ioctl(fw.fd, FIONREAD, &unread) != 0 || unread > 0) {
                const int on = 1;
                ::setsockopt(fw.fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
            }
        }
        fw.forget(); // before the socket closes (FdWatch)
        boost::system::error_code ec;
        sock.close(ec);
        w.counters().connectionsActive.sub();
        w.shared().connections.fetch_sub(1, std::memory_order_relaxed);
    }
    void onTimeout() override {
        boost::system::error_code ec;
        sock.cancel(ec);
        w.cancelRead(fw);
    }
    void onDrain() override;
    void onTick() override {
        // Idle over a whole tick: wake the waiting coroutine so that it parks (serveHttp1).
        // The first tick only marks the wait: a keep-alive client between two requests is
        // idle for microseconds and must not pay for parking and unparking.
        if (hotIdle && !parkRequested) {
            if (!idleTicked) {
                idleTicked = true;
                return;
            }
            parkRequested = true;
            w.cancelRead(fw);
        }
    }
    // Gives `ssl` the socket through the engine's BIO (see socketBioMethod).
    bool attachSsl() { return attachSocketBio(ssl, fw); }
    awaitable<bool> waitIo(Io r, std::uint64_t deadlineMs) {
        if (r == Io::WantRead)
            return waitReadable(*this, w, fw, sock, deadlineMs);
        return waitFor(*this, sock, tcp::socket::wait_write, deadlineMs);
    }

    Io tryRead(char *p, std::size_t cap, std::size_t &n) {
        if (ssl) {
            const int r = SSL_read_ex(ssl, p, cap, &n);
            if (r == 1)
                return Io::Ok;
            return sslIo(r);
        }
        for (;;) {
            const ssize_t r = ::recv(sock.native_handle(), p, cap, 0);
            if (r > 0) {
                n = std::size_t(r);
                if (n < cap)
                    fw.drained();
                return Io::Ok;
            }
            if (r == 0)
                return Io::Eof;
            if (errno == EINTR)
                continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK) {
                fw.drained();
                return Io::WantRead;
            }
            return Io::Error;
        }
    }
    Io tryWrite(const char *p, std::size_t len, std::size_t &n) {
        if (ssl) {
            const int r = SSL_write_ex(ssl, p, len, &n);
            if (r == 1)
                return Io::Ok;
            return sslIo(r);
        }
        for (;;) {
            const ssize_t r = ::send(sock.native_handle(), p, len, sendFlags(fw));
            if (r >= 0) {
                n = std::size_t(r);
                return Io::Ok;
            }
            if (errno == EINTR)
                continue;
            return (errno == EAGAIN || errno == EWOULDBLOCK) ? Io::WantWrite : Io::Error;
        }
    }
    Io sslIo(int r) {
        switch (SSL_get_error(ssl, r)) {
        case SSL_ERROR_WANT_READ:
            return Io::WantRead;
        case SSL_ERROR_WANT_WRITE:
            return Io::WantWrite;
        case SSL_ERROR_ZERO_RETURN:
            return Io::Eof;
        default:
            ERR_clear_error();
            return Io::Error;
        }
    }

    // Writes what the socket takes now (p and len advance); Ok once all of it went.
    Io writeNow(const char *&p, std::size_t &len) {
        while (len) {
            std::size_t n = 0;
            const Io r = tryWrite(p, len, n);
            if (r != Io::Ok)
                return r;
            w.counters().bytesSent.add(n);
            p += n;
            len -= n;
        }
        return Io::Ok;
    }
    // `first`: what a writeNow of the same bytes just asked to wait for, if anything.
    awaitable<bool> writeAll(const char *p, std::size_t len, std::uint64_t deadlineMs,
                             Io first = Io::Ok) {
        Io r = first;
        for (;;) {
            if (r == Io::WantRead || r == Io::WantWrite) {
                if (!co_await waitIo(r, deadlineMs))
                    co_return false;
            }
            r = writeNow(p, len);
            if (r == Io::Ok)
                co_return true;
            if (r != Io::WantRead && r != Io::WantWrite)
                co_return false;
        }
    }

    std::uint64_t idleDeadline() const {
        return w.nowMs() + std::uint64_t(limits.idleTimeout.count());
    }

    Worker &w;
    tcp::socket sock;
    FdWatch fw;
    SSL *ssl = nullptr;
    std::shared_ptr<const Snapshot> snap;
    const CompiledListener *listener;
    const Limits &limits;
    tcp::endpoint peer;
    char peerText[INET6_ADDRSTRLEN] = {};
    std::string sni; // for the access log
    int routeTable = -1;
    bool idle = false;
    bool hotIdle = false;       // idle inside serveHttp1, frame and buffers kept
    bool parkRequested = false; // onTick asked the hot idle wait to give them up
    bool idleTicked = false;    // a tick has seen the current hot idle wait
    bool drainRequested = false;
    bool servedOne = false;
    tcp::socket::wait_type idleWait = tcp::socket::wait_read;
    H2Session *h2 = nullptr;
};

// ---------------------------------------------------------------- upstream

// Closed: the connection ended before a byte of the response (a pooled one may have been
// closed by the upstream while it idled: worth one fresh attempt).
// RetryStatus: the response head has a status the route retries (readResponse stopped
// there); nothing of it went to the client.
enum class UpErr { Ok, Refused, Reset, Timeout, Closed, RetryStatus };

// The index of the endpoint a request of `c` goes to, by the cluster's LbPolicy. Least
// request is Envoy's power of two choices: two distinct endpoints drawn, the one with fewer
// requests in flight (all workers) taken.
std::size_t pickEndpoint(Worker &w, const ClusterInfo &c) {
    const std::size_t n = c.endpoints.size();
    if (n <= 1)
        return 0;
    switch (c.cluster->lbPolicy) {
    case LbPolicy::Random:
        return std::size_t(w.random() % n);
    case LbPolicy::LeastRequest: {
        const std::uint64_t r = w.random();
        const std::size_t a = std::size_t(r % n);
        const std::size_t b = (a + 1 + std::size_t((r >> 32) % (n - 1))) % n;
        return c.inFlight[b].load(std::memory_order_relaxed) <
                       c.inFlight[a].load(std::memory_order_relaxed)
                   ? b
                   : a;
    }
    case LbPolicy::RoundRobin:
        break;
    }
    return w.pick(n);
}

struct UpstreamCall final : TimedNode {
    UpstreamCall(Worker &worker, const RetryPolicy &retry)
        : w(worker)
        , policy(&retry)
        , retriesLeft(retry.retries) {
        w.track(*this);
    }
    ~UpstreamCall() override { countOn(nullptr); }
    UpstreamCall(const UpstreamCall &) = delete;
    UpstreamCall &operator=(const UpstreamCall &) = delete;
    void onTimeout() override {
        if (conn) {
            boost::system::error_code ec;
            conn->socket.cancel(ec);
            w.cancelRead(conn->watch);
        }
    }

    // The call goes to `cluster` (its pool, its in-flight counts, its connection limits) for
    // a request whose upstream authority is `authority`: with TLS towards the cluster
    // (UpstreamTls), the server name and the peer name to check. Before reuse().
    void bind(const ClusterInfo &cluster, std::string_view authority) {
        info = &cluster;
        key.cluster = cluster.cluster->name;
        key.tls = cluster.tls;
        key.names = {};
        if (!cluster.tls)
            return;
        const UpstreamTls &t = *cluster.cluster->tls;
        const std::string_view host = stripPort(authority);
        boost::system::error_code ec;
        const bool ip =
            !host.empty() && (host.front() == '[' || (asio::ip::make_address(host, ec), !ec));
        sniLength = t.sni.empty() ? (ip ? 0 : host.size()) : t.sni.size();
        tlsNames = t.sni.empty() ? std::string(ip ? std::string_view() : host) : t.sni;
        tlsNames += '\n';
        if (t.verify && t.subjectAltNames.empty()) {
            // An IPv6 authority is bracketed; the name check takes the bare address.
            tlsNames += host.starts_with('[') ? host.substr(1, host.size() - 2) : host;
        }
        key.names = tlsNames;
    }

    // A pooled connection to `endpoint`, if one is there.
    bool reuse(const tcp::endpoint &endpoint) {
        ep = endpoint;
        key.endpoint = endpoint;
        if (info && info->inFlight) {
            const auto i = std::size_t(&endpoint - info->endpoints.data());
            countOn(i < info->endpoints.size() ? &info->inFlight[i] : nullptr);
        }
        conn = w.takeIdle(key);
        if (!conn)
            return false;
        reused = true;
        w.counters().upstreamReused.add();
        return true;
    }
    // After reuse() found no pooled connection: connects and, when the connect is refused and
    // the policy retries refused connects, tries again (nextTry) while the budget lasts.
    // `endpoint` ends as the one used. Callers keep reuse() outside, so a pooled request pays
    // no coroutine frame for this.
    awaitable<UpErr> connectRetrying(const ClusterInfo &cluster, const tcp::endpoint *&endpoint,
                                     std::uint64_t deadline, std::uint64_t connectMs) {
        UpErr err = co_await connectFresh(std::min(deadline, w.nowMs() + connectMs));
        while (err == UpErr::Refused && policy->connectFailure && retriesLeft > 0) {
            const std::optional<UpErr> next = co_await backOffToNext(cluster, endpoint, deadline);
            if (!next)
                break;
            if (*next == UpErr::Ok)
                co_return UpErr::Ok;
            err = co_await connectFresh(std::min(deadline, w.nowMs() + connectMs));
        }
        co_return err;
    }
    // A retry after a failed try (the connection already released): waits Envoy's jittered
    // back-off and moves to the cluster's next endpoint (the worker's round robin moves on, so
    // another one when there are several: Envoy's previous_hosts), pooled or fresh.
    awaitable<UpErr> nextTry(const ClusterInfo &cluster, const tcp::endpoint *&endpoint,
                             std::uint64_t deadline, std::uint64_t connectMs) {
        const std::optional<UpErr> next = co_await backOffToNext(cluster, endpoint, deadline);
        if (!next)
            co_return UpErr::Timeout; // the back-off would outlast the route's timeout
        if (*next == UpErr::Ok)
            co_return UpErr::Ok;
        co_return co_await connectRetrying(cluster, endpoint, deadline, connectMs);
    }
    // One retry spent: the back-off (a random wait below 25 ms, doubling with each retry),
    // then the next endpoint. Ok: a pooled connection to it; Refused: connect to `ep`;
    // nothing: no time left for the wait.
    awaitable<std::optional<UpErr>> backOffToNext(const ClusterInfo &cluster,
                                                  const tcp::endpoint *&endpoint,
                                                  std::uint64_t deadline) {
        const std::uint64_t wait = w.random() % (25u << std::min(retried, 10));
        if (w.nowMs() + wait >= deadline)
            co_return std::nullopt;
        --retriesLeft;
        ++retried;
        asio::steady_timer backoff(w.io(), std::chrono::milliseconds(wait));
        boost::system::error_code ec;
        co_await backoff.async_wait(asio::redirect_error(asio::use_awaitable, ec));
        w.counters().upstreamRetries.add();
        const std::size_t n = cluster.endpoints.size();
        const std::size_t previous = std::size_t(endpoint - cluster.endpoints.data());
        std::size_t next = pickEndpoint(w, cluster);
        if (n > 1 && next == previous)
            next = (next + 1) % n;
        endpoint = &cluster.endpoints[next];
        if (reuse(*endpoint))
            co_return UpErr::Ok;
        co_return UpErr::Refused;
    }
    // Another try of the whole request (`request`), the failed try's connection dropped: a
    // fresh connection to the same endpoint when a pooled one closed unanswered (`pooled`:
    // the pool's doing, not a retry), else the policy's next try.
    awaitable<UpErr> sendAgain(bool pooled, const ClusterInfo &cluster,
                               const tcp::endpoint *&endpoint, std::string_view request,
                               std::uint64_t deadline, std::uint64_t connectMs) {
        release(false, 0);
        expired = false; // a try its perTryTimeout ended leaves the call's waits usable
        UpErr err = UpErr::Ok;
        if (pooled)
            err = co_await connectFresh(std::min(deadline, w.nowMs() + connectMs));
        else
            err = co_await nextTry(cluster, endpoint, deadline, connectMs);
        if (err == UpErr::Ok)
            err = co_await send(request.data(), request.size(), deadline);
        co_return err;
    }
    // Whether a response head with `status` is to be retried rather than passed on.
    bool retriesStatus(int status, bool resendable) const {
        return resendable && retriesLeft > 0 && policy->retriesStatus(status);
    }
    // Whether a try that ended with `err` before any response is to be retried. A try its
    // perTryTimeout ended counts as a reset, as in Envoy (which 5xx and gateway-error cover).
    bool retriesFailure(UpErr err, bool resendable) const {
        return resendable && retriesLeft > 0 &&
               (err == UpErr::RetryStatus ||
                (policy->reset && (err == UpErr::Reset || err == UpErr::Closed)) ||
                (err == UpErr::Timeout && triedOut() &&
                 (policy->reset || policy->any5xx || policy->gatewayError)));
    }
    // The deadline of the try whose request just went out: the route's (`routeDeadlineMs`),
    // or sooner under the policy's perTryTimeout.
    std::uint64_t tryDeadline(std::uint64_t routeDeadlineMs) {
        routeDeadline = routeDeadlineMs;
        const auto perTry = std::uint64_t(policy->perTryTimeout.count());
        thisTry = perTry ? std::min(routeDeadlineMs, w.nowMs() + perTry) : routeDeadlineMs;
        return thisTry;
    }
    // The last wait failed on its try's own deadline, with the route's time left.
    bool triedOut() const {
        return expired && thisTry < routeDeadline && w.nowMs() < routeDeadline;
    }

    awaitable<UpErr> connectFresh(std::uint64_t connectDeadline) {
        reused = false;
        conn = std::make_unique<UpstreamConnection>(w.io());
        deadlineMs = connectDeadline;
        boost::system::error_code ec;
        co_await conn->socket.async_connect(ep, asio::redirect_error(asio::use_awaitable, ec));
        deadlineMs = 0;
        w.counters().upstreamConnects.add();
        if (expired || ec) {
            w.counters().upstreamConnectFailures.add();
            conn.reset();
            co_return expired ? UpErr::Timeout : UpErr::Refused;
        }
        conn->socket.native_non_blocking(true, ec);
        conn->socket.set_option(tcp::no_delay(true), ec);
        conn->watch.fd = int(conn->socket.native_handle());
        w.watch(conn->watch);
        key.endpoint = ep;
        if (key.tls) {
            const UpErr e = co_await handshake(connectDeadline);
            if (e != UpErr::Ok) {
                conn.reset();
                co_return e;
            }
        }
        co_return UpErr::Ok;
    }

    // The client side of TLS towards the cluster on the fresh connection, within the connect
    // deadline (Envoy's connect timeout covers the handshake). A refused certificate or any
    // other failure counts as a failed connect (Envoy's connection failure).
    awaitable<UpErr> handshake(std::uint64_t connectDeadline) {
        conn->ssl = SSL_new(const_cast<SSL_CTX *>(key.tls));
        if (!conn->ssl || !attachSocketBio(conn->ssl, conn->watch))
            co_return tlsFailed(false);
        SSL_set_connect_state(conn->ssl);
        const std::string_view sni(key.names.data(), sniLength);
        const std::string_view peer = std::string_view(key.names).substr(sniLength + 1);
        if (!sni.empty() && SSL_set_tlsext_host_name(conn->ssl, std::string(sni).c_str()) != 1)
            co_return tlsFailed(false);
        if (!peer.empty() && !expectPeerName(conn->ssl, peer))
            co_return tlsFailed(false);
        for (;;) {
            ERR_clear_error();
            const int r = SSL_do_handshake(conn->ssl);
            if (r == 1) {
                w.counters().upstreamTlsHandshakes.add();
                co_return UpErr::Ok;
            }
            bool ready = false;
            switch (SSL_get_error(conn->ssl, r)) {
            case SSL_ERROR_WANT_READ:
                ready = co_await waitReadable(*this, w, conn->watch, conn->socket, connectDeadline);
                break;
            case SSL_ERROR_WANT_WRITE:
                ready =
                    co_await waitFor(*this, conn->socket, tcp::socket::wait_write, connectDeadline);
                break;
            default:
                co_return tlsFailed(SSL_get_verify_result(conn->ssl) != X509_V_OK);
            }
            if (!ready) {
                w.counters().upstreamTlsOtherFailures.add();
                w.counters().upstreamConnectFailures.add();
                co_return expired ? UpErr::Timeout : UpErr::Refused;
            }
        }
    }
    UpErr tlsFailed(bool certificate) {
        ERR_clear_error();
        (certificate ? w.counters().upstreamTlsVerifyFailures
                     : w.counters().upstreamTlsOtherFailures)
            .add();
        w.counters().upstreamConnectFailures.add();
        return UpErr::Refused;
    }

    // Sends what the socket takes now (p and len advance; len 0: all went).
    UpErr sendNow(const char *&p, std::size_t &len) {
        if (!conn->ssl)
            return sendSome(conn->socket.native_handle(), p, len) ? UpErr::Ok : UpErr::Reset;
        wantRead = false;
        while (len) {
            std::size_t n = 0;
            const int r = SSL_write_ex(conn->ssl, p, len, &n);
            if (r != 1) {
                const int e = SSL_get_error(conn->ssl, r);
                if (e == SSL_ERROR_WANT_WRITE || e == SSL_ERROR_WANT_READ) {
                    wantRead = e == SSL_ERROR_WANT_READ;
                    return UpErr::Ok;
                }
                ERR_clear_error();
                return UpErr::Reset;
            }
            p += n;
            len -= n;
        }
        return UpErr::Ok;
    }
    awaitable<UpErr> send(const char *p, std::size_t len, std::uint64_t deadline) {
        for (;;) {
            const UpErr e = sendNow(p, len);
            if (e != UpErr::Ok || len == 0)
                co_return e;
            const bool ready =
                wantRead ? co_await waitReadable(*this, w, conn->watch, conn->socket, deadline)
                         : co_await waitFor(*this, conn->socket, tcp::socket::wait_write, deadline);
            if (!ready)
                co_return expired ? UpErr::Timeout : UpErr::Reset;
        }
    }

    // Appends what the socket has to buf[end..cap): Ok (n == 0 means EOF), Reset, or
    // nullopt when nothing is there yet. Waiting is the caller's (readResponse), in its own
    // frame: right after the request went out the watch says so without a system call.
    std::optional<UpErr> receiveNow(std::string &buf, std::size_t &end, std::size_t &n) {
        if (conn->ssl)
            return receiveTls(buf, end, n);
        if (conn->watch.registered && !conn->watch.readable)
            return std::nullopt;
        for (;;) {
            const std::size_t want = buf.size() - end;
            const ssize_t r = ::recv(conn->socket.native_handle(), buf.data() + end, want, 0);
            if (r >= 0) {
                n = std::size_t(r);
                if (n < want)
                    conn->watch.drained();
                end += n;
                return UpErr::Ok;
            }
            if (errno == EINTR)
                continue;
            if (errno != EAGAIN && errno != EWOULDBLOCK)
                return UpErr::Reset;
            conn->watch.drained();
            return std::nullopt;
        }
    }
    // receiveNow over TLS: records OpenSSL holds count as readable bytes. A read that would
    // have to write first (a TLS 1.3 key update's answer on a full socket) ends the call.
    std::optional<UpErr> receiveTls(std::string &buf, std::size_t &end, std::size_t &n) {
        if (conn->watch.registered && !conn->watch.readable && !SSL_has_pending(conn->ssl))
            return std::nullopt;
        const int r = SSL_read_ex(conn->ssl, buf.data() + end, buf.size() - end, &n);
        if (r == 1) {
            end += n;
            return UpErr::Ok;
        }
        n = 0;
        switch (SSL_get_error(conn->ssl, r)) {
        case SSL_ERROR_WANT_READ:
            return std::nullopt;
        case SSL_ERROR_ZERO_RETURN:
            return UpErr::Ok; // close_notify: the end of the stream
        default:
            ERR_clear_error();
            return UpErr::Reset;
        }
    }
    UpErr waitFailed() const { return expired ? UpErr::Timeout : UpErr::Reset; }

    // Pools the connection (`reuse`) unless it has served the cluster's
    // maxRequestsPerConnection, else closes it.
    void release(bool reuse, std::size_t maxIdle) {
        if (reuse && conn) {
            const std::uint32_t max = info ? info->cluster->maxRequestsPerConnection : 0;
            if (max == 0 || ++conn->served < max)
                w.giveIdle(key, std::move(conn), maxIdle);
        }
        conn.reset();
    }
    // Moves this call's place in the in-flight counts to `slot` (nullptr: none).
    void countOn(std::atomic<std::uint32_t> *slot) {
        if (slot == inFlight)
            return;
        if (inFlight)
            inFlight->fetch_sub(1, std::memory_order_relaxed);
        if (slot)
            slot->fetch_add(1, std::memory_order_relaxed);
        inFlight = slot;
    }

    Worker &w;
    const RetryPolicy *policy;
    int retriesLeft;
    int retried = 0;
    std::uint64_t routeDeadline = 0, thisTry = 0; // see tryDeadline
    tcp::endpoint ep;
    PoolKey key;                       // ep, its cluster and for TLS its context and names (bind)
    std::string tlsNames;              // key.names: the SNI, '\n', the peer name to check
    const ClusterInfo *info = nullptr; // set by bind
    std::atomic<std::uint32_t> *inFlight = nullptr; // this call's count (LeastRequest)
    std::size_t sniLength = 0;                      // of the SNI in tlsNames
    std::unique_ptr<UpstreamConnection> conn;
    bool reused = false;
    bool wantRead = false; // the last sendNow over TLS waits for readability
};

// Tunnels (tcp_proxy in Envoy) connect once.
const RetryPolicy kNoRetries = [] {
    RetryPolicy p;
    p.retries = 0;
    p.connectFailure = false;
    return p;
}();

// The copy of a request Envoy sends to a mirror: the host gets "-shadow" before its port
// (if any), and here the copy asks for the connection to close. `request`: the head and
// whole body as they went upstream. `host` gets the copy's host (what a TLS mirror cluster
// sends as SNI and checks, as Envoy's auto_sni does for the copy).
std::string shadowRequest(std::string_view request, std::string &host) {
    const std::size_t headEnd = request.find("\r\n\r\n");
    const std::size_t firstLine = request.find("\r\n");
    if (headEnd == std::string_view::npos)
        return {};
    std::string out;
    out.reserve(request.size() + 32);
    out.append(request.substr(0, firstLine + 2));
    for (std::size_t at = firstLine + 2; at < headEnd + 2;) {
        const std::size_t lineEnd = request.find("\r\n", at);
        const std::string_view line = request.substr(at, lineEnd - at);
        at = lineEnd + 2;
        const std::size_t colon = line.find(':');
        const std::string_view name = line.substr(0, colon);
        if (iequals(name, "connection"))
            continue;
        if (!iequals(name, "host") || colon == std::string_view::npos) {
            out.append(line);
            out += "\r\n";
            continue;
        }
        std::string_view value = line.substr(colon + 1);
        while (!value.empty() && value.front() == ' ')
            value.remove_prefix(1);
        const std::size_t bracket = value.rfind(']');
        const std::size_t portColon = value.rfind(':');
        const bool hasPort = portColon != std::string_view::npos &&
                             (bracket == std::string_view::npos || portColon > bracket);
        host.assign(value.substr(0, hasPort ? portColon : value.size()));
        host += "-shadow";
        if (hasPort)
            host.append(value.substr(portColon));
        out += "host: ";
        out += host;
        out += "\r\n";
    }
    out += "connection: close\r\n\r\n";
    out.append(request.substr(headEnd + 4));
    return out;
}

// Sends one shadow copy on a connection of its own and drops the answer; it stays within
// the route's deadline and retries nothing.
awaitable<void> mirrorRequest(Worker &w, std::shared_ptr<const Snapshot> snap, int clusterIndex,
                              std::string request, std::string host, std::uint64_t deadline) {
    const ClusterInfo &c = snap->clusters[std::size_t(clusterIndex)];
    UpstreamCall call(w, kNoRetries);
    call.bind(c, host);
    call.ep = c.endpoints[pickEndpoint(w, c)];
    UpErr err = co_await call.connectFresh(std::min(deadline, w.nowMs() + c.connectMs));
    if (err == UpErr::Ok)
        err = co_await call.send(request.data(), request.size(), deadline);
    w.counters().mirrorRequests.add();
    std::string buf(4096, '\0');
    while (err == UpErr::Ok) {
        std::size_t end = 0, n = 0;
        const std::optional<UpErr> r = call.receiveNow(buf, end, n);
        if (!r) {
            if (!co_await waitReadable(call, w, call.conn->watch, call.conn->socket, deadline))
                break;
            continue;
        }
        if (*r != UpErr::Ok || n == 0)
            break;
    }
    call.release(false, 0);
}

// Envoy's request_mirror_policies: each mirror of the route draws its share and gets a copy.
void mirror(Worker &w, const std::shared_ptr<const Snapshot> &snap, const CompiledRoute &route,
            std::string_view request, std::uint64_t deadline) {
    for (const auto &[clusterIndex, perMillion] : route.mirrors) {
        if (clusterIndex < 0 || snap->clusters[std::size_t(clusterIndex)].endpoints.empty() ||
            !drawn(w, perMillion))
            continue;
        std::string host;
        std::string copy = shadowRequest(request, host);
        if (!copy.empty())
            asio::co_spawn(
                w.io(),
                mirrorRequest(w, snap, clusterIndex, std::move(copy), std::move(host), deadline),
                asio::detached);
    }
}

int statusFor(UpErr e) {
    return e == UpErr::Timeout ? 504 : 502;
}

// Picks an endpoint of the route's cluster (a weighted route draws its cluster first) and
// what the request applies on its way (`fwd`: the drawn destination's, merged with the
// route's, or the route's own); nullptr, 503, when there is no endpoint.
const tcp::endpoint *chooseEndpoint(Worker &w, const Snapshot &snap, const CompiledRoute &route,
                                    const Forwarding *&fwd, const ClusterInfo *&info) {
    int cluster = route.cluster;
    fwd = route.choices.size() == 1 ? &route.choices.front() : &route.own;
    if (!route.weighted.empty()) {
        const std::size_t i = route.weighted.pickIndex(w.random());
        cluster = route.weighted.choices[i].cluster;
        if (!route.choices.empty())
            fwd = &route.choices[i];
    }
    if (cluster < 0)
        return nullptr;
    const ClusterInfo &c = snap.clusters[std::size_t(cluster)];
    if (c.endpoints.empty())
        return nullptr;
    info = &c;
    return &c.endpoints[pickEndpoint(w, c)];
}

// A route's timeout: its own, Limits::upstreamTimeout when it names none, and no limit for
// 0 (Envoy's meaning). No limit is a year, so that deadlines stay plain sums.
std::chrono::milliseconds routeTimeout(const CompiledRoute &r, const Limits &l) {
    if (!r.timeout)
        return l.upstreamTimeout;
    return r.timeout->count() > 0 ? *r.timeout : std::chrono::hours(24 * 365);
}

// The response is read and parsed into `parser` until it is complete. `onHead` runs once
// the header is in (views valid only then), `flush` after every parsed piece: it returns
// its result at once or, when it must wait, nothing, and then `finish` does the waiting
// (most responses go out without a coroutine frame for that). A head whose status the
// route retries ends it with RetryStatus instead, before onHead, when `resendable` (the
// whole request can be sent again) and the retry budget allows.
template <typename OnHead, typename Flush, typename Finish>
awaitable<UpErr> readResponse(UpstreamCall &up, RequestBuffers &b, ResponseParser &parser,
                              std::uint64_t deadline, bool &headSeen, bool resendable,
                              OnHead onHead, Flush flush, Finish finish) {
    std::size_t begin = 0, end = 0;
    if (b.upIn.size() < kIoChunk)
        b.upIn.resize(kIoChunk);
    bool gotBytes = false;
    for (;;) {
        if (begin == end)
            begin = end = 0;
        else if (end == b.upIn.size()) {
            std::memmove(b.upIn.data(), b.upIn.data() + begin, end - begin);
            end -= begin;
            begin = 0;
        }
        if (end == b.upIn.size())
            co_return UpErr::Reset; // a response header larger than the buffer
        std::size_t n = 0;
        std::optional<UpErr> received;
        while (!(received = up.receiveNow(b.upIn, end, n))) {
            UpstreamConnection &c = *up.conn;
            if (!c.watch.registered) {
                if (!co_await waitFor(up, c.socket, tcp::socket::wait_read, deadline))
                    co_return up.waitFailed();
                continue;
            }
            if (!beginWait(up, deadline))
                co_return up.waitFailed();
            boost::system::error_code ec;
            co_await up.w.asyncReadable(c.watch, asio::redirect_error(asio::use_awaitable, ec));
            if (!endWait(up, deadline, ec))
                co_return up.waitFailed();
        }
        const UpErr e = *received;
        if (e != UpErr::Ok)
            co_return e == UpErr::Reset && !gotBytes ? UpErr::Closed : e;
        boost::beast::error_code ec;
        if (n == 0) {
            if (!gotBytes)
                co_return UpErr::Closed;
            parser.put_eof(ec);
            if (ec)
                co_return UpErr::Reset;
            if (!flush())
                co_await finish();
            co_return UpErr::Ok;
        }
        gotBytes = true;
        while (begin < end && !parser.is_done()) {
            const std::size_t used =
                parser.put(asio::buffer(b.upIn.data() + begin, end - begin), ec);
            begin += used;
            if (ec == http::error::need_more)
                break;
            if (ec)
                co_return UpErr::Reset;
            if (!headSeen && parser.is_header_done()) {
                if (parser.status / 100 == 1 && parser.status != 101) {
                    // An interim response: drop it and parse the real one.
                    parser.~ResponseParser();
                    new (&parser) ResponseParser(b.upFields, b.upFieldIds);
                    continue;
                }
                if (up.retriesStatus(parser.status, resendable))
                    co_return UpErr::RetryStatus; // the connection goes, body unread
                headSeen = true;
                onHead();
                parser.eager(true);
            }
        }
        if (headSeen) {
            std::optional<bool> flushed = flush();
            if (!flushed)
                flushed = co_await finish();
            if (!*flushed)
                co_return UpErr::Reset;
        }
        if (parser.is_done())
            co_return UpErr::Ok;
    }
}

// Request head lines every upstream request gets: XFF appended, proto, request id.
void appendProxyHeaders(Downstream &d, std::string &out, std::string_view existingXff, char *rid) {
    out += "x-forwarded-for: ";
    if (!existingXff.empty()) {
        out.append(existingXff);
        out += ", ";
    }
    out += d.peerText;
    out += "\r\nx-forwarded-proto: ";
    out += d.listener->listener->tls ? "https" : "http";
    d.w.requestId(rid);
    out += "\r\nx-request-id: ";
    out.append(rid, 36);
    out += "\r\n";
}

const char *tlsVersionName(SSL *ssl) {
    return ssl ? SSL_get_version(ssl) : "-";
}

const char *tlsCipherName(SSL *ssl) {
    return ssl ? SSL_get_cipher_name(ssl) : "-";
}

// ---------------------------------------------------------------- header values

// Now as Envoy prints START_TIME by default (access log and header values):
// 2026-11-26T15:30:00.123Z, UTC. Returns the length written.
std::size_t formatNow(char (&out)[32]) {
    const auto now = std::chrono::system_clock::now();
    const std::time_t t = std::chrono::system_clock::to_time_t(now);
    const auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() %
        1000;
    std::tm tm{};
    gmtime_r(&t, &tm);
    const std::size_t n = std::strftime(out, sizeof out, "%Y-%m-%dT%H:%M:%S", &tm);
    return n + std::size_t(std::snprintf(out + n, sizeof out - n, ".%03dZ", int(ms)));
}

// START_TIME(format): strftime's specifiers in UTC, and Envoy's own: %s the seconds since
// the epoch, %f or %1f..%9f the fraction of the second in that many digits (9 for %f),
// cut rather than rounded.
void appendTime(std::string &out, std::string_view format) {
    const auto now = std::chrono::system_clock::now();
    const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(now.time_since_epoch());
    const std::time_t t = std::chrono::system_clock::to_time_t(now);
    std::string fmt; // Envoy's specifiers filled in, strftime's left
    for (std::size_t i = 0; i < format.size(); ++i) {
        if (format[i] != '%' || i + 1 == format.size()) {
            fmt += format[i];
            continue;
        }
        const char next = format[i + 1];
        if (next == 's') {
            fmt += std::to_string(std::int64_t(t));
            ++i;
        } else if (next == 'f' ||
                   (next >= '1' && next <= '9' && i + 2 < format.size() && format[i + 2] == 'f')) {
            const int digits = next == 'f' ? 9 : next - '0';
            char frac[16];
            std::snprintf(frac, sizeof frac, "%09lld",
                          static_cast<long long>(ns.count() % 1000000000));
            fmt.append(frac, std::size_t(digits));
            i += next == 'f' ? 1 : 2;
        } else {
            fmt += '%';
            fmt += next; // strftime's, %% included
            ++i;
        }
    }
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[256];
    const std::size_t n = fmt.empty() ? 0 : std::strftime(buf, sizeof buf, fmt.c_str(), &tm);
    out.append(buf, n);
}

// What Envoy's %VARIABLE%s in a route's header values (headervalue.h) stand for, for one
// request. Only routes with a '%' in a value get here (CompiledRoute::headerValueFormats).
struct ValueContext {
    Downstream &d;
    std::string_view protocol; // "HTTP/1.0", "HTTP/1.1" or "HTTP/2"
    std::string_view authority, path, method;
    std::span<const HeaderRef> request; // the client's fields
    const tcp::endpoint *upstream = nullptr;
};

void appendEndpoint(std::string &out, const tcp::endpoint &ep, bool address, bool port) {
    const bool v6 = ep.address().is_v6();
    if (address) {
        if (v6 && port)
            out += '[';
        out += ep.address().to_string();
        if (v6 && port)
            out += ']';
    }
    if (address && port)
        out += ':';
    if (port)
        appendNumber(out, ep.port());
}

std::string_view requestValue(const ValueContext &c, std::string_view name) {
    if (iequals(name, ":authority") || iequals(name, "host"))
        return c.authority;
    if (iequals(name, ":path"))
        return c.path;
    if (iequals(name, ":method"))
        return c.method;
    for (const HeaderRef &f : c.request) {
        if (iequals(f.name, name))
            return f.value;
    }
    return {};
}

void appendVariable(std::string &out, const HeaderVariable &v, const ValueContext &c) {
    using K = HeaderVariableKind;
    const std::size_t start = out.size();
    boost::system::error_code ec;
    switch (v.kind) {
    case K::Request: {
        // REQ(name?alternative): the first field of that name, else of the alternative.
        const std::size_t q = v.arg.find('?');
        std::string_view value = requestValue(c, v.arg.substr(0, q));
        if (value.empty() && q != std::string_view::npos)
            value = requestValue(c, v.arg.substr(q + 1));
        out.append(value);
        break;
    }
    case K::RemoteAddress:
        appendEndpoint(out, c.d.peer, true, true);
        break;
    case K::RemoteAddressWithoutPort:
        out += c.d.peerText;
        break;
    case K::RemotePort:
        appendEndpoint(out, c.d.peer, false, true);
        break;
    case K::LocalAddress:
    case K::LocalAddressWithoutPort:
    case K::LocalPort: {
        const tcp::endpoint local = c.d.sock.local_endpoint(ec);
        if (!ec)
            appendEndpoint(out, local, v.kind != K::LocalPort,
                           v.kind != K::LocalAddressWithoutPort);
        break;
    }
    case K::RequestedServerName:
        out += c.d.sni;
        break;
    case K::Protocol:
        out.append(c.protocol);
        break;
    case K::Hostname: {
        static const std::string name = [] {
            char buf[256] = {};
            return gethostname(buf, sizeof buf - 1) == 0 ? std::string(buf) : std::string();
        }();
        out += name;
        break;
    }
    case K::StartTime: {
        if (!v.arg.empty()) {
            appendTime(out, v.arg);
            break;
        }
        char when[32];
        out.append(when, formatNow(when));
        break;
    }
    case K::TlsVersion:
        if (c.d.ssl)
            out += SSL_get_version(c.d.ssl);
        break;
    case K::TlsCipher:
        if (c.d.ssl)
            out += SSL_get_cipher_name(c.d.ssl);
        break;
    case K::UpstreamAddress:
        if (c.upstream)
            appendEndpoint(out, *c.upstream, true, true);
        break;
    }
    if (out.size() - start > v.maxLength)
        out.resize(start + v.maxLength);
}

// The set and add fields of `ops`, a route's, with Envoy's substitutions for this request
// into `out`; nullptr (and `out` untouched) when the route has no variables, so callers
// use `ops` as written.
const FormattedFields *format(const CompiledRoute &route, const HeaderOperations &ops,
                              const ValueContext &c, FormattedFields &out) {
    if (!route.headerValueFormats)
        return nullptr;
    out.fields.clear();
    out.keep.clear();
    std::string value;
    for (const auto *list : {&ops.set, &ops.add}) {
        for (const auto &[name, raw] : *list) {
            value.clear();
            scanHeaderValue(
                raw, [&](std::string_view text) { value.append(text); },
                [&](const HeaderVariable &v) { appendVariable(value, v, c); });
            if (!value.empty())
                out.fields.emplace_back(name, value);
            else if (list == &ops.set)
                out.keep.push_back(name);
        }
    }
    return &out;
}

struct LogFields {
    std::string_view method, authority, path;
    int status = 0;
    std::uint64_t bytesIn = 0, bytesOut = 0;
    double durationMs = 0;
    std::string_view upstream;
    std::string_view requestId;
};

void appendJsonEscaped(std::string &out, std::string_view s) {
    for (char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += ch;
        } else if (c < 0x20) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", c);
            out += buf;
        } else {
            out += ch;
        }
    }
}

void accessLog(Downstream &d, const LogFields &f) {
    const auto format = d.w.shared().accessLogFormat.load(std::memory_order_relaxed);
    if (format == AccessLog::Format::Off)
        return;
    char when[32];
    formatNow(when);
    std::string line;
    line.reserve(256);
    char dur[32];
    std::snprintf(dur, sizeof dur, "%.3f", f.durationMs);
    const char *version = tlsVersionName(d.ssl);
    const char *cipher = tlsCipherName(d.ssl);
    const std::string_view sni = d.sni.empty() ? std::string_view("-") : std::string_view(d.sni);
    if (format == AccessLog::Format::Json) {
        auto field = [&](const char *k, std::string_view v, bool first = false) {
            if (!first)
                line += ',';
            line += '"';
            line += k;
            line += "\":\"";
            appendJsonEscaped(line, v);
            line += '"';
        };
        line += '{';
        field("time", when, true);
        field("downstream", d.peerText);
        field("sni", sni);
        field("tls_version", version);
        field("cipher", cipher);
        field("method", f.method);
        field("authority", f.authority);
        field("path", f.path);
        line += ",\"status\":";
        appendNumber(line, std::uint64_t(f.status));
        line += ",\"bytes_received\":";
        appendNumber(line, f.bytesIn);
        line += ",\"bytes_sent\":";
        appendNumber(line, f.bytesOut);
        line += ",\"duration_ms\":";
        line += dur;
        field("upstream", f.upstream.empty() ? "-" : f.upstream);
        field("request_id", f.requestId.empty() ? "-" : f.requestId);
        line += "}\n";
    } else {
        auto safe = [&](std::string_view v) {
            for (char ch : v.empty() ? std::string_view("-") : v)
                line += (static_cast<unsigned char>(ch) < 0x20 || ch == ' ') ? '_' : ch;
        };
        line += '[';
        line += when;
        line += "] ";
        line += d.peerText;
        line += ' ';
        safe(sni);
        line += ' ';
        line += version;
        line += ' ';
        line += cipher;
        line += " \"";
        safe(f.method);
        line += ' ';
        safe(f.authority);
        line += ' ';
        safe(f.path);
        line += "\" ";
        appendNumber(line, std::uint64_t(f.status));
        line += ' ';
        appendNumber(line, f.bytesIn);
        line += ' ';
        appendNumber(line, f.bytesOut);
        line += ' ';
        line += dur;
        line += "ms ";
        safe(f.upstream);
        line += ' ';
        safe(f.requestId);
        line += '\n';
    }
    d.w.accessLog(line);
}

// "address:port", an IPv6 address in brackets (Envoy's UPSTREAM_HOST in its access log).
std::string endpointText(const tcp::endpoint &ep) {
    std::string out;
    appendEndpoint(out, ep, true, true);
    return out;
}

// ---------------------------------------------------------------- HTTP/1.1

// `directBody`: a route's direct response body instead of the status's own text. A reply
// to HEAD (`head`) announces the body's length and sends none. `ops`: the route's response
// header operations, as Envoy applies them to its redirects and direct responses (the
// framing fields stay the engine's); `formatted`: their values for this request.
void appendLocalReply(std::string &out, int status, bool close, std::string_view location = {},
                      const std::optional<std::string> *directBody = nullptr, bool head = false,
                      const HeaderOperations *ops = nullptr,
                      const FormattedFields *formatted = nullptr,
                      const CorsRequest *cors = nullptr) {
    const std::string_view body =
        directBody && *directBody ? std::string_view(**directBody) : localBody(status);
    auto field = [&](std::string_view name, std::string_view value) {
        if (ops && dropsField(*ops, name, formatted))
            return;
        out.append(name);
        out += ": ";
        out.append(value);
        out += "\r\n";
    };
    out += "HTTP/1.1 ";
    appendNumber(out, std::uint64_t(status));
    out += ' ';
    out += reasonPhrase(status);
    out += "\r\ncontent-length: ";
    appendNumber(out, body.size());
    out += "\r\n";
    if (!body.empty())
        field("content-type", "text/plain");
    if (!location.empty())
        field("location", location);
    field("server", "gatehouse");
    if (ops)
        appendFields(out, *ops, formatted);
    if (cors)
        cors->addFields([&](std::string_view name, std::string_view value) {
            out.append(name);
            out += ": ";
            out.append(value);
            out += "\r\n";
        });
    if (close)
        out += "connection: close\r\n";
    out += "\r\n";
    if (!head)
        out += body;
}

// Serves requests while they come; returns true when the connection went idle (the
// caller waits in its small frame, so an idle connection holds no request state), false
// when it must close.
awaitable<bool> serveHttp1(Downstream &d) {
    Worker &w = d.w;
    const Limits &lim = d.limits;
    const std::size_t inCap = std::max<std::size_t>(kIoChunk, lim.maxRequestHeadersBytes + 1024);
    std::unique_ptr<RequestBuffers> b;
    BuffersGuard guard{w, b};
    char rid[36];

    for (;;) {
        // ---- wait for the first bytes of a request
        if ((!b || b->inBegin == b->inEnd) && !d.fw.readable &&
            !(d.ssl && SSL_has_pending(d.ssl))) {
            // Nothing arrived since the socket was drained: no read to try. A connection
            // that just served a request waits here with its frame and buffers for the
            // next one; if it is idle over a whole tick, Downstream::onTick parks it
            // and it waits without them.
            if (d.servedOne && d.fw.registered && !w.draining() && !d.drainRequested) {
                d.idle = true;
                d.hotIdle = true;
                d.idleTicked = false;
                const std::uint64_t deadline = d.idleDeadline();
                bool ready = false;
                if (beginWait(d, deadline)) {
                    boost::system::error_code ec;
                    co_await w.asyncReadable(d.fw, asio::redirect_error(asio::use_awaitable, ec));
                    ready = endWait(d, deadline, ec);
                }
                const bool park = d.parkRequested;
                d.idle = d.hotIdle = d.parkRequested = false;
                if (ready)
                    continue;
                if (!park || d.expired || w.draining() || d.drainRequested)
                    co_return false;
            }
            w.giveBuffers(std::move(b));
            d.idleWait = tcp::socket::wait_read;
            co_return true;
        }
        if (!b) {
            b = w.takeBuffers();
            if (b->in.size() < inCap)
                b->in.resize(inCap);
        }
        if (b->inBegin == b->inEnd) {
            b->inBegin = b->inEnd = 0;
            for (;;) {
                std::size_t n = 0;
                const Io r = d.tryRead(b->in.data(), b->in.size(), n);
                if (r == Io::Ok) {
                    b->inEnd = n;
                    w.counters().bytesReceived.add(n);
                    break;
                }
                if (r != Io::WantRead && r != Io::WantWrite)
                    co_return false;
                // Idle: give the buffers back and let the caller wait.
                w.giveBuffers(std::move(b));
                d.idleWait = r == Io::WantRead ? tcp::socket::wait_read : tcp::socket::wait_write;
                co_return true;
            }
        }
        d.servedOne = true;
        const auto started = Clock::now();
        const std::uint64_t headerDeadline = w.nowMs() + std::uint64_t(lim.headerTimeout.count());

        // ---- the request header
        std::optional<RequestParser> req;
        req.emplace(*b);
        req->header_limit(std::uint32_t(lim.maxRequestHeadersBytes));
        req->body_limit(std::uint64_t(lim.maxRequestBodyBytes));
        int early = 0; // a status to answer before proxying, then close
        for (;;) {
            boost::beast::error_code ec;
            const std::size_t used =
                req->put(asio::buffer(b->in.data() + b->inBegin, b->inEnd - b->inBegin), ec);
            b->inBegin += used;
            if (!ec && req->is_header_done())
                break;
            if (ec == http::error::need_more) {
                if (b->inBegin > 0) {
                    std::memmove(b->in.data(), b->in.data() + b->inBegin, b->inEnd - b->inBegin);
                    b->inEnd -= b->inBegin;
                    b->inBegin = 0;
                }
                if (b->inEnd >= lim.maxRequestHeadersBytes || b->inEnd == b->in.size()) {
                    early = 431;
                    break;
                }
                std::size_t n = 0;
                const Io r = d.tryRead(b->in.data() + b->inEnd, b->in.size() - b->inEnd, n);
                if (r == Io::Ok) {
                    b->inEnd += n;
                    w.counters().bytesReceived.add(n);
                    continue;
                }
                if (r == Io::WantRead || r == Io::WantWrite) {
                    if (co_await d.waitIo(r, headerDeadline))
                        continue;
                    if (d.expired && !w.draining()) {
                        d.expired = false;
                        early = 408;
                        break;
                    }
                }
                co_return false;
            }
            early = ec == http::error::header_limit ? 431
                    : ec == http::error::body_limit ? 413
                                                    : 400;
            break;
        }
        if (early) {
            b->out.clear();
            appendLocalReply(b->out, early, true);
            countStatus(w, early);
            w.counters().requests.add();
            d.fw.lastWrites = true;
            co_await d.writeAll(b->out.data(), b->out.size(), d.idleDeadline());
            LogFields lf;
            lf.status = early;
            lf.durationMs =
                std::chrono::duration<double, std::milli>(Clock::now() - started).count();
            accessLog(d, lf);
            w.giveBuffers(std::move(b));
            co_return false;
        }
        w.counters().requests.add();

        // ---- route
        std::string_view target = req->target;
        std::string_view host;
        std::string_view xff;
        ConnectionTokens connTokens;
        bool expectContinue = false;
        for (std::size_t i = 0; i < b->fields.size(); ++i) {
            const auto id = static_cast<http::field>(b->fieldIds[i]);
            if (id == http::field::host && host.empty())
                host = b->fields[i].value;
            else if (iequals(b->fields[i].name, "x-forwarded-for"))
                xff = b->fields[i].value;
            else if (id == http::field::connection)
                connTokens.parse(b->fields[i].value);
            else if (id == http::field::expect && iequals(b->fields[i].value, "100-continue"))
                expectContinue = true;
        }
        if (target.starts_with("http://") || target.starts_with("https://")) {
            const auto hostStart = target.find("//") + 2;
            const auto pathStart = target.find('/', hostStart);
            host = target.substr(hostStart, pathStart == std::string_view::npos
                                                ? std::string_view::npos
                                                : pathStart - hostStart);
            target = pathStart == std::string_view::npos ? std::string_view("/")
                                                         : target.substr(pathStart);
        }
        const RouteMatch m = d.snap->route(d.routeTable, host, target, req->method,
                                           d.listener->listener->tls ? "https" : "http",
                                           b->fields.data(), b->fields.size());
        // Copies for the access log: the views die when the buffer moves.
        b->scratch.assign(req->method);
        b->scratch.append(host);
        b->scratch.append(target);
        const std::size_t methodLen = req->method.size(), hostLen = host.size();
        const bool isHead = req->verb == http::verb::head;
        bool keepAlive = req->keep_alive() && !w.draining() && !d.drainRequested;
        const int reqVersion = req->version;

        int status = 0;
        std::string location;
        const std::optional<std::string> *directBody = nullptr;
        const HeaderOperations *replyOps = nullptr; // a redirect's or direct response's
        const Forwarding *fwd = nullptr;            // a forwarded request's
        const ClusterInfo *upCluster = nullptr;     // and its cluster
        const tcp::endpoint *ep = nullptr;
        const bool tlsRedirect =
            m.route && m.vhost->vhost->requireTls && !d.listener->listener->tls;
        CorsRequest cors;
        if (m.route && m.route->route->cors && !tlsRedirect)
            cors = corsFor(*m.route, req->method, b->fields);
        // The https redirect is the virtual host's, not a route's: no fault applies to it.
        if (cors.preflightHere) {
            status = 200;
            directBody = &kNoBody;
        } else if (m.route && m.route->route->fault && !tlsRedirect &&
                   co_await applyFault(w, *m.route->route->fault)) {
            status = m.route->route->fault->abortStatus;
            directBody = &kFaultAbortBody;
        } else if (!m.route) {
            status = 404;
        } else if (tlsRedirect) {
            status = 301;
            std::string_view h = host;
            if (const auto colon = h.rfind(':');
                colon != std::string_view::npos && h.find(']') == std::string_view::npos)
                h = h.substr(0, colon);
            location = "https://";
            location.append(h);
            if (m.vhost->vhost->httpsPort != 443) {
                location += ':';
                location += std::to_string(m.vhost->vhost->httpsPort);
            }
            location.append(target);
        } else if (!m.route->forwards) {
            const Route &r = *m.route->route;
            if (m.route->own.responseOps)
                replyOps = &m.route->own.responseHeaders;
            if (r.redirect) {
                status = r.redirect->status;
                boost::system::error_code ec;
                appendRedirectLocation(
                    location, *r.redirect, d.listener->listener->tls, host, target,
                    r.redirect->derivePort ? d.sock.local_endpoint(ec).port() : std::uint16_t(0));
            } else {
                status = r.directStatus;
                directBody = &r.directBody;
            }
        } else if (!(ep = chooseEndpoint(w, *d.snap, *m.route, fwd, upCluster))) {
            status = 503;
        }

        // The route's header values, made while the request's fields are readable (the
        // response ones wait in b->responseFormatted).
        const std::string_view protocol = reqVersion >= 11 ? "HTTP/1.1" : "HTTP/1.0";
        const std::string_view method = std::string_view(b->scratch).substr(0, methodLen);
        const ValueContext values{d, protocol, host, target, method, b->fields, ep};
        const HeaderOperations *responseOps = replyOps;
        if (!status && fwd->responseOps)
            responseOps = &fwd->responseHeaders;
        const FormattedFields *responseFormatted =
            responseOps ? format(*m.route, *responseOps, values, b->responseFormatted) : nullptr;

        std::uint64_t bytesOut = 0;
        std::string upstreamText;
        rid[0] = 0;
        bool ridSet = false;
        if (status) {
            // A local reply. The unread request body (if any) would desynchronise the
            // connection, so keep it alive only when the request had none.
            if (!req->is_done())
                keepAlive = false;
            b->out.clear();
            appendLocalReply(b->out, status, !keepAlive, location, directBody, isHead, replyOps,
                             responseFormatted, &cors);
            bytesOut = b->out.size();
            countStatus(w, status);
            d.fw.lastWrites = !keepAlive;
            if (!co_await d.writeAll(b->out.data(), b->out.size(), d.idleDeadline()))
                keepAlive = false;
        } else {
            // ---- the upstream request head
            std::string &up = b->upOut;
            up.clear();
            const FormattedFields *requestFormatted =
                fwd->requestOps ? format(*m.route, fwd->requestHeaders, values, b->requestFormatted)
                                : nullptr;
            up.append(req->method);
            up += ' ';
            appendUpstreamPath(up, *m.route, target);
            up += " HTTP/1.1\r\n";
            bool hasHost = false;
            for (std::size_t i = 0; i < b->fields.size(); ++i) {
                const unsigned id = b->fieldIds[i];
                const auto f = static_cast<http::field>(id);
                if (isHopByHop(id) || f == http::field::expect ||
                    iequals(b->fields[i].name, "x-forwarded-for") ||
                    iequals(b->fields[i].name, "x-forwarded-proto") ||
                    iequals(b->fields[i].name, "x-request-id") ||
                    connTokens.contains(b->fields[i].name))
                    continue;
                if (fwd->requestOps &&
                    dropsField(fwd->requestHeaders, b->fields[i].name, requestFormatted))
                    continue;
                if (f == http::field::host) {
                    hasHost = true;
                    if (!fwd->hostRewrite.empty())
                        continue; // written below
                }
                up.append(b->fields[i].name);
                up += ": ";
                up.append(b->fields[i].value);
                up += "\r\n";
            }
            if (!fwd->hostRewrite.empty() || (!hasHost && !host.empty())) {
                up += "host: ";
                up.append(fwd->hostRewrite.empty() ? host : std::string_view(fwd->hostRewrite));
                up += "\r\n";
            }
            if (m.route->rewritesPath) {
                up += "x-envoy-original-path: ";
                up.append(target);
                up += "\r\n";
            }
            if (fwd->requestOps)
                appendFields(up, fwd->requestHeaders, requestFormatted);
            appendProxyHeaders(d, up, xff, rid);
            ridSet = true;
            const bool chunkedBody = req->chunked();
            if (chunkedBody)
                up += "transfer-encoding: chunked\r\n";
            up += "\r\n";
            const std::size_t headLen = up.size();

            if (expectContinue && !req->is_done()) {
                static constexpr std::string_view cont = "HTTP/1.1 100 Continue\r\n\r\n";
                if (!co_await d.writeAll(cont.data(), cont.size(), d.idleDeadline()))
                    co_return false;
            }

            // ---- connect (or reuse) and send head + body
            UpstreamCall call(w, m.route->route->retry);
            const auto timeout = routeTimeout(*m.route, lim);
            const std::uint64_t deadline = w.nowMs() + std::uint64_t(timeout.count());
            const std::uint64_t connectMs = upCluster->connectMs;
            UpErr err = UpErr::Ok;
            call.bind(*upCluster,
                      fwd->hostRewrite.empty() ? host : std::string_view(fwd->hostRewrite));
            if (!call.reuse(*ep))
                err = co_await call.connectRetrying(*upCluster, ep, deadline, connectMs);
            req->bodyOut = &up;
            req->chunkedOut = chunkedBody;
            req->eager(true);
            bool bodyError = false;
            bool sentAll = false;
            bool anySent = false;
            bool resendable = false; // the whole request is still in `up`
            while (err == UpErr::Ok) {
                while (!req->is_done() && b->inBegin < b->inEnd && up.size() < 64 * 1024) {
                    boost::beast::error_code ec;
                    const std::size_t used = req->put(
                        asio::buffer(b->in.data() + b->inBegin, b->inEnd - b->inBegin), ec);
                    b->inBegin += used;
                    if (ec == http::error::need_more)
                        break;
                    if (ec) {
                        bodyError = true;
                        break;
                    }
                }
                if (bodyError)
                    break;
                if (!up.empty()) {
                    const char *p = up.data();
                    std::size_t left = up.size();
                    err = call.sendNow(p, left);
                    if (err == UpErr::Ok && left)
                        err = co_await call.send(p, left, deadline);
                    if (err != UpErr::Ok && call.reused && !anySent && req->is_done()) {
                        // The pooled connection died under us: one fresh attempt.
                        err = co_await call.connectFresh(std::min(deadline, w.nowMs() + connectMs));
                        if (err == UpErr::Ok)
                            err = co_await call.send(up.data(), up.size(), deadline);
                    }
                    if (err != UpErr::Ok)
                        break;
                    resendable = !anySent && req->is_done();
                    anySent = true;
                    if (!resendable)
                        up.clear();
                }
                if (req->is_done()) {
                    sentAll = true;
                    break;
                }
                // More body from downstream.
                b->inBegin = b->inEnd = 0;
                std::size_t n = 0;
                const Io r = d.tryRead(b->in.data(), b->in.size(), n);
                if (r == Io::Ok) {
                    b->inEnd = n;
                    w.counters().bytesReceived.add(n);
                    continue;
                }
                if ((r == Io::WantRead || r == Io::WantWrite) &&
                    co_await d.waitIo(r, d.idleDeadline()))
                    continue;
                bodyError = true;
                break;
            }
            (void)headLen;

            // ---- the response
            const auto sentAt = Clock::now();
            bool headSeen = false;
            bool downstreamBroken = false;
            bool closeAfter = false;
            if (err == UpErr::Ok && sentAll) {
                std::optional<ResponseParser> resp;
                resp.emplace(b->upFields, b->upFieldIds);
                resp->skip(isHead);
                resp->header_limit(64 * 1024);
                resp->body_limit(std::numeric_limits<std::uint64_t>::max());
                b->out.clear();
                auto onHead = [&] {
                    ResponseParser &rp = *resp;
                    status = rp.status;
                    const bool hasBody = !isHead && status != 204 && status != 304;
                    const bool lengthKnown = rp.content_length().has_value();
                    rp.bodyOut = &b->out;
                    if (hasBody && !lengthKnown) {
                        if (reqVersion >= 11)
                            rp.reChunk = true;
                        else
                            closeAfter = true;
                    }
                    ConnectionTokens respTokens;
                    for (std::size_t i = 0; i < b->upFields.size(); ++i) {
                        if (static_cast<http::field>(b->upFieldIds[i]) == http::field::connection)
                            respTokens.parse(b->upFields[i].value);
                    }
                    std::string &o = b->out;
                    o += reqVersion >= 11 ? "HTTP/1.1 " : "HTTP/1.0 ";
                    appendNumber(o, std::uint64_t(status));
                    o += ' ';
                    o += reasonPhrase(status);
                    o += "\r\n";
                    const bool ops = fwd->responseOps;
                    for (std::size_t i = 0; i < b->upFields.size(); ++i) {
                        if (isHopByHop(b->upFieldIds[i]) ||
                            respTokens.contains(b->upFields[i].name) ||
                            (ops && dropsField(fwd->responseHeaders, b->upFields[i].name,
                                               responseFormatted)) ||
                            (cors.policy && cors.drops(b->upFields[i].name)))
                            continue;
                        o.append(b->upFields[i].name);
                        o += ": ";
                        o.append(b->upFields[i].value);
                        o += "\r\n";
                    }
                    if (ops)
                        appendFields(o, fwd->responseHeaders, responseFormatted);
                    cors.addFields([&](std::string_view name, std::string_view value) {
                        o.append(name);
                        o += ": ";
                        o.append(value);
                        o += "\r\n";
                    });
                    if (rp.reChunk)
                        o += "transfer-encoding: chunked\r\n";
                    if (!keepAlive || closeAfter)
                        o += "connection: close\r\n";
                    else if (reqVersion < 11)
                        o += "connection: keep-alive\r\n";
                    o += "\r\n";
                };
                const char *pending = nullptr;
                std::size_t pendingLen = 0;
                Io pendingIo = Io::Ok;
                auto flush = [&]() -> std::optional<bool> {
                    if (b->out.empty())
                        return true;
                    // Only the end of the response is held back: a streamed body is not.
                    d.fw.lastWrites = resp->is_done() && (!keepAlive || closeAfter);
                    bytesOut += b->out.size();
                    pending = b->out.data();
                    pendingLen = b->out.size();
                    pendingIo = d.writeNow(pending, pendingLen);
                    if (pendingIo == Io::WantRead || pendingIo == Io::WantWrite)
                        return std::nullopt;
                    b->out.clear();
                    if (pendingIo != Io::Ok)
                        downstreamBroken = true;
                    return pendingIo == Io::Ok;
                };
                auto finish = [&]() -> awaitable<bool> {
                    const bool ok =
                        co_await d.writeAll(pending, pendingLen, d.idleDeadline(), pendingIo);
                    b->out.clear();
                    if (!ok)
                        downstreamBroken = true;
                    co_return ok;
                };
                if (!m.route->mirrors.empty() && resendable)
                    mirror(w, d.snap, *m.route, up, deadline);
                err = co_await readResponse(call, *b, *resp, call.tryDeadline(deadline), headSeen,
                                            resendable, onHead, flush, finish);
                // Another try with the whole request again: once on a fresh connection when a
                // pooled one was closed before it answered (not a retry: the pool's doing),
                // and as the route's retry policy says for statuses and resets.
                bool poolRetry = err == UpErr::Closed && call.reused && resendable;
                while (!headSeen && (poolRetry || call.retriesFailure(err, resendable))) {
                    err =
                        co_await call.sendAgain(poolRetry, *upCluster, ep, up, deadline, connectMs);
                    if (err != UpErr::Ok)
                        break;
                    resp.reset();
                    resp.emplace(b->upFields, b->upFieldIds);
                    resp->skip(isHead);
                    resp->header_limit(64 * 1024);
                    resp->body_limit(std::numeric_limits<std::uint64_t>::max());
                    b->out.clear();
                    err = co_await readResponse(call, *b, *resp, call.tryDeadline(deadline),
                                                headSeen, resendable, onHead, flush, finish);
                    poolRetry = err == UpErr::Closed && call.reused;
                }
                const bool upstreamReusable = err == UpErr::Ok && resp->is_done() &&
                                              resp->keep_alive() && !resp->need_eof() &&
                                              !downstreamBroken;
                call.release(upstreamReusable, lim.maxIdleUpstreamPerEndpoint);
                if (err == UpErr::Ok) {
                    const double ms =
                        std::chrono::duration<double, std::milli>(Clock::now() - sentAt).count();
                    w.counters().countLatency(ms);
                }
            } else {
                call.release(false, 0);
            }
            if (bodyError && err == UpErr::Ok && !headSeen) {
                status = 400;
                b->out.clear();
                appendLocalReply(b->out, status, true);
                bytesOut += b->out.size();
                d.fw.lastWrites = true;
                co_await d.writeAll(b->out.data(), b->out.size(), d.idleDeadline());
                keepAlive = false;
            } else if (err != UpErr::Ok) {
                if (headSeen || downstreamBroken) {
                    keepAlive = false; // mid-response failure: all we can do is close
                } else {
                    status = statusFor(err);
                    b->out.clear();
                    const bool close = !keepAlive || !req->is_done();
                    appendLocalReply(b->out, status, close, {}, nullptr, isHead, nullptr, nullptr,
                                     &cors);
                    bytesOut += b->out.size();
                    d.fw.lastWrites = close;
                    if (!co_await d.writeAll(b->out.data(), b->out.size(), d.idleDeadline()) ||
                        close)
                        keepAlive = false;
                }
            }
            if (closeAfter || downstreamBroken)
                keepAlive = false;
            countStatus(w, status);
            if (w.shared().accessLogFormat.load(std::memory_order_relaxed) !=
                AccessLog::Format::Off)
                upstreamText = endpointText(*ep); // only the access log wants it
        }

        LogFields lf;
        lf.method = std::string_view(b->scratch).substr(0, methodLen);
        lf.authority = std::string_view(b->scratch).substr(methodLen, hostLen);
        lf.path = std::string_view(b->scratch).substr(methodLen + hostLen);
        lf.status = status;
        lf.bytesOut = bytesOut;
        if (w.shared().accessLogFormat.load(std::memory_order_relaxed) != AccessLog::Format::Off)
            lf.durationMs =
                std::chrono::duration<double, std::milli>(Clock::now() - started).count();
        lf.upstream = upstreamText;
        if (ridSet)
            lf.requestId = std::string_view(rid, 36);
        accessLog(d, lf);

        if (!keepAlive)
            co_return false;
        req.reset();
        if (b->inBegin == b->inEnd) {
            w.giveBuffers(std::move(b));
        }
    }
}

// ---------------------------------------------------------------- HTTP/2

struct H2Header {
    std::uint32_t nameOff, nameLen, valueOff, valueLen;
};

struct H2Stream {
    std::int32_t id = 0;
    std::string arena; // request header names and values
    std::vector<H2Header> headers;
    std::string method, path, authority, scheme;
    std::string body;
    std::size_t headerBytes = 0;
    bool tooLarge = false;
    bool bodyTooLarge = false;
    bool closed = false;
    bool running = false;
    bool faulted = false; // the route's fault was applied (its delay waited out)
    CorsRequest cors;
    Clock::time_point started;
    // response
    int status = 0;
    std::string respArena;
    std::vector<H2Header> respHeaders;
    std::vector<nghttp2_nv> nva;
    std::string respBody;
    std::size_t respSent = 0;
    char rid[36];
    bool ridSet = false;
    std::string upstream;

    void reset() {
        arena.clear();
        headers.clear();
        method.clear();
        path.clear();
        authority.clear();
        scheme.clear();
        body.clear();
        headerBytes = 0;
        tooLarge = bodyTooLarge = closed = running = faulted = ridSet = false;
        cors = CorsRequest();
        status = 0;
        respArena.clear();
        respHeaders.clear();
        nva.clear();
        respBody.clear();
        respSent = 0;
        upstream.clear();
    }
};

class H2Session : public std::enable_shared_from_this<H2Session> {
public:
    explicit H2Session(Downstream &d)
        : m_d(d)
        , m_signal(d.w.io())
        , m_done(d.w.io()) {}
    ~H2Session() {
        if (m_session)
            nghttp2_session_del(m_session);
    }

    awaitable<void> run();
    void goAway() {
        if (m_session && !m_goingAway) {
            m_goingAway = true;
            nghttp2_submit_goaway(m_session, NGHTTP2_FLAG_NONE,
                                  nghttp2_session_get_last_proc_stream_id(m_session),
                                  NGHTTP2_NO_ERROR, nullptr, 0);
            signal();
        }
    }

private:
    static const nghttp2_session_callbacks *callbacks();
    static int onBeginHeaders(nghttp2_session *, const nghttp2_frame *, void *);
    static int onHeader(nghttp2_session *, const nghttp2_frame *, const uint8_t *, size_t,
                        const uint8_t *, size_t, uint8_t, void *);
    static int onFrameRecv(nghttp2_session *, const nghttp2_frame *, void *);
    static int onData(nghttp2_session *, uint8_t, int32_t, const uint8_t *, size_t, void *);
    static int onStreamClose(nghttp2_session *, int32_t, uint32_t, void *);
    static ssize_t readBody(nghttp2_session *, int32_t, uint8_t *, size_t, uint32_t *,
                            nghttp2_data_source *, void *);

    void signal() {
        m_dirty = true;
        m_signal.cancel();
    }
    H2Stream *newStream() {
        if (m_free.empty())
            return new H2Stream;
        H2Stream *s = m_free.back().release();
        m_free.pop_back();
        return s;
    }
    void freeStream(H2Stream *s) {
        s->reset();
        if (m_free.size() < 64)
            m_free.emplace_back(s);
        else
            delete s;
    }
    void dispatch(H2Stream *s);
    void route(H2Stream *s);
    awaitable<void> fault(std::shared_ptr<H2Session> self, H2Stream *s, const FaultPolicy *f);
    void respondLocal(H2Stream *s, int status, std::string_view location = {},
                      const std::optional<std::string> *directBody = nullptr,
                      const CompiledRoute *opsRoute = nullptr);
    // For a route's header values: `refs` keeps the views of the stream's fields.
    ValueContext valueContext(const H2Stream *s, std::vector<HeaderRef> &refs,
                              const CompiledRoute &route, const tcp::endpoint *upstream);
    void submit(H2Stream *s);
    awaitable<void> writer();
    awaitable<void> exchange(std::shared_ptr<H2Session> self, H2Stream *s, const tcp::endpoint *ep,
                             const CompiledRoute *route, const Forwarding *fwd,
                             const ClusterInfo *cluster);
    void log(H2Stream *s);

    Downstream &m_d;
    nghttp2_session *m_session = nullptr;
    asio::steady_timer m_signal;
    asio::steady_timer m_done;
    std::vector<std::unique_ptr<H2Stream>> m_free;
    std::string m_out;
    bool m_dirty = false;
    bool m_closed = false;
    bool m_goingAway = false;
    bool m_writerDone = false;
    int m_running = 0; // exchanges in flight
    std::unique_ptr<RequestBuffers> m_readBuf;
};

const nghttp2_session_callbacks *H2Session::callbacks() {
    static nghttp2_session_callbacks *cbs = [] {
        nghttp2_session_callbacks *c = nullptr;
        nghttp2_session_callbacks_new(&c);
        nghttp2_session_callbacks_set_on_begin_headers_callback(c, &H2Session::onBeginHeaders);
        nghttp2_session_callbacks_set_on_header_callback(c, &H2Session::onHeader);
        nghttp2_session_callbacks_set_on_frame_recv_callback(c, &H2Session::onFrameRecv);
        nghttp2_session_callbacks_set_on_data_chunk_recv_callback(c, &H2Session::onData);
        nghttp2_session_callbacks_set_on_stream_close_callback(c, &H2Session::onStreamClose);
        return c;
    }();
    return cbs;
}

int H2Session::onBeginHeaders(nghttp2_session *session, const nghttp2_frame *frame, void *user) {
    auto *self = static_cast<H2Session *>(user);
    if (frame->hd.type != NGHTTP2_HEADERS || frame->headers.cat != NGHTTP2_HCAT_REQUEST)
        return 0;
    H2Stream *s = self->newStream();
    s->id = frame->hd.stream_id;
    s->started = Clock::now();
    nghttp2_session_set_stream_user_data(session, s->id, s);
    return 0;
}

int H2Session::onHeader(nghttp2_session *session, const nghttp2_frame *frame, const uint8_t *name,
                        size_t namelen, const uint8_t *value, size_t valuelen, uint8_t,
                        void *user) {
    auto *self = static_cast<H2Session *>(user);
    if (frame->hd.type != NGHTTP2_HEADERS || frame->headers.cat != NGHTTP2_HCAT_REQUEST)
        return 0;
    auto *s =
        static_cast<H2Stream *>(nghttp2_session_get_stream_user_data(session, frame->hd.stream_id));
    if (!s)
        return 0;
    s->headerBytes += namelen + valuelen + 32;
    if (s->headerBytes > self->m_d.limits.maxRequestHeadersBytes) {
        s->tooLarge = true;
        return 0;
    }
    const std::string_view n(reinterpret_cast<const char *>(name), namelen);
    const std::string_view v(reinterpret_cast<const char *>(value), valuelen);
    if (n == ":method")
        s->method = v;
    else if (n == ":path")
        s->path = v;
    else if (n == ":authority")
        s->authority = v;
    else if (n == ":scheme")
        s->scheme = v;
    else if (!n.empty() && n[0] != ':') {
        H2Header h{std::uint32_t(s->arena.size()), std::uint32_t(namelen), 0,
                   std::uint32_t(valuelen)};
        s->arena.append(n);
        h.valueOff = std::uint32_t(s->arena.size());
        s->arena.append(v);
        s->headers.push_back(h);
    }
    return 0;
}

int H2Session::onData(nghttp2_session *session, uint8_t, int32_t id, const uint8_t *data,
                      size_t len, void *user) {
    auto *self = static_cast<H2Session *>(user);
    auto *s = static_cast<H2Stream *>(nghttp2_session_get_stream_user_data(session, id));
    self->m_d.w.counters().bytesReceived.add(len);
    if (!s || s->bodyTooLarge)
        return 0;
    if (s->body.size() + len > self->m_d.limits.maxRequestBodyBytes) {
        s->bodyTooLarge = true;
        s->body.clear();
        return 0;
    }
    s->body.append(reinterpret_cast<const char *>(data), len);
    return 0;
}

int H2Session::onFrameRecv(nghttp2_session *session, const nghttp2_frame *frame, void *user) {
    auto *self = static_cast<H2Session *>(user);
    if ((frame->hd.type == NGHTTP2_HEADERS || frame->hd.type == NGHTTP2_DATA) &&
        (frame->hd.flags & NGHTTP2_FLAG_END_STREAM)) {
        auto *s = static_cast<H2Stream *>(
            nghttp2_session_get_stream_user_data(session, frame->hd.stream_id));
        if (s && !s->running)
            self->dispatch(s);
    }
    return 0;
}

int H2Session::onStreamClose(nghttp2_session *session, int32_t id, uint32_t, void *user) {
    auto *self = static_cast<H2Session *>(user);
    auto *s = static_cast<H2Stream *>(nghttp2_session_get_stream_user_data(session, id));
    if (!s)
        return 0;
    nghttp2_session_set_stream_user_data(session, id, nullptr);
    if (s->running)
        s->closed = true; // the exchange frees it when it finishes
    else
        self->freeStream(s);
    return 0;
}

ssize_t H2Session::readBody(nghttp2_session *, int32_t, uint8_t *buf, size_t length,
                            uint32_t *flags, nghttp2_data_source *source, void *) {
    auto *s = static_cast<H2Stream *>(source->ptr);
    const std::size_t n = std::min(length, s->respBody.size() - s->respSent);
    std::memcpy(buf, s->respBody.data() + s->respSent, n);
    s->respSent += n;
    if (s->respSent == s->respBody.size())
        *flags |= NGHTTP2_DATA_FLAG_EOF;
    return ssize_t(n);
}

void H2Session::log(H2Stream *s) {
    LogFields lf;
    lf.method = s->method;
    lf.authority = s->authority;
    lf.path = s->path;
    lf.status = s->status;
    lf.bytesIn = s->body.size();
    lf.bytesOut = s->respBody.size();
    lf.durationMs = std::chrono::duration<double, std::milli>(Clock::now() - s->started).count();
    lf.upstream = s->upstream;
    if (s->ridSet)
        lf.requestId = std::string_view(s->rid, 36);
    accessLog(m_d, lf);
}

void H2Session::submit(H2Stream *s) {
    char statusText[8];
    std::snprintf(statusText, sizeof statusText, "%03d", s->status % 1000);
    s->nva.clear();
    s->nva.push_back({reinterpret_cast<uint8_t *>(const_cast<char *>(":status")),
                      reinterpret_cast<uint8_t *>(statusText), 7, 3, NGHTTP2_NV_FLAG_NONE});
    for (const H2Header &h : s->respHeaders) {
        s->nva.push_back({reinterpret_cast<uint8_t *>(s->respArena.data() + h.nameOff),
                          reinterpret_cast<uint8_t *>(s->respArena.data() + h.valueOff), h.nameLen,
                          h.valueLen, NGHTTP2_NV_FLAG_NONE});
    }
    nghttp2_data_provider prd;
    prd.source.ptr = s;
    prd.read_callback = &H2Session::readBody;
    const bool body = !s->respBody.empty();
    countStatus(m_d.w, s->status);
    log(s);
    // nghttp2 copies the name/value pairs; the body stays in the stream until closed.
    nghttp2_submit_response(m_session, s->id, s->nva.data(), s->nva.size(), body ? &prd : nullptr);
    signal();
}

ValueContext H2Session::valueContext(const H2Stream *s, std::vector<HeaderRef> &refs,
                                     const CompiledRoute &route, const tcp::endpoint *upstream) {
    refs.clear();
    if (route.headerValueFormats) {
        for (const H2Header &h : s->headers)
            refs.push_back({std::string_view(s->arena).substr(h.nameOff, h.nameLen),
                            std::string_view(s->arena).substr(h.valueOff, h.valueLen)});
    }
    return {m_d, "HTTP/2", s->authority, s->path, s->method, refs, upstream};
}

// `opsRoute`: a redirect's or direct response's route, whose response header operations
// apply (as appendLocalReply).
void H2Session::respondLocal(H2Stream *s, int status, std::string_view location,
                             const std::optional<std::string> *directBody,
                             const CompiledRoute *opsRoute) {
    const HeaderOperations *ops = opsRoute ? &opsRoute->own.responseHeaders : nullptr;
    s->status = status;
    s->respArena.clear();
    s->respHeaders.clear();
    auto add = [&](std::string_view n, std::string_view v) {
        H2Header h{std::uint32_t(s->respArena.size()), std::uint32_t(n.size()), 0,
                   std::uint32_t(v.size())};
        s->respArena.append(n);
        h.valueOff = std::uint32_t(s->respArena.size());
        s->respArena.append(v);
        s->respHeaders.push_back(h);
    };
    if (directBody && *directBody)
        s->respBody = **directBody;
    else
        s->respBody = localBody(status);
    char len[24];
    std::snprintf(len, sizeof len, "%zu", s->respBody.size());
    add("content-length", len);
    // As appendLocalReply: the route's operations on all but the framing.
    std::vector<HeaderRef> refs;
    FormattedFields storage;
    const FormattedFields *formatted =
        ops ? format(*opsRoute, *ops, valueContext(s, refs, *opsRoute, nullptr), storage) : nullptr;
    auto field = [&](std::string_view n, std::string_view v) {
        if (!ops || !dropsField(*ops, n, formatted))
            add(n, v);
    };
    if (!s->respBody.empty())
        field("content-type", "text/plain");
    if (!location.empty())
        field("location", location);
    field("server", "gatehouse");
    if (ops)
        forEachField(*ops, formatted, add);
    s->cors.addFields(add);
    if (s->method == "HEAD")
        s->respBody.clear(); // the length announced, no DATA
    submit(s);
}

void H2Session::dispatch(H2Stream *s) {
    Worker &w = m_d.w;
    w.counters().requests.add();
    if (s->tooLarge)
        return respondLocal(s, 431);
    if (s->bodyTooLarge)
        return respondLocal(s, 413);
    if (s->method.empty() || s->path.empty() || s->method == "CONNECT")
        return respondLocal(s, 400);
    route(s);
}

void H2Session::route(H2Stream *s) {
    Worker &w = m_d.w;
    // Router wants HeaderRef views.
    HeaderRef refs[64];
    std::size_t count = 0;
    for (const H2Header &h : s->headers) {
        if (count == 64)
            break;
        refs[count++] = {std::string_view(s->arena).substr(h.nameOff, h.nameLen),
                         std::string_view(s->arena).substr(h.valueOff, h.valueLen)};
    }
    std::string_view host = s->authority;
    if (host.empty()) {
        for (std::size_t i = 0; i < count; ++i) {
            if (refs[i].name == "host")
                host = refs[i].value;
        }
    }
    const RouteMatch m = m_d.snap->route(m_d.routeTable, host, s->path, s->method,
                                         s->scheme.empty() ? "https" : s->scheme, refs, count);
    if (!m.route)
        return respondLocal(s, 404);
    if (m.route->route->cors) {
        s->cors = corsFor(*m.route, s->method, std::span<const HeaderRef>(refs, count));
        if (s->cors.preflightHere)
            return respondLocal(s, 200, {}, &kNoBody);
    }
    if (m.route->route->fault && !s->faulted) {
        // The fault's delay waits in a coroutine of its own; it routes the stream again.
        s->faulted = true;
        s->running = true;
        ++m_running;
        asio::co_spawn(w.io(), fault(shared_from_this(), s, &*m.route->route->fault),
                       asio::detached);
        return;
    }
    if (!m.route->forwards) {
        const Route &r = *m.route->route;
        const CompiledRoute *ops = m.route->own.responseOps ? m.route : nullptr;
        if (!r.redirect)
            return respondLocal(s, r.directStatus, {}, &r.directBody, ops);
        std::string location;
        boost::system::error_code ec;
        appendRedirectLocation(location, *r.redirect, m_d.listener->listener->tls, host, s->path,
                               r.redirect->derivePort ? m_d.sock.local_endpoint(ec).port()
                                                      : std::uint16_t(0));
        return respondLocal(s, r.redirect->status, location, nullptr, ops);
    }
    const Forwarding *fwd = nullptr;
    const ClusterInfo *cluster = nullptr;
    const tcp::endpoint *ep = chooseEndpoint(w, *m_d.snap, *m.route, fwd, cluster);
    if (!ep)
        return respondLocal(s, 503);
    s->running = true;
    ++m_running;
    asio::co_spawn(w.io(), exchange(shared_from_this(), s, ep, m.route, fwd, cluster),
                   asio::detached);
}

awaitable<void> H2Session::fault(std::shared_ptr<H2Session> self, H2Stream *s,
                                 const FaultPolicy *f) {
    const bool abort = co_await applyFault(m_d.w, *f);
    s->running = false;
    --m_running;
    if (s->closed)
        freeStream(s);
    else if (!m_closed && abort)
        respondLocal(s, f->abortStatus, {}, &kFaultAbortBody);
    else if (!m_closed)
        route(s); // the snapshot (and so `f`) lives as long as the connection
    if (m_running == 0 && m_closed)
        m_done.cancel();
    (void)self;
}

awaitable<void> H2Session::exchange(std::shared_ptr<H2Session> self, H2Stream *s,
                                    const tcp::endpoint *ep, const CompiledRoute *route,
                                    const Forwarding *fwd, const ClusterInfo *cluster) {
    Worker &w = m_d.w;
    const Limits &lim = m_d.limits;
    std::unique_ptr<RequestBuffers> b = w.takeBuffers();
    BuffersGuard guard{w, b};
    std::string &up = b->upOut;
    up.clear();
    up += s->method;
    up += ' ';
    appendUpstreamPath(up, *route, s->path);
    up += " HTTP/1.1\r\nhost: ";
    up += fwd->hostRewrite.empty() ? std::string_view(s->authority)
                                   : std::string_view(fwd->hostRewrite);
    up += "\r\n";
    if (route->rewritesPath) {
        up += "x-envoy-original-path: ";
        up += s->path;
        up += "\r\n";
    }
    std::vector<HeaderRef> refs;
    const ValueContext values = valueContext(s, refs, *route, ep);
    const FormattedFields *requestFormatted =
        fwd->requestOps ? format(*route, fwd->requestHeaders, values, b->requestFormatted)
                        : nullptr;
    std::string_view xff;
    bool cookie = false;
    for (const H2Header &h : s->headers) {
        const std::string_view n = std::string_view(s->arena).substr(h.nameOff, h.nameLen);
        const std::string_view v = std::string_view(s->arena).substr(h.valueOff, h.valueLen);
        if (n == "x-forwarded-for") {
            xff = v;
            continue;
        }
        if (fwd->requestOps && dropsField(fwd->requestHeaders, n, requestFormatted))
            continue;
        if (n == "host" || n == "connection" || n == "keep-alive" || n == "proxy-connection" ||
            n == "transfer-encoding" || n == "upgrade" || n == "te" || n == "trailer" ||
            n == "x-forwarded-proto" || n == "x-request-id" || n == "content-length")
            continue;
        if (n == "cookie") {
            cookie = true;
            continue;
        }
        up.append(n);
        up += ": ";
        up.append(v);
        up += "\r\n";
    }
    if (cookie) {
        // HTTP/2 splits cookies; HTTP/1.1 wants them in one field.
        up += "cookie: ";
        bool firstCookie = true;
        for (const H2Header &h : s->headers) {
            if (std::string_view(s->arena).substr(h.nameOff, h.nameLen) != "cookie")
                continue;
            if (!firstCookie)
                up += "; ";
            firstCookie = false;
            up.append(std::string_view(s->arena).substr(h.valueOff, h.valueLen));
        }
        up += "\r\n";
    }
    if (!s->body.empty() || (s->method != "GET" && s->method != "HEAD" && s->method != "DELETE" &&
                             s->method != "OPTIONS")) {
        up += "content-length: ";
        appendNumber(up, s->body.size());
        up += "\r\n";
    }
    if (fwd->requestOps)
        appendFields(up, fwd->requestHeaders, requestFormatted);
    appendProxyHeaders(m_d, up, xff, s->rid);
    s->ridSet = true;
    up += "\r\n";
    up += s->body;
    UpstreamCall call(w, route->route->retry);
    const std::uint64_t deadline = w.nowMs() + std::uint64_t(routeTimeout(*route, lim).count());
    const std::uint64_t connectMs = cluster->connectMs;
    const std::uint64_t connectDeadline = std::min(deadline, w.nowMs() + connectMs);
    UpErr err = UpErr::Ok;
    call.bind(*cluster, fwd->hostRewrite.empty() ? std::string_view(s->authority)
                                                 : std::string_view(fwd->hostRewrite));
    if (!call.reuse(*ep))
        err = co_await call.connectRetrying(*cluster, ep, deadline, connectMs);
    s->upstream = endpointText(*ep);
    if (err == UpErr::Ok) {
        err = co_await call.send(up.data(), up.size(), deadline);
        if (err != UpErr::Ok && call.reused) {
            err = co_await call.connectFresh(connectDeadline);
            if (err == UpErr::Ok)
                err = co_await call.send(up.data(), up.size(), deadline);
        }
    }
    bool headSeen = false;
    bool overflow = false;
    if (err == UpErr::Ok && !route->mirrors.empty())
        mirror(w, m_d.snap, *route, up, deadline);
    if (err == UpErr::Ok) {
        const auto sentAt = Clock::now();
        std::optional<ResponseParser> resp;
        auto newParser = [&] {
            resp.reset();
            resp.emplace(b->upFields, b->upFieldIds);
            resp->skip(s->method == "HEAD");
            resp->body_limit(std::numeric_limits<std::uint64_t>::max());
            resp->limit = lim.maxBufferedResponseBytes;
            s->respBody.clear();
        };
        newParser();
        auto onHead = [&] {
            ResponseParser &rp = *resp;
            s->status = rp.status;
            rp.bodyOut = &s->respBody;
            ConnectionTokens tokens;
            for (std::size_t i = 0; i < b->upFields.size(); ++i) {
                if (static_cast<http::field>(b->upFieldIds[i]) == http::field::connection)
                    tokens.parse(b->upFields[i].value);
            }
            s->respArena.clear();
            s->respHeaders.clear();
            const bool ops = fwd->responseOps;
            auto add = [&](std::string_view n, std::string_view v) {
                H2Header h{std::uint32_t(s->respArena.size()), std::uint32_t(n.size()), 0,
                           std::uint32_t(v.size())};
                for (char ch : n) // HTTP/2 field names are lower case
                    s->respArena += char(std::tolower(static_cast<unsigned char>(ch)));
                h.valueOff = std::uint32_t(s->respArena.size());
                s->respArena.append(v);
                s->respHeaders.push_back(h);
            };
            const FormattedFields *formatted =
                ops ? format(*route, fwd->responseHeaders, values, b->responseFormatted) : nullptr;
            for (std::size_t i = 0; i < b->upFields.size(); ++i) {
                if (isHopByHop(b->upFieldIds[i]) || tokens.contains(b->upFields[i].name) ||
                    (ops && dropsField(fwd->responseHeaders, b->upFields[i].name, formatted)) ||
                    (s->cors.policy && s->cors.drops(b->upFields[i].name)))
                    continue;
                add(b->upFields[i].name, b->upFields[i].value);
            }
            if (ops)
                forEachField(fwd->responseHeaders, formatted, add);
            s->cors.addFields(add);
        };
        auto flush = [&]() -> std::optional<bool> {
            return !resp->overflow;
        };
        auto finish = [&]() -> awaitable<bool> {
            co_return !resp->overflow;
        };
        // The request is whole in `up`: it can always be sent again (see serveHttp1).
        err = co_await readResponse(call, *b, *resp, call.tryDeadline(deadline), headSeen, true,
                                    onHead, flush, finish);
        bool poolRetry = err == UpErr::Closed && call.reused;
        while (!headSeen && (poolRetry || call.retriesFailure(err, true))) {
            err = co_await call.sendAgain(poolRetry, *cluster, ep, up, deadline, connectMs);
            if (err != UpErr::Ok)
                break;
            newParser();
            err = co_await readResponse(call, *b, *resp, call.tryDeadline(deadline), headSeen, true,
                                        onHead, flush, finish);
            poolRetry = err == UpErr::Closed && call.reused;
        }
        s->upstream = endpointText(*ep);
        overflow = resp->overflow;
        call.release(err == UpErr::Ok && resp->keep_alive() && !resp->need_eof(),
                     lim.maxIdleUpstreamPerEndpoint);
        if (err == UpErr::Ok)
            w.counters().countLatency(
                std::chrono::duration<double, std::milli>(Clock::now() - sentAt).count());
    } else {
        call.release(false, 0);
    }
    w.giveBuffers(std::move(b));

    if (!s->closed && !m_closed) {
        if (err == UpErr::Ok && !overflow) {
            submit(s);
        } else {
            s->respBody.clear();
            respondLocal(s, overflow ? 502 : statusFor(err));
        }
    }
    s->running = false;
    if (s->closed)
        freeStream(s);
    if (--m_running == 0 && m_closed)
        m_done.cancel();
    (void)self;
}

awaitable<void> H2Session::writer() {
    for (;;) {
        m_dirty = false;
        if (!m_closed) {
            for (;;) {
                const uint8_t *data = nullptr;
                const ssize_t n = nghttp2_session_mem_send(m_session, &data);
                if (n < 0) {
                    m_closed = true;
                    break;
                }
                if (n == 0)
                    break;
                m_out.append(reinterpret_cast<const char *>(data), std::size_t(n));
                if (m_out.size() >= 64 * 1024)
                    break;
            }
        }
        if (!m_out.empty()) {
            if (!co_await m_d.writeAll(m_out.data(), m_out.size(), 0)) {
                m_closed = true;
                m_d.onTimeout(); // wake the reader
            }
            m_out.clear();
            continue;
        }
        if (m_closed)
            break;
        if (!nghttp2_session_want_read(m_session) && !nghttp2_session_want_write(m_session)) {
            m_closed = true;
            m_d.onTimeout();
            break;
        }
        if (m_dirty)
            continue;
        m_signal.expires_at(asio::steady_timer::time_point::max());
        boost::system::error_code ec;
        co_await m_signal.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    }
    m_writerDone = true;
    m_done.cancel();
}

awaitable<void> H2Session::run() {
    Worker &w = m_d.w;
    if (nghttp2_session_server_new(&m_session, callbacks(), this) != 0)
        co_return;
    nghttp2_settings_entry settings[] = {
        {NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS, m_d.limits.http2MaxConcurrentStreams},
        {NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE, 1 << 20},
    };
    nghttp2_submit_settings(m_session, NGHTTP2_FLAG_NONE, settings, 2);
    m_d.h2 = this;
    asio::co_spawn(
        w.io(), [self = shared_from_this()]() -> awaitable<void> { co_await self->writer(); },
        asio::detached);

    m_readBuf = w.takeBuffers();
    if (m_readBuf->in.size() < kIoChunk)
        m_readBuf->in.resize(kIoChunk);
    while (!m_closed) {
        std::size_t n = 0;
        const Io r = m_d.tryRead(m_readBuf->in.data(), m_readBuf->in.size(), n);
        if (r == Io::Ok) {
            const ssize_t used = nghttp2_session_mem_recv(
                m_session, reinterpret_cast<const uint8_t *>(m_readBuf->in.data()), n);
            if (used < 0)
                break;
            signal();
            continue;
        }
        if (r != Io::WantRead && r != Io::WantWrite)
            break;
        if (m_goingAway && m_running == 0 && !nghttp2_session_want_write(m_session))
            break;
        // While streams are in flight the upstream timeouts govern; otherwise idle.
        const std::uint64_t deadline = m_running ? 0 : m_d.idleDeadline();
        if (m_running)
            m_d.deadlineMs = 0;
        else if (m_d.ssl)
            SSL_free_buffers(m_d.ssl); // an idle session keeps no record buffers (fails
                                       // harmlessly while a write is still pending)
        if (!co_await m_d.waitIo(r, deadline)) {
            if (m_d.expired || m_closed)
                break;
            // Cancelled by a drain: tell the client and keep serving what is in flight.
            goAway();
        }
    }
    m_closed = true;
    signal();
    m_d.h2 = nullptr;
    w.giveBuffers(std::move(m_readBuf));
    // Wait for the writer and every exchange before the Downstream goes away.
    while (!m_writerDone || m_running > 0) {
        m_done.expires_at(asio::steady_timer::time_point::max());
        boost::system::error_code ec;
        co_await m_done.async_wait(asio::redirect_error(asio::use_awaitable, ec));
        signal();
    }
}

void Downstream::onDrain() {
    drainRequested = true;
    if (h2) {
        h2->goAway();
        return;
    }
    if (idle) {
        boost::system::error_code ec;
        sock.cancel(ec);
        w.cancelRead(fw);
    }
}

// ---------------------------------------------------------------- passthrough

// The rest of a chunk a tunnel's plain side did not take at once: waits (as `node`) until
// the socket has room and sends; false when the peer is gone or the wait timed out. Most
// chunks go at once (sendSome), without this coroutine.
awaitable<bool> forwardRest(TimedNode &node, tcp::socket &to, const char *p, std::size_t len,
                            std::uint64_t deadline) {
    while (len)
        if (!co_await waitFor(node, to, tcp::socket::wait_write, deadline) ||
            !sendSome(to.native_handle(), p, len))
            co_return false;
    co_return true;
}

// What a read of a tunnel's plain socket gave: bytes (n > 0), its end (FIN or an error), or
// nothing yet (wait for readability, then read again).
enum class PlainRead { Data, End, Wait };

PlainRead readPlain(int fd, char *buf, std::size_t cap, std::size_t &n) {
    for (;;) {
        const ssize_t r = ::recv(fd, buf, cap, 0);
        if (r > 0) {
            n = std::size_t(r);
            return PlainRead::Data;
        }
        if (r < 0 && errno == EINTR)
            continue;
        return r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) ? PlainRead::Wait
                                                                  : PlainRead::End;
    }
}

awaitable<void> pump(Downstream &d, UpstreamCall &up, bool toUpstream, int &alive) {
    Worker &w = d.w;
    std::unique_ptr<RequestBuffers> b = w.takeBuffers();
    BuffersGuard guard{w, b};
    if (b->upIn.size() < kIoChunk)
        b->upIn.resize(kIoChunk);
    tcp::socket &from = toUpstream ? d.sock : up.conn->socket;
    tcp::socket &to = toUpstream ? up.conn->socket : d.sock;
    TimedNode &fromNode = toUpstream ? static_cast<TimedNode &>(d) : up;
    TimedNode &toNode = toUpstream ? static_cast<TimedNode &>(up) : d;
    for (;;) {
        std::size_t n = 0;
        const PlainRead got = readPlain(from.native_handle(), b->upIn.data(), b->upIn.size(), n);
        if (got == PlainRead::Data) {
            (toUpstream ? w.counters().bytesReceived : w.counters().bytesSent).add(n);
            const char *p = b->upIn.data();
            std::size_t len = n;
            if (!sendSome(to.native_handle(), p, len) ||
                (len && !co_await forwardRest(toNode, to, p, len, d.idleDeadline())))
                break;
            continue;
        }
        if (got == PlainRead::End ||
            !co_await waitFor(fromNode, from, tcp::socket::wait_read, d.idleDeadline()))
            break;
    }
    // Half-close the other side; the whole tunnel ends when both directions are done.
    ::shutdown(to.native_handle(), SHUT_WR);
    w.giveBuffers(std::move(b));
    if (--alive == 0)
        co_return;
    // Wake the other direction if its peer vanished without a FIN.
    if (d.expired || up.expired) {
        boost::system::error_code ec;
        d.sock.cancel(ec);
        up.conn->socket.cancel(ec);
    }
}

// A terminated TLS connection proxied as TCP: decrypted bytes go to the upstream socket,
// upstream bytes are encrypted back. Same shape as pump(); the downstream side goes through
// OpenSSL. Both directions use the one SSL object, on one thread, never at the same time.
awaitable<void> tlsPump(Downstream &d, UpstreamCall &up, bool toUpstream, int &alive) {
    Worker &w = d.w;
    std::unique_ptr<RequestBuffers> b = w.takeBuffers();
    BuffersGuard guard{w, b};
    if (b->upIn.size() < kIoChunk)
        b->upIn.resize(kIoChunk);
    tcp::socket &upSock = up.conn->socket;
    if (toUpstream) {
        for (;;) {
            std::size_t n = 0;
            const Io r = d.tryRead(b->upIn.data(), b->upIn.size(), n);
            if (r == Io::Ok) {
                w.counters().bytesReceived.add(n);
                const char *p = b->upIn.data();
                std::size_t len = n;
                if (!sendSome(upSock.native_handle(), p, len) ||
                    (len && !co_await forwardRest(up, upSock, p, len, d.idleDeadline())))
                    break;
                continue;
            }
            if ((r == Io::WantRead || r == Io::WantWrite) && co_await d.waitIo(r, d.idleDeadline()))
                continue;
            break; // close_notify, EOF, error or timeout
        }
        ::shutdown(upSock.native_handle(), SHUT_WR);
    } else {
        for (;;) {
            std::size_t n = 0;
            const PlainRead got =
                readPlain(upSock.native_handle(), b->upIn.data(), b->upIn.size(), n);
            if (got == PlainRead::Data) {
                const char *p = b->upIn.data();
                std::size_t len = n;
                bool ok = true;
                for (;;) {
                    const Io r = d.writeNow(p, len); // counts bytesSent
                    if (r == Io::Ok)
                        break;
                    // The reading direction waits through the FdWatch; this one asks Asio.
                    if ((r != Io::WantRead && r != Io::WantWrite) ||
                        !co_await waitFor(d, d.sock,
                                          r == Io::WantRead ? tcp::socket::wait_read
                                                            : tcp::socket::wait_write,
                                          d.idleDeadline())) {
                        ok = false;
                        break;
                    }
                }
                if (!ok)
                    break;
                continue;
            }
            if (got == PlainRead::End ||
                !co_await waitFor(up, upSock, tcp::socket::wait_read, d.idleDeadline()))
                break;
        }
        // The upstream is done: close_notify, then the TCP half-close.
        ERR_clear_error();
        SSL_shutdown(d.ssl);
        ERR_clear_error();
        ::shutdown(d.sock.native_handle(), SHUT_WR);
    }
    w.giveBuffers(std::move(b));
    if (--alive == 0)
        co_return;
    if (d.expired || up.expired) {
        boost::system::error_code ec;
        d.sock.cancel(ec);
        w.cancelRead(d.fw);
        upSock.cancel(ec);
    }
}

// Connects to the cluster and pumps both ways until both directions are done; `terminated`:
// the downstream is a finished TLS handshake (Gateway protocol TLS, terminating mode).
awaitable<void> tunnel(Downstream &d, int clusterIndex, bool terminated) {
    Worker &w = d.w;
    if (clusterIndex < 0)
        co_return;
    const ClusterInfo &c = d.snap->clusters[std::size_t(clusterIndex)];
    if (c.endpoints.empty())
        co_return;
    UpstreamCall up(w, kNoRetries);
    const tcp::endpoint &ep = c.endpoints[pickEndpoint(w, c)];
    up.ep = ep;
    if (co_await up.connectFresh(w.nowMs() + c.connectMs) != UpErr::Ok)
        co_return;
    int alive = 2;
    asio::steady_timer done(w.io());
    done.expires_at(asio::steady_timer::time_point::max());
    auto run = [&](bool dir) -> awaitable<void> {
        if (terminated)
            co_await tlsPump(d, up, dir, alive);
        else
            co_await pump(d, up, dir, alive);
        done.cancel();
    };
    asio::co_spawn(w.io(), run(false), asio::detached);
    co_await run(true);
    while (alive > 0) {
        boost::system::error_code ec;
        co_await done.async_wait(asio::redirect_error(asio::use_awaitable, ec));
        done.expires_at(asio::steady_timer::time_point::max());
    }
    up.release(false, 0);
}

awaitable<void> passthrough(Downstream &d, int clusterIndex) {
    d.w.counters().passthroughConnections.add();
    co_await tunnel(d, clusterIndex, false);
}

// ---------------------------------------------------------------- TLS

HandshakeFailure classify(unsigned long err) {
    switch (ERR_GET_REASON(err)) {
    case SSL_R_UNSUPPORTED_PROTOCOL:
    case SSL_R_WRONG_VERSION_NUMBER:
    case SSL_R_VERSION_TOO_LOW:
    case SSL_R_VERSION_TOO_HIGH:
        return HandshakeFailure::ProtocolVersion;
    case SSL_R_NO_SHARED_CIPHER:
        return HandshakeFailure::NoSharedCipher;
    case SSL_R_PEER_DID_NOT_RETURN_A_CERTIFICATE:
    case SSL_R_CERTIFICATE_VERIFY_FAILED:
        return HandshakeFailure::ClientCertificate;
    default:
        return HandshakeFailure::Other;
    }
}

enum class Next { Close, Http1, Http2 };

// Reads the ClientHello without consuming it, picks the filter chain by SNI as Envoy's TLS
// inspector does, then proxies (passthrough) or completes the handshake.
awaitable<Next> acceptTls(Downstream &d) {
    Worker &w = d.w;
    // Read the ClientHello without consuming it and pick the filter chain by SNI,
    // as Envoy's TLS inspector does.
    const std::uint64_t deadline = w.nowMs() + std::uint64_t(d.limits.headerTimeout.count());
    std::unique_ptr<RequestBuffers> b = w.takeBuffers();
    BuffersGuard guard{w, b};
    if (b->upIn.size() < kIoChunk + 2048 + 5)
        b->upIn.resize(kIoChunk + 2048 + 5);
    HelloInfo hello;
    HelloParse parsed = HelloParse::NeedMore;
    std::size_t have = 0;
    while (parsed == HelloParse::NeedMore) {
        if (have && !d.fw.readable) {
            // Everything there was peeked at: wait for more.
            if (!co_await waitReadable(d, w, d.fw, d.sock, deadline)) {
                if (d.expired)
                    w.counters().handshakeFailures[int(HandshakeFailure::Timeout)].add();
                co_return Next::Close;
            }
        }
        const ssize_t n = ::recv(d.sock.native_handle(), b->upIn.data(), b->upIn.size(), MSG_PEEK);
        if (n == 0)
            co_return Next::Close;
        if (n < 0) {
            if (errno == EINTR)
                continue;
            if (errno != EAGAIN && errno != EWOULDBLOCK)
                co_return Next::Close;
            d.fw.drained();
            if (!co_await waitReadable(d, w, d.fw, d.sock, deadline)) {
                if (d.expired)
                    w.counters().handshakeFailures[int(HandshakeFailure::Timeout)].add();
                co_return Next::Close;
            }
            continue;
        }
        // Peeking consumes nothing: what was seen counts as read, a new edge means more.
        if (std::size_t(n) < b->upIn.size())
            d.fw.drained();
        if (std::size_t(n) == have)
            continue;
        have = std::size_t(n);
        parsed = parseClientHello(std::string_view(b->upIn.data(), have), hello);
    }
    if (parsed == HelloParse::NotTls) {
        w.counters().handshakeFailures[int(HandshakeFailure::NotTls)].add();
        co_return Next::Close;
    }
    d.sni.assign(hello.sni.substr(0, 255));
    w.giveBuffers(std::move(b));
    const int ci = d.listener->sni.find(d.sni);
    if (ci < 0) {
        w.counters().handshakeFailures[int(HandshakeFailure::NoMatchingServer)].add();
        co_return Next::Close;
    }
    const Chain &chain = d.listener->chains[std::size_t(ci)];
    if (!chain.ctx) { // passthrough; a weighted route draws its cluster per connection
        co_await passthrough(d, chain.weighted.empty() ? chain.cluster
                                                       : chain.weighted.pick(w.random()));
        co_return Next::Close;
    }
    d.routeTable = chain.routeTable;
    d.ssl = SSL_new(chain.ctx);
    if (!d.ssl || !d.attachSsl()) {
        ERR_clear_error();
        co_return Next::Close;
    }
    // The peeked ClientHello is still unread: OpenSSL's first read must not be skipped.
    d.fw.readable = true;
    SSL_set_accept_state(d.ssl);
    for (;;) {
        ERR_clear_error();
        const int r = SSL_do_handshake(d.ssl);
        if (r == 1)
            break;
        const int e = SSL_get_error(d.ssl, r);
        if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE) {
            if (co_await d.waitIo(e == SSL_ERROR_WANT_READ ? Io::WantRead : Io::WantWrite,
                                  deadline))
                continue;
            if (d.expired)
                w.counters().handshakeFailures[int(HandshakeFailure::Timeout)].add();
            co_return Next::Close;
        }
        const unsigned long err = ERR_peek_error();
        w.counters().handshakeFailures[int(err ? classify(err) : HandshakeFailure::Other)].add();
        ERR_clear_error();
        co_return Next::Close;
    }
    const int version = SSL_version(d.ssl);
    const int vi = version == TLS1_3_VERSION   ? 3
                   : version == TLS1_2_VERSION ? 2
                   : version == TLS1_1_VERSION ? 1
                                               : 0;
    w.counters().handshakesByVersion[std::size_t(vi)].add();
    if (SSL_session_reused(d.ssl))
        w.counters().handshakesResumed.add();
    if (const SSL_CIPHER *c = SSL_get_current_cipher(d.ssl))
        w.counters().countCipher(SSL_CIPHER_get_id(c));
    if (chain.tcpProxy) {
        // Gateway protocol TLS, terminated: no HTTP, the plain bytes go to the tcp route's
        // cluster; without one the connection closes (Envoy has no tcp_proxy to run).
        w.counters().tlsTcpConnections.add();
        co_await tunnel(
            d, chain.weighted.empty() ? chain.tcpCluster : chain.weighted.pick(w.random()), true);
        co_return Next::Close;
    }
    co_return negotiatedH2(d.ssl) ? Next::Http2 : Next::Http1;
}

awaitable<void> http1Loop(Downstream *raw);

// An idle HTTP/1 connection is only its Downstream and one pending readiness wait: no
// coroutine frame stays alive between requests.
void waitIdle(std::unique_ptr<Downstream> d) {
    Worker &w = d->w;
    // An idle TLS connection keeps no record buffers (they stay allocated while requests
    // come quickly: the CTX has no SSL_MODE_RELEASE_BUFFERS).
    if (d->ssl)
        SSL_free_buffers(d->ssl);
    d->idle = true;
    const auto timeout = d->servedOne ? d->limits.idleTimeout : d->limits.headerTimeout;
    d->deadlineMs = w.nowMs() + std::uint64_t(timeout.count());
    Downstream *raw = d.get();
    auto handler = [owner = std::move(d)](boost::system::error_code ec) mutable {
        owner->idle = false;
        owner->deadlineMs = 0;
        if (ec || owner->expired)
            return; // timed out, drained or failed: the connection closes here
        Worker &worker = owner->w;
        asio::co_spawn(worker.io(), http1Loop(owner.release()), asio::detached);
    };
    if (raw->idleWait == tcp::socket::wait_read && raw->fw.registered)
        w.asyncReadable(raw->fw, std::move(handler));
    else
        raw->sock.async_wait(raw->idleWait, std::move(handler));
}

// Takes ownership of `raw` (a plain pointer: GCC 12 mishandles move-only coroutine
// parameters).
awaitable<void> http1Loop(Downstream *raw) {
    std::unique_ptr<Downstream> d(raw);
    const bool idle = co_await serveHttp1(*d);
    if (idle && !d->w.draining() && !d->drainRequested)
        waitIdle(std::move(d));
    co_return;
}

awaitable<void> connectionMain(Downstream *raw) {
    std::unique_ptr<Downstream> d(raw);
    if (d->listener->listener->tls) {
        const Next next = co_await acceptTls(*d);
        if (next == Next::Close)
            co_return;
        if (next == Next::Http2) {
            auto session = std::make_shared<H2Session>(*d);
            co_await session->run();
            co_return;
        }
    }
    co_await http1Loop(d.release());
    co_return;
}

} // namespace

void serveConnection(Worker &worker, tcp::socket socket, std::shared_ptr<const Snapshot> snapshot,
                     int listener) {
    auto d = std::make_unique<Downstream>(worker, std::move(socket), std::move(snapshot), listener);
    asio::co_spawn(worker.io(), connectionMain(d.release()), asio::detached);
}

} // namespace gatehouse::gateway::detail
