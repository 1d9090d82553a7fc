#include "buildinfo.h"

#include <openssl/crypto.h>

namespace gatehouse {

std::string_view versionString() {
    return GATEHOUSE_VERSION;
}

std::string_view openSslVersionString() {
    return OpenSSL_version(OPENSSL_VERSION);
}

} // namespace gatehouse
