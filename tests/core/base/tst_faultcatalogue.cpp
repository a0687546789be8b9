#include "base/FaultCatalogue.h"
#include "base/FaultCodes.h"

#include <QFile>
#include <QRegularExpression>
#include <QSet>
#include <QTest>

#include <string_view>

using namespace dmsx;

Q_DECLARE_METATYPE(dmsx::FaultKind)

namespace {

// The constants carry the wire spellings of docs/protocol.md §4; a typo in one would make the client
// miss what AWS sends while every test that routes by the constant still passed.
constexpr bool spelt(QLatin1StringView code, std::string_view documented)
{
    return std::string_view(code.data(), std::size_t(code.size())) == documented;
}
static_assert(spelt(FaultCode::ResourceNotFoundFault, "ResourceNotFoundFault"));
static_assert(spelt(FaultCode::KMSKeyNotAccessibleFault, "KMSKeyNotAccessibleFault"));
static_assert(spelt(FaultCode::ResourceAlreadyExistsFault, "ResourceAlreadyExistsFault"));
static_assert(spelt(FaultCode::AccessDeniedException, "AccessDeniedException"));
static_assert(spelt(FaultCode::UnrecognizedClientException, "UnrecognizedClientException"));
static_assert(spelt(FaultCode::InvalidClientTokenId, "InvalidClientTokenId"));
static_assert(spelt(FaultCode::InvalidSignatureException, "InvalidSignatureException"));
static_assert(spelt(FaultCode::SignatureDoesNotMatch, "SignatureDoesNotMatch"));
static_assert(spelt(FaultCode::MissingAuthenticationTokenException, "MissingAuthenticationTokenException"));
static_assert(spelt(FaultCode::ExpiredToken, "ExpiredToken"));
static_assert(spelt(FaultCode::ExpiredTokenException, "ExpiredTokenException"));
static_assert(spelt(FaultCode::RequestTimeTooSkewed, "RequestTimeTooSkewed"));
static_assert(spelt(FaultCode::ThrottlingException, "ThrottlingException"));
static_assert(spelt(FaultCode::TooManyRequestsException, "TooManyRequestsException"));
static_assert(spelt(FaultCode::ServiceUnavailableException, "ServiceUnavailableException"));
static_assert(spelt(FaultCode::ValidationException, "ValidationException"));
static_assert(spelt(FaultCode::SerializationException, "SerializationException"));

// Every constant of base/FaultCodes.h, read from the source so that a code added there is checked
// without anyone listing it here too.
QList<QPair<QString, QString>> faultCodeConstants()
{
    QFile header(qEnvironmentVariable("DMSX_SOURCE_DIR") + QStringLiteral("/core/base/FaultCodes.h"));
    if (!header.open(QIODevice::ReadOnly))
        return {};
    static const QRegularExpression constant(
        QStringLiteral("inline constexpr QLatin1StringView\\s+(\\w+)\\s*\\{\\s*\"([^\"]*)\"\\s*\\}"));
    QList<QPair<QString, QString>> out;
    auto it = constant.globalMatch(QString::fromUtf8(header.readAll()));
    while (it.hasNext()) {
        const QRegularExpressionMatch m = it.next();
        out.append({m.captured(1), m.captured(2)});
    }
    return out;
}

Fault fault(FaultKind kind, const QString& code, const QString& message = QString(), int status = 0)
{
    Fault f = Fault::make(kind, code, message);
    f.httpStatus = status;
    return f;
}
} // namespace

class TestFaultCatalogue : public QObject
{
    Q_OBJECT
private slots:
    void everyCodeHasItsOwnEntry_data()
    {
        QTest::addColumn<dmsx::FaultKind>("kind");
        QTest::addColumn<QString>("code");
        QTest::addColumn<bool>("retry");
        const auto S = FaultKind::Service;
        const auto T = FaultKind::Transport;
        // docs/protocol.md §4.2
        for (const char* c : {"AccessDeniedFault", "InvalidResourceStateFault", "KMSKeyNotAccessibleFault",
                              "ResourceAlreadyExistsFault", "ResourceNotFoundFault",
                              "ResourceQuotaExceededFault", "S3AccessDeniedFault", "S3ResourceNotFoundFault"})
            QTest::newRow(c) << S << QString::fromLatin1(c) << false;
        QTest::newRow("FailedDependencyFault") << S << QStringLiteral("FailedDependencyFault") << true;
        // docs/protocol.md §4.4, both spellings
        for (const char* c :
             {"AccessDeniedException", "UnrecognizedClientException", "InvalidClientTokenId",
              "InvalidSignatureException", "SignatureDoesNotMatch", "IncompleteSignature",
              "IncompleteSignatureException", "MissingAuthenticationToken",
              "MissingAuthenticationTokenException", "ExpiredToken", "ExpiredTokenException",
              "ValidationException", "ValidationError", "SerializationException", "UnknownOperationException",
              "InvalidAction", "OptInRequired", "NotAuthorized", "AuthFailure"})
            QTest::newRow(c) << S << QString::fromLatin1(c) << false;
        for (const char* c :
             {"RequestExpired", "RequestTimeTooSkewed", "RequestInTheFuture", "ThrottlingException",
              "Throttling", "TooManyRequestsException", "RequestLimitExceeded", "SlowDown",
              "ServiceUnavailable", "ServiceUnavailableException", "InternalFailure", "InternalServerError",
              "RequestTimeout", "RequestTimeoutException"})
            QTest::newRow(c) << S << QString::fromLatin1(c) << true;
        // transport
        for (const char* c :
             {"ConnectionRefused", "HostNotFound", "Timeout", "ConnectionReset", "ProxyConnectionFailed",
              "ProxyConnectionRefused", "NetworkUnreachable", "TruncatedResponse"})
            QTest::newRow(c) << T << QString::fromLatin1(c) << true;
        for (const char* c : {"TlsVerificationFailed", "ProxyAuthenticationRequired", "InvalidResponse"})
            QTest::newRow(c) << T << QString::fromLatin1(c) << false;
        QTest::newRow("NonJsonResponse") << FaultKind::Protocol << QStringLiteral("NonJsonResponse") << false;
        QTest::newRow("Cancelled") << FaultKind::Cancelled << QStringLiteral("Cancelled") << false;
        // credentials
        QTest::newRow("MissingCredentials")
            << FaultKind::Credentials << QStringLiteral("MissingCredentials") << false;
        QTest::newRow("PartialCredentials")
            << FaultKind::Credentials << QStringLiteral("PartialCredentials") << false;
        QTest::newRow("NoCredentials") << FaultKind::Credentials << QStringLiteral("NoCredentials") << false;
        QTest::newRow("IncompleteCredentials")
            << FaultKind::Credentials << QStringLiteral("IncompleteCredentials") << false;
        // keychain and the app's profiles (KeychainStore, AppProfileStore, profiles command)
        QTest::newRow("KeychainUnavailable")
            << FaultKind::Credentials << QStringLiteral("KeychainUnavailable") << true;
        for (const char* c : {"KeychainLocked", "KeychainAccessDenied", "KeychainEntryNotFound",
                              "KeychainError", "NoStaticKeys"})
            QTest::newRow(c) << FaultKind::Credentials << QString::fromLatin1(c) << false;
        QTest::newRow("AppProfileNotFound")
            << FaultKind::Configuration << QStringLiteral("AppProfileNotFound") << false;
        QTest::newRow("SettingsNotWritable")
            << FaultKind::Configuration << QStringLiteral("SettingsNotWritable") << false;
        QTest::newRow("InvalidProfileName")
            << FaultKind::Usage << QStringLiteral("InvalidProfileName") << false;
        // credential_process and SSO (ProcessCredentialSource, SsoCredentialSource)
        for (const char* c :
             {"CredentialProcessFailed", "CredentialProcessInvalidOutput", "SsoTokenMissing",
              "SsoTokenExpired", "SsoTokenInvalid", "UnauthorizedException", "ForbiddenException"})
            QTest::newRow(c) << FaultKind::Credentials << QString::fromLatin1(c) << false;
        QTest::newRow("CredentialProcessTimeout")
            << FaultKind::Credentials << QStringLiteral("CredentialProcessTimeout") << true;
        for (const char* c : {"CredentialProcessInvalidCommand", "SsoProfileIncomplete"})
            QTest::newRow(c) << FaultKind::Configuration << QString::fromLatin1(c) << false;
        // STS and the provider chain (StsClient, CredentialChain)
        for (const char* c :
             {"RegionDisabledException", "MalformedPolicyDocument", "PackedPolicyTooLarge",
              "IDPRejectedClaim", "IDPCommunicationError", "InvalidIdentityToken", "AccessDenied"})
            QTest::newRow(c) << S << QString::fromLatin1(c) << false;
        QTest::newRow("NonXmlResponse") << FaultKind::Protocol << QStringLiteral("NonXmlResponse") << false;
        for (const char* c : {"RoleChainCycle", "InvalidRoleProfile", "UnsupportedCredentialSource"})
            QTest::newRow(c) << FaultKind::Configuration << QString::fromLatin1(c) << false;
        QTest::newRow("MfaCodeRequired")
            << FaultKind::Credentials << QStringLiteral("MfaCodeRequired") << false;
        QTest::newRow("MfaCancelled") << FaultKind::Credentials << QStringLiteral("MfaCancelled") << false;
        // apply pre-flight refusals (ApplyPreflight)
        for (const char* c : {"PreflightVirtualTarget", "PreflightNoTarget", "PreflightRequestInProgress"})
            QTest::newRow(c) << S << QString::fromLatin1(c) << false;
        // the SSO portal's unknown account or role reads like a refused one (SsoCredentialSource)
        QTest::newRow("ResourceNotFoundException")
            << FaultKind::Credentials << QString(FaultCode::ResourceNotFoundException) << false;
        // the request history (HistoryStore) and other faults found before anything is sent
        for (const QLatin1StringView c :
             {FaultCode::HistoryStoreError, FaultCode::HistoryStoreCorrupt, FaultCode::HistoryStoreTooNew,
              FaultCode::HistoryStoreUnusable, FaultCode::HistoryStoreClosed, FaultCode::InvalidConfiguration,
              FaultCode::SessionTokenFileUnreadable})
            QTest::newRow(c.data()) << FaultKind::Configuration << QString(c) << false;
        for (const QLatin1StringView c : {FaultCode::InvalidProjectIdentifier, FaultCode::InvalidFilter,
                                          FaultCode::InvalidPollInterval, FaultCode::HistoryEntryNotFound})
            QTest::newRow(c.data()) << FaultKind::Usage << QString(c) << false;
    }
    void everyCodeHasItsOwnEntry()
    {
        QFETCH(dmsx::FaultKind, kind);
        QFETCH(QString, code);
        QFETCH(bool, retry);
        const FaultExplanation e = FaultCatalogue::explain(fault(kind, code, QStringLiteral("m"), 400));
        QVERIFY2(e.catalogueKey != QLatin1String("Generic"), qPrintable(code));
        QVERIFY(!e.title.isEmpty());
        QVERIFY(!e.cause.isEmpty());
        QVERIFY(e.steps.size() >= 1);
        for (const QString& s : e.steps)
            QVERIFY2(!s.contains(QLatin1Char('{')), qPrintable(s)); // every placeholder filled
        QVERIFY(!e.title.contains(QLatin1Char('{')));
        QVERIFY(!e.cause.contains(QLatin1Char('{')));
        QCOMPARE(e.retryCanHelp, retry);
        QVERIFY(FaultCatalogue::knownCodes().contains(code) || kind == FaultKind::Cancelled);
    }

    // A code the window or the CLI can show needs words of its own. The few explained by other means on
    // purpose must reach a real entry that way, and must not get a row that would bypass it.
    void everyFaultCodeHasWording()
    {
        QVERIFY(!qEnvironmentVariableIsEmpty("DMSX_SOURCE_DIR"));
        const QList<QPair<QString, QString>> constants = faultCodeConstants();
        QVERIFY2(constants.size() > 100, "base/FaultCodes.h could not be read or parsed");
        const QHash<QString, QPair<Fault, QString>> byOtherMeans = {
            // the resolver's message picks the Configuration entry (docs/protocol.md §2.2)
            {FaultCode::InvalidEndpointConfiguration,
             {fault(FaultKind::Configuration, FaultCode::InvalidEndpointConfiguration,
                    QStringLiteral("Invalid Configuration: Missing Region")),
              QStringLiteral("Configuration.MissingRegion")}},
            // an error document without a code: the HTTP status picks the entry where it can (§4.1)
            {FaultCode::Unknown,
             {fault(FaultKind::Service, FaultCode::Unknown, QString(), 503),
              QStringLiteral("ServiceUnavailable")}},
        };
        const QStringList known = FaultCatalogue::knownCodes();
        QSet<QString> names;
        for (const auto& [name, value] : constants) {
            QCOMPARE(value, name);
            names.insert(name);
            if (byOtherMeans.contains(name)) {
                QVERIFY2(!known.contains(name), qPrintable(name));
                const auto& [example, key] = byOtherMeans.value(name);
                QCOMPARE(FaultCatalogue::explain(example).catalogueKey, key);
                continue;
            }
            QVERIFY2(known.contains(name),
                     qPrintable(name + QStringLiteral(" has no entry in FaultCatalogue")));
            const FaultExplanation e = FaultCatalogue::explain(fault(FaultKind::Service, name));
            QVERIFY2(!e.title.isEmpty() && !e.cause.isEmpty() && !e.steps.isEmpty(), qPrintable(name));
        }
        for (const QString& code : known)
            QVERIFY2(names.contains(code), qPrintable(code + QStringLiteral(" is not in base/FaultCodes.h")));
    }

    void bothSpellingsShareAnEntry()
    {
        const auto key = [](const char* c) {
            return FaultCatalogue::explain(fault(FaultKind::Service, QString::fromLatin1(c))).catalogueKey;
        };
        QCOMPARE(key("ExpiredToken"), key("ExpiredTokenException"));
        QCOMPARE(key("InvalidSignatureException"), key("SignatureDoesNotMatch"));
        QCOMPARE(key("ServiceUnavailable"), key("ServiceUnavailableException"));
        QVERIFY(key("ExpiredToken") != key("ResourceNotFoundFault"));
    }

    void iamActionByOperation_data()
    {
        QTest::addColumn<QString>("operation");
        QTest::addColumn<QString>("action");
        QTest::newRow("projects") << QStringLiteral("DescribeMigrationProjects")
                                  << QStringLiteral("dms:ListMigrationProjects");
        QTest::newRow("start") << QStringLiteral("StartExtensionPackAssociation")
                               << QStringLiteral("dms:AssociateExtensionPack");
        QTest::newRow("associations") << QStringLiteral("DescribeExtensionPackAssociations")
                                      << QStringLiteral("dms:ListExtensionPacks");
        QTest::newRow("providers") << QStringLiteral("DescribeDataProviders")
                                   << QStringLiteral("dms:ListDataProviders");
        QTest::newRow("profiles") << QStringLiteral("DescribeInstanceProfiles")
                                  << QStringLiteral("dms:ListInstanceProfiles");
    }
    void iamActionByOperation()
    {
        QFETCH(QString, operation);
        QFETCH(QString, action);
        Fault f = fault(FaultKind::Service, QStringLiteral("AccessDeniedException"),
                        QStringLiteral("User: arn:aws:iam::1:user/bob is not authorized"), 403);
        f.operation = operation;
        const FaultExplanation e = FaultCatalogue::explain(f);
        QCOMPARE(e.iamAction, action);
        QVERIFY(e.steps.join(QLatin1Char(' ')).contains(action));
        QVERIFY(FaultCatalogue::formatText(f).contains(action));
    }

    void iamActionFromMessageWhenOperationUnknown()
    {
        const Fault f = fault(FaultKind::Service, QStringLiteral("AccessDeniedException"),
                              QStringLiteral("User: arn:aws:iam::1:user/bob is not authorized to perform: "
                                             "dms:DescribeMetadataModelImports on resource: *"),
                              400);
        QCOMPARE(FaultCatalogue::explain(f).iamAction, QStringLiteral("dms:DescribeMetadataModelImports"));
        // The DMS fault of the same name is about DMS's own role, not the caller's IAM policy.
        QVERIFY(FaultCatalogue::explain(fault(FaultKind::Service, QStringLiteral("AccessDeniedFault")))
                    .iamAction.isEmpty());
    }

    void clockMentioned()
    {
        const auto mentionsClock = [](const FaultExplanation& e) {
            return QString(e.title + e.cause + e.steps.join(QLatin1Char(' ')))
                .contains(QLatin1String("clock"));
        };
        QVERIFY(mentionsClock(
            FaultCatalogue::explain(fault(FaultKind::Service, QStringLiteral("RequestExpired")))));
        const FaultExplanation expired = FaultCatalogue::explain(fault(
            FaultKind::Service, QStringLiteral("SignatureDoesNotMatch"),
            QStringLiteral("Signature expired: 20260101T000000Z is now earlier than 20260101T001000Z"), 403));
        QCOMPARE(expired.catalogueKey, QStringLiteral("SignatureExpired"));
        QVERIFY(mentionsClock(expired));
        QVERIFY(expired.retryCanHelp);
        const FaultExplanation mismatch = FaultCatalogue::explain(fault(
            FaultKind::Service, QStringLiteral("InvalidSignatureException"),
            QStringLiteral("The request signature we calculated does not match the signature you provided."),
            400));
        QCOMPARE(mismatch.catalogueKey, QStringLiteral("SignatureDoesNotMatch"));
        QVERIFY(!mismatch.retryCanHelp);
    }

    // Network faults by their real signals: the likeliest cause first, in the same words for the
    // window and the CLI.
    void noNetworkSaysTheNetworkFirstAndTheRegionLast()
    {
        Fault f =
            fault(FaultKind::Transport, QStringLiteral("HostNotFound"), QStringLiteral("Host not found"));
        f.endpoint = QStringLiteral("dms.eu-west-3.amazonaws.com");
        const FaultExplanation e = FaultCatalogue::explain(f);
        QVERIFY(e.title.contains(QLatin1String("No network")));
        QVERIFY(e.cause.indexOf(QLatin1String("offline")) < e.cause.indexOf(QLatin1String("region")));
        QVERIFY(e.cause.contains(QLatin1String("dms.eu-west-3.amazonaws.com")));
        QVERIFY(e.steps.first().contains(QLatin1String("network connection")));
        QVERIFY(e.steps.last().contains(QLatin1String("region")));
        for (int i = 0; i + 1 < e.steps.size(); ++i)
            QVERIFY2(!e.steps.at(i).contains(QLatin1String("region")), qPrintable(e.steps.at(i)));
    }

    void aRefusedProxyIsNamed()
    {
        Fault f = fault(FaultKind::Transport, QStringLiteral("ProxyConnectionRefused"),
                        QStringLiteral("Proxy connection refused"));
        f.detail = QStringLiteral("via proxy proxy.corp.example:3128");
        const FaultExplanation e = FaultCatalogue::explain(f);
        QVERIFY(e.title.contains(QLatin1String("proxy refused")));
        QVERIFY(e.cause.contains(QLatin1String("proxy.corp.example:3128")));
        QVERIFY(!QString(e.title + e.cause).contains(QLatin1String("unreachable")));
    }

    void aCredentialScopeOutsideTheRegionIsAWrongRegion_data()
    {
        QTest::addColumn<QString>("code");
        QTest::newRow("InvalidSignatureException") << QStringLiteral("InvalidSignatureException");
        QTest::newRow("SignatureDoesNotMatch") << QStringLiteral("SignatureDoesNotMatch");
    }
    void aCredentialScopeOutsideTheRegionIsAWrongRegion()
    {
        QFETCH(QString, code);
        Fault f = fault(FaultKind::Service, code,
                        QStringLiteral("Credential should be scoped to a valid region. "), 403);
        f.endpoint = QStringLiteral("dms.eu-west-1.amazonaws.com");
        const FaultExplanation e = FaultCatalogue::explain(f);
        QCOMPARE(e.catalogueKey, QStringLiteral("SignatureWrongRegion"));
        QVERIFY(e.title.contains(QLatin1String("region")));
        QVERIFY(!QString(e.title + e.cause).contains(QLatin1String("secret access key")));
        QVERIFY(e.steps.first().contains(QLatin1String("region")));
    }

    void tlsDetailShown()
    {
        Fault f = fault(FaultKind::Transport, QStringLiteral("TlsVerificationFailed"));
        f.detail = QStringLiteral("subject CN=proxy.corp, issuer CN=Corp Root CA");
        f.endpoint = QStringLiteral("dms.us-east-1.amazonaws.com");
        const FaultExplanation e = FaultCatalogue::explain(f);
        QVERIFY(e.cause.contains(QLatin1String("CN=Corp Root CA")));
        QVERIFY(e.cause.contains(QLatin1String("dms.us-east-1.amazonaws.com")));
    }

    void nonJsonRetryFollowsStatus()
    {
        QVERIFY(
            FaultCatalogue::explain(fault(FaultKind::Protocol, QStringLiteral("NonJsonResponse"), {}, 502))
                .retryCanHelp);
        QVERIFY(
            !FaultCatalogue::explain(fault(FaultKind::Protocol, QStringLiteral("NonJsonResponse"), {}, 200))
                 .retryCanHelp);
    }

    void configurationByText_data()
    {
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("message");
        QTest::addColumn<QString>("key");
        const QString unknownCode = QStringLiteral("EndpointResolutionFailed");
        QTest::newRow("fips custom")
            << unknownCode
            << QStringLiteral("Invalid Configuration: FIPS and custom endpoint are not supported")
            << QStringLiteral("Configuration.FipsWithCustomEndpoint");
        QTest::newRow("dualstack custom")
            << unknownCode
            << QStringLiteral("Invalid Configuration: Dualstack and custom endpoint are not supported")
            << QStringLiteral("Configuration.DualStackWithCustomEndpoint");
        QTest::newRow("missing region")
            << unknownCode << QStringLiteral("Invalid Configuration: Missing Region")
            << QStringLiteral("Configuration.MissingRegion");
        QTest::newRow("region not accepted") << unknownCode << QStringLiteral("Region not accepted")
                                             << QStringLiteral("Configuration.RegionNotAccepted");
        QTest::newRow("fips+ds") << unknownCode
                                 << QStringLiteral(
                                        "FIPS and DualStack are enabled, but this partition does not "
                                        "support one or both")
                                 << QStringLiteral("Configuration.PartitionUnsupported");
        QTest::newRow("fips only") << unknownCode
                                   << QStringLiteral(
                                          "FIPS is enabled but this partition does not support FIPS")
                                   << QStringLiteral("Configuration.PartitionUnsupported");
        QTest::newRow("ds only") << unknownCode
                                 << QStringLiteral(
                                        "DualStack is enabled but this partition does not support DualStack")
                                 << QStringLiteral("Configuration.PartitionUnsupported");
        QTest::newRow("by code") << QStringLiteral("MissingRegion") << QStringLiteral("whatever")
                                 << QStringLiteral("Configuration.MissingRegion");
        QTest::newRow("unknown profile") << unknownCode << QStringLiteral("The profile \"dev\" was not found")
                                         << QStringLiteral("Configuration.UnknownProfile");
        QTest::newRow("bad value names a profile")
            << QStringLiteral("InvalidConfigurationValue")
            << QStringLiteral("Invalid max attempts \"x\" in ~/.aws/config, profile dev")
            << QStringLiteral("Configuration");
        QTest::newRow("other") << unknownCode << QStringLiteral("something odd")
                               << QStringLiteral("Configuration");
    }
    void configurationByText()
    {
        QFETCH(QString, code);
        QFETCH(QString, message);
        QFETCH(QString, key);
        const FaultExplanation e = FaultCatalogue::explain(fault(FaultKind::Configuration, code, message));
        QCOMPARE(e.catalogueKey, key);
        QVERIFY(!e.retryCanHelp);
    }

    void associationFailures_data()
    {
        QTest::addColumn<QString>("message");
        QTest::addColumn<QString>("key");
        QTest::newRow("aws example") << QStringLiteral(
                                            "The database user in your target secret does not have "
                                            "sufficient privileges. Grant the required privileges and try "
                                            "again.")
                                     << QStringLiteral("AssociationFailed.Privileges");
        QTest::newRow("permission") << QStringLiteral("permission denied for schema aws_oracle_ext")
                                    << QStringLiteral("AssociationFailed.Privileges");
        QTest::newRow("secret") << QStringLiteral("Unable to retrieve the secret from AWS Secrets Manager.")
                                << QStringLiteral("AssociationFailed.Secret");
        QTest::newRow("password") << QStringLiteral(
                                         "Login failed: password authentication failed for user dms")
                                  << QStringLiteral("AssociationFailed.Secret");
        QTest::newRow("connect") << QStringLiteral(
                                        "Could not connect to the target database: connection timed out")
                                 << QStringLiteral("AssociationFailed.Connectivity");
        QTest::newRow("s3") << QStringLiteral("Access denied to the S3 bucket dms-sc-artifacts")
                            << QStringLiteral("AssociationFailed.S3");
        // The words DMS Schema Conversion gives (AWS's troubleshooting guide, docs/protocol.md §10.3.1).
        QTest::newRow("versioning")
            << QStringLiteral("S3 bucket versioning is disabled. Please turn it on and try again.")
            << QStringLiteral("AssociationFailed.S3Versioning");
        QTest::newRow("project storage")
            << QStringLiteral(
                   "Access to the project storage is denied. Check you bucket, S3 role and try again.")
            << QStringLiteral("AssociationFailed.S3");
        QTest::newRow("secret missing")
            << QStringLiteral(
                   "The Secret does not exist. Please check the Secret name, IAM secret role, and region.")
            << QStringLiteral("AssociationFailed.Secret");
        QTest::newRow("kms") << QStringLiteral("The KMS key is disabled")
                             << QStringLiteral("AssociationFailed.KMS");
        QTest::newRow("capacity") << QStringLiteral("Insufficient capacity to run the request, quota reached")
                                  << QStringLiteral("AssociationFailed.Capacity");
        QTest::newRow("other") << QStringLiteral("An unexpected error occurred.")
                               << QStringLiteral("AssociationFailed.Other");
        QTest::newRow("empty") << QString() << QStringLiteral("AssociationFailed.Other");
        QTest::newRow("canceled") << QStringLiteral("The request was canceled")
                                  << QStringLiteral("AssociationFailed.Canceled");
    }
    void associationFailures()
    {
        QFETCH(QString, message);
        QFETCH(QString, key);
        const FaultExplanation e = FaultCatalogue::explain(
            fault(FaultKind::AssociationFailed, QStringLiteral("AssociationFailed"), message));
        QCOMPARE(e.catalogueKey, key);
        QCOMPARE(FaultCatalogue::associationFailureKey(message), key);
        QVERIFY(!e.steps.isEmpty());
    }

    void ambiguousStartNeverAdvisesTryingAgain_data()
    {
        QTest::addColumn<dmsx::FaultKind>("kind");
        QTest::addColumn<QString>("code");
        QTest::addColumn<int>("status");
        QTest::newRow("connection reset") << FaultKind::Transport << QStringLiteral("ConnectionReset") << 0;
        QTest::newRow("timeout") << FaultKind::Transport << QStringLiteral("Timeout") << 0;
        QTest::newRow("truncated") << FaultKind::Protocol << QStringLiteral("TruncatedResponse") << 200;
        QTest::newRow("5xx") << FaultKind::Service << QStringLiteral("InternalFailure") << 500;
        QTest::newRow("cancelled after sending") << FaultKind::Cancelled << QStringLiteral("Cancelled") << 0;
    }

    void ambiguousStartNeverAdvisesTryingAgain()
    {
        QFETCH(dmsx::FaultKind, kind);
        QFETCH(QString, code);
        QFETCH(int, status);
        Fault f = fault(kind, code, QStringLiteral("lost"), status);
        f.operation = QStringLiteral("StartExtensionPackAssociation");
        f.endpoint = QStringLiteral("dms.eu-west-1.amazonaws.com");
        f.requestMayHaveBeenProcessed = true;
        const FaultExplanation e = FaultCatalogue::explain(f);
        QCOMPARE(e.catalogueKey, QStringLiteral("StartOutcomeUnknown"));
        QVERIFY(!e.retryCanHelp); // the window offers no Retry button for it
        const QString all = e.title + e.cause + e.steps.join(QLatin1Char(' '));
        QVERIFY(!all.contains(QLatin1Char('{')));
        QVERIFY(all.contains(code));
        QVERIFY(all.contains(QLatin1String("dms.eu-west-1.amazonaws.com")));
        QVERIFY(!all.contains(QLatin1String("Try again")));
        QVERIFY(e.steps.first().startsWith(QLatin1String("Do not apply again")));
        QVERIFY(FaultCatalogue::formatText(f).contains(QStringLiteral("Code: ") + code));

        // The same fault of a call that is safe to repeat, or one proven unprocessed, keeps its own entry.
        Fault other = f;
        other.operation = QStringLiteral("DescribeExtensionPackAssociations");
        QVERIFY(FaultCatalogue::explain(other).catalogueKey != QLatin1String("StartOutcomeUnknown"));
        Fault unprocessed = f;
        unprocessed.requestMayHaveBeenProcessed = false;
        QVERIFY(FaultCatalogue::explain(unprocessed).catalogueKey != QLatin1String("StartOutcomeUnknown"));
    }

    void genericEntryShowsIdentifiers()
    {
        Fault f =
            fault(FaultKind::Service, QStringLiteral("BrandNewException"), QStringLiteral("brand new"), 418);
        f.requestId = QStringLiteral("rid-generic-1");
        const FaultExplanation e = FaultCatalogue::explain(f);
        QCOMPARE(e.catalogueKey, QStringLiteral("Generic"));
        const QString all = e.title + e.cause + e.steps.join(QLatin1Char(' '));
        QVERIFY(all.contains(QLatin1String("BrandNewException")));
        QVERIFY(all.contains(QLatin1String("418")));
        QVERIFY(all.contains(QLatin1String("rid-generic-1")));
        QVERIFY(!e.retryCanHelp);
        // An unknown code with a 5xx status is retryable by the status rule.
        QVERIFY(FaultCatalogue::explain(fault(FaultKind::Service, QStringLiteral("BrandNew"), {}, 502))
                    .retryCanHelp);
        // No code at all: the status picks the entry where it can.
        QCOMPARE(FaultCatalogue::explain(fault(FaultKind::Service, QStringLiteral("Unknown"), {}, 503))
                     .catalogueKey,
                 QStringLiteral("ServiceUnavailable"));
        QCOMPARE(FaultCatalogue::explain(fault(FaultKind::Service, QStringLiteral("Unknown"), {}, 400))
                     .catalogueKey,
                 QStringLiteral("Generic"));
    }

    void formatTextHasEverything()
    {
        Fault f = fault(FaultKind::Service, QStringLiteral("ResourceNotFoundFault"),
                        QStringLiteral("Project prj-1 not found"), 400);
        f.requestId = QStringLiteral("rid-fmt-9");
        f.operation = QStringLiteral("StartExtensionPackAssociation");
        f.endpoint = QStringLiteral("dms.eu-west-1.amazonaws.com");
        f.attempts = 2;
        f.time = QDateTime(QDate(2026, 1, 9), QTime(12, 0, 0), Qt::UTC);
        const QString text = FaultCatalogue::formatText(f);
        const FaultExplanation e = FaultCatalogue::explain(f);
        const qsizetype titleAt = text.indexOf(e.title);
        QCOMPARE(titleAt, 0);
        QVERIFY(text.indexOf(e.cause) > titleAt);
        QVERIFY(text.contains(QStringLiteral("1. ") + e.steps.first()));
        qsizetype last = text.indexOf(QStringLiteral("%1. ").arg(e.steps.size()));
        for (const QString& needle :
             {QStringLiteral("Code: ResourceNotFoundFault"),
              QStringLiteral("Message: Project prj-1 not found"), QStringLiteral("HTTP status: 400"),
              QStringLiteral("AWS request id: rid-fmt-9"),
              QStringLiteral("Operation: StartExtensionPackAssociation"),
              QStringLiteral("Endpoint: dms.eu-west-1.amazonaws.com"), QStringLiteral("Attempts: 2"),
              QStringLiteral("Time: 2026-01-09T12:00:00Z")}) {
            const qsizetype at = text.indexOf(needle);
            QVERIFY2(at > last, qPrintable(needle + QStringLiteral("\n") + text));
            last = at;
        }
    }

    void formatTextLeavesOutWhatTheFaultDoesNotHave()
    {
        // A failed installation: no HTTP exchange of its own, and its DMS request id is in the detail.
        Fault f = fault(
            FaultKind::AssociationFailed, QStringLiteral("AssociationFailed"),
            QStringLiteral("The database user in your target secret does not have sufficient privileges."),
            0);
        f.detail = QStringLiteral("extension pack request 6af48b09 ended FAILED");
        const QString text = FaultCatalogue::formatText(f);
        QVERIFY2(!text.contains(QLatin1String("HTTP status")), qPrintable(text));
        QVERIFY2(!text.contains(QLatin1String("request id")), qPrintable(text));
        QVERIFY2(!text.contains(QLatin1String("(none)")), qPrintable(text));
        QVERIFY(text.contains(QLatin1String("Detail: extension pack request 6af48b09 ended FAILED")));
    }

    void formatTextIsRedacted()
    {
        Fault f = fault(FaultKind::Service, QStringLiteral("UnrecognizedClientException"),
                        QStringLiteral("bad token x-amz-security-token: FwoGZXIvYXdzEXAMPLETOKENVALUE for "
                                       "AKIAIOSFODNN7EXAMPLE"),
                        400);
        f.detail = QStringLiteral("aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
        const QString text = FaultCatalogue::formatText(f);
        QVERIFY(!text.contains(QLatin1String("FwoGZXIvYXdzEXAMPLETOKENVALUE")));
        QVERIFY(!text.contains(QLatin1String("AKIAIOSFODNN7EXAMPLE")));
        QVERIFY(!text.contains(QLatin1String("wJalrXUtnFEMI")));
        QVERIFY(text.contains(QLatin1String("AKIA")));
    }
};

QTEST_GUILESS_MAIN(TestFaultCatalogue)
#include "tst_faultcatalogue.moc"
