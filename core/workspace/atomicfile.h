#pragma once

#include "common/result.h"

#include <string>
#include <string_view>

namespace gatehouse::core {

enum class FileSecrecy {
    Public,  // mode 0644 (less the umask)
    Private, // mode 0600: private keys, Secrets, TLS overrides
};

// Writes `bytes` to `path` so that a reader sees either the old file or the whole
// new one, never a part: a temporary file in the same folder is written, flushed
// to disk, then renamed over the old one (which stays until that moment). Private
// files are created 0600 from the start, so the key is never readable by others.
// Any thread may call this.
[[nodiscard]] Status writeFileAtomically(const std::string &path, std::string_view bytes,
                                         FileSecrecy secrecy = FileSecrecy::Public);

} // namespace gatehouse::core
