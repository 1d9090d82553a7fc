#include "openssl.h"

#include <cerrno>
#include <cstring>
#include <ctime>
#include <fstream>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/err.h>

namespace gatehouse::core::detail {

std::string drainOpenSslErrors() {
    std::string text;
    const char *file = nullptr;
    const char *func = nullptr;
    const char *data = nullptr;
    int line = 0;
    int flags = 0;
    unsigned long code = 0;
    while ((code = ERR_get_error_all(&file, &line, &func, &data, &flags)) != 0) {
        char buf[256];
        ERR_error_string_n(code, buf, sizeof buf);
        if (!text.empty())
            text += "; ";
        text += buf;
        if (data && (flags & ERR_TXT_STRING) && *data) {
            text += " (";
            text += data;
            text += ')';
        }
    }
    return text;
}

Error opensslError(std::string code, std::string message) {
    return Error(std::move(code), std::move(message), drainOpenSslErrors());
}

BioPtr memoryBio(std::string_view data) {
    return BioPtr(BIO_new_mem_buf(data.data(), int(data.size())));
}

BioPtr newMemoryBio() {
    return BioPtr(BIO_new(BIO_s_mem()));
}

std::string bioContents(BIO *bio) {
    char *ptr = nullptr;
    const long len = BIO_get_mem_data(bio, &ptr);
    if (len <= 0 || !ptr)
        return {};
    return std::string(ptr, size_t(len));
}

std::chrono::system_clock::time_point fromAsn1Time(const ASN1_TIME *t) {
    struct tm tm {};
    if (!t || ASN1_TIME_to_tm(t, &tm) != 1) {
        ERR_clear_error();
        return {};
    }
    return std::chrono::system_clock::from_time_t(timegm(&tm));
}

std::string hexColon(const unsigned char *data, size_t len) {
    static constexpr char digits[] = "0123456789ABCDEF";
    std::string s;
    s.reserve(len * 3);
    for (size_t i = 0; i < len; ++i) {
        if (i)
            s += ':';
        s += digits[data[i] >> 4];
        s += digits[data[i] & 0xf];
    }
    return s;
}

std::string nameToString(const X509_NAME *name) {
    BioPtr bio = newMemoryBio();
    if (!bio || !name)
        return {};
    const unsigned long flags =
        XN_FLAG_SEP_CPLUS_SPC | XN_FLAG_FN_SN | (ASN1_STRFLGS_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
    if (X509_NAME_print_ex(bio.get(), name, 0, flags) < 0) {
        ERR_clear_error();
        return {};
    }
    return bioContents(bio.get());
}

Status writeFileAtomic(const std::filesystem::path &path, std::string_view bytes, unsigned mode) {
    std::filesystem::path dir = path.parent_path();
    if (dir.empty())
        dir = ".";
    std::string tmpl = (dir / ("." + path.filename().string() + ".XXXXXX")).string();
    const int fd = mkstemp(tmpl.data());
    if (fd < 0)
        return fail("file.write", "cannot create a file in " + dir.string(), std::strerror(errno));
    auto cleanup = [&](const char *what) {
        const std::string why = std::strerror(errno);
        ::close(fd);
        ::unlink(tmpl.c_str());
        return fail("file.write", std::string("cannot write ") + path.string() + ": " + what, why);
    };
    if (::fchmod(fd, mode_t(mode)) != 0)
        return cleanup("chmod");
    size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return cleanup("write");
        }
        done += size_t(n);
    }
    if (::fsync(fd) != 0)
        return cleanup("fsync");
    if (::close(fd) != 0) {
        const std::string why = std::strerror(errno);
        ::unlink(tmpl.c_str());
        return fail("file.write", "cannot write " + path.string(), why);
    }
    if (::rename(tmpl.c_str(), path.c_str()) != 0) {
        const std::string why = std::strerror(errno);
        ::unlink(tmpl.c_str());
        return fail("file.write", "cannot replace " + path.string(), why);
    }
    const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
    if (dfd >= 0) {
        ::fsync(dfd);
        ::close(dfd);
    }
    return {};
}

Result<std::string> readFileBounded(const std::filesystem::path &path, size_t maxBytes) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(path, ec);
    if (ec)
        return fail("file.read", "cannot read " + path.string(), ec.message());
    if (size > maxBytes)
        return fail("file.too_large",
                    path.string() + " is larger than " + std::to_string(maxBytes) + " bytes");
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return fail("file.read", "cannot open " + path.string(), std::strerror(errno));
    std::string data(size, '\0');
    in.read(data.data(), std::streamsize(size));
    if (size_t(in.gcount()) != size)
        return fail("file.read", "cannot read " + path.string(), "short read");
    return data;
}

} // namespace gatehouse::core::detail
