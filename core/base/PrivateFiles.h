#pragma once

#include <QString>

namespace dmsx {

// The files the app writes (history, profiles index, settings, exports) can tell what someone
// administers and where; like the AWS CLI they are only the user's: 0600 in 0700 folders,
// whatever the umask.
class PrivateFiles
{
public:
    // Creates the missing folders of `dir` as 0700; folders that exist already are left as they are.
    static bool makeFolder(const QString& dir);
    // Creates `path` empty as 0600 (and its missing folders as 0700) unless it exists, so that a
    // writer that keeps an existing file's permissions (SQLite, QSettings, QSaveFile) keeps these.
    static bool createFile(const QString& path);
    static constexpr unsigned kFileMode = 0600;
    static constexpr unsigned kFolderMode = 0700;
};

} // namespace dmsx
