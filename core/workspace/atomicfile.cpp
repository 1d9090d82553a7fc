#include "atomicfile.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

namespace gatehouse::core {

namespace {

std::string errnoText() {
    return std::strerror(errno);
}

std::string folderOf(const std::string &path) {
    const size_t slash = path.rfind('/');
    if (slash == std::string::npos)
        return ".";
    return slash == 0 ? "/" : path.substr(0, slash);
}

} // namespace

Status writeFileAtomically(const std::string &path, std::string_view bytes, FileSecrecy secrecy) {
    const mode_t mode = secrecy == FileSecrecy::Private ? 0600 : 0644;
    std::string tmp = path + ".gatehouse-XXXXXX";
    const int fd = ::mkstemp(tmp.data());
    if (fd < 0)
        return fail("io.write", "cannot create a file next to '" + path + "'", errnoText(),
                    SourceLocation{path});
    // mkstemp creates 0600; widen only for public files.
    if (secrecy == FileSecrecy::Public && ::fchmod(fd, mode) != 0) {
        const std::string why = errnoText();
        ::close(fd);
        ::unlink(tmp.c_str());
        return fail("io.write", "cannot set permissions of '" + path + "'", why,
                    SourceLocation{path});
    }
    size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            const std::string why = errnoText();
            ::close(fd);
            ::unlink(tmp.c_str());
            return fail("io.write", "cannot write '" + path + "'", why, SourceLocation{path});
        }
        done += size_t(n);
    }
    if (::fsync(fd) != 0 || ::close(fd) != 0) {
        const std::string why = errnoText();
        ::unlink(tmp.c_str());
        return fail("io.write", "cannot flush '" + path + "' to disk", why, SourceLocation{path});
    }
    if (::rename(tmp.c_str(), path.c_str()) != 0) {
        const std::string why = errnoText();
        ::unlink(tmp.c_str());
        return fail("io.write", "cannot replace '" + path + "'", why, SourceLocation{path});
    }
    // Make the rename itself durable.
    const int dir = ::open(folderOf(path).c_str(), O_RDONLY | O_DIRECTORY);
    if (dir >= 0) {
        ::fsync(dir);
        ::close(dir);
    }
    return {};
}

} // namespace gatehouse::core
