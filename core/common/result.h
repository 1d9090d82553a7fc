#pragma once

#include "error.h"

#include <expected>

namespace gatehouse {

// Errors are values: every fallible call returns Result<T> and is [[nodiscard]].
template <typename T> using Result = std::expected<T, Error>;

// For fallible calls with nothing to return.
using Status = std::expected<void, Error>;

[[nodiscard]] inline std::unexpected<Error>
fail(std::string code, std::string message, std::string detail = {}, SourceLocation location = {}) {
    return std::unexpected<Error>(
        Error(std::move(code), std::move(message), std::move(detail), std::move(location)));
}

} // namespace gatehouse
