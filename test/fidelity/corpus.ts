import type { HelperBehaviour } from '../testbed/helper-script.js';
import { seededRandom } from '../support/random.js';

/**
 * A generated corpus of credential setups × images for the differential runs against the
 * clients' own code: every key spelling (scheme, port, path, case, trailing slash), every kind
 * of entry (auth, username/password fields, tokens, empty, undecodable), helpers that answer,
 * fail or print garbage, credsStore and credHelpers, DOCKER_AUTH_CONFIG, broken files, a
 * config.json that is a directory, and the legacy ~/.dockercfg. Deterministic: one seed, one
 * corpus.
 */
export interface CorpusHelper {
  name: string;
  behaviour: HelperBehaviour;
}

export interface CorpusSetup {
  id: string;
  /** files under the case's home directory, e.g. ".docker/config.json"; `{ directory: true }` makes a directory */
  files: Record<string, string | { directory: true }>;
  /** DOCKER_AUTH_CONFIG, when set */
  authConfigEnv?: string;
  helpers: CorpusHelper[];
  /** a `pass` program on PATH (Docker's default-store detection on Linux looks for it) */
  passOnPath: boolean;
  /** further variables; "$HOME" stands for the setup's home directory */
  variables: Record<string, string>;
  /** symbolic links under the home directory: path → target (as written, may dangle) */
  links?: Record<string, string>;
  /** false: Docker runs without --config and finds its directory from DOCKER_CONFIG or HOME */
  dockerConfigFlag?: boolean;
  images: string[];
}

/** Secrets are per user and fixed: the oracles print their hashes, never the values. */
export const USERS = ['alice', 'bob', 'carol', 'dave'] as const;
export function passwordOf(user: string): string {
  return `pw-${user}-0123`;
}

const HOSTS = ['myreg.example.com', 'myreg.example.com:5000', 'localhost:5001', 'other.example.com', '127.0.0.1:5000', '[::1]:5000'];
const HUB_KEYS = ['https://index.docker.io/v1/', 'docker.io', 'index.docker.io', 'registry-1.docker.io', 'https://index.docker.io/v1', 'https://docker.io', 'http://index.docker.io/v1/', 'index.docker.io/v1/'];
/** Keys the kubelet matches as globs, label by label (others take them literally). */
const GLOB_KEYS = ['*.example.com', '*.example.com:5000', 'myreg.*.com', '*', '*.*.com/team', 'myreg.example.co?', 'myreg.example.[a-c]om', 'https://*.example.com/v2/'];
const IMAGES = [
  'alice/app',
  'ubuntu',
  'docker.io/bob/tool',
  'index.docker.io/alice/app',
  'registry-1.docker.io/alice/app',
  'myreg.example.com/app',
  'myreg.example.com/team/app',
  'myreg.example.com:5000/team/app',
  'localhost:5001/app',
  'other.example.com/x/y',
  '127.0.0.1:5000/app',
  '[::1]:5000/app',
  'MyReg.Example.com/app',
  'myreg.example.com:443/app',
];

/** Key spellings of a host as users and tools have written them. */
function spellings(host: string): string[] {
  const bare = host.replace(/:443$/, '');
  return [
    host,
    `https://${host}`,
    `http://${host}`,
    `https://${host}/`,
    `https://${host}/v1/`,
    `http://${host}/v2/`,
    `${host}/`,
    `${host}/team`,
    `https://${host}/team/app`,
    host.toUpperCase(),
    `https://${bare}:443`,
    `${host}:5000`,
    ` ${host}`,
    `https://${host}?x=1`,
    `https://user@${host}`,
  ];
}


const b64 = (text: string): string => Buffer.from(text).toString('base64');

type EntryKind = 'auth' | 'fields' | 'identity' | 'registry' | 'empty' | 'bad-base64' | 'no-colon' | 'empty-user' | 'auth-and-identity' | 'unpadded' | 'auth-empty-password';

function entry(kind: EntryKind, user: string): Record<string, string> {
  const password = passwordOf(user);
  switch (kind) {
    case 'auth':
      return { auth: b64(`${user}:${password}`) };
    case 'fields':
      return { username: user, password };
    case 'identity':
      return { auth: b64(`${user}:${password}`), identitytoken: `idtoken-${user}` };
    case 'registry':
      return { registrytoken: `regtoken-${user}` };
    case 'empty':
      return {};
    case 'bad-base64':
      return { auth: '%%not-base64%%' };
    case 'no-colon':
      return { auth: b64(`${user}${password}`) };
    case 'empty-user':
      return { auth: b64(`:${password}`) };
    case 'auth-and-identity':
      return { identitytoken: `idtoken-${user}` };
    case 'unpadded':
      return { auth: b64(`${user}:${password}x`).replace(/=+$/, '') };
    case 'auth-empty-password':
      return { auth: b64(`${user}:`) };
  }
}

const ENTRY_KINDS: EntryKind[] = ['auth', 'auth', 'auth', 'auth', 'auth', 'auth', 'auth', 'fields', 'fields', 'identity', 'registry', 'empty', 'bad-base64', 'no-colon', 'empty-user', 'auth-and-identity', 'unpadded', 'auth-empty-password'];

function pick<T>(next: () => number, items: readonly T[]): T {
  const item = items[Math.floor(next() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

function helperBehaviour(next: () => number, keys: string[]): HelperBehaviour {
  const roll = next();
  if (roll < 0.12) return { mode: 'fail', stderr: 'helper exploded', exitCode: 1 };
  if (roll < 0.2) return { mode: 'garbage' };
  const credentials: Record<string, { username: string; secret: string }> = {};
  for (const key of keys) {
    if (next() < 0.25) continue;
    const user = pick(next, USERS);
    credentials[key] = next() < 0.2 ? { username: '<token>', secret: `helper-idtoken-${user}` } : { username: user, secret: `helper-${passwordOf(user)}` };
  }
  return { mode: 'answer', credentials };
}

function hostKeysFor(next: () => number, focus: string): string[] {
  const keys: string[] = [];
  const count = 1 + Math.floor(next() * 4);
  for (let index = 0; index < count; index += 1) {
    const roll = next();
    // half the keys are spellings of the host the setup is about, so that spellings compete
    if (roll < 0.5) keys.push(focus === 'docker.io' ? pick(next, HUB_KEYS) : pick(next, spellings(focus)));
    else if (roll < 0.58) keys.push(pick(next, GLOB_KEYS));
    else if (roll < 0.7) keys.push(pick(next, HUB_KEYS));
    else keys.push(pick(next, spellings(pick(next, HOSTS))));
  }
  return keys;
}

/** An image on the host a setup is about. */
function imageOn(next: () => number, focus: string): string {
  if (focus === 'docker.io') return pick(next, ['alice/app', 'ubuntu', 'docker.io/bob/tool', 'index.docker.io/alice/app']);
  return pick(next, [`${focus}/app`, `${focus}/team/app`, `${focus}/team/app/sub`]);
}

/**
 * Names the reference grammars disagree on (distribution/reference, go-containerregistry
 * pkg/name): upper case, what counts as a registry, IPv6, schemes, digests, odd separators.
 */
export const GRAMMAR_IMAGES = [
  ...IMAGES,
  'Foo/bar',
  'LOCALDOMAIN/x',
  'localhost/app',
  'localhost',
  'myreg.example.com/App',
  'myreg.example.com/a..b',
  'myreg.example.com/a___b',
  'https://myreg.example.com/app',
  'docker.io/library/ubuntu:22.04',
  'ubuntu:latest@sha256:' + 'a'.repeat(64),
  'ubuntu@sha256:' + 'A'.repeat(64),
  'ubuntu@sha512:' + 'a'.repeat(128),
  'myreg.example.com:5000/app:v1.0',
  'myreg.example.com:port/app',
  'my_reg.example.com/app',
  '[fe80::1%25eth0]:5000/app',
  '[::1]/app',
  'a/b/c/d/e',
  'ubuntu:',
  ':tag',
  '',
  'UPPER',
  'alice/app:Tag_1',
  'alice/app:+bad',
  'xn--bcher-kva.example/app',
  'example.com./app',
  // the clients take the text as given: whitespace around or inside a name is refused
  ' alice/app',
  'alice/app ',
  'alice/app\t',
  'alice /app',
];

function docker(config: unknown): string {
  return JSON.stringify(config, null, '\t');
}

/** Files that break loading in the ways users break them. */
const BROKEN_FILES = ['{"auths": {', '', 'null', '[]', '{"auths": []}', '{"auths": {"myreg.example.com": {"auth": 5}}}', '{"credsStore": 1}', '\ufeff{"auths": {}}', '{"auths": {}} {"x": 1}', '{"auths": {"myreg.example.com": {"auth": "YWxpY2U6cHc="}}, "auths": {}}'];

export function generateCorpus(count = 130, seed = 20261128): CorpusSetup[] {
  const next = seededRandom(seed);
  const setups: CorpusSetup[] = [];
  for (let index = 0; index < count; index += 1) {
    const id = `c${String(index).padStart(3, '0')}`;
    const files: CorpusSetup['files'] = {};
    const helpers: CorpusHelper[] = [];
    const focus = next() < 0.3 ? 'docker.io' : pick(next, HOSTS);
    const keys = hostKeysFor(next, focus);
    const shape = next();
    const auths: Record<string, unknown> = {};
    for (const key of keys) auths[key] = entry(pick(next, ENTRY_KINDS), pick(next, USERS));
    const config: Record<string, unknown> = { auths };
    const lookupKeys = ['https://index.docker.io/v1/', ...HOSTS, 'other.example.com', 'MyReg.Example.com', 'myreg.example.com:443'];
    if (next() < 0.3) {
      const name = `store${index}`;
      config['credsStore'] = name;
      if (next() < 0.85) helpers.push({ name, behaviour: helperBehaviour(next, lookupKeys) });
    } else if (next() < 0.1) {
      config['credsStore'] = '';
    }
    if (next() < 0.3) {
      const credHelpers: Record<string, string> = {};
      for (const key of [pick(next, lookupKeys), pick(next, [...lookupKeys, ...keys])]) {
        const name = next() < 0.2 ? '' : `per${index}${Object.keys(credHelpers).length}`;
        credHelpers[key] = name;
        if (name !== '' && next() < 0.85) helpers.push({ name, behaviour: helperBehaviour(next, lookupKeys) });
      }
      config['credHelpers'] = credHelpers;
    }
    if (next() < 0.15) delete config['auths'];
    let passOnPath = false;
    if (shape < 0.06) {
      files['.docker/config.json'] = pick(next, BROKEN_FILES);
    } else if (shape < 0.09) {
      files['.docker/config.json'] = { directory: true };
    } else if (shape < 0.14) {
      // no config.json: releases before 23.0 read the legacy ~/.dockercfg
      files['.dockercfg'] = docker(auths);
    } else if (shape < 0.19) {
      // no credentials at all: the default store is detected (pass on PATH, docker-credential-pass)
      files['.docker/config.json'] = docker(next() < 0.5 ? {} : { auths: {} });
      passOnPath = true;
      if (next() < 0.8) helpers.push({ name: 'pass', behaviour: helperBehaviour(next, lookupKeys) });
    } else {
      files['.docker/config.json'] = docker(config);
      if (next() < 0.15) files['.dockercfg'] = docker({ 'myreg.example.com': entry('auth', 'dave') });
    }
    let authConfigEnv: string | undefined;
    if (next() < 0.15) {
      const roll = next();
      const envKey = pick(next, ['https://index.docker.io/v1/', 'myreg.example.com', 'docker.io', 'localhost:5001']);
      if (roll < 0.6) authConfigEnv = JSON.stringify({ auths: { [envKey]: entry('auth', pick(next, USERS)) } });
      else if (roll < 0.7) authConfigEnv = JSON.stringify({ auths: { [envKey]: { username: 'x', password: 'y' } } });
      else if (roll < 0.8) authConfigEnv = '{"auths": ';
      else if (roll < 0.9) authConfigEnv = `${JSON.stringify({ auths: {} })} {}`;
      else authConfigEnv = JSON.stringify({ auths: { [envKey]: { auth: b64('nocolon') } } });
    }
    // where crane (go-containerregistry) looks besides ~/.docker: DOCKER_CONFIG, REGISTRY_AUTH_FILE, podman's auth.json
    const variables: Record<string, string> = {};
    const other = (): string | { directory: true } => (next() < 0.15 ? { directory: true } : docker({ auths: { [pick(next, [...HUB_KEYS, ...HOSTS])]: entry(pick(next, ENTRY_KINDS), pick(next, USERS)) } }));
    if (next() < 0.2) {
      variables['DOCKER_CONFIG'] = '$HOME/alt';
      if (next() < 0.7) files['alt/config.json'] = other();
    }
    if (next() < 0.2) {
      variables['REGISTRY_AUTH_FILE'] = '$HOME/registry-auth.json';
      if (next() < 0.8) files['registry-auth.json'] = other();
    }
    if (next() < 0.2) {
      variables['XDG_RUNTIME_DIR'] = '$HOME/run';
      if (next() < 0.7) files['run/containers/auth.json'] = other();
    }
    if (next() < 0.2) files['.config/containers/auth.json'] = other();
    if (next() < 0.1) {
      variables['XDG_CONFIG_HOME'] = '$HOME/xdg';
      files['xdg/containers/auth.json'] = other();
    }
    const images = new Set<string>();
    while (images.size < 3) images.add(next() < 0.6 ? imageOn(next, focus) : pick(next, IMAGES));
    setups.push({ id, files, ...(authConfigEnv === undefined ? {} : { authConfigEnv }), helpers, passOnPath, variables, images: [...images] });
  }
  return setups;
}
