/**
 * Rewrites a config file through `safeWrite` as fast as it can until it is killed: the file
 * with one `auths` key renamed, then the original again, and so on. Prints "ready" before
 * the first write, so the killer can aim at the writes rather than at start-up.
 * Usage: writer-child <config.json> <key-a> <key-b> (the file holds one of the keys)
 */
import { applyEdits } from '../../src/config/edit.js';
import { readForEdit, safeWrite } from '../../src/config/safe-write.js';

const [path, keyA, keyB] = process.argv.slice(2);
if (path === undefined || keyA === undefined || keyB === undefined) {
  process.stderr.write('usage: writer-child <config.json> <key-a> <key-b>\n');
  process.exit(2);
}

// Never outlive a test run that went wrong.
setTimeout(() => process.exit(3), 10_000).unref();

// The edit is computed once, so the loop below is nothing but reads and safe writes.
const initial = (await readForEdit(path)).text ?? '';
const [from, to] = initial.includes(JSON.stringify(keyA)) ? [keyA, keyB] : [keyB, keyA];
const other = applyEdits(initial, [{ kind: 'rename-key', path: ['auths', from], newKey: to }]).text;

process.stdout.write('ready\n');
for (;;) {
  const file = await readForEdit(path);
  await safeWrite({ path, expectedOriginal: file.text, newText: file.text === initial ? other : initial, backup: false });
}
