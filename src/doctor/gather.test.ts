import assert from 'node:assert/strict';
import { chmod, copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CheckAccessOptions } from '../registry/index.js';
import { gatherFacts } from './gather.js';
import { runChecks } from './run-checks.js';
import { FIXTURES } from './scenario.test-support.js';

/** End to end on real files and a real helper process, offline or with a stand-in registry check. */

let root: string;

async function home(name: string, config: string | null, mode = 0o600): Promise<string> {
  const dir = join(root, name);
  await mkdir(join(dir, '.docker'), { recursive: true });
  if (config !== null) {
    await copyFile(join(FIXTURES, config), join(dir, '.docker', 'config.json'));
    await chmod(join(dir, '.docker', 'config.json'), mode);
  }
  return dir;
}

function env(homeDir: string, extraPath = ''): NodeJS.ProcessEnv {
  return { HOME: homeDir, PATH: `${extraPath}${extraPath === '' ? '' : ':'}/usr/local/bin:/usr/bin:/bin` };
}

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'regauth-doctor-'));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('gatherFacts', () => {
  it('the seed config: Hub-key finding at line 3 and the world-readable file', async () => {
    const dir = await home('seed', 'seed.json', 0o644);
    const facts = await gatherFacts({ env: env(dir), offline: true, daemonConfigPath: join(dir, 'no-daemon.json') });
    assert.equal(facts.docker.config.meta.path, join(dir, '.docker', 'config.json'));
    assert.equal(facts.docker.config.meta.mode, 0o644);
    const report = runChecks(facts);
    const hub = report.findings.find((finding) => finding.id === 'docker-hub-key-ignored');
    assert.equal(hub?.line, 3);
    assert.equal(hub?.file, join(dir, '.docker', 'config.json'));
    assert.ok(report.findings.some((finding) => finding.id === 'config-world-readable'));
    assert.ok(report.checked.clients.podman.files.some((file) => file.path === join(dir, '.docker', 'config.json') && file.exists));
  });

  it('no config at all: only the informational finding', async () => {
    const dir = await home('empty', null);
    const report = runChecks(await gatherFacts({ env: env(dir), offline: true }));
    assert.deepEqual(report.findings.map((finding) => finding.id), ['no-docker-config']);
  });

  it('runs helpers: a missing one and a failing one with its stderr', async () => {
    const dir = await home('helpers', null);
    const bin = join(dir, 'bin');
    await mkdir(bin);
    const helper = join(bin, 'docker-credential-broken');
    await writeFile(helper, '#!/bin/sh\necho "keyring is locked" >&2\nexit 1\n');
    await chmod(helper, 0o755);
    await writeFile(
      join(dir, '.docker', 'config.json'),
      JSON.stringify({ auths: { 'ghcr.io': {} }, credsStore: 'desktop', credHelpers: { 'ghcr.io': 'broken' } }, null, '\t'),
    );
    const facts = await gatherFacts({ env: env(dir, bin), offline: true, helperTimeoutMs: 3_000 });
    const report = runChecks(facts);
    const ids = report.findings.map((finding) => finding.id);
    assert.ok(ids.includes('helper-missing'), JSON.stringify(ids));
    const failing = report.findings.find((finding) => finding.id === 'helper-failing');
    assert.match(failing?.detail ?? '', /keyring is locked/);
  });

  it('online: hands the resolved credentials to the registry check and maps its verdict', async () => {
    const dir = await home('online', 'hub-correct.json');
    const seen: CheckAccessOptions[] = [];
    const facts = await gatherFacts({
      env: env(dir),
      image: 'alice/app',
      push: true,
      checkAccess: async (options) => {
        seen.push(options);
        return {
          registry: options.ref.registry,
          endpoint: 'https://registry-1.docker.io',
          authenticated: false,
          pull: 'unknown',
          push: 'unknown',
          problems: [{ id: 'bad-credentials', detail: 'incorrect username or password', summary: '' }],
          requests: 1,
          trace: [],
          authScheme: 'bearer',
          tokenGrant: null,
          rateLimit: null,
          durationMs: 1,
        };
      },
    });
    assert.equal(seen.length, 1);
    assert.equal(seen[0]?.credentials?.username, 'alice');
    assert.equal(seen[0]?.push, true);
    const login = runChecks(facts).findings.find((finding) => finding.id === 'registry-login-failed');
    assert.equal(login?.line, 3);
    assert.match(login?.detail ?? '', /incorrect username or password/);
  });
});
