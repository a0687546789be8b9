// IAM Identity Center sign-in against dms-sim with the official JS SDK (same version as the
// other clients): SSO OIDC's device authorization with its error classes, the refresh grant,
// the portal's ListAccounts / ListAccountRoles / GetRoleCredentials / Logout, and then the
// SDK's own SSO credential provider (fromSSO) on an sso_session profile whose cached token,
// written here in the AWS CLI v2 format, is about to expire: the SDK must refresh it against
// the simulator and sign a DMS call with the role credentials.
import { createHash } from 'node:crypto';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  SSOOIDCClient,
  RegisterClientCommand,
  StartDeviceAuthorizationCommand,
  CreateTokenCommand,
} from '@aws-sdk/client-sso-oidc';
import {
  SSOClient,
  ListAccountsCommand,
  ListAccountRolesCommand,
  GetRoleCredentialsCommand,
  LogoutCommand,
  paginateListAccounts,
} from '@aws-sdk/client-sso';
import { fromSSO } from '@aws-sdk/credential-provider-sso';
import { DatabaseMigrationServiceClient, DescribeInstanceProfilesCommand } from '@aws-sdk/client-database-migration-service';

const startUrl = 'https://d-1234567890.awsapps.com/start';
const deviceGrant = 'urn:ietf:params:oauth:grant-type:device_code';

function scenario(ssoOidc) {
  const accounts = [];
  for (let i = 0; i < 3; i++) {
    accounts.push({ accountId: `11112222333${i}`, accountName: `dba-${i}`, emailAddress: `aws-${i}@example.com`,
                    roles: ['DmsOperator', 'ReadOnly'] });
  }
  return { instanceProfiles: [{ name: 'sso-profile' }], ssoOidc: { interval: 1, accounts, ...ssoOidc } };
}

async function post(endpoint, path, body) {
  return fetch(`${endpoint}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' },
                                       body: JSON.stringify(body) });
}

// RegisterClient and StartDeviceAuthorization as the AWS CLI does them for an sso_session.
async function startSignIn(oidc) {
  const registration = await oidc.send(new RegisterClientCommand({
    clientName: 'dmsx-sdk-compat', clientType: 'public', scopes: ['sso:account:access'] }));
  const authorization = await oidc.send(new StartDeviceAuthorizationCommand({
    clientId: registration.clientId, clientSecret: registration.clientSecret, startUrl }));
  const poll = () => oidc.send(new CreateTokenCommand({
    clientId: registration.clientId, clientSecret: registration.clientSecret, grantType: deviceGrant,
    deviceCode: authorization.deviceCode }));
  return { registration, authorization, poll };
}

export async function ssoChecks({ startSim, check, expectError }) {
  const work = mkdtempSync(join(tmpdir(), 'dmsx-sso-compat-'));
  try {
    await deviceFlowAndPortal({ startSim, check, expectError, work });
    await failures({ startSim, check, expectError, work });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

async function deviceFlowAndPortal({ startSim, check, expectError, work }) {
  const scenarioFile = join(work, 'sso.json');
  writeFileSync(scenarioFile, JSON.stringify(scenario({})));
  const endpoint = await startSim(['--scenario', scenarioFile]);
  const oidc = new SSOOIDCClient({ region: 'us-east-1', endpoint, maxAttempts: 1 });

  const { registration, authorization, poll } = await startSignIn(oidc);
  check(typeof registration.clientSecretExpiresAt === 'number' &&
    registration.clientSecretExpiresAt > registration.clientIdIssuedAt, 'RegisterClient: epoch-second times');
  check(/^[A-Z]{4}-[A-Z]{4}$/.test(authorization.userCode) && authorization.interval === 1 &&
    authorization.expiresIn === 600 && authorization.verificationUriComplete.includes(authorization.userCode),
    'StartDeviceAuthorization: user code, interval, expiry, complete URI');

  const pending = await expectError(poll(), 'AuthorizationPendingException', 'CreateToken before approval');
  check(pending?.error === 'authorization_pending' && pending?.$metadata?.httpStatusCode === 400,
    'AuthorizationPendingException carries error and status 400');
  const approved = await post(endpoint, '/__sim/sso/approve', { userCode: authorization.userCode });
  check(approved.status === 200, 'approve endpoint');
  let token;
  // Polled like a client, at the announced interval, until the approval shows.
  for (let attempt = 0; attempt < 10 && !token; attempt++) {
    try {
      token = await poll();
    } catch (err) {
      if (err.name !== 'AuthorizationPendingException') throw err;
      await new Promise((r) => setTimeout(r, authorization.interval * 1000));
    }
  }
  check(token?.tokenType === 'Bearer' && token.expiresIn === 28800 && token.accessToken && token.refreshToken,
    'CreateToken (device code): access and refresh token');

  const refreshed = await oidc.send(new CreateTokenCommand({
    clientId: registration.clientId, clientSecret: registration.clientSecret, grantType: 'refresh_token',
    refreshToken: token.refreshToken }));
  check(refreshed.accessToken && refreshed.accessToken !== token.accessToken &&
    refreshed.refreshToken && refreshed.refreshToken !== token.refreshToken, 'CreateToken (refresh token)');
  const badSecret = await expectError(oidc.send(new CreateTokenCommand({
    clientId: registration.clientId, clientSecret: 'wrong', grantType: 'refresh_token',
    refreshToken: refreshed.refreshToken })), 'InvalidClientException', 'CreateToken with a wrong secret');
  check(badSecret?.$metadata?.httpStatusCode === 401 && badSecret?.error === 'invalid_client',
    'InvalidClientException is 401 invalid_client');
  await expectError(oidc.send(new CreateTokenCommand({
    clientId: registration.clientId, clientSecret: registration.clientSecret, grantType: 'refresh_token',
    refreshToken: token.refreshToken })), 'InvalidGrantException', 'a spent refresh token');

  // The portal, with the refreshed token.
  const sso = new SSOClient({ region: 'us-east-1', endpoint, maxAttempts: 1 });
  const accessToken = refreshed.accessToken;
  const firstPage = await sso.send(new ListAccountsCommand({ accessToken, maxResults: 2 }));
  check(firstPage.accountList.length === 2 && firstPage.nextToken && firstPage.accountList[0].accountName === 'dba-0' &&
    firstPage.accountList[0].emailAddress === 'aws-0@example.com', 'ListAccounts: first page');
  const all = [];
  for await (const page of paginateListAccounts({ client: sso, pageSize: 2 }, { accessToken })) {
    all.push(...page.accountList);
  }
  check(all.map((a) => a.accountId).join(',') === '111122223330,111122223331,111122223332',
    'ListAccounts paginator walks every page');
  const roles = await sso.send(new ListAccountRolesCommand({ accessToken, accountId: '111122223331' }));
  check(roles.roleList.map((r) => `${r.accountId}/${r.roleName}`).join(',') ===
    '111122223331/DmsOperator,111122223331/ReadOnly', 'ListAccountRoles');
  const creds = await sso.send(new GetRoleCredentialsCommand({
    accessToken, accountId: '111122223331', roleName: 'DmsOperator' }));
  const rc = creds.roleCredentials;
  check(rc.accessKeyId.startsWith('ASIA') && rc.sessionToken && typeof rc.expiration === 'number',
    'GetRoleCredentials with an issued token');
  const dms = new DatabaseMigrationServiceClient({ region: 'us-east-1', endpoint, maxAttempts: 1,
    credentials: { accessKeyId: rc.accessKeyId, secretAccessKey: rc.secretAccessKey, sessionToken: rc.sessionToken } });
  const profiles = await dms.send(new DescribeInstanceProfilesCommand({}));
  check(profiles.InstanceProfiles.length === 1, 'the role credentials sign a DMS call');
  await expectError(sso.send(new GetRoleCredentialsCommand({ accessToken, accountId: '111122223331', roleName: 'Admin' })),
    'ForbiddenException', 'GetRoleCredentials for a role not granted');

  await sso.send(new LogoutCommand({ accessToken }));
  check(true, 'Logout');
  await expectError(sso.send(new ListAccountsCommand({ accessToken })), 'UnauthorizedException',
    'ListAccounts after Logout');
  await expectError(oidc.send(new CreateTokenCommand({
    clientId: registration.clientId, clientSecret: registration.clientSecret, grantType: 'refresh_token',
    refreshToken: refreshed.refreshToken })), 'InvalidGrantException', 'the refresh token after Logout');

  await fromSsoRefreshes({ endpoint, check, work, oidc });
}

// The SDK's credential provider on a token file in the AWS CLI v2 format that expires within its
// 5-minute refresh window: it must refresh against SSO OIDC, rewrite the file and get role credentials.
async function fromSsoRefreshes({ endpoint, check, work, oidc }) {
  const { registration, authorization, poll } = await startSignIn(oidc);
  await post(endpoint, '/__sim/sso/approve', { userCode: authorization.userCode });
  const token = await poll();

  const home = join(work, 'home');
  mkdirSync(join(home, '.aws', 'sso', 'cache'), { recursive: true });
  writeFileSync(join(home, '.aws', 'config'), [
    '[profile dba]',
    'sso_session = corp',
    'sso_account_id = 111122223332',
    'sso_role_name = DmsOperator',
    'region = us-east-1',
    '',
    '[sso-session corp]',
    `sso_start_url = ${startUrl}`,
    'sso_region = us-east-1',
    'sso_registration_scopes = sso:account:access',
    '',
  ].join('\n'));
  const cacheFile = join(home, '.aws', 'sso', 'cache', `${createHash('sha1').update('corp').digest('hex')}.json`);
  const isoSeconds = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
  writeFileSync(cacheFile, JSON.stringify({
    startUrl,
    region: 'us-east-1',
    accessToken: token.accessToken,
    expiresAt: isoSeconds(Date.now() + 2 * 60 * 1000),
    clientId: registration.clientId,
    clientSecret: registration.clientSecret,
    registrationExpiresAt: isoSeconds(registration.clientSecretExpiresAt * 1000),
    refreshToken: token.refreshToken,
  }), { mode: 0o600 });

  const saved = { HOME: process.env.HOME, AWS_CONFIG_FILE: process.env.AWS_CONFIG_FILE,
                  AWS_ENDPOINT_URL: process.env.AWS_ENDPOINT_URL, AWS_PROFILE: process.env.AWS_PROFILE };
  process.env.HOME = home;
  process.env.AWS_CONFIG_FILE = join(home, '.aws', 'config');
  process.env.AWS_ENDPOINT_URL = endpoint; // SSO OIDC and the portal; DMS gets its endpoint below
  delete process.env.AWS_PROFILE;
  try {
    await fetch(`${endpoint}/__sim/requests`, { method: 'DELETE' });
    const credentials = fromSSO({ profile: 'dba' });
    const dms = new DatabaseMigrationServiceClient({ region: 'us-east-1', endpoint, maxAttempts: 1, credentials });
    const profiles = await dms.send(new DescribeInstanceProfilesCommand({}));
    check(profiles.InstanceProfiles.length === 1, 'fromSSO (sso_session profile) credentials sign a DMS call');
    const log = (await (await fetch(`${endpoint}/__sim/requests`)).json()).requests;
    const refresh = log.find((r) => r.operation === 'CreateToken');
    check(refresh?.grantType === 'refresh_token' && refresh?.status === 200,
      'fromSSO refreshed the expiring token with the refresh grant');
    check(log.some((r) => r.operation === 'GetRoleCredentials' && r.status === 200),
      'fromSSO called GetRoleCredentials with the refreshed token');
    const rewritten = JSON.parse(readFileSync(cacheFile, 'utf8'));
    check(rewritten.accessToken !== token.accessToken && rewritten.refreshToken !== token.refreshToken &&
      Date.parse(rewritten.expiresAt) > Date.now() + 60 * 60 * 1000, 'the SDK rewrote the token file with the new token');
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

// The error classes a polling client meets that the first simulator could not show.
async function failures({ startSim, check, expectError, work }) {
  const file = join(work, 'failing.json');
  writeFileSync(file, JSON.stringify(scenario({ slowDownPolls: 1, refreshTokenExpired: true })));
  const endpoint = await startSim(['--scenario', file]);
  const oidc = new SSOOIDCClient({ region: 'us-east-1', endpoint, maxAttempts: 1 });

  const first = await startSignIn(oidc);
  await expectError(first.poll(), 'SlowDownException', 'CreateToken polled too fast');
  await post(endpoint, '/__sim/sso/approve', { userCode: first.authorization.userCode });
  const token = await first.poll();
  const expiredRefresh = await expectError(oidc.send(new CreateTokenCommand({
    clientId: first.registration.clientId, clientSecret: first.registration.clientSecret, grantType: 'refresh_token',
    refreshToken: token.refreshToken })), 'InvalidGrantException', 'an expired refresh token');
  check(expiredRefresh?.error === 'invalid_grant', 'InvalidGrantException carries invalid_grant');

  const denied = await startSignIn(oidc);
  await post(endpoint, '/__sim/sso/deny', { userCode: denied.authorization.userCode });
  await expectError(denied.poll(), 'SlowDownException', 'slow_down comes first');
  await expectError(denied.poll(), 'AccessDeniedException', 'CreateToken after the user denied');

  // The device code outlives its 600 s on the server clock.
  const late = await startSignIn(oidc);
  await post(endpoint, '/__sim/clock', { offsetSeconds: 601 });
  await expectError(late.poll(), 'ExpiredTokenException', 'CreateToken with an expired device code');
  await post(endpoint, '/__sim/clock', { offsetSeconds: 0 });
}
