#pragma once

#include "common/result.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace gatehouse::gateway::detail {

// The admin listener: a small HTTP/1.1 server on its own thread (never on a worker).
class AdminServer {
public:
    struct Reply {
        int status = 200;
        std::string contentType = "text/plain; charset=utf-8";
        std::string body;
    };
    using Handler = std::function<Reply(const std::string &method, const std::string &path)>;

    AdminServer();
    ~AdminServer();
    AdminServer(const AdminServer &) = delete;
    AdminServer &operator=(const AdminServer &) = delete;

    [[nodiscard]] Status start(const std::string &address, std::uint16_t port, Handler handler);
    void stop();
    [[nodiscard]] std::uint16_t port() const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace gatehouse::gateway::detail
