#include "SanitizerOptions.h"

namespace sanitizers {

QProcessEnvironment withSanitizerOptions(QProcessEnvironment env)
{
    for (const char* name : {"ASAN_OPTIONS", "LSAN_OPTIONS", "UBSAN_OPTIONS", "ASAN_SYMBOLIZER_PATH"}) {
        const QString key = QString::fromLatin1(name);
        if (qEnvironmentVariableIsSet(name) && !env.contains(key))
            env.insert(key, qEnvironmentVariable(name));
    }
    return env;
}

} // namespace sanitizers
