#pragma once

// Internal to core/tls.

#include "tls/publickeyinfo.h"

#include <openssl/evp.h>

namespace gatehouse::core::detail {

[[nodiscard]] PublicKeyInfo describeKey(const EVP_PKEY *key);

} // namespace gatehouse::core::detail
