#include "base/Version.h"

namespace dmsx {
const char* versionString()
{
    return DMSX_VERSION;
}
} // namespace dmsx
