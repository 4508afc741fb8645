import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMMAND_NAMES } from '../../src/cli/command-table.js';
import { OFFLINE_COMMANDS } from '../../src/cli/offline-commands.js';
import { REGISTRY_COMMANDS } from '../../src/cli/registry-commands.js';
import { run } from '../testbed/process.js';
import { REGAUTH_BIN } from './support.js';
import { envWith, scratchDir, seededHome } from './support/scratch.js';

const COMMAND_BUNDLES = [
  { bundle: 'regauth-offline.bundle.cjs', commands: OFFLINE_COMMANDS },
  { bundle: 'regauth-registry.bundle.cjs', commands: REGISTRY_COMMANDS },
];

test('bin/regauth.js sends each smaller bundle exactly the commands it implements', () => {
  const text = readFileSync(REGAUTH_BIN, 'utf8');
  for (const { bundle, commands } of COMMAND_BUNDLES) {
    const declared = new RegExp(`bundle: join\\(CLI, '${bundle.replace(/\./g, '\\.')}'\\), commands: new Set\\((\\[[^\\]]*\\])\\)`).exec(text)?.[1];
    assert.ok(declared !== undefined, `${bundle} not found in bin/regauth.js`);
    assert.deepEqual((JSON.parse(declared.replace(/'/g, '"')) as string[]).sort(), Object.keys(commands).sort());
  }
});

test('every command runs from the bundle bin/regauth.js picks for it', async () => {
  const dir = scratchDir('bundles');
  const report = join(dir, 'bundle.txt');
  // the bundle that ran is the one whose source Node compiled through vm.Script
  const preload = join(dir, 'preload.cjs');
  writeFileSync(preload, [
    "const vm = require('node:vm');",
    'const Script = vm.Script;',
    `vm.Script = function (source, options) { require('node:fs').writeFileSync(${JSON.stringify(report)}, String(options.filename)); return new Script(source, options); };`,
  ].join('\n'));
  const { home } = seededHome('bundles');
  const env = envWith({ HOME: home, REGAUTH_NO_BUNDLE: undefined, NODE_OPTIONS: undefined });
  for (const name of COMMAND_NAMES) {
    const result = await run(process.execPath, ['--require', preload, REGAUTH_BIN, name, '--help'], { env });
    assert.equal(result.code, 0, `regauth ${name} --help: ${result.stderr}`);
    const bundle = readFileSync(report, 'utf8');
    const expected = COMMAND_BUNDLES.find(({ commands }) => Object.hasOwn(commands, name))?.bundle ?? 'regauth.bundle.cjs';
    assert.ok(bundle.endsWith(`/${expected}`), `regauth ${name} ran ${bundle}`);
  }
});
