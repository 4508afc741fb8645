/**
 * A generated corpus of credential set-ups for podman/skopeo/buildah: auth files in every place
 * containers/image reads (XDG_RUNTIME_DIR, XDG_CONFIG_HOME or ~/.config, DOCKER_CONFIG or
 * ~/.docker, ~/.dockercfg, REGISTRY_AUTH_FILE, --authfile), every key spelling, empty and broken
 * entries, credHelpers, credsStore, registries.conf credential-helpers, and images in both
 * grammars. Deterministic: the same seed gives the same cases.
 */
import { chmodSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { seededRandom } from '../support/random.js';

export interface CorpusCase {
  id: string;
  image: string;
  /** path relative to the case home → file text; a trailing "/" makes a directory */
  files: Record<string, string>;
  /** values may use $HOME (the stable home path) */
  env: Record<string, string>;
  /** --authfile, relative to the home */
  authFile?: string;
  /** a registry looked up on its own (GetCredentials with a host[:port] key, as `podman login --get-login` does) instead of the image */
  key?: string;
  /** helper answers: server → username ("<token>" answers with an identity token; text starting with "{" is the helper's whole answer) */
  helperAnswers: Record<string, string>;
}

const HEX = 'a'.repeat(64);
const IMAGES = [
  'alice/app',
  'docker.io/alice/app',
  'index.docker.io/alice/app:1.0',
  'registry-1.docker.io/alice/app',
  'ubuntu',
  'docker.io/library/ubuntu:22.04',
  'quay.io/org/app',
  'quay.io/org/team/app:v1',
  'quay.io/organization/app',
  `quay.io/org/app@sha256:${HEX}`,
  `quay.io/org/app:v1@sha256:${HEX}`,
  'myreg.example.com:5000/app',
  'myreg.example.com/app',
  'localhost:5000/x/y',
  'localhost/app',
  'MyReg.Example.com/app',
  'Foo/bar',
  'LOCALDOMAIN/x',
  '[::1]:5000/x',
  'quay.io/Org/app',
  'alice/app@sha256:abc',
];

const KEYS = [
  'docker.io',
  'index.docker.io',
  'https://index.docker.io/v1/',
  'https://index.docker.io/v1',
  'registry-1.docker.io',
  'http://registry-1.docker.io/v2/',
  'docker.io/alice',
  'docker.io/alice/app',
  'docker.io/library/ubuntu',
  'quay.io',
  'QUAY.IO',
  'https://quay.io',
  'https://quay.io/org',
  'quay.io/org',
  'quay.io/org/app',
  'quay.io/org/team',
  'myreg.example.com:5000',
  'https://myreg.example.com:5000/v2/',
  'myreg.example.com',
  'MyReg.Example.com',
  'localhost:5000',
  'localhost:5000/x',
  'localhost',
  'http://localhost:5000',
];

const REGISTRIES = ['docker.io', 'quay.io', 'myreg.example.com:5000', 'myreg.example.com', 'localhost:5000', 'localhost', 'MyReg.Example.com'];


const b64 = (text: string): string => Buffer.from(text).toString('base64');

export function generateCorpus(count: number, seed = 11): CorpusCase[] {
  const next = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const chance = (p: number): boolean => next() < p;
  let user = 0;
  const entry = (): unknown => {
    user += 1;
    const name = `u${user}`;
    const roll = next();
    if (roll < 0.55) return { auth: b64(`${name}:pw-${name}`) };
    if (roll < 0.62) return { auth: b64(`${name}:pw`), identitytoken: `token-${name}` };
    if (roll < 0.68) return {};
    if (roll < 0.73) return { auth: b64(`${name}-no-colon`) };
    if (roll < 0.77) return { auth: 'not base64!' };
    if (roll < 0.81) return { username: name, password: 'pw' };
    if (roll < 0.86) return { auth: b64(`:pw-${name}`) };
    if (roll < 0.89) return { auth: b64(`${name}:`) };
    if (roll < 0.93) return { Auth: b64(`${name}:pw`) };
    return { auth: b64(`${name}:pw`), email: 'x@example.com' };
  };
  const authFile = (legacy: boolean): string => {
    const roll = next();
    if (roll < 0.04) return 'garbage';
    if (roll < 0.06) return '';
    if (roll < 0.08) return legacy ? '[]' : '{"auths": []}';
    const auths: Record<string, unknown> = {};
    const keys = 1 + Math.floor(next() * 4);
    for (let index = 0; index < keys; index += 1) auths[pick(KEYS)] = entry();
    if (legacy) return JSON.stringify(auths, null, 2);
    const body: Record<string, unknown> = { auths };
    if (chance(0.2)) body['credHelpers'] = { [pick(REGISTRIES)]: pick(['corpus', 'corpus', 'broken', 'absent', '']) };
    if (chance(0.15)) body['credsStore'] = 'corpus';
    if (chance(0.05)) body['CredHelpers'] = { [pick(REGISTRIES)]: 'corpus' };
    return JSON.stringify(body, null, '\t');
  };
  const registriesConf = (): string => {
    const helpers = pick([['corpus', 'containers-auth.json'], ['containers-auth.json', 'corpus'], ['broken', 'containers-auth.json'], ['absent', 'corpus'], [], ['corpus']]);
    const list = helpers.map((helper) => (chance(0.5) ? `"${helper}"` : `'${helper}'`));
    const lines = ['# generated', `unqualified-search-registries = ["docker.io"]`];
    lines.push(chance(0.5) || list.length === 0 ? `credential-helpers = [${list.join(', ')}]` : `credential-helpers = [\n  ${list.join(',\n  ')},\n]`);
    if (chance(0.4)) lines.push('', '[[registry]]', 'prefix = "quay.io/org"', 'location = "quay.io/org"', 'insecure = false');
    if (chance(0.3)) lines.push('', '[aliases]', '"app" = "quay.io/org/app"');
    return `${lines.join('\n')}\n`;
  };

  const cases: CorpusCase[] = [];
  for (let index = 0; index < count; index += 1) {
    const files: Record<string, string> = {};
    const env: Record<string, string> = {};
    const runtime = next();
    if (runtime < 0.5) {
      env['XDG_RUNTIME_DIR'] = '$HOME/run';
      files['run/'] = '';
      if (chance(0.6)) files['run/containers/auth.json'] = authFile(false);
    } else if (runtime < 0.6) env['XDG_RUNTIME_DIR'] = '$HOME/no-such-run';
    const configHome = chance(0.25) ? 'xdg' : '.config';
    if (configHome === 'xdg') env['XDG_CONFIG_HOME'] = '$HOME/xdg';
    if (chance(0.5)) files[`${configHome}/containers/auth.json`] = authFile(false);
    const dockerDir = chance(0.25) ? 'dc' : '.docker';
    if (dockerDir === 'dc') env['DOCKER_CONFIG'] = '$HOME/dc';
    if (chance(0.55)) files[`${dockerDir}/config.json`] = authFile(false);
    if (chance(0.25)) files['.dockercfg'] = authFile(true);
    if (chance(0.15)) {
      env['REGISTRY_AUTH_FILE'] = '$HOME/registry-auth.json';
      if (chance(0.85)) files['registry-auth.json'] = authFile(false);
    }
    let authFileArgument: string | undefined;
    if (chance(0.12)) {
      authFileArgument = 'flag-auth.json';
      if (chance(0.85)) files['flag-auth.json'] = authFile(false);
    }
    const confRoll = next();
    if (confRoll < 0.2) files['.config/containers/registries.conf'] = registriesConf();
    else if (confRoll < 0.28) files[`${configHome}/containers/registries.conf.d/50-helpers.conf`] = registriesConf();
    else if (confRoll < 0.36) {
      env['CONTAINERS_REGISTRIES_CONF'] = '$HOME/custom-registries.conf';
      files['custom-registries.conf'] = registriesConf();
    }
    const helperAnswers: Record<string, string> = {};
    for (const registry of REGISTRIES) {
      if (chance(0.3)) helperAnswers[registry] = chance(0.15) ? '<token>' : `h-${registry.replace(/[^a-z0-9]/gi, '')}`;
    }
    const image = index < IMAGES.length ? (IMAGES[index] as string) : pick(IMAGES);
    cases.push({ id: `c${String(index).padStart(3, '0')}`, image, files, env, helperAnswers, ...(authFileArgument === undefined ? {} : { authFile: authFileArgument }) });
  }
  return cases;
}

/** The helper stand-ins every case's PATH holds: `corpus` answers from the case's table, `broken` always fails. */
export function writeCorpusHelpers(binDir: string): void {
  mkdirSync(binDir, { recursive: true });
  const corpus = `#!/bin/sh
[ "$1" = get ] || exit 1
read -r server
file="$CORPUS_HELPER_ANSWERS/$(printf '%s' "$server" | tr -c 'A-Za-z0-9.\\n' '_')"
if [ -f "$file" ]; then cat "$file"; exit 0; fi
echo "credentials not found in native keychain"
exit 1
`;
  writeFileSync(join(binDir, 'docker-credential-corpus'), corpus);
  writeFileSync(join(binDir, 'docker-credential-broken'), '#!/bin/sh\necho "helper is broken"\nexit 3\n');
  chmodSync(join(binDir, 'docker-credential-corpus'), 0o755);
  chmodSync(join(binDir, 'docker-credential-broken'), 0o755);
}

export function helperAnswerFile(server: string): string {
  return server.replace(/[^A-Za-z0-9.]/g, '_');
}

/** Lays one case out under its own directory; the stable home path is pointed at it by the caller. */
export function layOutCase(testCase: CorpusCase, caseDir: string): void {
  rmSync(caseDir, { recursive: true, force: true });
  mkdirSync(caseDir, { recursive: true });
  for (const [relative, text] of Object.entries(testCase.files)) {
    const path = join(caseDir, relative);
    if (relative.endsWith('/')) {
      mkdirSync(path, { recursive: true });
      continue;
    }
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text, { mode: 0o600 });
  }
  const answers = join(caseDir, 'helper-answers');
  mkdirSync(answers, { recursive: true });
  for (const [server, username] of Object.entries(testCase.helperAnswers)) {
    const reply = { ServerURL: server, Username: username, Secret: username === '<token>' ? 'refresh-token' : `secret-${username}` };
    writeFileSync(join(answers, helperAnswerFile(server)), username.startsWith('{') ? username : JSON.stringify(reply));
  }
}

export function pointLink(link: string, target: string): void {
  rmSync(link, { force: true });
  symlinkSync(target, link);
}

/** The case environment with $HOME replaced by the stable home path. */
export function caseEnv(testCase: CorpusCase, home: string, binDir: string): Record<string, string> {
  const env: Record<string, string> = { HOME: home, PATH: `${binDir}:/usr/bin:/bin`, CORPUS_HELPER_ANSWERS: join(home, 'helper-answers') };
  for (const [name, value] of Object.entries(testCase.env)) env[name] = value.replace('$HOME', home);
  return env;
}
