// Runs the official AWS JS SDK (@aws-sdk/client-database-migration-service, pinned in
// package.json) against the real dms-sim: every operation, paging, the waiter, clock-skew
// correction, and the exception class name of every fault. Exit code 0 = compatible.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
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

  const log = await (await fetch(`${endpoint}/__sim/requests`)).json();
  const sdkEntry = log.requests.find((r) => r.amzSdkInvocationId);
  check(sdkEntry && /attempt=\d+; max=\d+/.test(sdkEntry.amzSdkRequest), 'request log sees SDK headers');
  check(!JSON.stringify(log).includes('Signature='), 'request log has no Authorization');
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
