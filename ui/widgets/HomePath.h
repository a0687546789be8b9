#pragma once

#include <QString>

namespace dmsx::ui {

// Paths under the home folder shown as "~/.aws/config": shorter, and what the AWS documentation
// and the user's own shell say.
class HomePath
{
public:
    // `path` with `home` replaced by "~"; native separators; unchanged when outside `home` or
    // when `home` is empty.
    static QString shorten(const QString& path, const QString& home);
};

} // namespace dmsx::ui
