// The token files our own `dms-extpack-cli sso login` writes, read by the official JS SDK's SSO
// credential provider (fromSSO): the same names and fields as the AWS CLI's, so a DBA who signs in
// with our CLI can use the AWS SDKs (and CLI) without signing in again. An sso_session profile
// and a legacy one, each signed in through the real program against dms-sim; the test plays the
// browser by approving the code the program prints. Then the other way round: the file the SDK
// rewrites when it refreshes our token is read by our program.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fromSSO } from '@aws-sdk/credential-provider-sso';
import { DatabaseMigrationServiceClient, DescribeInstanceProfilesCommand } from '@aws-sdk/client-database-migration-service';

const startUrl = 'https://d-1234567890.awsapps.com/start';

// Runs `dms-extpack-cli sso login ARGS` and approves the code it prints; resolves with its exit
// code and output.
function signIn(cli, args, env, endpoint) {
  return new Promise((resolve, reject) => {
    const child = spawn(cli, ['sso', 'login', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let approved = false;
    child.stdout.on('data', async (chunk) => {
      out += chunk;
      const m = /Then enter the code:\n\n([A-Z]{4}-[A-Z]{4})\n/.exec(out);
      if (m && !approved) {
        approved = true;
        await fetch(`${endpoint}/__sim/sso/approve`, { method: 'POST', headers: { 'Content-Type': 'application/json' },
                                                      body: JSON.stringify({ userCode: m[1] }) });
      }
    });
    child.stderr.on('data', (chunk) => { err += chunk; });
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, out, err }));
  });
}

export async function ourCliTokenChecks({ startSim, check }) {
  const cli = process.env.DMSX_CLI_BIN;
  check(Boolean(cli), 'DMSX_CLI_BIN names dms-extpack-cli');
  if (!cli) return;
  const work = mkdtempSync(join(tmpdir(), 'dmsx-sso-cli-compat-'));
  try {
    const scenarioFile = join(work, 'sso-cli.json');
    writeFileSync(scenarioFile, JSON.stringify({
      instanceProfiles: [{ name: 'sso-profile' }],
      ssoOidc: { interval: 0, accounts: [{ accountId: '111122223333', accountName: 'dba', roles: ['DmsOperator'] }] },
    }));
    const endpoint = await startSim(['--scenario', scenarioFile]);
    const home = join(work, 'home');
    mkdirSync(join(home, '.aws'), { recursive: true });
    writeFileSync(join(home, '.aws', 'config'), [
      '[profile dba]',
      'sso_session = corp',
      'sso_account_id = 111122223333',
      'sso_role_name = DmsOperator',
      'region = us-east-1',
      '',
      '[sso-session corp]',
      `sso_start_url = ${startUrl}`,
      'sso_region = us-east-1',
      'sso_registration_scopes = sso:account:access',
      '',
      '[profile legacy]',
      `sso_start_url = ${startUrl}`,
      'sso_region = us-east-1',
      'sso_account_id = 111122223333',
      'sso_role_name = DmsOperator',
      'region = us-east-1',
      '',
    ].join('\n'));
    const env = { PATH: process.env.PATH, HOME: home, LANG: 'C.UTF-8', AWS_ENDPOINT_URL: endpoint };

    const saved = { HOME: process.env.HOME, AWS_CONFIG_FILE: process.env.AWS_CONFIG_FILE,
                    AWS_ENDPOINT_URL: process.env.AWS_ENDPOINT_URL, AWS_PROFILE: process.env.AWS_PROFILE };
    try {
      for (const profile of ['dba', 'legacy']) {
        const run = await signIn(cli, ['--profile', profile, '--no-browser'], env, endpoint);
        check(run.code === 0 && run.out.endsWith(`Successfully logged into Start URL: ${startUrl}\n`),
          `dms-extpack-cli sso login --profile ${profile}${run.code === 0 ? '' : `: ${run.err}`}`);

        process.env.HOME = home;
        process.env.AWS_CONFIG_FILE = join(home, '.aws', 'config');
        process.env.AWS_ENDPOINT_URL = endpoint; // the portal; DMS gets its endpoint below
        delete process.env.AWS_PROFILE;
        await fetch(`${endpoint}/__sim/requests`, { method: 'DELETE' });
        try {
          const credentials = fromSSO({ profile });
          const dms = new DatabaseMigrationServiceClient({ region: 'us-east-1', endpoint, maxAttempts: 1, credentials });
          const profiles = await dms.send(new DescribeInstanceProfilesCommand({}));
          check(profiles.InstanceProfiles.length === 1,
            `fromSSO (${profile}) signs a DMS call with the token our CLI cached`);
          const log = (await (await fetch(`${endpoint}/__sim/requests`)).json()).requests;
          check(!log.some((r) => r.operation === 'CreateToken') &&
            log.some((r) => r.operation === 'GetRoleCredentials' && r.status === 200),
            `fromSSO (${profile}) used the cached token as it was, without signing in or refreshing`);
        } catch (e) {
          check(false, `fromSSO (${profile}) on the token our CLI cached: ${e.name}: ${e.message}`);
        }
      }

      // The SDK refreshes our token when it expires within 5 minutes and rewrites the file in its
      // own way (milliseconds in expiresAt); our program must go on with that file.
      const cacheFile = join(home, '.aws', 'sso', 'cache', `${createHash('sha1').update('corp').digest('hex')}.json`);
      const ours = JSON.parse(readFileSync(cacheFile, 'utf8'));
      writeFileSync(cacheFile, JSON.stringify({ ...ours,
        expiresAt: new Date(Date.now() + 2 * 60 * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z') }), { mode: 0o600 });
      // In a process of its own: the SDK tries a refresh at most every 30 s per process, and
      // sso.mjs has just refreshed one.
      const refreshed = await new Promise((resolve) => {
        const code = `
          import { fromSSO } from '@aws-sdk/credential-provider-sso';
          import { DatabaseMigrationServiceClient, DescribeInstanceProfilesCommand } from '@aws-sdk/client-database-migration-service';
          const dms = new DatabaseMigrationServiceClient({ region: 'us-east-1', endpoint: process.env.AWS_ENDPOINT_URL,
                                                           maxAttempts: 1, credentials: fromSSO({ profile: 'dba' }) });
          await dms.send(new DescribeInstanceProfilesCommand({}));`;
        const child = spawn(process.execPath, ['--input-type=module', '-e', code],
                            { cwd: dirname(fileURLToPath(import.meta.url)), stdio: ['ignore', 'inherit', 'pipe'],
                              env: { ...env, AWS_CONFIG_FILE: join(home, '.aws', 'config') } });
        let err = '';
        child.stderr.on('data', (chunk) => { err += chunk; });
        child.once('close', (status) => resolve({ status, err }));
      });
      check(refreshed.status === 0, `fromSSO refreshes our token in a fresh process${refreshed.status === 0 ? '' : `: ${refreshed.err}`}`);
      const sdks = JSON.parse(readFileSync(cacheFile, 'utf8'));
      check(sdks.accessToken !== ours.accessToken, 'fromSSO refreshed the token our CLI cached');
      const listed = await new Promise((resolve) => {
        const child = spawn(cli, ['projects', 'list', '--profile', 'dba', '--endpoint-url', endpoint],
                            { env, stdio: ['ignore', 'pipe', 'pipe'] });
        let err = '';
        child.stderr.on('data', (chunk) => { err += chunk; });
        child.once('close', (code) => resolve({ code, err }));
      });
      check(listed.code === 0, `dms-extpack-cli uses the token file the SDK rewrote${listed.code === 0 ? '' : `: ${listed.err}`}`);
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
