import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { isRegauthError } from '../util/errors.js';
import { secret } from '../util/secret.js';
import { applyEdits, detectStyle, type Edit, type TextStyle } from './edit.js';

const FIXTURES = fileURLToPath(new URL('../../../src/config/fixtures/write/', import.meta.url));

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

function fixture(name: string): string {
  return readFileSync(join(FIXTURES, name), 'utf8');
}

function linesOf(text: string, style: TextStyle): string[] {
  return text.split(style.eol);
}

/** The lines that differ between two texts, after the common first and last lines. */
function changedRegion(before: string, after: string, style: TextStyle): { removed: string[]; added: string[] } {
  const a = linesOf(before, style);
  const b = linesOf(after, style);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start += 1;
  let end = 0;
  while (end < a.length - start && end < b.length - start && a[a.length - 1 - end] === b[b.length - 1 - end]) end += 1;
  return { removed: a.slice(start, a.length - end), added: b.slice(start, b.length - end) };
}

function assertStyleKept(before: string, after: string, style: TextStyle): void {
  if (style.eol === '\r\n') assert.equal(after.replace(/\r\n/g, '').includes('\n'), false, 'a bare LF in a CRLF file');
  else assert.equal(after.includes('\r'), false, 'a CR in an LF file');
  assert.equal(after.endsWith('\n'), before.endsWith('\n'), 'trailing newline changed');
  for (const line of linesOf(after, style)) {
    const indent = /^[ \t]*/.exec(line)?.[0] ?? '';
    if (style.indent !== '\t') assert.equal(indent.includes('\t'), false, `tab indent in a space-indented file: ${JSON.stringify(line)}`);
    else assert.equal(indent.includes(' '), false, `space indent in a tab-indented file: ${JSON.stringify(line)}`);
  }
}

const FORMAT_FIXTURES = readdirSync(FIXTURES)
  .filter((name) => name.endsWith('.json'))
  .sort();

describe('detectStyle', () => {
  test('finds indentation, line ending and falls back to Docker style', () => {
    assert.deepEqual(detectStyle(fixture('tabs.json')), { indent: '\t', eol: '\n', colon: ': ' });
    assert.deepEqual(detectStyle(fixture('docker-output.json')), { indent: '\t', eol: '\n', colon: ': ' });
    assert.deepEqual(detectStyle(fixture('spaces2.json')), { indent: '  ', eol: '\n', colon: ': ' });
    assert.deepEqual(detectStyle(fixture('spaces4.json')), { indent: '    ', eol: '\n', colon: ': ' });
    assert.deepEqual(detectStyle(fixture('crlf.json')), { indent: '  ', eol: '\r\n', colon: ': ' });
    assert.deepEqual(detectStyle('{"auths":{}}'), { indent: '\t', eol: '\n', colon: ':' });
  });

  test('the CRLF fixture really has CRLF line endings (guards against checkout conversion)', () => {
    assert.match(fixture('crlf.json'), /\r\n/);
  });
});

describe('applyEdits on formatting fixtures', () => {
  for (const name of FORMAT_FIXTURES) {
    describe(name, () => {
      const original = fixture(name);
      const style = detectStyle(original);
      const parsed = JSON.parse(original) as JsonObject;
      const auths = parsed['auths'] as JsonObject;
      const authKeys = Object.keys(auths);
      const firstKey = authKeys[0] ?? '';
      const lastKey = authKeys.at(-1) ?? '';

      test('no edits: byte-identical', () => {
        assert.deepEqual(applyEdits(original, []), { text: original, changed: false });
      });

      test('rename-key changes exactly the key on one line, value and position kept', () => {
        const result = applyEdits(original, [{ kind: 'rename-key', path: ['auths', firstKey], newKey: 'docker.io' }]);
        assert.equal(result.changed, true);
        const region = changedRegion(original, result.text, style);
        assert.equal(region.removed.length, 1);
        assert.equal(region.added.length, 1);
        assert.equal(region.added[0], region.removed[0]?.replace(JSON.stringify(firstKey), '"docker.io"'));
        const after = JSON.parse(result.text) as JsonObject;
        assert.deepEqual(Object.keys(after['auths'] as JsonObject), authKeys.map((key) => (key === firstKey ? 'docker.io' : key)));
        assert.deepEqual((after['auths'] as JsonObject)['docker.io'], auths[firstKey]);
        assertStyleKept(original, result.text, style);
      });

      test('delete-key removes only the entry (and the comma before it)', () => {
        const result = applyEdits(original, [{ kind: 'delete-key', path: ['auths', lastKey] }]);
        const expected = structuredClone(parsed);
        delete (expected['auths'] as JsonObject)[lastKey];
        assert.deepEqual(JSON.parse(result.text), expected);
        const region = changedRegion(original, result.text, style);
        for (const line of region.added) {
          if (authKeys.length === 1 && line.trim() === '"auths": {},') continue; // emptied: `{}` as Docker writes it
          const source = region.removed.find((removed) => removed.replace(/,$/, '') === line.replace(/,$/, ''));
          assert.notEqual(source, undefined, `unexpected new line ${JSON.stringify(line)}`);
        }
        assertStyleKept(original, result.text, style);
      });

      test('set adds a credHelpers entry in the file style, touching nothing else', () => {
        const result = applyEdits(original, [{ kind: 'set', path: ['credHelpers', 'ghcr.io'], value: 'pass' }]);
        const expected = structuredClone(parsed);
        (expected['credHelpers'] as JsonObject)['ghcr.io'] = 'pass';
        assert.deepEqual(JSON.parse(result.text), expected);
        const region = changedRegion(original, result.text, style);
        assert.ok(region.removed.length <= 1, `removed ${JSON.stringify(region.removed)}`);
        // on its own line in pretty-printed objects, inline in one-line objects
        assert.ok(region.added.some((line) => line.trim() === '"ghcr.io": "pass"' || line.includes('"gcr.io": "gcloud", "ghcr.io": "pass"}')));
        assertStyleKept(original, result.text, style);
      });

      test('set with a Secret writes the real value into the text', () => {
        const auth = secret(Buffer.from('bob:s3cr3t<&>').toString('base64'));
        const result = applyEdits(original, [{ kind: 'set', path: ['auths', 'new.example:5000'], value: { auth, email: 'bob@example.com' } }]);
        const after = JSON.parse(result.text) as JsonObject;
        assert.deepEqual((after['auths'] as JsonObject)['new.example:5000'], { auth: auth.reveal(), email: 'bob@example.com' });
        assert.equal(result.text.includes('[redacted]'), false);
        assertStyleKept(original, result.text, style);
      });
    });
  }

  test("Docker's own output: rename gives exactly the expected text", () => {
    const original = fixture('docker-output.json');
    const result = applyEdits(original, [{ kind: 'rename-key', path: ['auths', 'registry.example.com'], newKey: 'registry.example.com:443' }]);
    assert.equal(result.text, original.replace('\t\t"registry.example.com": {', '\t\t"registry.example.com:443": {'));
    assert.equal(result.text.endsWith('}'), true);
  });

  test('unknown fields survive every kind of edit byte for byte', () => {
    const original = fixture('unknown-fields.json');
    const result = applyEdits(original, [
      { kind: 'rename-key', path: ['auths', 'registry-1.docker.io'], newKey: 'docker.io' },
      { kind: 'remove', path: ['auths', 'localhost:5000', 'email'] },
      { kind: 'delete-key', path: ['credHelpers', 'gcr.io'] },
      { kind: 'set', path: ['credsStore'], value: 'pass' },
    ]);
    for (const line of [
      '  "HttpHeaders": {"X-Meta-Source": "ci", "User-Agent": "custom/1.0"},',
      '  "psFormat": "table {{.ID}}\\t{{.Names}}",',
      '  "proxies": {"default": {"httpProxy": "http://127.0.0.1:3128", "noProxy": "localhost,127.0.0.1"}},',
      '  "currentContext": "rootless",',
      '  "plugins": {"buildx": {"settings": "x"}, "-x-cli-hints": {"enabled": "false"}},',
      '    "https://index.docker.io/v1/": {"auth": "aHViOmh1YnBhc3M=", "email": "hub@example.com"},',
    ]) {
      assert.ok(result.text.includes(line + '\n'), `lost ${line}`);
    }
    assert.ok(result.text.includes('    "docker.io": {"auth": "dXNlcjpwYXNz"},\n'));
    assert.ok(result.text.includes('  "credsStore": "pass",\n'));
  });
});

describe('applyEdits semantics', () => {
  test('rename keeps the position among its siblings', () => {
    const text = '{"auths": {"a": {"auth": "x"}, "b": {}, "c": 1}}';
    assert.equal(applyEdits(text, [{ kind: 'rename-key', path: ['auths', 'b'], newKey: 'bb' }]).text, '{"auths": {"a": {"auth": "x"}, "bb": {}, "c": 1}}');
  });

  test('rename refuses a missing source and an existing target', () => {
    const text = '{"auths": {"a": {}, "b": {}}}';
    for (const edit of [
      { kind: 'rename-key', path: ['auths', 'zzz'], newKey: 'y' },
      { kind: 'rename-key', path: ['auths', 'a'], newKey: 'b' },
      { kind: 'rename-key', path: ['credHelpers', 'a'], newKey: 'b' },
    ] satisfies Edit[]) {
      assert.throws(() => applyEdits(text, [edit]), (error) => isRegauthError(error) && error.code === 'E_EDIT_INVALID');
    }
  });

  test('duplicate keys: rename renames every copy, delete deletes every copy, set keeps the last (the one Go reads)', () => {
    const text = '{\n  "auths": {\n    "a": {"auth": "first"},\n    "b": {},\n    "a": {"auth": "last"}\n  }\n}';
    const renamed = applyEdits(text, [{ kind: 'rename-key', path: ['auths', 'a'], newKey: 'c' }]).text;
    assert.equal(renamed, text.replace(/"a"/g, '"c"'));
    const deleted = applyEdits(text, [{ kind: 'delete-key', path: ['auths', 'a'] }]).text;
    assert.deepEqual(JSON.parse(deleted), { auths: { b: {} } });
    const set = applyEdits(text, [{ kind: 'set', path: ['auths', 'a'], value: { auth: 'new' } }]).text;
    assert.equal(set, '{\n  "auths": {\n    "b": {},\n    "a": {\n      "auth": "new"\n    }\n  }\n}');
    assert.throws(
      () => applyEdits(text, [{ kind: 'set', path: ['auths', 'a', 'email'], value: 'x' }]),
      (error) => isRegauthError(error) && error.code === 'E_EDIT_INVALID' && error.message.includes('more than once'),
    );
  });

  test('set to the current value and delete of a missing key change nothing', () => {
    const text = fixture('unknown-fields.json');
    const result = applyEdits(text, [
      { kind: 'set', path: ['proxies'], value: { default: { httpProxy: 'http://127.0.0.1:3128', noProxy: 'localhost,127.0.0.1' } } },
      { kind: 'delete-key', path: ['auths', 'nope'] },
      { kind: 'remove', path: ['nothing', 'here'] },
      { kind: 'rename-key', path: ['auths', 'localhost:5000'], newKey: 'localhost:5000' },
    ]);
    assert.deepEqual(result, { text, changed: false });
  });

  test('an empty or missing file becomes a Docker-style document', () => {
    for (const empty of ['', '\n', '  ']) {
      const result = applyEdits(empty, [{ kind: 'set', path: ['auths', 'localhost:5000'], value: { auth: secret('YTpi') } }]);
      assert.equal(result.text, '{\n\t"auths": {\n\t\t"localhost:5000": {\n\t\t\t"auth": "YTpi"\n\t\t}\n\t}\n}');
    }
    assert.deepEqual(applyEdits('', [{ kind: 'delete-key', path: ['auths', 'x'] }]), { text: '', changed: false });
  });

  test('remove can drop an array element', () => {
    const text = '{\n  "list": [1, 2, 3]\n}\n';
    assert.deepEqual(JSON.parse(applyEdits(text, [{ kind: 'remove', path: ['list', 1] }]).text), { list: [1, 3] });
  });

  test('refuses to edit broken JSON, with a position', () => {
    assert.throws(
      () => applyEdits('{\n  "auths": {,}\n}', [{ kind: 'set', path: ['credsStore'], value: 'pass' }]),
      (error) => isRegauthError(error) && error.code === 'E_CONFIG_PARSE' && error.line === 2,
    );
    assert.throws(() => applyEdits('{"a": 1} // note', [{ kind: 'delete-key', path: ['a'] }]), (error) => isRegauthError(error) && error.code === 'E_CONFIG_PARSE');
  });

  test('refuses to set below a value that is not an object', () => {
    assert.throws(
      () => applyEdits('{"auths": "nope"}', [{ kind: 'set', path: ['auths', 'x'], value: {} }]),
      (error) => isRegauthError(error) && error.code === 'E_EDIT_INVALID',
    );
  });
});

// ---- property tests: JSON rendered in random styles ----

interface RenderStyle {
  indent: string;
  eol: '\n' | '\r\n';
  colon: string;
  trailingNewline: boolean;
}

function render(value: Json, style: RenderStyle, depth = 0): string {
  const pad = style.indent.repeat(depth + 1);
  const closePad = style.indent.repeat(depth);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[${style.eol}${value.map((item) => pad + render(item, style, depth + 1)).join(`,${style.eol}`)}${style.eol}${closePad}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 0) return '{}';
    const body = entries.map(([key, item]) => `${pad}${JSON.stringify(key)}${style.colon}${render(item, style, depth + 1)}`);
    return `{${style.eol}${body.join(`,${style.eol}`)}${style.eol}${closePad}}`;
  }
  return JSON.stringify(value);
}

function renderDocument(value: JsonObject, style: RenderStyle): string {
  return render(value, style) + (style.trailingNewline ? style.eol : '');
}

const renderStyle = fc.record({
  indent: fc.constantFrom('\t', '  ', '    ', '   '),
  eol: fc.constantFrom('\n' as const, '\r\n' as const),
  colon: fc.constantFrom(': ', ':'),
  trailingNewline: fc.boolean(),
});

const keyArb = fc.string({ maxLength: 8 }).filter((key) => key !== '__proto__');
const jsonArb: fc.Arbitrary<Json> = fc.letrec<{ value: Json }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    fc.string({ maxLength: 10 }),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(keyArb, tie('value'), { maxKeys: 4, noNullPrototype: true }),
  ),
})).value;
const documentArb = fc.dictionary(keyArb, jsonArb, { maxKeys: 5, noNullPrototype: true });

describe('property: formatting is preserved', () => {
  test('no-op edits give byte-identical text (10,000 documents in random styles)', () => {
    fc.assert(
      fc.property(documentArb, renderStyle, fc.nat(), (document, style, pick) => {
        const text = renderDocument(document, style);
        const keys = Object.keys(document);
        const edits: Edit[] = [{ kind: 'delete-key', path: ['\u0000absent'] }];
        const key = keys[pick % Math.max(keys.length, 1)];
        if (key !== undefined) {
          edits.push({ kind: 'set', path: [key], value: document[key] ?? null });
          edits.push({ kind: 'rename-key', path: ['auths', key], newKey: key });
        }
        assert.deepEqual(applyEdits(text, edits), { text, changed: false });
      }),
      { numRuns: 10_000 },
    );
  });

  test('a real edit changes the content as asked and keeps the style (2,000 documents)', () => {
    fc.assert(
      fc.property(documentArb, renderStyle, keyArb, jsonArb, fc.boolean(), (document, style, key, value, remove) => {
        const text = renderDocument(document, style);
        const expected: JsonObject = { ...document };
        let edit: Edit;
        if (remove) {
          delete expected[key];
          edit = { kind: 'delete-key', path: [key] };
        } else {
          expected[key] = value;
          edit = { kind: 'set', path: [key], value };
        }
        const result = applyEdits(text, [edit]);
        assert.deepEqual(JSON.parse(result.text), expected);
        const detected = detectStyle(text);
        if (result.changed && Object.keys(document).length > 0) {
          assert.equal(result.text.endsWith(style.eol), style.trailingNewline);
          if (style.eol === '\n') assert.equal(result.text.includes('\r'), false);
          else assert.equal(result.text.replace(/\r\n/g, '').includes('\n'), false);
          assert.equal(detected.indent, style.indent);
          assert.equal(detected.colon, style.colon);
        }
      }),
      { numRuns: 2_000 },
    );
  });
});

describe('edits of files with many duplicate keys', () => {
  test('rename, delete and set touch every copy in one pass: 20,000 copies, exact result', () => {
    const copies = 20_000;
    const entries = Array.from({ length: copies }, (_, index) => `    "docker.io": {"auth": "${Buffer.from(`u${index}:p`).toString('base64')}"}`);
    const text = `{\n  "auths": {\n${entries.join(',\n')},\n    "other.example": {}\n  }\n}\n`;
    const renamed = applyEdits(text, [{ kind: 'rename-key', path: ['auths', 'docker.io'], newKey: 'https://index.docker.io/v1/' }]).text;
    assert.equal(renamed, text.split('"docker.io"').join('"https://index.docker.io/v1/"'));
    const deleted = applyEdits(text, [{ kind: 'delete-key', path: ['auths', 'docker.io'] }]).text;
    assert.equal(deleted, '{\n  "auths": {\n    "other.example": {}\n  }\n}\n');
    const set = applyEdits(text, [{ kind: 'set', path: ['auths', 'docker.io'], value: { auth: 'bmV3OnB3' } }]).text;
    assert.deepEqual(JSON.parse(set), { auths: { 'docker.io': { auth: 'bmV3OnB3' }, 'other.example': {} } });
    assert.equal((set.match(/"docker\.io"/g) ?? []).length, 1, 'only the last copy (the one Go reads) is kept');
  });

  test('removing copies at the start, middle and end keeps the commas right', () => {
    const text = '{"a": 1, "x": 2, "b": 3, "x": 4, "x": 5}';
    assert.equal(applyEdits(text, [{ kind: 'delete-key', path: ['x'] }]).text, '{"a": 1, "b": 3}');
    assert.equal(applyEdits('{"x": 1, "x": 2, "a": 3}', [{ kind: 'delete-key', path: ['x'] }]).text, '{"a": 3}');
    assert.equal(applyEdits('{"x": 1, "x": 2}', [{ kind: 'delete-key', path: ['x'] }]).text, '{}');
  });
});
