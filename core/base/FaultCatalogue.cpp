#include "base/FaultCatalogue.h"

#include "base/FaultCodes.h"
#include "base/Redactor.h"
#include "net/RetryStrategy.h"

#include <QCoreApplication>
#include <QHash>
#include <QRegularExpression>

#include <initializer_list>

namespace dmsx {

namespace {

// One row per explanation. `codes` lists every spelling that maps to the row;
// rows with no codes are chosen by logic (message keywords, fault kind). Steps are separated by '\n'.
// Placeholders filled in at run time: {code} {status} {requestId} {operation} {action} {endpoint} {detail}.
struct Entry
{
    const char* key;
    std::initializer_list<QLatin1StringView> codes;
    const char* title;
    const char* cause;
    const char* steps;
    bool retryCanHelp;
};

// clang-format off
// The steps of a sign-in fault of an IAM Identity Center profile the app stores ({detail}: its
// name), in place of the entry's commands: neither command line reads the app's profiles.
const char* const kAppSsoProfileSteps = QT_TRANSLATE_NOOP("FaultCatalogue", "Sign in from the window: choose the profile {detail} in DMS Extension Pack Manager and click Sign in….\nThe command line cannot sign in a profile the app keeps (it reads ~/.aws/config). To use it there, add it in Profiles… > Add IAM Identity Center… with 'Also save to ~/.aws/config' ticked, then run: dms-extpack-cli sso login --profile {detail}");

const Entry kEntries[] = {
    // --- DMS-modeled faults (docs/protocol.md §4.2)
    {"AccessDeniedFault", {FaultCode::AccessDeniedFault},
     QT_TRANSLATE_NOOP("FaultCatalogue", "DMS itself was denied access"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Your own permissions were accepted, but AWS DMS could not use a role or secret it needs (for example the IAM role of the instance profile or the Secrets Manager secret of a data provider)."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Check the trust policy of the IAM role DMS assumes: it must trust dms.amazonaws.com.\nCheck that this role may read the data providers' secrets (secretsmanager:GetSecretValue) and use their KMS keys.\nCheck the S3 role named in the migration project's schema conversion settings."),
     false},
    {"FailedDependencyFault", {FaultCode::FailedDependencyFault},
     QT_TRANSLATE_NOOP("FaultCatalogue", "An AWS service that DMS depends on failed"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "DMS called another AWS service (such as IAM, Secrets Manager, KMS or S3) and that call failed."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Wait a few minutes and try again.\nCheck the AWS Health Dashboard for the region.\nIf it persists, contact AWS Support with the request id."),
     true},
    {"InvalidResourceStateFault", {FaultCode::InvalidResourceStateFault},
     QT_TRANSLATE_NOOP("FaultCatalogue", "The project or one of its parts is not ready"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "The migration project, a data provider or the instance profile is in a state that does not allow this action, or the target data provider is virtual."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Open the migration project in the DMS console and check that it is active.\nCheck that the target data provider is a real database, not a virtual target.\nWait for any running schema conversion work to finish and try again."),
     false},
    {"KMSKeyNotAccessibleFault", {FaultCode::KMSKeyNotAccessibleFault},
     QT_TRANSLATE_NOOP("FaultCatalogue", "DMS cannot use the KMS key"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "The AWS KMS key used by the instance profile or a secret is disabled, deleted, or its key policy and grants do not allow DMS to use it."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Find the KMS key of the instance profile and of the data providers' secrets.\nCheck that the key is enabled and not pending deletion.\nCheck that the key policy or a grant allows the DMS role kms:Decrypt and kms:GenerateDataKey."),
     false},
    {"ResourceAlreadyExistsFault", {FaultCode::ResourceAlreadyExistsFault},
     QT_TRANSLATE_NOOP("FaultCatalogue", "An extension pack request is probably already running"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "DMS reports that the resource already exists. For an extension pack this usually means an installation request for this project is already queued or running."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "List the project's extension pack requests and follow the one that is RECEIVED or IN_PROGRESS.\nStart a new installation only after that request has finished."),
     false},
    {"ResourceNotFoundFault", {FaultCode::ResourceNotFoundFault},
     QT_TRANSLATE_NOOP("FaultCatalogue", "The migration project (or another resource) was not found"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "The name or ARN does not match any resource in this account and region."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Check the spelling of the project name or ARN.\nCheck that the selected region is the one where the project was created.\nCheck that the credentials belong to the right AWS account."),
     false},
    {"ResourceQuotaExceededFault", {FaultCode::ResourceQuotaExceededFault},
     QT_TRANSLATE_NOOP("FaultCatalogue", "A DMS quota was reached"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "There are too many queued requests or resources of this kind in the account."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Wait for running schema conversion requests to finish.\nCheck the DMS quotas in the Service Quotas console and request an increase if needed."),
     false},
    {"S3AccessDeniedFault", {FaultCode::S3AccessDeniedFault},
     QT_TRANSLATE_NOOP("FaultCatalogue", "DMS cannot access the project's S3 bucket"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Insufficient privileges prevent DMS from reading or writing an object in the S3 bucket of the migration project."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Check the S3 role named in the project's SchemaConversionApplicationAttributes.\nCheck that the role allows s3:GetObject, s3:PutObject and s3:ListBucket on the bucket path.\nCheck the bucket policy and any KMS key used for bucket encryption."),
     false},
    {"S3ResourceNotFoundFault", {FaultCode::S3ResourceNotFoundFault},
     QT_TRANSLATE_NOOP("FaultCatalogue", "The project's S3 bucket or folder was not found"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "A specified S3 bucket, folder or object does not exist."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Check the S3 bucket path in the migration project's settings.\nCheck that the bucket exists in the expected account and region."),
     false},

    // --- common AWS errors (docs/protocol.md §4.4)
    {"AccessDeniedException", {FaultCode::AccessDeniedException, FaultCode::AccessDenied,
                               FaultCode::UnauthorizedOperation},
     QT_TRANSLATE_NOOP("FaultCatalogue", "You are not allowed to do this (IAM)"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "An IAM policy does not allow the action {action} for the user or role of these credentials."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Allow the IAM action {action} in a policy attached to your user or role.\nCheck for an explicit Deny, a permissions boundary or a service control policy.\nThe error message names the principal and the action that was refused."),
     false},
    {"UnrecognizedClientException", {FaultCode::UnrecognizedClientException},
     QT_TRANSLATE_NOOP("FaultCatalogue", "AWS does not recognise these credentials"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "The access key or security token is invalid: the key does not exist, was deleted, or belongs to another partition (for example China or GovCloud)."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Check which credentials and profile are in use.\nCheck in the IAM console that the access key exists and is active.\nCheck that the region belongs to the same partition as the account."),
     false},
    {"InvalidClientTokenId", {FaultCode::InvalidClientTokenId},
     QT_TRANSLATE_NOOP("FaultCatalogue", "The access key id does not exist"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "The access key id is not in AWS records: it was deleted, mistyped, or belongs to another partition."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Check the access key id of the profile in use.\nCreate a new access key if the old one was deleted.\nCheck that temporary credentials are used together with their session token."),
     false},
    {"SignatureDoesNotMatch", {FaultCode::InvalidSignatureException, FaultCode::SignatureDoesNotMatch},
     QT_TRANSLATE_NOOP("FaultCatalogue", "The request signature was rejected"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "AWS computed a different signature: usually the secret access key does not belong to the access key id."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Check that the secret access key matches the access key id (no missing or extra characters).\nCheck that no proxy rewrites the request.\nIf the message mentions time, check the computer's clock."),
     false},
    {"SignatureWrongRegion", {},
     QT_TRANSLATE_NOOP("FaultCatalogue", "The request was signed for the wrong region"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "AWS did not accept the region the request was signed for at {endpoint}: the region chosen does not match the endpoint, or is not a valid region there. The keys themselves may be fine."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Choose the region the migration project is in (the region list, --region, AWS_REGION or region in the profile).\nCheck that a custom endpoint URL belongs to that region."),
     false},
    {"SignatureExpired", {},
     QT_TRANSLATE_NOOP("FaultCatalogue", "The request was signed with the wrong time (clock)"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "The signature has expired or is not yet valid: the computer's clock differs from AWS time by more than 15 minutes."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Check the computer's clock, date and time zone.\nTurn on automatic time synchronisation (NTP).\nThe program corrects the clock difference and retries once unless clock skew correction is disabled."),
     true},
    {"IncompleteSignature", {FaultCode::IncompleteSignature, FaultCode::IncompleteSignatureException},
     QT_TRANSLATE_NOOP("FaultCatalogue", "The request signature is incomplete"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "The Authorization header is malformed or a required signed header is missing. This is usually a program error or a proxy that changes headers."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Check whether a proxy or security appliance modifies requests.\nReport the problem with the request id if it persists."),
     false},
    {"MissingAuthenticationToken", {FaultCode::MissingAuthenticationToken,
                                    FaultCode::MissingAuthenticationTokenException},
     QT_TRANSLATE_NOOP("FaultCatalogue", "No credentials reached AWS"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "The request arrived without credentials, or the endpoint does not accept signed requests for this service."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Check that credentials are configured for the selected profile.\nCheck the endpoint URL: it must be the DMS endpoint of the region.\nCheck whether a proxy strips the Authorization header."),
     false},
    {"ExpiredToken", {FaultCode::ExpiredToken, FaultCode::ExpiredTokenException},
     QT_TRANSLATE_NOOP("FaultCatalogue", "Your temporary credentials have expired"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "The session token of these temporary credentials (SSO, assumed role or STS) is no longer valid."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Refresh the credentials, for example with 'aws sso login' or by assuming the role again.\nThen run the action again."),
     false},
    {"RequestExpired", {FaultCode::RequestExpired},
     QT_TRANSLATE_NOOP("FaultCatalogue", "The computer's clock is wrong"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "The request time differs from AWS time by more than 15 minutes (clock skew), or the request was delayed for a long time."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Check the computer's clock, date and time zone.\nTurn on automatic time synchronisation (NTP).\nThe program corrects the clock difference and retries once unless clock skew correction is disabled."),
     true},
    {"RequestTimeTooSkewed", {FaultCode::RequestTimeTooSkewed, FaultCode::RequestInTheFuture},
     QT_TRANSLATE_NOOP("FaultCatalogue", "The computer's clock differs too much from AWS time"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "The request time is too far in the past or the future compared with the server's clock (clock skew)."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Check the computer's clock, date and time zone.\nTurn on automatic time synchronisation (NTP)."),
     true},
    {"AuthFailure", {FaultCode::AuthFailure},
     QT_TRANSLATE_NOOP("FaultCatalogue", "AWS could not authenticate the request"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "The credentials were not accepted; a wrong clock can also cause this."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Check the access key and secret of the profile in use.\nCheck the computer's clock and time synchronisation."),
     false},
    {"Throttling", {FaultCode::ThrottlingException, FaultCode::Throttling,
                    FaultCode::TooManyRequestsException, FaultCode::RequestLimitExceeded,
                    FaultCode::BandwidthLimitExceeded, FaultCode::EC2ThrottledException,
                    FaultCode::LimitExceededException, FaultCode::PriorRequestNotComplete,
                    FaultCode::ProvisionedThroughputExceededException, FaultCode::RequestThrottled,
                    FaultCode::RequestThrottledException, FaultCode::SlowDown, FaultCode::ThrottledException,
                    FaultCode::TransactionInProgressException},
     QT_TRANSLATE_NOOP("FaultCatalogue", "AWS is rate-limiting requests"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Too many requests were made in a short time by this program or others using the same account."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Wait a moment and try again; the program already retried with back-off.\nCheck for scripts or tools that call DMS at the same time."),
     true},
    {"ServiceUnavailable", {FaultCode::ServiceUnavailable, FaultCode::ServiceUnavailableException},
     QT_TRANSLATE_NOOP("FaultCatalogue", "AWS DMS is temporarily unavailable"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "The service could not handle the request right now."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Wait a few minutes and try again.\nCheck the AWS Health Dashboard for the region."),
     true},
    {"InternalFailure", {FaultCode::InternalFailure, FaultCode::InternalServerError,
                         FaultCode::InternalServerErrorException, FaultCode::InternalError},
     QT_TRANSLATE_NOOP("FaultCatalogue", "AWS had an internal error"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "An unknown error happened on the AWS side."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Try again in a few minutes.\nIf it persists, contact AWS Support with the request id."),
     true},
    {"RequestTimeout", {FaultCode::RequestTimeout, FaultCode::RequestTimeoutException,
                        FaultCode::TimeoutError},
     QT_TRANSLATE_NOOP("FaultCatalogue", "AWS timed out waiting for the request"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "The request was not completed in time, usually because of a slow or interrupted connection."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Try again.\nCheck the network connection and any proxy in between."),
     true},
    {"ValidationException", {FaultCode::ValidationException, FaultCode::ValidationError,
                             FaultCode::InvalidParameterValueException,
                             FaultCode::InvalidParameterCombinationException},
     QT_TRANSLATE_NOOP("FaultCatalogue", "AWS rejected an input value"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "A value in the request breaks a rule, for example a name or ARN that is too long or has the wrong form."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Read the error message: it names the value that was rejected.\nCheck project names and ARNs for typos (at most 255 characters)."),
     false},
    {"SerializationException", {FaultCode::SerializationException},
     QT_TRANSLATE_NOOP("FaultCatalogue", "AWS could not read the request"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "The request body was malformed or had a value of the wrong type. This is a program error."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Report the problem with the request id and the program version.\nCheck whether a proxy modifies request bodies."),
     false},
    {"UnknownOperationException", {FaultCode::UnknownOperationException, FaultCode::InvalidAction},
     QT_TRANSLATE_NOOP("FaultCatalogue", "The endpoint does not know this operation"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "The service at this endpoint does not support the requested DMS action: the endpoint may not be DMS, or the region does not offer DMS Schema Conversion."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Check the endpoint URL and the region.\nCheck that DMS Schema Conversion is available in the region."),
     false},
    {"OptInRequired", {FaultCode::OptInRequired, FaultCode::NotAuthorized,
                       FaultCode::SubscriptionRequiredException},
     QT_TRANSLATE_NOOP("FaultCatalogue", "The account is not subscribed to or not authorised for DMS"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "The AWS account is not signed up for the service, the region is not enabled, or the account is not authorised for this action."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Check that the region is enabled for the account (opt-in regions).\nCheck the account's subscription and billing status."),
     false},

    // --- transport failures (emitted by our transport)
    {"ConnectionRefused", {FaultCode::ConnectionRefused},
     QT_TRANSLATE_NOOP("FaultCatalogue", "The connection was refused"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Nothing accepted the connection at {endpoint}. The request was not sent."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Check the endpoint URL and port.\nCheck the proxy settings (HTTPS_PROXY, NO_PROXY).\nCheck that a firewall allows outgoing HTTPS."),
     true},
    {"HostNotFound", {FaultCode::HostNotFound},
     QT_TRANSLATE_NOOP("FaultCatalogue", "No network, or the server name could not be found"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "The name {endpoint} could not be resolved. Most often this computer is offline or its DNS or VPN is not working. Less often the name does not exist: a dual-stack or FIPS name, or a region without this service."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Check the network connection, the VPN and DNS (does any web site open?).\nCheck the proxy settings if this network needs a proxy.\nTurn off dual-stack or FIPS if you enabled them.\nIf the network works, check the endpoint URL and choose another region."),
     true},
    {"Timeout", {FaultCode::Timeout},
     QT_TRANSLATE_NOOP("FaultCatalogue", "The request timed out"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "No answer arrived from {endpoint} in time. The request may or may not have been processed."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Check the network connection and the proxy.\nFor an installation, look at the project's extension pack requests before starting it again."),
     true},
    {"ConnectionReset", {FaultCode::ConnectionReset},
     QT_TRANSLATE_NOOP("FaultCatalogue", "The connection was closed unexpectedly"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "The connection to {endpoint} was reset, by the server or something in between. The request may have been processed."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Try again.\nCheck proxies, VPNs and firewalls that may cut long connections.\nFor an installation, look at the project's extension pack requests before starting it again."),
     true},
    {"TlsVerificationFailed", {FaultCode::TlsVerificationFailed},
     QT_TRANSLATE_NOOP("FaultCatalogue", "The server's certificate could not be verified"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "The TLS certificate presented for {endpoint} is not trusted. Often a company proxy inspects HTTPS traffic with its own certificate authority. Certificate: {detail}"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Compare the certificate subject and issuer with what you expect for AWS.\nIf a company proxy re-signs traffic, set its CA bundle (AWS_CA_BUNDLE or ca_bundle in the profile).\nCheck the computer's date: a wrong clock also breaks certificate checks."),
     false},
    {"ProxyAuthenticationRequired", {FaultCode::ProxyAuthenticationRequired},
     QT_TRANSLATE_NOOP("FaultCatalogue", "The proxy requires a login"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "The HTTP proxy refused the request because it needs credentials."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Put the proxy user and password in the proxy URL (HTTPS_PROXY=http://user:password@proxy:port) or the system settings.\nAsk the network administrators whether AWS endpoints can bypass the proxy (NO_PROXY)."),
     false},
    {"ProxyConnectionFailed", {FaultCode::ProxyConnectionFailed},
     QT_TRANSLATE_NOOP("FaultCatalogue", "The proxy could not be reached"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "The configured HTTP proxy could not be found, or closed the connection ({detail}). The request did not reach AWS."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Check the proxy host and port in the settings, HTTPS_PROXY or HTTP_PROXY.\nCheck that the proxy is running and reachable from this network."),
     true},
    {"ProxyConnectionRefused", {FaultCode::ProxyConnectionRefused},
     QT_TRANSLATE_NOOP("FaultCatalogue", "The proxy refused the connection"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "The HTTP proxy refused the connection ({detail}): nothing listens at that host and port, or it does not accept this computer. The request did not reach AWS."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Check the proxy host and port in the settings, HTTPS_PROXY or HTTP_PROXY.\nCheck that the proxy is running.\nAsk the network administrators whether this network needs that proxy at all."),
     true},
    {"NetworkUnreachable", {FaultCode::NetworkUnreachable},
     QT_TRANSLATE_NOOP("FaultCatalogue", "The network is unreachable"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "The computer has no route to {endpoint}: it may be offline or the VPN may be down."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Check the network connection and VPN.\nTry again when the network is back."),
     true},
    {"NonJsonResponse", {FaultCode::NonJsonResponse},
     QT_TRANSLATE_NOOP("FaultCatalogue", "The answer was not from AWS DMS"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "The server answered HTTP {status} with a body that is not JSON, such as an HTML error page from a proxy or load balancer."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Check the endpoint URL: it must be the DMS endpoint.\nCheck the proxy settings; a 502, 503 or 504 page usually comes from a proxy or gateway.\nTry again later if the status is 5xx."),
     false},
    {"TruncatedResponse", {FaultCode::TruncatedResponse},
     QT_TRANSLATE_NOOP("FaultCatalogue", "The answer was cut off"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "The connection ended before the whole answer arrived."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Try again.\nCheck proxies and firewalls that may cut connections."),
     true},
    {"ResponseTooLarge", {FaultCode::ResponseTooLarge},
     QT_TRANSLATE_NOOP("FaultCatalogue", "The answer was far too large"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "The server kept sending past {detail}, far more than any AWS DMS answer, so the answer was abandoned before it could fill this computer's memory."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Check that the endpoint is AWS DMS and not another service.\nCheck the proxy settings: a proxy or gateway may be sending something else.\nFor an installation, look at the project's extension pack requests to see whether it started."),
     false},
    {"InvalidResponse", {FaultCode::InvalidResponse},
     QT_TRANSLATE_NOOP("FaultCatalogue", "The answer could not be understood"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "The server sent JSON that does not have the expected shape."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Check that the endpoint is AWS DMS and not another service.\nReport the problem with the request id and the program version."),
     false},
    {"RepeatedPageMarker", {FaultCode::RepeatedPageMarker},
     QT_TRANSLATE_NOOP("FaultCatalogue", "The listing went round in a circle"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "{operation} answered with a page marker it had already given, so following it would never end. The listing stopped there and is incomplete."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Try again.\nCheck that the endpoint is AWS DMS and not a proxy or test server that repeats answers.\nReport the problem with the request id and the program version if it persists."),
     true},
    {"TooManyPages", {FaultCode::TooManyPages},
     QT_TRANSLATE_NOOP("FaultCatalogue", "The listing has too many pages"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "{operation} kept answering with more pages past the limit of {detail} pages, far more than any real listing has. The listing stopped there and is incomplete."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Check that the endpoint is AWS DMS and not a proxy or test server that never ends a listing.\nNarrow the listing with a filter."),
     false},
    {"Cancelled", {FaultCode::Cancelled, FaultCode::Canceled},
     QT_TRANSLATE_NOOP("FaultCatalogue", "Cancelled"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "The action was cancelled before it finished. A request already sent may still have been processed."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Run the action again when you are ready.\nFor an installation, look at the project's extension pack requests to see whether it started."),
     false},

    // --- a StartExtensionPackAssociation whose answer was lost after it may have reached AWS
    // (Fault::requestMayHaveBeenProcessed), and ApplyWorkflow found no new request to confirm it
    {"StartOutcomeUnknown", {},
     QT_TRANSLATE_NOOP("FaultCatalogue", "The installation may have started: its answer was lost"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "The request to start it reached {endpoint}, but no answer came back ({code}), so AWS may have started the installation. The project's list of requests did not confirm it."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Do not apply again yet: a second start would queue a second installation.\nIn a minute, look at the project's extension pack requests (its details in the window, or 'dms-extpack-cli status PROJECT'). A new request that is RECEIVED or IN_PROGRESS is this one: follow it.\nApply again only if no new request appeared."),
     false},

    // --- refusals of the apply pre-flight (ApplyPreflight), found before anything is sent
    {"PreflightVirtualTarget", {FaultCode::PreflightVirtualTarget},
     QT_TRANSLATE_NOOP("FaultCatalogue", "The target is virtual: there is no database to install into"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "A virtual target data provider only describes an engine for conversion; an extension pack needs a real target database."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "In the DMS console, give the migration project a target data provider that points to a real database.\nThen apply the extension pack again."),
     false},
    {"PreflightNoTarget", {FaultCode::PreflightNoTarget},
     QT_TRANSLATE_NOOP("FaultCatalogue", "The project has no usable target data provider"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "The migration project names no target data provider, or the one it names no longer exists."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Open the migration project in the DMS console and check its target data provider.\nCheck that the data provider exists in this region."),
     false},
    {"PreflightRequestInProgress", {FaultCode::PreflightRequestInProgress},
     QT_TRANSLATE_NOOP("FaultCatalogue", "Another extension pack request was started meanwhile"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "While the confirmation was open, an extension pack request of this project was started elsewhere. Starting this one would queue a second installation behind it, which is not what was confirmed."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Follow the request that was started (the message names it) until it ends.\nApply again afterwards if you still need to."),
     false},

    // --- findings of the prerequisite checks (PrerequisiteChecker)
    {"PrereqS3SettingsMissing", {FaultCode::PrereqS3SettingsMissing},
     QT_TRANSLATE_NOOP("FaultCatalogue", "The project names no S3 bucket or no S3 role"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "The migration project's schema conversion settings lack {detail}. DMS keeps the extension pack's files in that bucket, through that role, so the installation would fail."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "In the DMS console, edit the migration project and set the Amazon S3 bucket and the IAM role for it.\nOr run the AWS CLI command shown, with your bucket path and role ARN."),
     false},
    {"PrereqSecretSettingsMissing", {FaultCode::PrereqSecretSettingsMissing},
     QT_TRANSLATE_NOOP("FaultCatalogue", "The target names no secret or no role to read it"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "The migration project's target data provider lacks {detail}. DMS reads the target database's user and password from that Secrets Manager secret, through that role, so the installation would fail."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "In the DMS console, edit the migration project's target and choose the secret and the IAM role that may read it."),
     false},
    {"PrereqRequestsQueued", {FaultCode::PrereqRequestsQueued},
     QT_TRANSLATE_NOOP("FaultCatalogue", "It will start after {detail}"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Other extension pack requests of this project are waiting or running. AWS queues a new one behind them, so it starts only when they have finished."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Nothing needs fixing. To install sooner, wait for the requests ahead to finish, or follow them first.\nIf one of them already installs what you need, there is no need to apply again."),
     false},
    {"PrereqNotCheckable", {FaultCode::PrereqNotCheckable},
     QT_TRANSLATE_NOOP("FaultCatalogue", "Could not check: {detail}"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "This check needs something another check could not give ({detail}), so it was not made. It does not stop the installation."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Fix what the other checks found first, then check again."),
     false},
    {"PrereqServiceEndpointNotSet", {FaultCode::PrereqServiceEndpointNotSet},
     QT_TRANSLATE_NOOP("FaultCatalogue", "Not checked: no endpoint is set for this service"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "DMS is reached on this computer (a simulator or a tunnel), and nothing says where this service is, so its calls were not sent to AWS with credentials meant for that endpoint. It does not stop the installation."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "To check it too, set {detail} (or AWS_ENDPOINT_URL for every service) to the endpoint that serves it, such as the simulator's URL."),
     false},
    {"PrereqBucketNotFound", {FaultCode::PrereqBucketNotFound},
     QT_TRANSLATE_NOOP("FaultCatalogue", "The project's S3 bucket does not exist"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "S3 has no bucket {detail}. DMS keeps the extension pack's files in the project's bucket, so the installation would fail (S3ResourceNotFoundFault)."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Create the bucket in the project's region with versioning enabled, or point the migration project at a bucket that exists.\nCheck that the bucket belongs to this account."),
     false},
    {"PrereqBucketVersioningOff", {FaultCode::PrereqBucketVersioningOff},
     QT_TRANSLATE_NOOP("FaultCatalogue", "Versioning is off on the project's S3 bucket"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "DMS Schema Conversion needs a bucket that keeps versions of its objects; the versioning of {detail} is not enabled, so the installation would fail."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Turn versioning on for the bucket: in the S3 console under Properties > Bucket Versioning, or with the AWS CLI command shown.\nThen check again."),
     false},
    {"PrereqRoleNotFound", {FaultCode::PrereqRoleNotFound},
     QT_TRANSLATE_NOOP("FaultCatalogue", "The IAM role does not exist"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "IAM has no role {detail}, which the project names for DMS to assume, so the installation would fail."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Create the role with a trust policy for the DMS service principals and the permissions it needs, or name an existing role in the migration project."),
     false},
    {"PrereqRoleNotTrusted", {FaultCode::PrereqRoleNotTrusted},
     QT_TRANSLATE_NOOP("FaultCatalogue", "The IAM role does not trust DMS"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "The trust policy of role {detail} does not let the DMS service principals assume it (sts:AssumeRole), so DMS cannot use it and the installation would fail."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "In the IAM console, open the role's Trust relationships and allow dms.amazonaws.com and the regional DMS principal, or run the AWS CLI command shown.\nThen check again."),
     false},
    {"PrereqRoleAccessDenied", {FaultCode::PrereqRoleAccessDenied},
     QT_TRANSLATE_NOOP("FaultCatalogue", "The IAM role may not do what DMS needs"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "IAM's policy simulation says {detail}. Unless a bucket policy or the secret's resource policy allows it, DMS would be refused and the installation would fail."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Allow the actions named on the resource in a policy attached to the role.\nCheck for an explicit Deny, a permissions boundary or a service control policy."),
     false},
    {"PrereqSecretNotFound", {FaultCode::PrereqSecretNotFound},
     QT_TRANSLATE_NOOP("FaultCatalogue", "The target's secret does not exist"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Secrets Manager has no secret {detail}, which holds the user and password DMS connects to the target with, so the installation would fail."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Create the secret in the target's region, or choose an existing secret for the migration project's target."),
     false},
    {"PrereqSecretPendingDeletion", {FaultCode::PrereqSecretPendingDeletion},
     QT_TRANSLATE_NOOP("FaultCatalogue", "The target's secret is scheduled for deletion"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "The secret {detail} is scheduled for deletion; Secrets Manager refuses to read it meanwhile, so DMS cannot connect to the target and the installation would fail."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Cancel the deletion (restore the secret) in the Secrets Manager console or with the AWS CLI command shown, or choose another secret for the target."),
     false},
    {"PrereqKeyNotFound", {FaultCode::PrereqKeyNotFound},
     QT_TRANSLATE_NOOP("FaultCatalogue", "The secret's KMS key does not exist"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "KMS has no key {detail}, which encrypts the target's secret, so the secret cannot be read and the installation would fail (KMSKeyNotAccessibleFault)."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Check the KMS key of the secret in the Secrets Manager console.\nRe-encrypt the secret with a key that exists."),
     false},
    {"PrereqKeyNotUsable", {FaultCode::PrereqKeyNotUsable},
     QT_TRANSLATE_NOOP("FaultCatalogue", "The secret's KMS key is not enabled"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "The key {detail} that encrypts the target's secret cannot be used, so the secret cannot be read and the installation would fail (KMSKeyNotAccessibleFault)."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Enable the key (or cancel its deletion) in the KMS console or with the AWS CLI command shown.\nOr re-encrypt the secret with an enabled key."),
     false},
    {"PrereqProblemsFound", {FaultCode::PrereqProblemsFound},
     QT_TRANSLATE_NOOP("FaultCatalogue", "Not applied: the checks found problems"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "The prerequisite checks found what would make the installation fail: {detail}. Nothing was sent to start it."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Fix each problem as its check says, then apply again.\nTo apply anyway: in the window, choose \"Apply anyway\" in the confirmation; on the command line, add --ignore-checks (dms-extpack-cli check PROJECT lists every finding with its fix)."),
     false},

    // --- credentials
    {"MissingCredentials", {FaultCode::MissingCredentials, FaultCode::NoCredentials},
     QT_TRANSLATE_NOOP("FaultCatalogue", "No AWS credentials were found"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Neither the environment nor the selected profile provides an access key."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or choose a profile that has keys.\nCheck the profile name (AWS_PROFILE) and the files ~/.aws/credentials and ~/.aws/config."),
     false},
    {"IncompleteCredentials", {FaultCode::IncompleteCredentials, FaultCode::PartialCredentials},
     QT_TRANSLATE_NOOP("FaultCatalogue", "The AWS credentials are incomplete"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Only half of a key pair was found: an access key id without its secret, or the other way round."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Set both aws_access_key_id and aws_secret_access_key in the same place (environment or profile).\nThe error message says which one is missing."),
     false},
    {"Credentials", {},
     QT_TRANSLATE_NOOP("FaultCatalogue", "The AWS credentials cannot be used"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "The credentials of the selected profile could not be loaded."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Check the selected profile in ~/.aws/config and ~/.aws/credentials.\nRead the error message for the detail."),
     false},

    // --- OS keychain and the app's own profiles (KeychainStore, AppProfileStore)
    {"KeychainUnavailable", {FaultCode::KeychainUnavailable},
     QT_TRANSLATE_NOOP("FaultCatalogue", "The keychain is not available"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "No keychain service answered ({detail}), even after a second try. Nothing was stored or read, and nothing was written to a file instead."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Start your keyring (GNOME Keyring, KWallet or KeePassXC with Secret Service integration) or log in to a desktop session that starts it.\nOn a machine without a desktop, run the program inside 'dbus-run-session' after 'gnome-keyring-daemon --unlock'.\nMeanwhile use session-only credentials for this run, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment."),
     true},
    {"KeychainLocked", {FaultCode::KeychainLocked},
     QT_TRANSLATE_NOOP("FaultCatalogue", "The keychain is locked"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "The keychain ({detail}) answered but refused access: its keyring (collection) is locked."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Unlock the keyring: log in to the desktop session, or unlock the 'login' keyring in Passwords and Keys (Seahorse).\nThen try again; meanwhile use session-only credentials for this run."),
     false},
    {"KeychainAccessDenied", {FaultCode::KeychainAccessDenied},
     QT_TRANSLATE_NOOP("FaultCatalogue", "Access to the keychain was declined"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "The keychain ({detail}) asked for permission and it was not given."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Try again and allow access when the keychain asks."),
     false},
    {"KeychainEntryNotFound", {FaultCode::KeychainEntryNotFound},
     QT_TRANSLATE_NOOP("FaultCatalogue", "The profile's keys are not in the keychain"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "The keychain ({detail}) has no entry for this profile's access key."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Add the keys again with 'dms-extpack-cli profiles add NAME', or copy them from the AWS files with 'dms-extpack-cli profiles import NAME'.\nCheck that the keyring holding them is the default one and is unlocked."),
     false},
    {"KeychainError", {FaultCode::KeychainError},
     QT_TRANSLATE_NOOP("FaultCatalogue", "The keychain reported an error"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "The keychain ({detail}) could not complete the operation."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Read the error message for the keychain's own words.\nTry again; if it persists, restart the keyring service."),
     false},
    {"AppProfileNotFound", {FaultCode::AppProfileNotFound},
     QT_TRANSLATE_NOOP("FaultCatalogue", "There is no such profile in this app"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "The name is not one of the profiles created or imported in this app."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "List the app's profiles with 'dms-extpack-cli profiles list'.\nProfiles of the AWS files are used directly and need no adding."),
     false},
    {"NoStaticKeys", {FaultCode::NoStaticKeys},
     QT_TRANSLATE_NOOP("FaultCatalogue", "The AWS profile has no long-term keys to import"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Only a static key pair (aws_access_key_id and aws_secret_access_key, without a session token) can be copied into the keychain."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Choose a profile with static keys in ~/.aws/credentials.\nProfiles with roles, SSO or credential_process work directly with --profile and need no import."),
     false},
    {"InvalidProfileName", {FaultCode::InvalidProfileName},
     QT_TRANSLATE_NOOP("FaultCatalogue", "The profile name cannot be used"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Profile names are 1 to 64 letters, digits, '.', '_', '-' or '@'."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Choose another name; 'profiles import' accepts --as NAME to rename."),
     false},
    {"SettingsNotWritable", {FaultCode::SettingsNotWritable},
     QT_TRANSLATE_NOOP("FaultCatalogue", "The settings file cannot be written"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "The app's profile list could not be saved."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Check that the configuration folder (XDG_CONFIG_HOME, usually ~/.config) exists and is writable.\nCheck the free disk space."),
     false},

    // --- the request history's SQLite file (HistoryStore)
    {"HistoryStoreError", {FaultCode::HistoryStoreError},
     QT_TRANSLATE_NOOP("FaultCatalogue", "The request history cannot be used"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "The request history file (a SQLite database) could not be created, opened, read or written."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Read the error message for the file and what failed.\nCheck that the history file's folder exists and is writable, and that the disk is not full.\nCheck that no other program keeps the history file locked."),
     false},
    {"HistoryStoreCorrupt", {FaultCode::HistoryStoreCorrupt},
     QT_TRANSLATE_NOOP("FaultCatalogue", "The request history file is damaged"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "SQLite found the history file damaged, and a new history file could not be used either."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Check the disk for errors and free space.\nMove the history file elsewhere (keep it if you need its entries); the program then starts a new one."),
     false},
    {"HistoryStoreTooNew", {FaultCode::HistoryStoreTooNew},
     QT_TRANSLATE_NOOP("FaultCatalogue", "The request history was written by a newer version"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "The history file uses a newer format than this version of the program can read."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Update the program to the version that wrote the history file, or a later one.\nOr use another history file: DMSX_HISTORY_FILE, or --history-file for dms-extpack-cli."),
     false},
    {"HistoryStoreUnusable", {FaultCode::HistoryStoreUnusable},
     QT_TRANSLATE_NOOP("FaultCatalogue", "The damaged request history could not be set aside"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "The history file cannot be used, and renaming it so that a new one can be started failed."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Check that the history file's folder is writable.\nMove or delete the damaged file yourself; the program then starts a new one."),
     false},
    {"HistoryStoreClosed", {FaultCode::HistoryStoreClosed},
     QT_TRANSLATE_NOOP("FaultCatalogue", "The request history is not open"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "The history file could not be opened earlier, so nothing can be recorded in it or read from it."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Read the earlier message about the request history for the reason.\nFix that cause and restart the program."),
     false},
    {"HistoryStoreNoAccess", {FaultCode::HistoryStoreNoAccess},
     QT_TRANSLATE_NOOP("FaultCatalogue", "You may not write the request history file"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "The history file, its -wal or -shm file, or its folder cannot be written by you. The file is not damaged and was left as it is."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Check the owner and permissions of the files named in the message: a run with sudo can leave them owned by root (sudo chown $USER FILE).\nOr use another history file: DMSX_HISTORY_FILE, or --history-file for dms-extpack-cli."),
     false},
    {"HistoryStoreForeign", {FaultCode::HistoryStoreForeign},
     QT_TRANSLATE_NOOP("FaultCatalogue", "That file is not a request history"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "The file named as the history is a SQLite database of another program. It was not changed."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Check the path given as the history file (DMSX_HISTORY_FILE, or --history-file for dms-extpack-cli).\nName a new file or an existing request history instead."),
     false},
    {"HistoryRequestNotRecorded", {FaultCode::HistoryRequestNotRecorded},
     QT_TRANSLATE_NOOP("FaultCatalogue", "A request is missing from the request history"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "{operation} could not be written to the request history file, so the history does not show it, or not its outcome. The request itself went ahead as usual."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Read the message for the history file and what SQLite reported: read-only, disk full, or locked by another program.\nFix that cause; later requests are recorded again.\nKeep a note of the request (its operation and DMS request id) if you need a record of it."),
     false},

    // --- credential_process and SSO profiles (ProcessCredentialSource, SsoCredentialSource)
    {"CredentialProcessFailed", {FaultCode::CredentialProcessFailed},
     QT_TRANSLATE_NOOP("FaultCatalogue", "The profile's credential_process failed"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "The program named by credential_process in ~/.aws/config could not be started or ended with an error. Its own error output is shown below."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Read the program's error output below; it usually says what to do (log in again, unlock a vault).\nRun the credential_process command by hand to check it works.\nCheck the path and the quoting of the command in ~/.aws/config."),
     false},
    {"CredentialProcessTimeout", {FaultCode::CredentialProcessTimeout},
     QT_TRANSLATE_NOOP("FaultCatalogue", "The profile's credential_process did not finish in time"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "The program named by credential_process ran too long and was stopped. It may be waiting for input it cannot get, such as a password prompt."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Run the credential_process command by hand and check whether it waits for input.\nLog in to the tool behind it first if it needs an interactive login.\nThen try again."),
     true},
    {"CredentialProcessInvalidOutput", {FaultCode::CredentialProcessInvalidOutput},
     QT_TRANSLATE_NOOP("FaultCatalogue", "The profile's credential_process printed something unusable"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "The program must print a JSON object with \"Version\": 1, AccessKeyId and SecretAccessKey (and SessionToken and Expiration for temporary keys). Its output is never shown because it may contain secrets."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Run the credential_process command by hand and check its output against the AWS CLI's credential_process format.\nUpdate the program if it prints another version or extra text."),
     false},
    {"CredentialProcessInvalidCommand", {FaultCode::CredentialProcessInvalidCommand},
     QT_TRANSLATE_NOOP("FaultCatalogue", "The profile's credential_process command cannot be read"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "The credential_process line is empty or has an unterminated quote or a trailing backslash."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Fix the quoting of credential_process in ~/.aws/config: quote paths with spaces in double quotes.\nNo shell is involved: pipes, variables and redirections do not work there."),
     false},
    {"SsoTokenMissing", {FaultCode::SsoTokenMissing},
     QT_TRANSLATE_NOOP("FaultCatalogue", "You are not signed in to IAM Identity Center"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "The profile signs in with AWS IAM Identity Center (SSO), and no sign-in token for it was found in ~/.aws/sso/cache."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Run: {detail} (or the AWS CLI's aws sso login, with the same options)\nThen try again."),
     false},
    {"SsoTokenExpired", {FaultCode::SsoTokenExpired},
     QT_TRANSLATE_NOOP("FaultCatalogue", "Your IAM Identity Center sign-in has expired"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "The sign-in token cached for this profile is past its expiry time, and it has no refresh token (a legacy SSO profile, or one signed in without sso_registration_scopes)."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Run: {detail} (or the AWS CLI's aws sso login, with the same options)\nThen try again."),
     false},
    {"SsoTokenInvalid", {FaultCode::SsoTokenInvalid},
     QT_TRANSLATE_NOOP("FaultCatalogue", "The cached IAM Identity Center token cannot be read"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "The token file in ~/.aws/sso/cache is unreadable, not JSON, or lacks accessToken or expiresAt."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Run: {detail} (or the AWS CLI's aws sso login, with the same options)\nThis writes a fresh token file."),
     false},
    {"Sso.Unauthorized", {FaultCode::UnauthorizedException},
     QT_TRANSLATE_NOOP("FaultCatalogue", "IAM Identity Center no longer accepts your sign-in"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "The SSO portal rejected the cached token: it was revoked, you signed out, or it expired early."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Run: {detail} (or the AWS CLI's aws sso login, with the same options)\nThen try again."),
     false},
    {"Sso.Forbidden", {FaultCode::ForbiddenException, FaultCode::ResourceNotFoundException},
     QT_TRANSLATE_NOOP("FaultCatalogue", "Your SSO user may not use this account and role"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "The SSO portal refused credentials for the sso_account_id and sso_role_name of the profile: no permission set assigns them to you."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Check sso_account_id and sso_role_name in the profile for typos.\nList what you may use with 'aws sso list-accounts' and 'aws sso list-account-roles'.\nAsk your IAM Identity Center administrator to assign the permission set."),
     false},
    {"SsoProfileIncomplete", {FaultCode::SsoProfileIncomplete},
     QT_TRANSLATE_NOOP("FaultCatalogue", "The SSO profile is incomplete"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "An SSO profile needs sso_account_id, sso_role_name, and sso_region and sso_start_url (directly or through its sso_session)."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Complete the profile with 'aws configure sso', or add the settings the message names to ~/.aws/config."),
     false},
    {"SsoRegionInvalid", {FaultCode::SsoRegionInvalid},
     QT_TRANSLATE_NOOP("FaultCatalogue", "The SSO region of the profile is not valid"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "The sso_region of {detail} is not a region name such as us-east-1. It becomes the host name of the SSO portal, so nothing was sent."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Fix sso_region in ~/.aws/config: in the profile's section, or in its [sso-session] section when it names one.\nUse the region of your IAM Identity Center instance, as its console shows it.\nOr run 'aws configure sso' again."),
     false},
    {"SsoStartUrlInvalid", {FaultCode::SsoStartUrlInvalid},
     QT_TRANSLATE_NOOP("FaultCatalogue", "The SSO start URL of the profile is not valid"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "The sso_start_url of {detail} is not an https:// address such as https://my-company.awsapps.com/start."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Copy the AWS access portal URL from the IAM Identity Center console into sso_start_url in ~/.aws/config.\nOr run 'aws configure sso' again."),
     false},
    {"SsoPortalRedirected", {FaultCode::SsoPortalRedirected},
     QT_TRANSLATE_NOOP("FaultCatalogue", "The SSO portal answered with a redirect"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "{endpoint} answered HTTP {status} and pointed elsewhere ({detail}). The AWS SSO portal never redirects this call, so the login token was not sent on. Something else answered: a wrong sso_region or portal address, a sign-in page of the network, or a proxy."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Check sso_region of the profile in ~/.aws/config.\nIf this network has a sign-in page (guest Wi-Fi, hotel), sign in there first.\nAsk the network administrators whether something intercepts https://portal.sso.<region>.amazonaws.com."),
     false},

    {"SsoSignInDenied", {FaultCode::SsoSignInDenied},
     QT_TRANSLATE_NOOP("FaultCatalogue", "The sign-in was denied"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "The request to sign in with IAM Identity Center was denied in the browser, or your organisation does not let you use this start URL."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Sign in again and choose Allow on the page that shows the code.\nCheck that the code the page shows is the one this program showed.\nAsk your IAM Identity Center administrator whether your user may sign in here."),
     false},
    {"SsoSignInExpired", {FaultCode::SsoSignInExpired},
     QT_TRANSLATE_NOOP("FaultCatalogue", "The sign-in code expired"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "The code was not confirmed in the browser before it expired (usually after 10 minutes)."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Sign in again and confirm the new code in the browser before its time runs out."),
     true},
    {"SsoSignInFailed", {FaultCode::SsoSignInFailed},
     QT_TRANSLATE_NOOP("FaultCatalogue", "Signing in with IAM Identity Center failed"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "The IAM Identity Center sign-in service refused the request ({code}). The message below says why."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Check sso_start_url and sso_region of the profile (or of its sso-session) in ~/.aws/config: they must be those of your AWS access portal.\nCheck sso_registration_scopes if the profile's sso-session sets it.\nSign in again."),
     false},
    {"SsoRefreshFailed", {FaultCode::SsoRefreshFailed},
     QT_TRANSLATE_NOOP("FaultCatalogue", "Sign in again to IAM Identity Center"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Your IAM Identity Center sign-in could not be renewed: the refresh was refused (the session ended, was revoked, or its registration expired) or no refresh was possible. The message below says which."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Sign in again: {detail} (or the AWS CLI's aws sso login, with the same options)\nThen try again."),
     false},
    {"SsoCacheNotWritable", {FaultCode::SsoCacheNotWritable},
     QT_TRANSLATE_NOOP("FaultCatalogue", "The SSO token could not be saved"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "The sign-in succeeded, but the token could not be written to {detail}."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Check the owner and permissions of ~/.aws/sso/cache: a run with sudo can leave it owned by root (sudo chown -R $USER ~/.aws).\nCheck that the disk is not full.\nSign in again."),
     false},
    {"AwsConfigNotWritable", {FaultCode::AwsConfigNotWritable},
     QT_TRANSLATE_NOOP("FaultCatalogue", "The profile could not be added to the AWS CLI's config file"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "{detail} was left as it was: the message below says why. The profile is saved in this program either way."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "If the file already has a profile or sso-session of that name, choose another name, or edit the file with 'aws configure sso'.\nCheck the owner and permissions of ~/.aws (sudo chown -R $USER ~/.aws).\nCheck that the disk is not full."),
     false},

    // --- STS (AssumeRole, GetCallerIdentity) and the provider chain (StsClient, CredentialChain)
    {"Sts.RegionDisabled", {FaultCode::RegionDisabledException},
     QT_TRANSLATE_NOOP("FaultCatalogue", "STS is not activated in this region"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "The account has not activated AWS STS in the region of the request ({endpoint}), so temporary credentials cannot be issued there."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Activate STS for the region in the IAM console (Account settings, Security Token Service regions).\nOr choose a region where STS is active (AWS_REGION, --region, region in the profile)."),
     false},
    {"Sts.MalformedPolicyDocument", {FaultCode::MalformedPolicyDocument,
                                     FaultCode::MalformedPolicyDocumentException},
     QT_TRANSLATE_NOOP("FaultCatalogue", "The session policy is not valid"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "STS rejected the policy passed with the role request because it is not a valid IAM policy document."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Check the policy JSON (Version, Statement, Effect, Action, Resource).\nRead the error message: it names the problem."),
     false},
    {"Sts.PackedPolicyTooLarge", {FaultCode::PackedPolicyTooLarge, FaultCode::PackedPolicyTooLargeException},
     QT_TRANSLATE_NOOP("FaultCatalogue", "The session policies and tags are too large"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "The policies and session tags passed with the role request exceed the packed size STS allows."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Use fewer or shorter session policies and tags.\nCheck for session tags passed along a chain of roles."),
     false},
    {"Sts.IdpRejected", {FaultCode::IDPRejectedClaim, FaultCode::IDPCommunicationError,
                         FaultCode::InvalidIdentityToken},
     QT_TRANSLATE_NOOP("FaultCatalogue", "The identity provider's token was not accepted"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "STS could not use the token of the identity provider: it was rejected, invalid, or the provider could not be reached."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Sign in to the identity provider again.\nCheck the provider's configuration in IAM."),
     false},
    {"NonXmlResponse", {FaultCode::NonXmlResponse},
     QT_TRANSLATE_NOOP("FaultCatalogue", "The answer was not from AWS"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "The answer (HTTP {status}, from {endpoint}) is not the XML AWS sends (STS, IAM and S3 answer in XML): an HTML error page from a proxy or a captive portal, say."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Check that service's endpoint: AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL_IAM or AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL, or its entry in the profile's services section.\nCheck the proxy settings."),
     false},
    {"RoleChainCycle", {FaultCode::RoleChainCycle},
     QT_TRANSLATE_NOOP("FaultCatalogue", "The role profiles form a cycle"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Each role profile names another as its source_profile, and the chain comes back to where it started, so no credentials can ever be found."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Read the cycle in the error message.\nGive one profile of the cycle static keys, or replace its source_profile with credential_source = Environment."),
     false},
    {"InvalidRoleProfile", {FaultCode::InvalidRoleProfile},
     QT_TRANSLATE_NOOP("FaultCatalogue", "The role profile is incomplete"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "A profile with role_arn needs exactly one of source_profile and credential_source."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Add source_profile = PROFILE (whose keys assume the role) or credential_source = Environment to the profile.\nRemove one of them if both are set."),
     false},
    {"UnsupportedCredentialSource", {FaultCode::UnsupportedCredentialSource},
     QT_TRANSLATE_NOOP("FaultCatalogue", "This credential_source is not supported here"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Ec2InstanceMetadata and EcsContainer only work on AWS compute; this program supports credential_source = Environment."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Use credential_source = Environment with AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY set.\nOr use source_profile with a profile that has keys."),
     false},
    {"MfaCodeRequired", {FaultCode::MfaCodeRequired},
     QT_TRANSLATE_NOOP("FaultCatalogue", "An MFA code is needed"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "The role profile names an mfa_serial, so a code from that device is needed, but this program could not ask for one."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Run the command in a terminal so it can ask for the code.\nOr use a profile without mfa_serial."),
     false},
    {"MfaCancelled", {FaultCode::MfaCancelled},
     QT_TRANSLATE_NOOP("FaultCatalogue", "No MFA code was given"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "The role needs a code from the MFA device and none was entered."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Run the command again and type the current 6-digit code of the device."),
     false},

    // --- configuration (endpoint resolution, docs/protocol.md §2)
    {"Configuration.MissingRegion", {FaultCode::MissingRegion},
     QT_TRANSLATE_NOOP("FaultCatalogue", "No AWS region is set"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "The endpoint cannot be chosen without a region."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Choose a region in the settings, or pass --region.\nOr set AWS_REGION, or 'region' in the profile of ~/.aws/config."),
     false},
    {"Configuration.RegionNotAccepted", {FaultCode::RegionNotAccepted, FaultCode::InvalidRegion},
     QT_TRANSLATE_NOOP("FaultCatalogue", "The region name is not valid"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "The region must be a valid host name label such as us-east-1."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Check the region for typos, spaces or extra characters.\nPick a region from the list."),
     false},
    {"Configuration.FipsWithCustomEndpoint", {FaultCode::FipsWithCustomEndpoint},
     QT_TRANSLATE_NOOP("FaultCatalogue", "FIPS cannot be combined with a custom endpoint"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "A custom endpoint URL is used exactly as given, so the FIPS option cannot change it."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Turn off FIPS (AWS_USE_FIPS_ENDPOINT, use_fips_endpoint), or remove the custom endpoint (AWS_ENDPOINT_URL, endpoint_url)."),
     false},
    {"Configuration.DualStackWithCustomEndpoint", {FaultCode::DualStackWithCustomEndpoint},
     QT_TRANSLATE_NOOP("FaultCatalogue", "Dual-stack cannot be combined with a custom endpoint"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "A custom endpoint URL is used exactly as given, so the dual-stack option cannot change it."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Turn off dual-stack (AWS_USE_DUALSTACK_ENDPOINT, use_dualstack_endpoint), or remove the custom endpoint."),
     false},
    {"Configuration.PartitionUnsupported", {FaultCode::FipsNotSupported, FaultCode::DualStackNotSupported,
                                            FaultCode::FipsAndDualStackNotSupported},
     QT_TRANSLATE_NOOP("FaultCatalogue", "This AWS partition does not support the chosen endpoint variant"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "FIPS or dual-stack endpoints are not available in the partition of this region."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Turn off FIPS or dual-stack for this region.\nCheck that the region is the one you meant."),
     false},
    {"Configuration.UnknownProfile", {FaultCode::UnknownProfile, FaultCode::ProfileNotFound},
     QT_TRANSLATE_NOOP("FaultCatalogue", "The AWS profile does not exist"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "No profile with this name was found in ~/.aws/config or ~/.aws/credentials."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Check the profile name (--profile, AWS_PROFILE).\nThe error message lists the profiles that were found."),
     false},
    {"Configuration.MissingServicesSection", {FaultCode::MissingServicesSection,
                                              FaultCode::ServicesSectionNotFound},
     QT_TRANSLATE_NOOP("FaultCatalogue", "A [services] section of the profile is missing"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "The profile names a services section ('services = NAME') that does not exist in ~/.aws/config."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Add the [services NAME] section, or remove the 'services' line from the profile."),
     false},
    {"Configuration.CaBundle", {FaultCode::InvalidCaBundle, FaultCode::CaBundleNotFound,
                                FaultCode::CaBundleUnreadable, FaultCode::CaBundleInvalid},
     QT_TRANSLATE_NOOP("FaultCatalogue", "The CA bundle cannot be used"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "The certificate bundle set by AWS_CA_BUNDLE or ca_bundle is missing, unreadable or has no valid certificates."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Check the path of the CA bundle and that the file is readable.\nThe file must contain PEM certificates."),
     false},
    {"Configuration.InvalidEndpoint", {FaultCode::InvalidEndpoint, FaultCode::InvalidEndpointUrl},
     QT_TRANSLATE_NOOP("FaultCatalogue", "The custom endpoint URL is not valid"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "The endpoint must be a full URL with a scheme, such as https://dms.us-east-1.amazonaws.com."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Check --endpoint-url, AWS_ENDPOINT_URL_DATABASE_MIGRATION_SERVICE, AWS_ENDPOINT_URL and endpoint_url in the profile."),
     false},
    {"Configuration.InsecureEndpoint", {FaultCode::InsecureEndpoint},
     QT_TRANSLATE_NOOP("FaultCatalogue", "The endpoint would send credentials unencrypted"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "A plain http:// endpoint is accepted only on this computer (127.0.0.1, ::1, localhost): elsewhere the signed requests, session tokens and SSO tokens would cross the network in clear."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Use the https:// address of the endpoint.\nIf you really mean an unencrypted endpoint on another host, pass --allow-insecure-http or set DMSX_ALLOW_INSECURE_HTTP=true."),
     false},
    {"Configuration.ProxyUrlInvalid", {FaultCode::ProxyUrlInvalid},
     QT_TRANSLATE_NOOP("FaultCatalogue", "The proxy setting is not a usable address"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "{detail} is not a proxy this program can use: it takes http://HOST:PORT or socks5://HOST:PORT, with a port from 1 to 65535. Nothing was sent: a proxy that cannot be used is not silently skipped."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Correct the variable, for example HTTPS_PROXY=http://proxy.example.com:3128.\nWrite a user and password as http://USER:PASSWORD@HOST:PORT, with special characters percent-encoded (@ as %40).\nOr unset the variable if this network needs no proxy."),
     false},
    {"Configuration.ProxyTlsUnsupported", {FaultCode::ProxyTlsUnsupported},
     QT_TRANSLATE_NOOP("FaultCatalogue", "A proxy reached over https:// is not supported"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "{detail} asks for TLS to the proxy itself, which this program cannot do. Talking plain HTTP to a port that expects TLS would fail, and would send the proxy password in clear, so nothing was sent."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Write the proxy as http://HOST:PORT: the traffic to AWS stays encrypted end to end inside the proxy's CONNECT tunnel.\nIf the proxy accepts only TLS, ask the network administrators for its plain HTTP port."),
     false},
    {"ProjectInAnotherRegion", {FaultCode::ProjectInAnotherRegion},
     QT_TRANSLATE_NOOP("FaultCatalogue", "The project is in another region: {detail}"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Its ARN names region {detail}, but the requests go to another region, where DMS does not know the project. Nothing was sent."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "On the command line add --region {detail}; in the window choose {detail} in the region list.\nTo make it the default, set AWS_REGION={detail} or \"region = {detail}\" in the profile."),
     false},
    {"Configuration", {FaultCode::InvalidConfigurationValue, FaultCode::InvalidConfiguration},
     QT_TRANSLATE_NOOP("FaultCatalogue", "The configuration is not valid"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "The settings, environment variables or AWS config files contain a value that cannot be used."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Read the error message for the setting concerned.\nCheck AWS_* environment variables and the selected profile in ~/.aws/config."),
     false},

    // --- input refused before anything is sent (DmsClient, dms-extpack-cli)
    {"InvalidProjectIdentifier", {FaultCode::InvalidProjectIdentifier},
     QT_TRANSLATE_NOOP("FaultCatalogue", "No usable migration project name or ARN"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "A migration project is named by its name or its ARN, which cannot be empty and has at most 255 characters."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Give the project's name or ARN exactly as DMS lists it (dms-extpack-cli projects list, or the DMS console)."),
     false},
    {"InvalidFilter", {FaultCode::InvalidFilter},
     QT_TRANSLATE_NOOP("FaultCatalogue", "The filter is not valid"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "A filter is written NAME=VALUE, several values separated by commas."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Write the filter as --filter NAME=VALUE[,VALUE...], for example --filter migration-project-identifier=my-project."),
     false},
    {"InvalidPollInterval", {FaultCode::InvalidPollInterval},
     QT_TRANSLATE_NOOP("FaultCatalogue", "The poll interval is not valid"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "--poll-interval takes a number of seconds from 2 to 3600 (less only against a simulator on this computer)."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Give the interval in seconds, for example --poll-interval 10."),
     false},
    {"HistoryEntryNotFound", {FaultCode::HistoryEntryNotFound},
     QT_TRANSLATE_NOOP("FaultCatalogue", "The request history has no such entry"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "No entry of the request history has this id; the history retention setting removes old entries."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "List the entries with 'dms-extpack-cli history' and use an id from its ID column."),
     false},
    {"SessionTokenFileUnreadable", {FaultCode::SessionTokenFileUnreadable},
     QT_TRANSLATE_NOOP("FaultCatalogue", "The session token file cannot be read"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "The file named with --session-token-file does not exist or cannot be read."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Check the path given to --session-token-file.\nCheck that the file exists and that you may read it."),
     false},

    // --- a FAILED extension pack association (docs/protocol.md §3.3), classified by the message
    {"AssociationFailed.Privileges", {},
     QT_TRANSLATE_NOOP("FaultCatalogue", "The extension pack installation failed: missing database privileges"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "The database user in the target data provider's secret does not have the privileges needed to create the extension pack objects."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Grant the target database user the privileges listed in the DMS Schema Conversion documentation for your target engine (create schema, create function and so on).\nCheck which user the target secret contains.\nStart the installation again."),
     false},
    {"AssociationFailed.Secret", {},
     QT_TRANSLATE_NOOP("FaultCatalogue", "The extension pack installation failed: the database secret cannot be used"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "DMS could not read the target secret in Secrets Manager, or the user name and password in it were rejected by the database."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Check that the secret exists and contains the right user name and password.\nCheck that the DMS role may call secretsmanager:GetSecretValue on it (and use its KMS key).\nStart the installation again."),
     false},
    {"AssociationFailed.Connectivity", {},
     QT_TRANSLATE_NOOP("FaultCatalogue", "The extension pack installation failed: DMS could not reach the database"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "The instance profile's network cannot connect to the target database (host, port, security group, subnet or DNS)."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Check the target data provider's host name and port.\nCheck that the instance profile's VPC, subnets and security groups allow traffic to the database port.\nCheck that the database is running."),
     true},
    {"AssociationFailed.S3Versioning", {},
     QT_TRANSLATE_NOOP("FaultCatalogue", "The extension pack installation failed: versioning is off on the S3 bucket"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "DMS Schema Conversion keeps the project's files in an S3 bucket that must keep versions of its objects, and versioning is not enabled on the project's bucket."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Turn versioning on for the bucket: in the S3 console under Properties > Bucket Versioning, or with aws s3api put-bucket-versioning --bucket BUCKET --versioning-configuration Status=Enabled.\nCheck the prerequisites again (Project > Check prerequisites, or dms-extpack-cli check PROJECT), then start the installation again."),
     false},
    {"AssociationFailed.S3", {},
     QT_TRANSLATE_NOOP("FaultCatalogue", "The extension pack installation failed: S3 access"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "DMS could not use the migration project's S3 bucket."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Check the S3 bucket path and the S3 role of the migration project.\nCheck the bucket policy and its encryption key."),
     false},
    {"AssociationFailed.KMS", {},
     QT_TRANSLATE_NOOP("FaultCatalogue", "The extension pack installation failed: KMS key"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "DMS could not use a KMS key needed for the secret, the bucket or the instance profile."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Check that the KMS key is enabled.\nCheck that the key policy allows the DMS role to decrypt with it."),
     false},
    {"AssociationFailed.Capacity", {},
     QT_TRANSLATE_NOOP("FaultCatalogue", "The extension pack installation failed: capacity or quota"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "The database or the service ran out of space, capacity or a quota while installing."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Check free storage and limits of the target database.\nCheck the DMS quotas.\nStart the installation again later."),
     true},
    {"AssociationFailed.Canceled", {FaultCode::AssociationCanceled},
     QT_TRANSLATE_NOOP("FaultCatalogue", "The extension pack installation was cancelled"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "The installation request ended in the CANCELED state."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Start the installation again if it is still needed."),
     true},
    {"AssociationFailed.Other", {FaultCode::AssociationFailed},
     QT_TRANSLATE_NOOP("FaultCatalogue", "The extension pack installation failed"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "DMS reported the installation request as FAILED; its message gives the reason."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Read the message from DMS below.\nCheck the target data provider, its secret and the instance profile.\nStart the installation again after fixing the cause."),
     false},

    {"FollowingGaveUp", {FaultCode::FollowingGaveUp},
     QT_TRANSLATE_NOOP("FaultCatalogue", "Stopped following the installation"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "The status of the extension pack request ({detail}) could not be checked many times in a row, waiting longer each time, so following it stopped. The installation itself was not stopped: it may still be running, or have ended."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Check the network connection, the VPN and the proxy.\nThen look at the request again (the requests panel, or dms-extpack-cli status PROJECT --request-id ID --wait) before starting another installation."),
     true},
    {"AssociationNotListed", {FaultCode::AssociationNotListed},
     QT_TRANSLATE_NOOP("FaultCatalogue", "This extension pack request is no longer listed"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "AWS DMS does not list the extension pack request ({detail}) among the project's requests. It may belong to another project, region or account, or DMS no longer keeps it. Whether the extension pack was installed cannot be told from here."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "List the project's extension pack requests (the requests panel, or dms-extpack-cli status PROJECT) and look for the request.\nCheck that the profile and region are those the installation was started with.\nStart the installation again only once no request of the project is RECEIVED or IN_PROGRESS."),
     false},

    // --- anything else
    {"Generic", {},
     QT_TRANSLATE_NOOP("FaultCatalogue", "Unexpected error {code}"),
     QT_TRANSLATE_NOOP("FaultCatalogue", "The request failed with error code {code} (HTTP status {status}, request id {requestId}), which this program has no specific advice for."),
     QT_TRANSLATE_NOOP("FaultCatalogue", "Read the error message below.\nSearch the AWS documentation for the error code {code}.\nIf you contact AWS Support, give them the request id {requestId}."),
     false},
};
// clang-format on

QString tr(const char* text)
{
    return QCoreApplication::translate("FaultCatalogue", text);
}

const Entry* entryByKey(const QString& key)
{
    for (const Entry& e : kEntries) {
        if (key == QLatin1String(e.key))
            return &e;
    }
    return nullptr;
}

const QHash<QString, const Entry*>& entriesByCode()
{
    static const QHash<QString, const Entry*> map = [] {
        QHash<QString, const Entry*> m;
        for (const Entry& e : kEntries) {
            for (const QLatin1StringView c : e.codes)
                m.insert(c, &e);
        }
        return m;
    }();
    return map;
}

bool containsAny(const QString& text, std::initializer_list<const char*> words)
{
    for (const char* w : words) {
        if (text.contains(QLatin1String(w), Qt::CaseInsensitive))
            return true;
    }
    return false;
}

bool matchesWord(const QString& text, const char* pattern)
{
    const QRegularExpression re(QString::fromLatin1(pattern), QRegularExpression::CaseInsensitiveOption);
    return re.match(text).hasMatch();
}

// Endpoint and config faults are matched by their code when it is one we know, else by the error
// texts of docs/protocol.md §2.2, which the resolver reproduces verbatim.
const Entry* configurationEntry(const Fault& f)
{
    const QString& m = f.message;
    if (containsAny(m, {"FIPS and custom endpoint"}))
        return entryByKey(QStringLiteral("Configuration.FipsWithCustomEndpoint"));
    if (containsAny(m, {"Dualstack and custom endpoint"}))
        return entryByKey(QStringLiteral("Configuration.DualStackWithCustomEndpoint"));
    if (containsAny(m, {"Missing Region", "No region", "region is not set", "region is missing"}))
        return entryByKey(QStringLiteral("Configuration.MissingRegion"));
    if (containsAny(m, {"Region not accepted"}))
        return entryByKey(QStringLiteral("Configuration.RegionNotAccepted"));
    if (containsAny(m, {"partition does not support"}))
        return entryByKey(QStringLiteral("Configuration.PartitionUnsupported"));
    if (containsAny(m, {"[services", "services section"}))
        return entryByKey(QStringLiteral("Configuration.MissingServicesSection"));
    if (containsAny(m, {"ca bundle", "ca_bundle", "AWS_CA_BUNDLE"}))
        return entryByKey(QStringLiteral("Configuration.CaBundle"));
    if (containsAny(m, {"profile"}) &&
        containsAny(m, {"not found", "unknown", "does not exist", "no profile"}))
        return entryByKey(QStringLiteral("Configuration.UnknownProfile"));
    if (containsAny(m, {"endpoint url", "endpoint_url", "endpoint URL", "invalid endpoint"}))
        return entryByKey(QStringLiteral("Configuration.InvalidEndpoint"));
    return entryByKey(QStringLiteral("Configuration"));
}

const Entry* statusEntry(int status)
{
    switch (status) {
    case 429:
        return entryByKey(QStringLiteral("Throttling"));
    case 500:
        return entryByKey(QStringLiteral("InternalFailure"));
    case 503:
        return entryByKey(QStringLiteral("ServiceUnavailable"));
    default:
        return nullptr;
    }
}

QString fill(QString text, const Fault& f, const QString& action)
{
    const QString none = tr(QT_TRANSLATE_NOOP("FaultCatalogue", "(none)"));
    text.replace(QLatin1String("{code}"), f.code.isEmpty() ? none : f.code);
    text.replace(QLatin1String("{status}"), f.httpStatus > 0 ? QString::number(f.httpStatus) : none);
    text.replace(QLatin1String("{requestId}"), f.requestId.isEmpty() ? none : f.requestId);
    text.replace(QLatin1String("{operation}"), f.operation.isEmpty() ? none : f.operation);
    text.replace(QLatin1String("{endpoint}"),
                 f.endpoint.isEmpty() ? tr(QT_TRANSLATE_NOOP("FaultCatalogue", "the server")) : f.endpoint);
    text.replace(QLatin1String("{detail}"), f.detail.isEmpty() ? none : f.detail);
    text.replace(QLatin1String("{action}"),
                 action.isEmpty() ? tr(QT_TRANSLATE_NOOP("FaultCatalogue", "for this DMS operation (dms:*)"))
                                  : action);
    return text;
}

QString actionFromMessage(const QString& message)
{
    // IAM messages read "... is not authorized to perform: dms:ListMigrationProjects on resource ...".
    static const QRegularExpression re(QStringLiteral(R"(perform:\s*([A-Za-z0-9-]+:[A-Za-z0-9*]+))"));
    const QRegularExpressionMatch m = re.match(message);
    return m.hasMatch() ? m.captured(1) : QString();
}

} // namespace

bool FaultCatalogue::signInHelps(const Fault& fault)
{
    // The portal refusing the token means it was revoked or signed out elsewhere.
    return fault.code == FaultCode::SsoTokenMissing || fault.code == FaultCode::SsoTokenExpired ||
           fault.code == FaultCode::SsoTokenInvalid || fault.code == FaultCode::SsoRefreshFailed ||
           (fault.code == FaultCode::UnauthorizedException &&
            fault.operation == QLatin1String("GetRoleCredentials"));
}

QString FaultCatalogue::iamActionForOperation(const QString& operation)
{
    static const QHash<QString, QString> actions = {
        {QStringLiteral("DescribeMigrationProjects"), QStringLiteral("dms:ListMigrationProjects")},
        {QStringLiteral("StartExtensionPackAssociation"), QStringLiteral("dms:AssociateExtensionPack")},
        {QStringLiteral("DescribeExtensionPackAssociations"), QStringLiteral("dms:ListExtensionPacks")},
        {QStringLiteral("DescribeDataProviders"), QStringLiteral("dms:ListDataProviders")},
        {QStringLiteral("DescribeInstanceProfiles"), QStringLiteral("dms:ListInstanceProfiles")},
        {QStringLiteral("DescribeConversionConfiguration"),
         QStringLiteral("dms:DescribeConversionConfiguration")},
        // The reads of the prerequisite checks.
        {QStringLiteral("GetBucketLocation"), QStringLiteral("s3:GetBucketLocation")},
        {QStringLiteral("GetBucketVersioning"), QStringLiteral("s3:GetBucketVersioning")},
        {QStringLiteral("GetRole"), QStringLiteral("iam:GetRole")},
        {QStringLiteral("SimulatePrincipalPolicy"), QStringLiteral("iam:SimulatePrincipalPolicy")},
        {QStringLiteral("DescribeSecret"), QStringLiteral("secretsmanager:DescribeSecret")},
        {QStringLiteral("DescribeKey"), QStringLiteral("kms:DescribeKey")},
    };
    return actions.value(operation);
}

QStringList FaultCatalogue::knownCodes()
{
    QStringList codes = entriesByCode().keys();
    codes.sort();
    return codes;
}

QString FaultCatalogue::associationFailureKey(const QString& message)
{
    // Order matters: the most specific subject wins ("access denied to the S3 bucket" is S3, and
    // "the user in your target secret does not have sufficient privileges" is privileges).
    if (containsAny(message, {"cancel"}))
        return QStringLiteral("AssociationFailed.Canceled");
    if (matchesWord(message, R"(\bkms\b|encryption key|\bdecrypt)"))
        return QStringLiteral("AssociationFailed.KMS");
    if (matchesWord(message, R"(\bversioning\b)"))
        return QStringLiteral("AssociationFailed.S3Versioning");
    if (matchesWord(message, R"(\bs3\b|\bbucket)"))
        return QStringLiteral("AssociationFailed.S3");
    if (containsAny(message, {"secrets manager", "secretsmanager", "getsecretvalue", "password",
                              "login failed", "authentication failed", "invalid credentials"}))
        return QStringLiteral("AssociationFailed.Secret");
    if (containsAny(message, {"privilege", "permission", "grant", "not authorized", "access denied",
                              "insufficient rights"}))
        return QStringLiteral("AssociationFailed.Privileges");
    if (containsAny(message, {"secret", "credential"}))
        return QStringLiteral("AssociationFailed.Secret");
    if (containsAny(message, {"connect", "timed out", "timeout", "unreachable", "network", "security group",
                              "could not resolve", "unknown host", "host name", "hostname", "port ", "vpc",
                              "firewall"}))
        return QStringLiteral("AssociationFailed.Connectivity");
    if (containsAny(message, {"capacity", "quota", "limit exceeded", "no space", "disk full", "storage",
                              "out of memory", "too many"}))
        return QStringLiteral("AssociationFailed.Capacity");
    return QStringLiteral("AssociationFailed.Other");
}

FaultExplanation FaultCatalogue::explain(const Fault& fault)
{
    const Entry* entry = nullptr;
    const bool signatureCode =
        fault.code == FaultCode::InvalidSignatureException || fault.code == FaultCode::SignatureDoesNotMatch;

    if (fault.requestMayHaveBeenProcessed &&
        fault.operation == QLatin1String("StartExtensionPackAssociation")) {
        // Whatever the transport saw, the advice is the same: never simply try again.
        entry = entryByKey(QStringLiteral("StartOutcomeUnknown"));
    } else if (fault.kind == FaultKind::Cancelled) {
        entry = entryByKey(QStringLiteral("Cancelled"));
    } else if (fault.kind == FaultKind::AssociationFailed ||
               fault.code.startsWith(FaultCode::AssociationFailed)) {
        entry = fault.code == FaultCode::AssociationCanceled
                    ? entryByKey(QStringLiteral("AssociationFailed.Canceled"))
                    : entryByKey(associationFailureKey(fault.message));
    } else if (signatureCode &&
               fault.message.contains(QLatin1String("scoped to a valid region"), Qt::CaseInsensitive)) {
        // AWS checks the credential scope before the signature: a wrong region, not a wrong secret.
        entry = entryByKey(QStringLiteral("SignatureWrongRegion"));
    } else if (signatureCode &&
               (fault.message.contains(QLatin1String("expired"), Qt::CaseInsensitive) ||
                fault.message.contains(QLatin1String("not yet current"), Qt::CaseInsensitive))) {
        entry = entryByKey(QStringLiteral("SignatureExpired"));
    } else {
        entry = entriesByCode().value(fault.code);
    }
    if (!entry && fault.kind == FaultKind::Configuration)
        entry = configurationEntry(fault);
    if (!entry && fault.kind == FaultKind::Credentials)
        entry = entryByKey(QStringLiteral("Credentials"));
    if (!entry && (fault.code.isEmpty() || fault.code == FaultCode::Unknown))
        entry = statusEntry(fault.httpStatus);
    const bool generic = !entry;
    if (generic)
        entry = entryByKey(QStringLiteral("Generic"));

    FaultExplanation out;
    out.catalogueKey = QString::fromLatin1(entry->key);
    const bool iamDenied = out.catalogueKey == QLatin1String("AccessDeniedException");
    if (iamDenied) {
        out.iamAction = iamActionForOperation(fault.operation);
        if (out.iamAction.isEmpty())
            out.iamAction = actionFromMessage(fault.message);
    }
    out.title = fill(tr(entry->title), fault, out.iamAction);
    out.cause = fill(tr(entry->cause), fault, out.iamAction);
    const QStringList steps = tr(fault.appSsoProfile ? kAppSsoProfileSteps : entry->steps)
                                  .split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    for (const QString& s : steps)
        out.steps << fill(s, fault, out.iamAction);

    // Where the status rather than the code decides (a proxy's 502 page, an unknown 5xx), the retry
    // rules are the authority.
    if (generic || out.catalogueKey == QLatin1String("NonJsonResponse"))
        out.retryCanHelp = RetryStrategy::classify(fault, false) != RetryClass::None;
    else
        out.retryCanHelp = entry->retryCanHelp;
    return out;
}

QString FaultCatalogue::formatText(const Fault& fault)
{
    const FaultExplanation e = explain(fault);
    const QString none = tr(QT_TRANSLATE_NOOP("FaultCatalogue", "(none)"));
    QString out;
    out += e.title + QLatin1Char('\n');
    out += e.cause + QLatin1Char('\n');
    if (!e.steps.isEmpty()) {
        out += tr(QT_TRANSLATE_NOOP("FaultCatalogue", "What to check:")) + QLatin1Char('\n');
        for (int i = 0; i < e.steps.size(); ++i)
            out += QStringLiteral("  %1. %2\n").arg(i + 1).arg(e.steps.at(i));
    }
    out += (e.retryCanHelp ? tr(QT_TRANSLATE_NOOP("FaultCatalogue", "Trying again later may help."))
                           : tr(QT_TRANSLATE_NOOP("FaultCatalogue",
                                                  "Trying again will not help until the cause is fixed."))) +
           QLatin1Char('\n');

    auto line = [&out](const char* label, const QString& value) {
        out += tr(label) + QStringLiteral(": ") + value + QLatin1Char('\n');
    };
    line(QT_TRANSLATE_NOOP("FaultCatalogue", "Code"), fault.code.isEmpty() ? none : fault.code);
    line(QT_TRANSLATE_NOOP("FaultCatalogue", "Message"), fault.message.isEmpty() ? none : fault.message);
    // A failed installation or a refused connection has neither: "(none)" there reads as if the
    // DMS request had no identifier.
    if (fault.httpStatus > 0)
        line(QT_TRANSLATE_NOOP("FaultCatalogue", "HTTP status"), QString::number(fault.httpStatus));
    if (!fault.requestId.isEmpty())
        line(QT_TRANSLATE_NOOP("FaultCatalogue", "AWS request id"), fault.requestId);
    if (!fault.operation.isEmpty())
        line(QT_TRANSLATE_NOOP("FaultCatalogue", "Operation"), fault.operation);
    if (!fault.endpoint.isEmpty())
        line(QT_TRANSLATE_NOOP("FaultCatalogue", "Endpoint"), fault.endpoint);
    if (fault.attempts > 0)
        line(QT_TRANSLATE_NOOP("FaultCatalogue", "Attempts"), QString::number(fault.attempts));
    if (fault.time.isValid())
        line(QT_TRANSLATE_NOOP("FaultCatalogue", "Time"), fault.time.toUTC().toString(Qt::ISODate));
    if (!e.iamAction.isEmpty())
        line(QT_TRANSLATE_NOOP("FaultCatalogue", "IAM action"), e.iamAction);
    if (!fault.detail.isEmpty())
        line(QT_TRANSLATE_NOOP("FaultCatalogue", "Detail"), fault.detail);
    return Redactor::redact(out);
}

} // namespace dmsx
