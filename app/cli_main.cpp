#include "base/Version.h"

#include <dlfcn.h>

#include <climits>
#include <cstdio>
#include <cstring>
#include <string>
#include <unistd.h>

// dms-extpack-cli links nothing but the C and C++ runtimes: binding the symbols of the libraries a
// command needs (Qt Network, SQL and D-Bus, QtKeychain, OpenSSL and theirs, 40 in all) was 96 % of
// the instructions of `--version`. So `--version` is answered here, and every other use loads the
// CLI module, which links them.
namespace {
// EX_SOFTWARE of sysexits.h: none of the exit codes the CLI documents for its commands.
constexpr int kExitBrokenInstallation = 70;
} // namespace

int main(int argc, char** argv)
{
    if (argc == 2 && std::strcmp(argv[1], "--version") == 0) {
        std::fputs("dms-extpack-cli " DMSX_VERSION "\n", stdout);
        return 0;
    }
    // Beside the program as installed and in the build tree alike (DMSX_CLI_MODULE is relative).
    char self[PATH_MAX];
    const ssize_t length = readlink("/proc/self/exe", self, sizeof self - 1);
    std::string module;
    if (length > 0) {
        module.assign(self, static_cast<std::size_t>(length));
        module.erase(module.rfind('/') + 1);
    }
    module += DMSX_CLI_MODULE;
    void* handle = dlopen(module.c_str(), RTLD_NOW | RTLD_LOCAL);
    using Entry = int (*)(int*, char**);
    const auto entry = handle ? reinterpret_cast<Entry>(dlsym(handle, "dmsx_cli_main")) : nullptr;
    if (!entry) {
        std::fprintf(stderr, "dms-extpack-cli: the installation is broken: %s\n", dlerror());
        return kExitBrokenInstallation;
    }
    return entry(&argc, argv);
}
