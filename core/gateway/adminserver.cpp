#include <utility> // Boost 1.74's awaitable.hpp needs std::exchange declared first

#include "gateway/adminserver.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

#include <thread>

namespace gatehouse::gateway::detail {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;

struct AdminServer::Impl {
    asio::io_context io{1};
    tcp::acceptor acceptor{io};
    std::thread thread;
    Handler handler;
    std::uint16_t port = 0;

    asio::awaitable<void> session(tcp::socket socket) {
        boost::beast::flat_buffer buffer(8192);
        for (;;) {
            // An admin request must arrive within 10 s.
            asio::steady_timer timer(io, std::chrono::seconds(10));
            timer.async_wait([&socket](boost::system::error_code ec) {
                if (!ec) {
                    boost::system::error_code ignored;
                    socket.cancel(ignored);
                }
            });
            http::request_parser<http::empty_body> parser;
            parser.header_limit(16 * 1024);
            boost::system::error_code ec;
            co_await http::async_read(socket, buffer, parser,
                                      asio::redirect_error(asio::use_awaitable, ec));
            timer.cancel();
            if (ec)
                co_return;
            const auto &req = parser.get();
            std::string target(req.target());
            if (const auto q = target.find('?'); q != std::string::npos)
                target.resize(q);
            Reply reply = handler(std::string(req.method_string()), target);
            http::response<http::string_body> res(static_cast<http::status>(reply.status),
                                                  req.version());
            res.set(http::field::server, "gatehouse-admin");
            res.set(http::field::content_type, reply.contentType);
            res.keep_alive(req.keep_alive());
            res.body() = std::move(reply.body);
            res.prepare_payload();
            co_await http::async_write(socket, res, asio::redirect_error(asio::use_awaitable, ec));
            if (ec || !req.keep_alive())
                co_return;
        }
    }

    void accept() {
        acceptor.async_accept([this](boost::system::error_code ec, tcp::socket socket) {
            if (ec == asio::error::operation_aborted || !acceptor.is_open())
                return;
            if (!ec)
                asio::co_spawn(io, session(std::move(socket)), asio::detached);
            accept();
        });
    }
};

AdminServer::AdminServer()
    : m_impl(std::make_unique<Impl>()) {}

AdminServer::~AdminServer() {
    stop();
}

Status AdminServer::start(const std::string &address, std::uint16_t port, Handler handler) {
    boost::system::error_code ec;
    const auto addr = asio::ip::make_address(address, ec);
    if (ec)
        return fail("gateway.admin.address",
                    "admin address '" + address + "' is not an IP address");
    const tcp::endpoint ep(addr, port);
    m_impl->acceptor.open(ep.protocol(), ec);
    if (!ec)
        m_impl->acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
    if (!ec)
        m_impl->acceptor.bind(ep, ec);
    if (!ec)
        m_impl->acceptor.listen(64, ec);
    if (ec)
        return fail("gateway.admin.bind",
                    "cannot listen on admin address " + address + ':' + std::to_string(port),
                    ec.message());
    m_impl->port = m_impl->acceptor.local_endpoint(ec).port();
    m_impl->handler = std::move(handler);
    m_impl->accept();
    m_impl->thread = std::thread([this] {
        for (;;) {
            try {
                m_impl->io.run();
                break;
            } catch (const std::exception &) {
                // one admin request failed; keep serving
            }
        }
    });
    return {};
}

void AdminServer::stop() {
    if (!m_impl->thread.joinable())
        return;
    m_impl->io.stop();
    m_impl->thread.join();
    boost::system::error_code ec;
    m_impl->acceptor.close(ec);
}

std::uint16_t AdminServer::port() const {
    return m_impl->port;
}

} // namespace gatehouse::gateway::detail
