#include "base/PrivateFiles.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStringList>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

namespace dmsx {

bool PrivateFiles::makeFolder(const QString& dir)
{
    if (dir.isEmpty())
        return false;
    QStringList missing;
    QString path = QDir::cleanPath(QFileInfo(dir).absoluteFilePath());
    while (!QFileInfo(path).exists()) {
        missing.prepend(path);
        const QString parent = QFileInfo(path).absolutePath();
        if (parent == path)
            break;
        path = parent;
    }
    if (!QFileInfo(path).isDir())
        return false;
    for (const QString& folder : std::as_const(missing)) {
        const QByteArray native = QFile::encodeName(folder);
        if (::mkdir(native.constData(), kFolderMode) != 0 && errno != EEXIST)
            return false;
        // mkdir's mode is filtered through the umask; this is not.
        if (::chmod(native.constData(), kFolderMode) != 0)
            return false;
    }
    return true;
}

bool PrivateFiles::createFile(const QString& path)
{
    if (!makeFolder(QFileInfo(path).absolutePath()))
        return false;
    const QByteArray native = QFile::encodeName(path);
    const int fd = ::open(native.constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, kFileMode);
    if (fd < 0)
        return errno == EEXIST;
    const bool ok = ::fchmod(fd, kFileMode) == 0;
    ::close(fd);
    return ok;
}

} // namespace dmsx
