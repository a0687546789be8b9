#pragma once

#include <QString>

namespace dmsx {

// A word a POSIX shell takes as it is, else single-quoted, so a command printed for pasting
// means the same when pasted.
QString shellWord(const QString& word);

} // namespace dmsx
