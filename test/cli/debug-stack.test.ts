import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
// `regauth resolve` runs from the offline bundle
const BUNDLE = join(ROOT, 'dist', 'src', 'cli', 'regauth-offline.bundle.cjs');
const MODULES = pathToFileURL(join(ROOT, 'dist', 'src', 'cli', 'main.js')).href;

/** An internal error (a number where the image belongs: no command line can give one) with --debug, run by the bundle or by the compiled modules. */
function internalError(bundled: boolean): string {
  const load = bundled
    ? `const { Script } = require('node:vm'); const f = ${JSON.stringify(BUNDLE)}; const m = { exports: {} }; new Script(require('node:fs').readFileSync(f, 'latin1'), { filename: f }).runInThisContext()(m.exports, require, m, f, require('node:path').dirname(f)); Promise.resolve(m.exports)`
    : `import(${JSON.stringify(MODULES)})`;
  const result = spawnSync(process.execPath, ['-e', `${load}.then((entries) => entries.main(['resolve', 123, '--debug']))`], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
  return result.stderr;
}

test('--debug after an internal error: the bundle says how to see the stack with the source\'s names, and that way shows them', () => {
  const bundled = internalError(true);
  assert.match(bundled, /regauth: internal error: /);
  assert.match(bundled, /the same command with REGAUTH_NO_BUNDLE=1 shows this stack with the names of the source/);
  const modules = internalError(false);
  assert.match(modules, /at parseImageRef \(/);
  assert.doesNotMatch(modules, /REGAUTH_NO_BUNDLE/);
});
