// Runs the official AWS JS SDK (@aws-sdk/client-database-migration-service, pinned in
// package.json) against the real dms-sim: every operation, paging, the waiter, clock-skew
// correction, and the exception class name of every fault. Then the S3, IAM, Secrets Manager
// and KMS clients (same version) against the prerequisites' services of the demo account, and
// IAM Identity Center sign-in: SSO OIDC, the portal and the SDK's SSO credential provider (sso.mjs),
// which must also take the token files `dms-extpack-cli sso login` writes (ssocli.mjs).
// Exit code 0 = compatible.
import { spawn } from 'node:child_process';
import http from 'node:http';
import { createInterface } from 'node:readline';
import { S3Client, GetBucketVersioningCommand, GetBucketLocationCommand } from '@aws-sdk/client-s3';
import { IAMClient, GetRoleCommand, SimulatePrincipalPolicyCommand } from '@aws-sdk/client-iam';
import { SecretsManagerClient, DescribeSecretCommand } from '@aws-sdk/client-secrets-manager';
import { KMSClient, DescribeKeyCommand } from '@aws-sdk/client-kms';
import { ssoChecks } from './sso.mjs';
import { ourCliTokenChecks } from './ssocli.mjs';
import {
  DatabaseMigrationServiceClient,
  DescribeMigrationProjectsCommand,
  DescribeDataProvidersCommand,
  DescribeInstanceProfilesCommand,
  StartExtensionPackAssociationCommand,
  DescribeExtensionPackAssociationsCommand,
  paginateDescribeMigrationProjects,
  waitUntilExtensionPackAssociated,
} from '@aws-sdk/client-database-migration-service';

const simBin = process.env.DMSX_SIM_BIN;
if (!simBin) {
  console.error('DMSX_SIM_BIN is not set');
  process.exit(2);
}
const demo = { accessKeyId: 'AKIADEMOEXTPACK00001', secretAccessKey: 'DemoSecretKey/ForTheDmsExtPackSimulator1' };
const children = [];
let failures = 0;
let checks = 0;

function check(condition, what) {
  checks++;
  if (!condition) {
    failures++;
    console.error(`FAIL: ${what}`);
  } else {
    console.log(`ok: ${what}`);
  }
}

async function startSim(args) {
  const child = spawn(simBin, ['--listen', '127.0.0.1:0', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  const rl = createInterface({ input: child.stdout });
  const line = await new Promise((resolve, reject) => {
    rl.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`dms-sim exited with ${code}`)));
  });
  const match = /^listening on (http\S+)$/.exec(line);
  if (!match) throw new Error(`unexpected first line: ${line}`);
  return match[1];
}

function client(endpoint, extra = {}) {
  return new DatabaseMigrationServiceClient({ region: 'us-east-1', endpoint, credentials: demo, maxAttempts: 1, ...extra });
}

async function expectError(promise, name, what) {
  try {
    await promise;
    check(false, `${what}: expected ${name}, got success`);
    return undefined;
  } catch (err) {
    check(err.name === name, `${what}: err.name === '${name}' (got '${err.name}')`);
    return err;
  }
}

async function setFaults(endpoint, rules) {
  const res = await fetch(`${endpoint}/__sim/faults`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' }, // anything else is refused with 415
    body: JSON.stringify(rules),
  });
  if (!res.ok) throw new Error(`fault config refused: ${await res.text()}`);
}

async function main() {
  const endpoint = await startSim(['--time-scale', '300']);
  const dms = client(endpoint);

  // Every operation, parsed by the SDK's own deserialisers.
  const projects = await dms.send(new DescribeMigrationProjectsCommand({}));
  check(projects.MigrationProjects.length > 30, 'DescribeMigrationProjects lists the demo projects');
  check(projects.MigrationProjects[0].MigrationProjectCreationTime instanceof Date, 'creation time parses as a Date');
  const providers = await dms.send(new DescribeDataProvidersCommand({
    Filters: [{ Name: 'data-provider-identifier', Values: ['ora-erp'] }] }));
  check(providers.DataProviders[0].Settings.OracleSettings.Port === 1521, 'DataProvider Settings union parses');
  const profiles = await dms.send(new DescribeInstanceProfilesCommand({}));
  check(profiles.InstanceProfiles.length === 3, 'DescribeInstanceProfiles');

  let pages = 0;
  let seen = 0;
  for await (const page of paginateDescribeMigrationProjects({ client: dms, pageSize: 20 }, {})) {
    pages++;
    seen += page.MigrationProjects.length;
  }
  check(pages === Math.ceil(projects.MigrationProjects.length / 20) && seen === projects.MigrationProjects.length,
    `paginator walks opaque markers (${pages} pages)`);

  const started = await dms.send(new StartExtensionPackAssociationCommand({ MigrationProjectIdentifier: 'erp-migration' }));
  check(/^[0-9a-f-]{36}$/.test(started.RequestIdentifier), 'StartExtensionPackAssociation returns a UUID');
  const input = { MigrationProjectIdentifier: 'erp-migration',
                  Filters: [{ Name: 'request-id', Values: [started.RequestIdentifier] }] };
  const waited = await waitUntilExtensionPackAssociated({ client: dms, maxWaitTime: 120, minDelay: 1, maxDelay: 1 }, input);
  check(waited.state === 'SUCCESS', `waiter ends in SUCCESS (${waited.state})`);
  const described = await dms.send(new DescribeExtensionPackAssociationsCommand(input));
  check(described.Requests[0].Status === 'SUCCESS', 'DescribeExtensionPackAssociations');

  const failing = await dms.send(new StartExtensionPackAssociationCommand({ MigrationProjectIdentifier: 'marketing-migration' }));
  const failed = await waitUntilExtensionPackAssociated({ client: dms, maxWaitTime: 120, minDelay: 1, maxDelay: 1 },
    { MigrationProjectIdentifier: 'marketing-migration', Filters: [{ Name: 'request-id', Values: [failing.RequestIdentifier] }] })
    .catch((e) => e);
  check(/FAILURE|FAILED/.test(`${failed.state} ${failed.name} ${failed.message}`), `waiter reports FAILED (${failed.state ?? failed.name})`);
  const failedReq = await dms.send(new DescribeExtensionPackAssociationsCommand({ MigrationProjectIdentifier: 'marketing-migration' }));
  check(failedReq.Requests[0].Error.defaultErrorDetails.Message.includes('KMS'), 'ErrorDetails union parses');

  // Exception class names of the modeled DMS faults.
  const start = (project) => dms.send(new StartExtensionPackAssociationCommand({ MigrationProjectIdentifier: project }));
  await expectError(start('no-such-project'), 'ResourceNotFoundFault', 'unknown project');
  await expectError(start('erp-assessment-virtual'), 'InvalidResourceStateFault', 'virtual target');
  const faults = {
    'payments-migration': 'AccessDeniedFault',
    'procurement-migration': 'InvalidResourceStateFault',
    'orders-migration': 'ResourceAlreadyExistsFault',
    'treasury-migration': 'KMSKeyNotAccessibleFault',
    'warehouse-migration': 'ResourceQuotaExceededFault',
    'assets-migration': 'FailedDependencyFault',
    // Dropped from the JS model 3.1124.0 (docs/protocol.md §3.2): a generic exception of that name.
    'logistics-migration': 'S3ResourceNotFoundFault',
    'pricing-migration': 'S3AccessDeniedFault',
  };
  let busy;
  for (const [project, name] of Object.entries(faults)) {
    const err = await expectError(start(project), name, project);
    if (name === 'ResourceAlreadyExistsFault') {
      check(String(err?.resourceArn).includes(':migration-project:'), 'ResourceAlreadyExistsFault.resourceArn');
      busy = err;
    }
  }
  check(busy?.$metadata?.httpStatusCode === 400 && busy?.$fault === 'client', 'fault status 400, $fault client');
  check(/^[0-9a-f-]{36}$/.test(busy?.$metadata?.requestId ?? ''), 'x-amzn-RequestId reaches $metadata');
  await expectError(dms.send(new StartExtensionPackAssociationCommand({})), 'ValidationException', 'missing identifier');
  // A Start behind a running request is accepted and queued, as AWS documents.
  await start('ledger-history-migration');
  const queued = await start('ledger-history-migration');
  const queuedState = await dms.send(new DescribeExtensionPackAssociationsCommand({
    MigrationProjectIdentifier: 'ledger-history-migration',
    Filters: [{ Name: 'request-id', Values: [queued.RequestIdentifier] }] }));
  check(queuedState.Requests[0]?.Status === 'RECEIVED', `second start while running is queued (${queuedState.Requests[0]?.Status})`);

  // Auth failures.
  const describeWith = (creds, extra = {}) =>
    client(endpoint, { credentials: creds, ...extra }).send(new DescribeInstanceProfilesCommand({}));
  await expectError(describeWith({ accessKeyId: 'AKIAUNKNOWN000000000', secretAccessKey: demo.secretAccessKey }),
    'UnrecognizedClientException', 'unknown key');
  await expectError(describeWith({ ...demo, secretAccessKey: 'WrongSecret/ForTheDmsExtPackSimulator111' }),
    'InvalidSignatureException', 'wrong secret');
  await expectError(describeWith({ accessKeyId: 'ASIADEMOEXTPACK00003', secretAccessKey: 'DemoSecretKey/ForTheDmsExtPackSimulator3',
    sessionToken: 'DemoSessionTokenForTheDmsExtPackSimulator3' }), 'ExpiredTokenException', 'expired token');
  await expectError(describeWith({ accessKeyId: 'ASIADEMOEXTPACK00002', secretAccessKey: 'DemoSecretKey/ForTheDmsExtPackSimulator2' }),
    'UnrecognizedClientException', 'temporary key without token');
  const temp = await describeWith({ accessKeyId: 'ASIADEMOEXTPACK00002', secretAccessKey: 'DemoSecretKey/ForTheDmsExtPackSimulator2',
    sessionToken: 'DemoSessionTokenForTheDmsExtPackSimulator2' });
  check(temp.InstanceProfiles.length === 3, 'temporary key with token');

  // Clock skew: with its default retries the SDK corrects its clock from our Date header.
  const skewed = await startSim(['--clock-offset', '3600']);
  await expectError(client(skewed).send(new DescribeInstanceProfilesCommand({})), 'InvalidSignatureException',
    'skewed clock without retries');
  const corrected = await client(skewed, { maxAttempts: 3 }).send(new DescribeInstanceProfilesCommand({}));
  check(corrected.InstanceProfiles.length === 3, 'SDK clock-skew correction succeeds against --clock-offset');

  // Global faults.
  await setFaults(endpoint, [{ type: 'throttle', everyNth: 1, count: 1 }]);
  await expectError(dms.send(new DescribeInstanceProfilesCommand({})), 'ThrottlingException', 'throttling');
  await setFaults(endpoint, [{ type: 'throttle', everyNth: 1, count: 1, status: 429, code: 'TooManyRequestsException' }]);
  await expectError(dms.send(new DescribeInstanceProfilesCommand({})), 'TooManyRequestsException', 'throttling 429');
  await setFaults(endpoint, [{ type: 'serverError', status: 503, count: 1 }]);
  const unavailable = await expectError(dms.send(new DescribeInstanceProfilesCommand({})), 'ServiceUnavailableException', '503');
  check(unavailable?.$fault === 'server', '503 is a server fault');
  await setFaults(endpoint, [{ type: 'serverError', status: 503, count: 2 }]);
  const retried = await client(endpoint, { maxAttempts: 3 }).send(new DescribeInstanceProfilesCommand({}));
  check(retried.$metadata.attempts === 3, `SDK retries a 5xx burst (${retried.$metadata.attempts} attempts)`);
  await setFaults(endpoint, [{ type: 'html502', count: 1 }]);
  const html = await dms.send(new DescribeInstanceProfilesCommand({})).catch((e) => e);
  check(html instanceof Error && html.$metadata?.httpStatusCode === 502, `HTML 502 is an error (${html?.name})`);
  await setFaults(endpoint, [{ type: 'connectionReset' }]);
  const reset = await dms.send(new DescribeInstanceProfilesCommand({})).catch((e) => e);
  check(reset instanceof Error && /ECONNRESET|socket hang up/i.test(`${reset.code} ${reset.message}`),
    `connection reset (${reset?.code ?? reset?.name})`);
  await setFaults(endpoint, [{ type: 'truncatedBody' }]);
  const truncated = await dms.send(new DescribeInstanceProfilesCommand({})).catch((e) => e);
  check(truncated instanceof Error, `truncated body is an error (${truncated?.name}: ${truncated?.message})`);
  await setFaults(endpoint, []);
  check((await dms.send(new DescribeInstanceProfilesCommand({}))).InstanceProfiles.length === 3, 'recovers after faults');

  // A custom endpoint under an escaped path: the SDK signs the path encoded twice, and so must the simulator.
  for (const prefix of ['/dms%20gw/', '/a%2Fb/']) {
    const prefixed = await client(`${endpoint}${prefix}`).send(new DescribeInstanceProfilesCommand({}));
    check(prefixed.InstanceProfiles.length === 3, `endpoint under ${prefix} verifies`);
  }

  await prerequisites(endpoint);
  await ssoChecks({ startSim, check, expectError });
  await ourCliTokenChecks({ startSim, check });

  const log = await (await fetch(`${endpoint}/__sim/requests`)).json();
  const sdkEntry = log.requests.find((r) => r.amzSdkInvocationId);
  check(sdkEntry && /attempt=\d+; max=\d+/.test(sdkEntry.amzSdkRequest), 'request log sees SDK headers');
  check(!JSON.stringify(log).includes('Signature='), 'request log has no Authorization');
}

// The prerequisites' services of the demo account (sim/README.md), through the official clients.
async function prerequisites(endpoint) {
  const account = '111122223333';
  const port = new URL(endpoint).port;
  const restricted = { accessKeyId: 'AKIADEMOEXTPACK00004', secretAccessKey: 'DemoSecretKey/ForTheDmsExtPackSimulator4' };
  const wrongSecret = { ...demo, secretAccessKey: 'WrongSecret/ForTheDmsExtPackSimulator111' };
  const logged = async () => (await (await fetch(`${endpoint}/__sim/requests`)).json()).requests;

  // S3, path style (forcePathStyle; an IP endpoint gets it anyway).
  const s3 = (extra = {}) => new S3Client({ region: 'us-east-1', endpoint, forcePathStyle: true, credentials: demo,
                                            maxAttempts: 1, ...extra });
  const versioning = (bucket, extra) => s3(extra).send(new GetBucketVersioningCommand({ Bucket: bucket }));
  check((await versioning('sc-demo-bucket')).Status === 'Enabled', 'S3 GetBucketVersioning: Enabled');
  check((await versioning('sc-demo-unversioned')).Status === 'Suspended', 'S3 GetBucketVersioning: Suspended');
  const noBucket = await expectError(versioning('sc-demo-deleted'), 'NoSuchBucket', 'S3 missing bucket');
  check(noBucket?.$metadata?.httpStatusCode === 404 && /^[0-9a-f-]{36}$/.test(noBucket?.$metadata?.requestId ?? ''),
    'S3 NoSuchBucket: 404 and x-amz-request-id in $metadata');
  const moved = await expectError(versioning('sc-demo-eu-west-1'), 'PermanentRedirect', 'S3 bucket in another region');
  check(moved?.$metadata?.httpStatusCode === 301, 'S3 PermanentRedirect is a 301');
  const followed = await versioning('sc-demo-eu-west-1', { followRegionRedirects: true });
  check(followed.Status === 'Enabled', 'S3 region redirect followed through x-amz-bucket-region, signed for eu-west-1');
  const location = await s3().send(new GetBucketLocationCommand({ Bucket: 'sc-demo-eu-west-1' }));
  check(location.LocationConstraint === 'eu-west-1', `S3 GetBucketLocation: eu-west-1 (${location.LocationConstraint})`);
  const home = await s3().send(new GetBucketLocationCommand({ Bucket: 'sc-demo-bucket' }));
  check(!home.LocationConstraint, `S3 GetBucketLocation: empty for us-east-1 (${home.LocationConstraint})`);
  await expectError(versioning('sc-demo-bucket', { credentials: wrongSecret }), 'SignatureDoesNotMatch', 'S3 wrong secret');

  // S3, virtual-hosted: the SDK puts the bucket in the host (sc-demo-bucket.localhost), which this
  // agent resolves to loopback as a resolver that knows *.localhost would.
  const lookup = (hostname, options, callback) => {
    if (options?.all) callback(null, [{ address: '127.0.0.1', family: 4 }]);
    else callback(null, '127.0.0.1', 4);
  };
  const virtualHosted = new S3Client({ region: 'us-east-1', endpoint: `http://localhost:${port}`, credentials: demo,
    maxAttempts: 1, requestHandler: { httpAgent: new http.Agent({ lookup }) } });
  const vh = await virtualHosted.send(new GetBucketVersioningCommand({ Bucket: 'sc-demo-unversioned' }));
  check(vh.Status === 'Suspended', 'S3 virtual-hosted GetBucketVersioning');
  const vhEntry = (await logged()).filter((r) => r.service === 's3').pop();
  check(vhEntry?.addressing === 'virtual-hosted' && vhEntry?.bucket === 'sc-demo-unversioned',
    `S3 request was virtual-hosted (${vhEntry?.addressing})`);

  // IAM: the trust policy arrives URL-encoded; the SDK does not decode it.
  const iam = (credentials = demo) => new IAMClient({ region: 'us-east-1', endpoint, credentials, maxAttempts: 1 });
  const principals = async (role) => {
    const r = await iam().send(new GetRoleCommand({ RoleName: role }));
    const policy = JSON.parse(decodeURIComponent(r.Role.AssumeRolePolicyDocument));
    return [].concat(policy.Statement[0].Principal.Service).join(',');
  };
  const role = await iam().send(new GetRoleCommand({ RoleName: 'dms-sc-s3-role' }));
  check(role.Role.Arn === `arn:aws:iam::${account}:role/dms-sc-s3-role` && role.Role.CreateDate instanceof Date,
    'IAM GetRole parses');
  check(await principals('dms-sc-s3-role') === 'dms.amazonaws.com,dms.us-east-1.amazonaws.com',
    'IAM GetRole: trust policy decodes to the DMS principals');
  check(await principals('dms-sc-untrusted-s3-role') === 'ec2.amazonaws.com', 'IAM GetRole: untrusting role');
  const noRole = await expectError(iam().send(new GetRoleCommand({ RoleName: 'dms-sc-nowhere' })),
    'NoSuchEntityException', 'IAM unknown role');
  check(noRole?.$metadata?.httpStatusCode === 404, 'IAM NoSuchEntity is a 404');
  const deniedRole = await expectError(iam().send(new GetRoleCommand({ RoleName: 'dms-sc-restricted-role' })),
    'AccessDenied', 'IAM GetRole denied on one role');
  check(/not authorized to perform: iam:GetRole/.test(deniedRole?.message ?? ''), 'IAM AccessDenied message');
  await expectError(iam(restricted).send(new GetRoleCommand({ RoleName: 'dms-sc-s3-role' })), 'AccessDenied',
    'IAM GetRole denied to a key');
  await expectError(iam(wrongSecret).send(new GetRoleCommand({ RoleName: 'dms-sc-s3-role' })), 'SignatureDoesNotMatch',
    'IAM wrong secret');
  const simulated = await iam().send(new SimulatePrincipalPolicyCommand({
    PolicySourceArn: `arn:aws:iam::${account}:role/dms-sc-untrusted-secrets-role`,
    ActionNames: ['secretsmanager:GetSecretValue', 's3:GetObject'],
    ResourceArns: [`arn:aws:secretsmanager:us-east-1:${account}:secret:vendor-secrets-role-untrusted-migration-target`] }));
  const decisions = simulated.EvaluationResults.map((r) => `${r.EvalActionName}=${r.EvalDecision}`).join(' ');
  check(decisions === 'secretsmanager:GetSecretValue=implicitDeny s3:GetObject=allowed',
    `IAM SimulatePrincipalPolicy (${decisions})`);

  // Secrets Manager.
  const sm = new SecretsManagerClient({ region: 'us-east-1', endpoint, credentials: demo, maxAttempts: 1 });
  const secretId = (project) => `arn:aws:secretsmanager:us-east-1:${account}:secret:${project}-target`;
  const healthy = await sm.send(new DescribeSecretCommand({ SecretId: secretId('erp-migration') }));
  check(healthy.Name === 'erp-migration-target' && healthy.ARN.startsWith(secretId('erp-migration') + '-') &&
    healthy.KmsKeyId?.startsWith(`arn:aws:kms:us-east-1:${account}:key/`) && healthy.DeletedDate === undefined &&
    healthy.CreatedDate instanceof Date, 'Secrets Manager DescribeSecret: healthy secret');
  const deleting = await sm.send(new DescribeSecretCommand({ SecretId: secretId('tax-secret-deleting-migration') }));
  check(deleting.DeletedDate instanceof Date && deleting.DeletedDate > new Date(), 'Secrets Manager: DeletedDate parses');
  const noSecret = await expectError(sm.send(new DescribeSecretCommand({ SecretId: 'nope-target' })),
    'ResourceNotFoundException', 'Secrets Manager unknown secret');
  check(noSecret?.message === "Secrets Manager can't find the specified secret.", 'Secrets Manager error Message');

  // KMS: a disabled key is described, not refused.
  const kms = (credentials = demo) => new KMSClient({ region: 'us-east-1', endpoint, credentials, maxAttempts: 1 });
  const disabledKeyId = (await sm.send(new DescribeSecretCommand({ SecretId: secretId('grants-key-disabled-migration') })))
    .KmsKeyId;
  const disabled = await kms().send(new DescribeKeyCommand({ KeyId: disabledKeyId }));
  check(disabled.KeyMetadata.KeyState === 'Disabled' && disabled.KeyMetadata.Enabled === false &&
    disabled.KeyMetadata.CreationDate instanceof Date, 'KMS DescribeKey: Disabled');
  const enabled = await kms().send(new DescribeKeyCommand({ KeyId: healthy.KmsKeyId }));
  check(enabled.KeyMetadata.KeyState === 'Enabled' && enabled.KeyMetadata.Enabled === true, 'KMS DescribeKey: Enabled');
  const alias = await kms().send(new DescribeKeyCommand({ KeyId: 'alias/dms-sc-disabled' }));
  check(alias.KeyMetadata.KeyId === disabled.KeyMetadata.KeyId, 'KMS DescribeKey by alias');
  await expectError(kms().send(new DescribeKeyCommand({ KeyId: '99999999-0000-4000-8000-000000000000' })),
    'NotFoundException', 'KMS unknown key');
  await expectError(kms(restricted).send(new DescribeKeyCommand({ KeyId: healthy.KmsKeyId })),
    'AccessDeniedException', 'KMS DescribeKey denied to a key');

  const services = new Set((await logged()).map((r) => r.service).filter(Boolean));
  check(['s3', 'iam', 'secretsmanager', 'kms'].every((s) => services.has(s)), 'request log names each service');
}

try {
  await main();
} catch (err) {
  failures++;
  console.error('FAIL: unexpected', err);
} finally {
  for (const c of children) c.kill('SIGTERM');
}
console.log(`${checks} checks, ${failures} failures`);
process.exit(failures === 0 ? 0 : 1);
