import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { AUTH_FILE_HELPER, mergeCredentialHelpers, parseToml, readRegistriesConf } from './registries-conf.js';
import { locateRegistriesConf, type LocateEnvironment } from './locate.js';

test('credential-helpers: one line, several lines with comments and a trailing comma, literal strings', () => {
  assert.deepEqual(readRegistriesConf('/r', 'credential-helpers = ["pass", "containers-auth.json"]\n').credentialHelpers, ['pass', AUTH_FILE_HELPER]);
  const multi = readRegistriesConf('/r', "# helpers\ncredential-helpers = [\n  'secretservice', # first\n  \"containers-auth.json\",\n]\n\n[[registry]]\nprefix = \"quay.io/org\"\nlocation = \"quay.io/org\"\ninsecure = false\n\n[[registry.mirror]]\nlocation = \"mirror.example.com\"\n\n[aliases]\n\"app\" = \"quay.io/org/app\"\n");
  assert.equal(multi.error, null);
  assert.deepEqual(multi.credentialHelpers, ['secretservice', AUTH_FILE_HELPER]);
  assert.deepEqual(multi.credentialHelpersPos?.line, 2);
  assert.equal(readRegistriesConf('/r', 'unqualified-search-registries = ["docker.io"]\n').credentialHelpers, null);
});

test('the system files on this machine parse', () => {
  for (const path of ['/etc/containers/registries.conf', '/etc/containers/registries.conf.d/shortnames.conf']) {
    const view = readRegistriesConf(path, readFileSync(path, 'utf8'));
    assert.equal(view.error, null, `${path}: ${view.error?.message} at ${view.error?.pos.line}:${view.error?.pos.column}`);
  }
});

test('bad TOML is refused with the line and column', () => {
  const cases: Array<[string, number, number, RegExp]> = [
    ['credential-helpers = ["a",\n  , "b"]\n', 2, 3, /invalid value/],
    ['a = 1\na = 2\n', 2, 1, /defined twice/],
    ['credential-helpers = "pass"\n', 1, 1, /list of strings/],
    ['x = "unterminated\n', 1, 5, /unterminated string/],
    ['[aliases\n', 1, 9, /close the table header/],
    ['x = 1 y = 2\n', 1, 7, /end of the line/],
    ['x = """a"""\n', 1, 5, /multi-line/],
  ];
  for (const [text, line, column, message] of cases) {
    const view = readRegistriesConf('/r', text);
    assert.ok(view.error !== null, text);
    assert.match(view.error.message, message, text);
    assert.deepEqual([view.error.pos.line, view.error.pos.column], [line, column], text);
  }
});

test('TOML values: escapes, integers, booleans, inline tables, dotted keys', () => {
  const parsed = parseToml('a = "x\\ty\\u00e9"\nb = -12\nc = true\nd = { e = 1, f.g = "h" }\n[t.u]\nv = []\n');
  assert.ok(parsed.ok);
  assert.deepEqual(parsed.value, { a: 'x\tyé', b: -12, c: true, d: { e: 1, f: { g: 'h' } }, t: { u: { v: [] } } });
});

test('later files replace credential-helpers; an empty or missing list means the auth files only', () => {
  const main = readRegistriesConf('/main', 'credential-helpers = ["pass"]\n');
  const dropIn = readRegistriesConf('/d/50.conf', 'credential-helpers = ["secretservice", "containers-auth.json"]\n');
  const silent = readRegistriesConf('/d/60.conf', 'short-name-mode = "enforcing"\n');
  const emptied = readRegistriesConf('/d/70.conf', 'credential-helpers = []\n');
  assert.deepEqual(mergeCredentialHelpers([main, dropIn, silent]), { helpers: ['secretservice', AUTH_FILE_HELPER], origin: dropIn });
  assert.deepEqual(mergeCredentialHelpers([main, dropIn, emptied]).helpers, [AUTH_FILE_HELPER]);
  assert.deepEqual(mergeCredentialHelpers([]), { helpers: [AUTH_FILE_HELPER], origin: null });
});

function snapshot(files: string[], dirs: Record<string, string[]>, env: Record<string, string> = {}): LocateEnvironment {
  return {
    env: { HOME: '/home/u', ...env },
    homeDir: '/home/u',
    uid: 0,
    platform: 'linux',
    exists: (path) => files.includes(path),
    onPath: () => false,
    listDir: (path) => dirs[path]?.map((name) => ({ name, isDirectory: name.endsWith('/') })) ?? null,
  };
}

test('before 5.40: a per-user registries.conf replaces the system file and its drop-ins', () => {
  const dirs = { '/etc/containers/registries.conf.d': ['b.conf', 'a.conf', 'skip.txt', 'sub/'], '/home/u/.config/containers/registries.conf.d': ['c.conf'] };
  const system = locateRegistriesConf(snapshot([], dirs), { tool: 'podman', searchV2: false });
  assert.deepEqual(system.files.map((file) => file.path), [
    '/etc/containers/registries.conf',
    '/etc/containers/registries.conf.d/a.conf',
    '/etc/containers/registries.conf.d/b.conf',
    '/home/u/.config/containers/registries.conf.d/c.conf',
  ]);
  const user = locateRegistriesConf(snapshot(['/home/u/.config/containers/registries.conf'], dirs), { tool: 'skopeo', searchV2: false });
  assert.deepEqual(user.files.map((file) => file.path), ['/home/u/.config/containers/registries.conf', '/home/u/.config/containers/registries.conf.d/c.conf']);
  const env = { CONTAINERS_REGISTRIES_CONF: '/x.conf' };
  assert.deepEqual(locateRegistriesConf(snapshot([], {}, env), { tool: 'podman', searchV2: false }).files, [{ path: '/x.conf', role: 'main', mustExist: true }]);
  assert.deepEqual(locateRegistriesConf(snapshot([], {}, env), { tool: 'skopeo', searchV2: false }).files.map((file) => file.path), ['/etc/containers/registries.conf']);
});

test('from 5.40: the first main file found, drop-ins merged by name across directories, CONTAINERS_REGISTRIES_CONF alone', () => {
  const dirs = {
    '/usr/share/containers/registries.conf.d': ['a.conf', 'z.conf'],
    '/etc/containers/registries.conf.d': ['a.conf'],
    '/etc/containers/registries.rootful.conf.d': ['m.conf'],
    '/x/containers/registries.conf.d': ['z.conf'],
  };
  const located = locateRegistriesConf(snapshot(['/usr/share/containers/registries.conf'], dirs, { XDG_CONFIG_HOME: '/x' }), { tool: 'skopeo', searchV2: true });
  assert.deepEqual(located.files.map((file) => file.path), [
    '/usr/share/containers/registries.conf',
    '/etc/containers/registries.conf.d/a.conf',
    '/etc/containers/registries.rootful.conf.d/m.conf',
    '/x/containers/registries.conf.d/z.conf',
  ]);
  const env = locateRegistriesConf(snapshot([], dirs, { CONTAINERS_REGISTRIES_CONF: '/only.conf' }), { tool: 'skopeo', searchV2: true });
  assert.deepEqual(env.files, [{ path: '/only.conf', role: 'main', mustExist: true }]);
});

test('the quoted-pair shortcut reads every line as the general reader does, errors and positions included', () => {
  const pieces = ['"a"', '"b.c"', '"x y"', '""', '"""', '"\\t"', '"q\\"', "'lit'", 'key', '.', '=', ' = ', ' ', '\t', '#c', '\n', '\r\n', '[aliases]', '[[registry]]', '"v"', '""x', '1', 'true', '[', ']', ','];
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 14 }), (parts) => {
      const text = parts.join('');
      assert.deepEqual(parseToml(text), parseToml(text, { shortcuts: false }), JSON.stringify(text));
    }),
    { numRuns: 4000 },
  );
  const shortnames = ['[aliases]', '  "centos" = "quay.io/centos/centos"  # a comment', '"a/b"="docker.io/a/b"', '"bad" = """x"""', '"c" = "d"""'].join('\n');
  assert.deepEqual(parseToml(shortnames), parseToml(shortnames, { shortcuts: false }));
  const real = readFileSync('/etc/containers/registries.conf.d/shortnames.conf', 'utf8');
  assert.deepEqual(parseToml(real), parseToml(real, { shortcuts: false }));
});
