#pragma once

#include <string_view>

namespace gatehouse {

// The product version ("0.1.0"), set by CMake from project(VERSION).
[[nodiscard]] std::string_view versionString();

// OpenSSL's version text as linked at run time ("OpenSSL 3.0.x ...").
[[nodiscard]] std::string_view openSslVersionString();

} // namespace gatehouse
