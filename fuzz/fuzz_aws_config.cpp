// The AWS CLI's files: the config text and the credentials text (parts separated by a line
// "----"), then what is read from them: each profile's kind, the effective client configuration
// for each profile (endpoints, SSO and role settings) and the app's import of its keys.
#include "FuzzInput.h"
#include "config/AwsConfigFile.h"
#include "config/AwsProfileSummary.h"
#include "config/ClientConfigResolver.h"
#include "credentials/AppProfileImport.h"

#include <QProcessEnvironment>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace dmsx;
    const fuzz::FuzzInput input(data, size);
    const QList<QByteArray> parts = input.parts();
    AwsConfigFile files;
    files.addConfigText(QString::fromUtf8(parts.value(0)), QStringLiteral("/fuzz/.aws/config"));
    files.addCredentialsText(QString::fromUtf8(parts.value(1)), QStringLiteral("/fuzz/.aws/credentials"));
    (void)AwsProfileSummary::list(files);
    const QProcessEnvironment env; // empty: only the files decide
    const QStringList names = files.profileNames();
    // Bounded: an input of many tiny sections would otherwise spend the time in resolve().
    for (qsizetype i = 0; i < std::min<qsizetype>(names.size(), 8); ++i) {
        ClientOptions options;
        options.profile = names.at(i);
        (void)ClientConfigResolver::resolve(options, files, env);
        (void)AppProfileImport::fromAwsFiles(files, names.at(i));
    }
    return 0;
}
