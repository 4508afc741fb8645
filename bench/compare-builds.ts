/**
 * Two builds of regauth against each other on many config files: stdout, stderr and exit code of
 * `resolve`, `resolve --json --trace`, `ls`, `ls --json` and `doctor --offline` must be the same.
 * The files are ~/.docker/config.json of 10, 300 and 2,000 entries, plain ones and ones full of
 * what the decoders warn about (bad base64, duplicate keys, non-string fields, schemes, paths,
 * unicode, unknown and case-folded fields, credHelpers and credsStore, lone surrogates, a byte
 * order mark, trailing data, comments), with a podman auth.json beside some of them.
 *
 *   npx tsc -p . && node dist/bench/compare-builds.js OLD_BIN [NEW_BIN]
 *
 * OLD_BIN and NEW_BIN are bin/regauth.js of built checkouts (NEW_BIN: this one). Exits 1 on a
 * difference, printing the first lines where the outputs part.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cleanEnv } from './startup.js';

const HERE = dirname(fileURLToPath(import.meta.url));

/** A small deterministic generator: the same files on every run. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 0x100000000;
  };
}

const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');
const json = (value: unknown): string => JSON.stringify(value);

/** One `auths` member as JSON text (key and value), plain or odd. */
function entryText(index: number, odd: boolean, next: () => number): Array<[string, string]> {
  const host = `reg${index}.example.test:${5000 + (index % 1000)}`;
  const plain: [string, string] = [host, json({ auth: b64(`user${index}:pw-${index}`) })];
  if (!odd || next() < 0.5) return [plain];
  const oddities: Array<() => Array<[string, string]>> = [
    () => [[host, json({ auth: '!!not base64!!' })]],
    () => [[host, json({ auth: b64('no-colon') })]],
    () => [[host, json({ auth: b64(':empty-user') })]],
    () => [[host, json({ auth: b64(`user${index}:\u0000pw\u0000`) })]],
    () => [[host, json({ auth: b64(`user${index}:pw`), username: 'someone-else' })]],
    () => [[host, json({ auth: b64(`user${index}:pw`), username: `user${index}` })]],
    () => [[host, json({ username: `user${index}`, password: 'pw' })]],
    () => [[host, json({ identitytoken: `token-${index}` })]],
    () => [[host, json({ auth: b64(`user${index}:pw`), email: 'a@example.test' })]],
    () => [[host, json({ auth: b64(`user${index}:pw`), foo: 'bar' })]],
    () => [[host, json({ Auth: b64(`user${index}:pw`) })]],
    () => [[host, `{"auth": ${index}}`]],
    () => [[host, '{"auth": null}']],
    () => [[host, '{}']],
    () => [[host, '"a string"']],
    () => [plain, [host, json({ auth: b64(`user${index}:second`) })]],
    () => [[`https://${host}/v1/`, json({ auth: b64(`user${index}:pw`) })]],
    () => [[`http://${host}`, json({ auth: b64(`user${index}:pw`) })]],
    () => [[`${host}/ns/repo`, json({ auth: b64(`user${index}:pw`) })]],
    () => [[`rég${index}.example.test`, json({ auth: b64(`ü${index}:pässword`) })]],
    () => [[`${index}`, json({ auth: b64(`user${index}:pw`) })]],
    () => [[host, `{"auth": "${b64(`user${index}:pw`)}", "password": "\\ud800"}`]],
    () => [[host, json({ auth: b64(`user${index}:pw`).replace(/=+$/, '') })]],
    () => [[host, json({ auth: `${b64(`user${index}:pw`).slice(0, 4)}\n${b64(`user${index}:pw`).slice(4)}` })]],
    () => [['docker.io', json({ auth: b64(`hub${index}:pw`) })]],
    () => [['https://index.docker.io/v1/', json({ auth: b64(`hub${index}:pw`) })]],
    () => [['*.example.test', json({ auth: b64(`glob${index}:pw`) })]],
  ];
  return (oddities[Math.floor(next() * oddities.length)] as () => Array<[string, string]>)();
}

interface Config {
  name: string;
  text: string;
  /** a podman auth.json beside it */
  authJson: string | null;
}

function configFile(entries: number, odd: boolean, seed: number): Config {
  const next = random(seed);
  const members: string[] = [];
  for (let index = 1; index < entries; index += 1) for (const [key, value] of entryText(index, odd, next)) members.push(`\t\t${json(key)}: ${value}`);
  members.push(`\t\t"myreg.example.test": ${json({ auth: b64('alice:secret') })}`);
  const root: string[] = [`\t"auths": {\n${members.join(',\n')}\n\t}`];
  if (odd) {
    root.push(`\t"credHelpers": {"reg3.example.test:5003": "nosuchhelper", "reg5.example.test:5005": "", "myreg.example.test": "${next() < 0.5 ? '' : 'missinghelper'}"}`);
    if (next() < 0.5) root.push('\t"credsStore": "nosuchstore"');
    root.push('\t"psFormat": "table {{.ID}}"', '\t"proxies": {"default": {"httpProxy": "http://proxy.example.test:3128"}}', '\t"Auths": {}');
  }
  const authJson = odd ? `${json({ auths: { 'reg7.example.test:5007': { auth: b64('podman:pw') }, 'myreg.example.test/app': { auth: b64('bob:pw') } } })}\n` : null;
  return { name: `${entries} entries${odd ? ', odd' : ''}`, text: `{\n${root.join(',\n')}\n}\n`, authJson };
}

function configs(): Config[] {
  const list: Config[] = [];
  for (const [index, entries] of [10, 300, 2000].entries()) {
    list.push(configFile(entries, false, index + 1));
    list.push(configFile(entries, true, index + 101));
  }
  const small = configFile(10, false, 7).text;
  list.push({ name: 'byte order mark', text: `\ufeff${small}`, authJson: null });
  list.push({ name: 'trailing data', text: `${small}{"auths": {}}\n`, authJson: null });
  list.push({ name: 'comment and trailing comma', text: small.replace('{\n', '{\n\t// a comment\n').replace(/\n\t}\n}/, ',\n\t}\n}'), authJson: null });
  list.push({ name: 'credsStore only', text: '{"credsStore": "nosuchstore", "auths": {"myreg.example.test": {}}}\n', authJson: json({ auths: {} }) });
  list.push({ name: 'empty file', text: '', authJson: null });
  return list;
}

const COMMANDS: string[][] = [
  ['resolve', 'myreg.example.test/app'],
  ['resolve', 'reg7.example.test:5007/ns/app', '--json', '--trace'],
  ['resolve', 'myreg.example.test/app', '--json', '--trace'],
  ['resolve', 'alpine', '--json', '--trace'],
  ['resolve', 'myreg.example.test/app', '--client', 'podman'],
  ['ls'],
  ['ls', '--json'],
  ['doctor', '--offline'],
];

function run(bin: string, home: string, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [bin, ...args], { env: cleanEnv(home), cwd: home, encoding: 'utf8', timeout: 120_000, maxBuffer: 256 * 1024 * 1024 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function firstDifference(a: string, b: string): string {
  const left = a.split('\n');
  const right = b.split('\n');
  for (let line = 0; line < Math.max(left.length, right.length); line += 1) {
    if (left[line] !== right[line]) return `line ${line + 1}:\n  old: ${left[line] ?? '(none)'}\n  new: ${right[line] ?? '(none)'}`;
  }
  return '(same lines)';
}

export function compareBuilds(oldBin: string, newBin: string): number {
  let differences = 0;
  let compared = 0;
  for (const config of configs()) {
    const home = mkdtempSync(join(tmpdir(), 'regauth-compare-'));
    try {
      mkdirSync(join(home, '.docker'));
      writeFileSync(join(home, '.docker', 'config.json'), config.text);
      mkdirSync(join(home, 'run', 'containers'), { recursive: true, mode: 0o700 });
      if (config.authJson !== null) writeFileSync(join(home, 'run', 'containers', 'auth.json'), config.authJson);
      for (const args of COMMANDS) {
        const before = run(oldBin, home, args);
        const after = run(newBin, home, args);
        compared += 1;
        for (const part of ['status', 'stdout', 'stderr'] as const) {
          if (before[part] === after[part]) continue;
          differences += 1;
          process.stdout.write(`DIFFERENT ${part} of \`regauth ${args.join(' ')}\` on ${config.name}: ${part === 'status' ? `${before.status} → ${after.status}` : firstDifference(String(before[part]), String(after[part]))}\n`);
        }
      }
      process.stdout.write(`${config.name}: compared\n`);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  }
  process.stdout.write(`${compared} runs compared, ${differences} differences\n`);
  return differences;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [oldBin, newBin = resolve(HERE, '..', '..', 'bin', 'regauth.js')] = process.argv.slice(2);
  if (oldBin === undefined) {
    process.stderr.write('usage: node dist/bench/compare-builds.js OLD_BIN [NEW_BIN]\n');
    process.exit(2);
  }
  process.exit(compareBuilds(resolve(oldBin), resolve(newBin)) === 0 ? 0 : 1);
}
