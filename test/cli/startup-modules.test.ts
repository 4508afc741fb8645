import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from '../testbed/process.js';
import { REGAUTH_BIN } from './support.js';
import { envWith, scratchDir, seededHome } from './support/scratch.js';

/**
 * Each of Node's own modules costs start-up its compilation, and the network and crypto ones
 * bring dozens more (the stream stack, tls, crypto): commands that read files only must not load
 * them. Beyond what `node -e 0` loads, the bundle needs only vm (bin/regauth.js): the usual
 * command lines are read without parseArgs, and os is loaded only when $HOME is unset.
 */
const ALLOWED = new Set(['NativeModule vm']);

const OFFLINE_COMMANDS = [
  ['--version'],
  ['resolve', 'alice/app'],
  ['resolve', 'alice/app', '--json', '--trace'],
  ['resolve', 'alice/app', '--client', 'podman'],
  ['resolve', 'alice/app', '--client', 'kubelet'],
  ['resolve', 'alice/app', '--client', 'containerd'],
  ['ls'],
  ['get', 'docker.io'],
];

test('commands that read files only load no more of Node than vm', async () => {
  const main = join(REGAUTH_BIN, '..', '..', 'dist', 'src', 'cli', 'main.js');
  for (const bundle of ['regauth.bundle.cjs', 'regauth-offline.bundle.cjs', 'regauth-registry.bundle.cjs']) {
    const file = join(REGAUTH_BIN, '..', '..', 'dist', 'src', 'cli', bundle);
    assert.ok(statSync(file).mtimeMs >= statSync(main).mtimeMs, `${bundle} is older than the compiled modules: run \`npm run build\``);
  }
  const dir = scratchDir('startup-modules');
  const report = join(dir, 'loaded.json');
  const preload = join(dir, 'preload.cjs');
  writeFileSync(preload, [
    'const before = new Set(process.moduleLoadList);',
    `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(report)}, JSON.stringify(process.moduleLoadList.filter((name) => !before.has(name)))));`,
  ].join('\n'));
  const { home } = seededHome('startup-modules');
  const env = envWith({ HOME: home, DOCKER_CONFIG: undefined, REGAUTH_NO_BUNDLE: undefined, NODE_OPTIONS: undefined });
  for (const args of OFFLINE_COMMANDS) {
    // a first run asks the installed clients their release (a child process) and caches the answer
    await run(process.execPath, [REGAUTH_BIN, ...args], { env });
    const result = await run(process.execPath, ['--require', preload, REGAUTH_BIN, ...args], { env });
    assert.ok(result.code === 0 || result.code === 1, `regauth ${args.join(' ')}: ${result.stderr}`);
    const loaded = JSON.parse(readFileSync(report, 'utf8')) as string[];
    assert.deepEqual(loaded.filter((name) => !ALLOWED.has(name)), [], `regauth ${args.join(' ')} loaded more of Node than it needs`);
  }
});
