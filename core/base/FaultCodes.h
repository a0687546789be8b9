#pragma once

#include <QLatin1StringView>

// Every fault code the program produces, recognises or explains (Fault::code), in one place: the
// transport, the credential sources, the catalogue, the CLI and the simulator name a code through
// these constants, so a misspelt code fails to compile instead of silently missing its entry.
// Each constant is spelt exactly as its value; constexpr views cost nothing at start-up, and
// `fault.code == FaultCode::X` or `Fault::make(kind, FaultCode::X, ...)` need no conversion by hand.
// tests/core/base/tst_faultcatalogue.cpp reads the declarations below, in this one form, and fails
// for a code without an entry in FaultCatalogue.
namespace dmsx::FaultCode {

// --- DMS modeled faults (docs/protocol.md §4.2)
inline constexpr QLatin1StringView AccessDeniedFault{"AccessDeniedFault"};
inline constexpr QLatin1StringView FailedDependencyFault{"FailedDependencyFault"};
inline constexpr QLatin1StringView InvalidResourceStateFault{"InvalidResourceStateFault"};
inline constexpr QLatin1StringView KMSKeyNotAccessibleFault{"KMSKeyNotAccessibleFault"};
inline constexpr QLatin1StringView ResourceAlreadyExistsFault{"ResourceAlreadyExistsFault"};
inline constexpr QLatin1StringView ResourceNotFoundFault{"ResourceNotFoundFault"};
inline constexpr QLatin1StringView ResourceQuotaExceededFault{"ResourceQuotaExceededFault"};
inline constexpr QLatin1StringView S3AccessDeniedFault{"S3AccessDeniedFault"};
inline constexpr QLatin1StringView S3ResourceNotFoundFault{"S3ResourceNotFoundFault"};

// --- authentication and authorisation errors AWS sends, JSON and query spellings (§4.4); the
// clock-skew list of §5.6 is AccessDeniedException, AuthFailure, the two signature codes and the
// three of the next group
inline constexpr QLatin1StringView AccessDeniedException{"AccessDeniedException"};
inline constexpr QLatin1StringView AccessDenied{"AccessDenied"};
inline constexpr QLatin1StringView UnauthorizedOperation{"UnauthorizedOperation"};
inline constexpr QLatin1StringView UnrecognizedClientException{"UnrecognizedClientException"};
inline constexpr QLatin1StringView InvalidClientTokenId{"InvalidClientTokenId"};
inline constexpr QLatin1StringView InvalidSignatureException{"InvalidSignatureException"};
inline constexpr QLatin1StringView SignatureDoesNotMatch{"SignatureDoesNotMatch"};
inline constexpr QLatin1StringView IncompleteSignature{"IncompleteSignature"};
inline constexpr QLatin1StringView IncompleteSignatureException{"IncompleteSignatureException"};
inline constexpr QLatin1StringView MissingAuthenticationToken{"MissingAuthenticationToken"};
inline constexpr QLatin1StringView MissingAuthenticationTokenException{"MissingAuthenticationTokenException"};
inline constexpr QLatin1StringView ExpiredToken{"ExpiredToken"};
inline constexpr QLatin1StringView ExpiredTokenException{"ExpiredTokenException"};
inline constexpr QLatin1StringView AuthFailure{"AuthFailure"};
inline constexpr QLatin1StringView OptInRequired{"OptInRequired"};
inline constexpr QLatin1StringView NotAuthorized{"NotAuthorized"};
inline constexpr QLatin1StringView SubscriptionRequiredException{"SubscriptionRequiredException"};

// --- the request's time is too far from AWS's clock (§5.6)
inline constexpr QLatin1StringView RequestExpired{"RequestExpired"};
inline constexpr QLatin1StringView RequestTimeTooSkewed{"RequestTimeTooSkewed"};
inline constexpr QLatin1StringView RequestInTheFuture{"RequestInTheFuture"};

// --- throttling: retried with the throttling backoff (§5.1)
inline constexpr QLatin1StringView BandwidthLimitExceeded{"BandwidthLimitExceeded"};
inline constexpr QLatin1StringView EC2ThrottledException{"EC2ThrottledException"};
inline constexpr QLatin1StringView LimitExceededException{"LimitExceededException"};
inline constexpr QLatin1StringView PriorRequestNotComplete{"PriorRequestNotComplete"};
inline constexpr QLatin1StringView ProvisionedThroughputExceededException{
    "ProvisionedThroughputExceededException"};
inline constexpr QLatin1StringView RequestLimitExceeded{"RequestLimitExceeded"};
inline constexpr QLatin1StringView RequestThrottled{"RequestThrottled"};
inline constexpr QLatin1StringView RequestThrottledException{"RequestThrottledException"};
inline constexpr QLatin1StringView SlowDown{"SlowDown"};
inline constexpr QLatin1StringView ThrottledException{"ThrottledException"};
inline constexpr QLatin1StringView Throttling{"Throttling"};
inline constexpr QLatin1StringView ThrottlingException{"ThrottlingException"};
inline constexpr QLatin1StringView TooManyRequestsException{"TooManyRequestsException"};
inline constexpr QLatin1StringView TransactionInProgressException{"TransactionInProgressException"};

// --- server-side failures AWS sends; the timeouts are retried as transient by code (§5.1), the
// others by their HTTP status
inline constexpr QLatin1StringView ServiceUnavailable{"ServiceUnavailable"};
inline constexpr QLatin1StringView ServiceUnavailableException{"ServiceUnavailableException"};
inline constexpr QLatin1StringView InternalFailure{"InternalFailure"};
inline constexpr QLatin1StringView InternalServerError{"InternalServerError"};
inline constexpr QLatin1StringView InternalServerErrorException{"InternalServerErrorException"};
inline constexpr QLatin1StringView InternalError{"InternalError"};
inline constexpr QLatin1StringView RequestTimeout{"RequestTimeout"};
inline constexpr QLatin1StringView RequestTimeoutException{"RequestTimeoutException"};
inline constexpr QLatin1StringView TimeoutError{"TimeoutError"};

// --- the request itself was refused as malformed (§4.4)
inline constexpr QLatin1StringView ValidationException{"ValidationException"};
inline constexpr QLatin1StringView ValidationError{"ValidationError"};
inline constexpr QLatin1StringView InvalidParameterValueException{"InvalidParameterValueException"};
inline constexpr QLatin1StringView InvalidParameterCombinationException{
    "InvalidParameterCombinationException"};
inline constexpr QLatin1StringView SerializationException{"SerializationException"};
inline constexpr QLatin1StringView UnknownOperationException{"UnknownOperationException"};
inline constexpr QLatin1StringView InvalidAction{"InvalidAction"};

// --- STS AssumeRole (§7.4)
inline constexpr QLatin1StringView RegionDisabledException{"RegionDisabledException"};
inline constexpr QLatin1StringView MalformedPolicyDocument{"MalformedPolicyDocument"};
inline constexpr QLatin1StringView MalformedPolicyDocumentException{"MalformedPolicyDocumentException"};
inline constexpr QLatin1StringView PackedPolicyTooLarge{"PackedPolicyTooLarge"};
inline constexpr QLatin1StringView PackedPolicyTooLargeException{"PackedPolicyTooLargeException"};
inline constexpr QLatin1StringView IDPRejectedClaim{"IDPRejectedClaim"};
inline constexpr QLatin1StringView IDPCommunicationError{"IDPCommunicationError"};
inline constexpr QLatin1StringView InvalidIdentityToken{"InvalidIdentityToken"};

// --- SSO portal GetRoleCredentials (§7.5)
inline constexpr QLatin1StringView UnauthorizedException{"UnauthorizedException"};
inline constexpr QLatin1StringView ForbiddenException{"ForbiddenException"};
inline constexpr QLatin1StringView ResourceNotFoundException{"ResourceNotFoundException"};

// --- transport: no usable answer arrived (ours, §4.5)
inline constexpr QLatin1StringView ConnectionRefused{"ConnectionRefused"};
inline constexpr QLatin1StringView HostNotFound{"HostNotFound"};
inline constexpr QLatin1StringView Timeout{"Timeout"};
inline constexpr QLatin1StringView ConnectionReset{"ConnectionReset"};
inline constexpr QLatin1StringView NetworkUnreachable{"NetworkUnreachable"};
inline constexpr QLatin1StringView TlsVerificationFailed{"TlsVerificationFailed"};
inline constexpr QLatin1StringView ProxyAuthenticationRequired{"ProxyAuthenticationRequired"};
inline constexpr QLatin1StringView ProxyConnectionFailed{"ProxyConnectionFailed"};
inline constexpr QLatin1StringView ProxyConnectionRefused{"ProxyConnectionRefused"};

// --- protocol: an answer came but could not be used (ours, §4.1 and §4.5); Unknown is an error
// document without a code
inline constexpr QLatin1StringView NonJsonResponse{"NonJsonResponse"};
inline constexpr QLatin1StringView NonXmlResponse{"NonXmlResponse"};
inline constexpr QLatin1StringView TruncatedResponse{"TruncatedResponse"};
inline constexpr QLatin1StringView ResponseTooLarge{"ResponseTooLarge"};
inline constexpr QLatin1StringView InvalidResponse{"InvalidResponse"};
inline constexpr QLatin1StringView RepeatedPageMarker{"RepeatedPageMarker"};
inline constexpr QLatin1StringView TooManyPages{"TooManyPages"};
inline constexpr QLatin1StringView Unknown{"Unknown"};

// --- cancellation, both spellings
inline constexpr QLatin1StringView Cancelled{"Cancelled"};
inline constexpr QLatin1StringView Canceled{"Canceled"};

// --- configuration: endpoint, profile, CA bundle and setting problems found before sending (§2)
inline constexpr QLatin1StringView InvalidEndpointConfiguration{"InvalidEndpointConfiguration"};
inline constexpr QLatin1StringView MissingRegion{"MissingRegion"};
inline constexpr QLatin1StringView RegionNotAccepted{"RegionNotAccepted"};
inline constexpr QLatin1StringView InvalidRegion{"InvalidRegion"};
inline constexpr QLatin1StringView FipsWithCustomEndpoint{"FipsWithCustomEndpoint"};
inline constexpr QLatin1StringView DualStackWithCustomEndpoint{"DualStackWithCustomEndpoint"};
inline constexpr QLatin1StringView FipsNotSupported{"FipsNotSupported"};
inline constexpr QLatin1StringView DualStackNotSupported{"DualStackNotSupported"};
inline constexpr QLatin1StringView FipsAndDualStackNotSupported{"FipsAndDualStackNotSupported"};
inline constexpr QLatin1StringView UnknownProfile{"UnknownProfile"};
inline constexpr QLatin1StringView ProfileNotFound{"ProfileNotFound"};
inline constexpr QLatin1StringView MissingServicesSection{"MissingServicesSection"};
inline constexpr QLatin1StringView ServicesSectionNotFound{"ServicesSectionNotFound"};
inline constexpr QLatin1StringView InvalidCaBundle{"InvalidCaBundle"};
inline constexpr QLatin1StringView CaBundleNotFound{"CaBundleNotFound"};
inline constexpr QLatin1StringView CaBundleUnreadable{"CaBundleUnreadable"};
inline constexpr QLatin1StringView CaBundleInvalid{"CaBundleInvalid"};
inline constexpr QLatin1StringView InvalidEndpoint{"InvalidEndpoint"};
inline constexpr QLatin1StringView InvalidEndpointUrl{"InvalidEndpointUrl"};
inline constexpr QLatin1StringView InsecureEndpoint{"InsecureEndpoint"};
inline constexpr QLatin1StringView InvalidConfigurationValue{"InvalidConfigurationValue"};
inline constexpr QLatin1StringView InvalidConfiguration{"InvalidConfiguration"};
inline constexpr QLatin1StringView ProxyUrlInvalid{"ProxyUrlInvalid"};
inline constexpr QLatin1StringView ProxyTlsUnsupported{"ProxyTlsUnsupported"};
// A project ARN of another region than the one in use (DmsClient, before sending)
inline constexpr QLatin1StringView ProjectInAnotherRegion{"ProjectInAnotherRegion"};

// --- credentials: the provider chain, credential_process, SSO tokens and role profiles
inline constexpr QLatin1StringView MissingCredentials{"MissingCredentials"};
inline constexpr QLatin1StringView NoCredentials{"NoCredentials"};
inline constexpr QLatin1StringView IncompleteCredentials{"IncompleteCredentials"};
inline constexpr QLatin1StringView PartialCredentials{"PartialCredentials"};
inline constexpr QLatin1StringView CredentialProcessFailed{"CredentialProcessFailed"};
inline constexpr QLatin1StringView CredentialProcessTimeout{"CredentialProcessTimeout"};
inline constexpr QLatin1StringView CredentialProcessInvalidOutput{"CredentialProcessInvalidOutput"};
inline constexpr QLatin1StringView CredentialProcessInvalidCommand{"CredentialProcessInvalidCommand"};
inline constexpr QLatin1StringView SsoTokenMissing{"SsoTokenMissing"};
inline constexpr QLatin1StringView SsoTokenExpired{"SsoTokenExpired"};
inline constexpr QLatin1StringView SsoTokenInvalid{"SsoTokenInvalid"};
inline constexpr QLatin1StringView SsoProfileIncomplete{"SsoProfileIncomplete"};
inline constexpr QLatin1StringView SsoRegionInvalid{"SsoRegionInvalid"};
inline constexpr QLatin1StringView SsoStartUrlInvalid{"SsoStartUrlInvalid"};
inline constexpr QLatin1StringView SsoPortalRedirected{"SsoPortalRedirected"};
// Signing in to IAM Identity Center (sso/SsoLogin) and refreshing its token (SsoCredentialSource)
inline constexpr QLatin1StringView SsoSignInDenied{"SsoSignInDenied"};   // access_denied
inline constexpr QLatin1StringView SsoSignInExpired{"SsoSignInExpired"}; // the code was not confirmed in time
inline constexpr QLatin1StringView SsoSignInFailed{"SsoSignInFailed"};   // any other OIDC refusal
inline constexpr QLatin1StringView SsoRefreshFailed{"SsoRefreshFailed"}; // sign in again, detail: how
inline constexpr QLatin1StringView SsoCacheNotWritable{"SsoCacheNotWritable"};
// A profile the person asked to add to ~/.aws/config (AwsConfigSsoWriter)
inline constexpr QLatin1StringView AwsConfigNotWritable{"AwsConfigNotWritable"};
inline constexpr QLatin1StringView RoleChainCycle{"RoleChainCycle"};
inline constexpr QLatin1StringView InvalidRoleProfile{"InvalidRoleProfile"};
inline constexpr QLatin1StringView UnsupportedCredentialSource{"UnsupportedCredentialSource"};
inline constexpr QLatin1StringView MfaCodeRequired{"MfaCodeRequired"};
inline constexpr QLatin1StringView MfaCancelled{"MfaCancelled"};

// --- the OS keychain (KeychainStore, kind Credentials) and the app's own profiles (AppProfileStore)
inline constexpr QLatin1StringView KeychainUnavailable{"KeychainUnavailable"};   // no Secret Service
inline constexpr QLatin1StringView KeychainLocked{"KeychainLocked"};             // locked, or access refused
inline constexpr QLatin1StringView KeychainAccessDenied{"KeychainAccessDenied"}; // prompt declined
inline constexpr QLatin1StringView KeychainEntryNotFound{"KeychainEntryNotFound"};
inline constexpr QLatin1StringView KeychainError{"KeychainError"}; // anything else
inline constexpr QLatin1StringView AppProfileNotFound{"AppProfileNotFound"};
inline constexpr QLatin1StringView NoStaticKeys{"NoStaticKeys"};
inline constexpr QLatin1StringView InvalidProfileName{"InvalidProfileName"};
inline constexpr QLatin1StringView SettingsNotWritable{"SettingsNotWritable"};

// --- the request history's SQLite file (HistoryStore)
inline constexpr QLatin1StringView HistoryStoreError{"HistoryStoreError"};
inline constexpr QLatin1StringView HistoryStoreCorrupt{"HistoryStoreCorrupt"};
inline constexpr QLatin1StringView HistoryStoreTooNew{"HistoryStoreTooNew"};
inline constexpr QLatin1StringView HistoryStoreUnusable{"HistoryStoreUnusable"};
inline constexpr QLatin1StringView HistoryStoreClosed{"HistoryStoreClosed"};
inline constexpr QLatin1StringView HistoryStoreNoAccess{"HistoryStoreNoAccess"};
inline constexpr QLatin1StringView HistoryStoreForeign{"HistoryStoreForeign"};
// A request (or its outcome) that could not be written to an open history (HistoryRecorder)
inline constexpr QLatin1StringView HistoryRequestNotRecorded{"HistoryRequestNotRecorded"};

// --- applying an extension pack: pre-flight refusals (ApplyPreflight) and a request that ended
// FAILED or CANCELED (§3.3)
inline constexpr QLatin1StringView PreflightNoTarget{"PreflightNoTarget"};
inline constexpr QLatin1StringView PreflightVirtualTarget{"PreflightVirtualTarget"};
inline constexpr QLatin1StringView PreflightRequestInProgress{"PreflightRequestInProgress"};
// --- findings of the prerequisite checks (PrerequisiteChecker), and an apply they stopped
inline constexpr QLatin1StringView PrereqS3SettingsMissing{"PrereqS3SettingsMissing"};
inline constexpr QLatin1StringView PrereqSecretSettingsMissing{"PrereqSecretSettingsMissing"};
inline constexpr QLatin1StringView PrereqRequestsQueued{"PrereqRequestsQueued"};
inline constexpr QLatin1StringView PrereqProblemsFound{"PrereqProblemsFound"};
inline constexpr QLatin1StringView PrereqNotCheckable{"PrereqNotCheckable"};
inline constexpr QLatin1StringView PrereqServiceEndpointNotSet{"PrereqServiceEndpointNotSet"};
inline constexpr QLatin1StringView PrereqBucketNotFound{"PrereqBucketNotFound"};
inline constexpr QLatin1StringView PrereqBucketVersioningOff{"PrereqBucketVersioningOff"};
inline constexpr QLatin1StringView PrereqRoleNotFound{"PrereqRoleNotFound"};
inline constexpr QLatin1StringView PrereqRoleNotTrusted{"PrereqRoleNotTrusted"};
inline constexpr QLatin1StringView PrereqRoleAccessDenied{"PrereqRoleAccessDenied"};
inline constexpr QLatin1StringView PrereqSecretNotFound{"PrereqSecretNotFound"};
inline constexpr QLatin1StringView PrereqSecretPendingDeletion{"PrereqSecretPendingDeletion"};
inline constexpr QLatin1StringView PrereqKeyNotFound{"PrereqKeyNotFound"};
inline constexpr QLatin1StringView PrereqKeyNotUsable{"PrereqKeyNotUsable"};
inline constexpr QLatin1StringView AssociationFailed{"AssociationFailed"};
inline constexpr QLatin1StringView AssociationCanceled{"AssociationCanceled"};
// A followed request DMS stopped listing (AssociationPoller gives up instead of polling forever)
inline constexpr QLatin1StringView AssociationNotListed{"AssociationNotListed"};
inline constexpr QLatin1StringView FollowingGaveUp{"FollowingGaveUp"};

// --- usage: input refused before anything is sent (DmsClient and dms-extpack-cli)
inline constexpr QLatin1StringView InvalidProjectIdentifier{"InvalidProjectIdentifier"};
inline constexpr QLatin1StringView InvalidFilter{"InvalidFilter"};
inline constexpr QLatin1StringView InvalidPollInterval{"InvalidPollInterval"};
inline constexpr QLatin1StringView HistoryEntryNotFound{"HistoryEntryNotFound"};
inline constexpr QLatin1StringView SessionTokenFileUnreadable{"SessionTokenFileUnreadable"};

} // namespace dmsx::FaultCode
