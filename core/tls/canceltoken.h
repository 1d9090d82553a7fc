#pragma once

#include <atomic>
#include <memory>

namespace gatehouse::core {

// A shared cancellation flag: copies observe the same flag. cancel() may be called from any
// thread (e.g. the GUI thread) while workers poll isCancelled().
class CancelToken {
public:
    CancelToken()
        : m_flag(std::make_shared<std::atomic<bool>>(false)) {}
    void cancel() const { m_flag->store(true, std::memory_order_relaxed); }
    [[nodiscard]] bool isCancelled() const { return m_flag->load(std::memory_order_relaxed); }

private:
    std::shared_ptr<std::atomic<bool>> m_flag;
};

} // namespace gatehouse::core
