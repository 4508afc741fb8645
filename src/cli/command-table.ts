/**
 * Every command and option of the CLI, declared once. Argument parsing, `--help`, "did you mean",
 * the shell completions and the man page are all generated from this table.
 */

import { CONTAINERD_RELEASES_TEXT } from '../clients/containerd.js';

/** What a shell may offer for a value. */
export type Completion = 'file' | 'directory' | 'client' | 'registry' | 'finding' | 'command' | 'shell' | 'plugin-action' | 'none';

export interface OptionDoc {
  readonly type: 'boolean' | 'string';
  readonly short?: string;
  readonly multiple?: boolean;
  /** the value's placeholder in help, e.g. FILE */
  readonly value?: string;
  /** the default, as shown in help */
  readonly defaultText?: string;
  readonly help: string;
  readonly complete?: Completion;
}

export interface CommandDoc {
  readonly summary: string;
  /** positional arguments as shown in the usage line, e.g. "IMAGE" or "[REGISTRY]" */
  readonly arguments: string;
  readonly minArguments: number;
  readonly maxArguments: number;
  readonly argumentCompletion: Completion;
  readonly options: Readonly<Record<string, OptionDoc>>;
  readonly exitCodes: Readonly<Record<number, string>>;
  /** [command line, what it shows] — two for each command */
  readonly examples: readonly (readonly [string, string])[];
  /** the JSON printed by --json has a schema in docs/json/ */
  readonly json: boolean;
  /** runs a Kubernetes-related job: offered by the kubectl plugin */
  readonly kube?: boolean;
}

export const COMMON_OPTION_DOCS = {
  json: { type: 'boolean', help: 'print the result as JSON (with "schemaVersion"; see "regauth schema COMMAND")' },
  config: { type: 'string', value: 'FILE', help: 'read this Docker config.json instead of the one the client would find', complete: 'file' },
  debug: { type: 'boolean', help: 'print each step and HTTP exchange to stderr, credentials masked' },
  'no-color': { type: 'boolean', help: 'no colour (also with NO_COLOR set; FORCE_COLOR forces it)' },
  ascii: { type: 'boolean', help: 'ASCII symbols instead of ✓ ✗ ∅ → (the default when the locale is not UTF-8)' },
  help: { type: 'boolean', short: 'h', help: 'print this help' },
} as const satisfies Record<string, OptionDoc>;

export const RESOLVE_OPTION_DOCS = {
  ...COMMON_OPTION_DOCS,
  client: { type: 'string', multiple: true, value: 'ID', help: 'docker, podman, crane, kubelet or containerd (not resolved unless named); repeat or separate with commas', complete: 'client' },
  'docker-version': { type: 'string', value: 'X.Y', defaultText: '$REGAUTH_DOCKER_VERSION, else the installed CLI, else the newest modelled release', help: 'model this Docker CLI release' },
  'containers-version': { type: 'string', value: '5.N', defaultText: '$REGAUTH_CONTAINERS_VERSION, else the release the installed podman, skopeo or buildah embeds, else the newest modelled', help: 'model this containers/image release (podman, skopeo, buildah)' },
  authfile: { type: 'string', value: 'FILE', help: 'the containers auth file podman would be given with --authfile', complete: 'file' },
  'pull-secret': { type: 'string', multiple: true, value: 'FILE', help: 'a kubelet pull secret (.dockerconfigjson or .dockercfg); repeatable', complete: 'file' },
  'helper-timeout': { type: 'string', value: 'S', defaultText: '5', help: 'seconds to wait for a credential helper' },
  'containerd-config': { type: 'string', value: 'FILE', defaultText: '/etc/containerd/config.toml', help: 'the containerd config.toml (containerd client)', complete: 'file' },
  'k3s-registries': { type: 'string', value: 'FILE', defaultText: '/etc/rancher/k3s/registries.yaml when it exists', help: 'model k3s with this registries.yaml (containerd client)', complete: 'file' },
  'containerd-version': { type: 'string', value: 'X.Y', defaultText: 'the installed containerd, else 2 (k3s: 2)', help: `model this containerd release line: ${CONTAINERD_RELEASES_TEXT}` },
} as const satisfies Record<string, OptionDoc>;

/** Options of the commands that write config files and talk to helpers: fix, login, logout. */
export const WRITE_OPTION_DOCS = {
  'backup-dir': { type: 'string', value: 'DIR', defaultText: 'beside the file', help: 'keep the one rotating backup (0600) in this directory', complete: 'directory' },
  'no-backup': { type: 'boolean', help: 'write without keeping a backup' },
  'helper-timeout': RESOLVE_OPTION_DOCS['helper-timeout'],
} as const satisfies Record<string, OptionDoc>;

/** The small commands that print text about regauth itself: only --help. */
const HELP_ONLY = { options: { help: COMMON_OPTION_DOCS.help }, json: false } as const;
const USAGE_AND_PROBLEM = { 0: 'fine', 1: 'a problem was found', 2: 'usage or input error' } as const;
const TIMEOUT = (seconds: number) => ({ type: 'string', value: 'S', defaultText: String(seconds), help: 'overall deadline in seconds for the registry checks' }) as const;

export const COMMAND_TABLE = {
  resolve: {
    summary: 'which credentials each client sends for an image, and why',
    arguments: 'IMAGE',
    minArguments: 1,
    maxArguments: 1,
    argumentCompletion: 'none',
    options: {
      ...RESOLVE_OPTION_DOCS,
      trace: { type: 'boolean', short: 'v', help: 'show every key and helper each client considered (see SYMBOLS)' },
      brief: { type: 'boolean', help: 'one line per client (the default)' },
    },
    exitCodes: { 0: 'every client could look its credentials up', 1: 'a client failed to (unreadable file, failing helper)', 2: 'usage or input error' },
    examples: [
      ['regauth resolve alice/app', 'one line per client: the key, file or helper and user it sends'],
      ['regauth resolve ghcr.io/org/app --client docker --trace', 'the Docker CLI\'s lookup step by step'],
    ],
    json: true,
    kube: true,
  },
  get: {
    summary: 'print the credentials a client would send (the one command that prints secrets)',
    arguments: 'REGISTRY|IMAGE',
    minArguments: 1,
    maxArguments: 1,
    argumentCompletion: 'registry',
    options: { ...RESOLVE_OPTION_DOCS, client: { ...RESOLVE_OPTION_DOCS.client, defaultText: 'docker', help: 'the client whose lookup to use (one)' } },
    exitCodes: { 0: 'credentials printed', 1: 'none found, or the lookup failed', 2: 'usage or input error' },
    examples: [
      ['regauth get docker.io', '{"ServerURL":…,"Username":…,"Secret":…} as a credential helper answers'],
      ['regauth get ghcr.io/org/app --client podman', 'what podman would send for that image'],
    ],
    json: false,
  },
  ls: {
    summary: 'every entry of every file each client reads (no secrets)',
    arguments: '',
    minArguments: 0,
    maxArguments: 0,
    argumentCompletion: 'none',
    options: RESOLVE_OPTION_DOCS,
    exitCodes: { 0: 'listed', 2: 'usage or input error' },
    examples: [
      ['regauth ls', 'files, keys, users and where each secret lives'],
      ['regauth ls --client kubelet --pull-secret secret.json', 'the entries of a pull secret'],
    ],
    json: true,
    kube: true,
  },
  check: {
    summary: 'prove login, pull and push against the registry',
    arguments: 'IMAGE',
    minArguments: 1,
    maxArguments: 1,
    argumentCompletion: 'none',
    options: {
      ...RESOLVE_OPTION_DOCS,
      client: { ...RESOLVE_OPTION_DOCS.client, defaultText: 'docker', help: 'the client whose credentials to send (one)' },
      push: { type: 'boolean', help: 'also prove push access (nothing is pushed)' },
      insecure: { type: 'boolean', help: 'accept plain HTTP and unverified TLS, as for an insecure registry' },
      timeout: TIMEOUT(5),
    },
    exitCodes: { 0: 'pull (and with --push, push) granted', 1: 'denied or not determined', 2: 'usage or input error' },
    examples: [
      ['regauth check alice/app --push', 'authenticated, pull and push as the registry answers them'],
      ['regauth check localhost:5000/app --insecure --json', 'the same for a plain-HTTP registry, as JSON'],
    ],
    json: true,
  },
  doctor: {
    summary: 'run the whole troubleshooting procedure',
    arguments: '[IMAGE]',
    minArguments: 0,
    maxArguments: 1,
    argumentCompletion: 'none',
    options: {
      ...COMMON_OPTION_DOCS,
      push: { type: 'boolean', help: 'check push access too' },
      offline: { type: 'boolean', help: 'read files and helpers only; no network' },
      client: { type: 'string', value: 'ID', defaultText: 'docker', help: 'the client you are about to use: its differences from the others are errors', complete: 'client' },
      'docker-version': RESOLVE_OPTION_DOCS['docker-version'],
      'containers-version': RESOLVE_OPTION_DOCS['containers-version'],
      timeout: TIMEOUT(5),
      'helper-timeout': RESOLVE_OPTION_DOCS['helper-timeout'],
    },
    exitCodes: USAGE_AND_PROBLEM,
    examples: [
      ['regauth doctor', 'files, permissions, keys, helpers and versions'],
      ['regauth doctor alice/app --push', 'and whether the registry lets those credentials push'],
    ],
    json: true,
  },
  explain: {
    summary: 'likely causes of an error message, or the long text of a finding id',
    arguments: 'TEXT|ID|-',
    minArguments: 1,
    maxArguments: Number.MAX_SAFE_INTEGER,
    argumentCompletion: 'finding',
    options: COMMON_OPTION_DOCS,
    exitCodes: { 0: 'explained', 1: 'no known message matched', 2: 'usage or input error' },
    examples: [
      ['regauth explain "denied: requested access to the resource is denied"', 'the causes, most likely first'],
      ['docker push alice/app 2>&1 | regauth explain -', 'the same, reading the text from stdin'],
    ],
    json: true,
  },
  fix: {
    summary: 'repair the config file (backup, atomic write, formatting kept)',
    arguments: '',
    minArguments: 0,
    maxArguments: 0,
    argumentCompletion: 'none',
    options: {
      ...COMMON_OPTION_DOCS,
      keep: { type: 'string', multiple: true, value: 'KEY', help: 'of duplicate keys for one registry, keep this one' },
      'dry-run': { type: 'boolean', help: 'show the diff, write nothing' },
      yes: { type: 'boolean', short: 'y', help: 'do not ask for confirmation (required without a terminal)' },
      client: { type: 'string', value: 'ID', defaultText: 'docker', help: 'the client the fix is for', complete: 'client' },
      'docker-version': RESOLVE_OPTION_DOCS['docker-version'],
      ...WRITE_OPTION_DOCS,
    },
    exitCodes: { 0: 'fixed, or nothing to fix', 1: 'something could not be fixed', 2: 'usage or input error' },
    examples: [
      ['regauth fix --dry-run', 'the diff it would apply'],
      ['regauth fix --yes', 'apply it, keeping a backup'],
    ],
    json: true,
  },
  login: {
    summary: 'verify and store credentials where the client will look',
    arguments: '[REGISTRY]',
    minArguments: 0,
    maxArguments: 1,
    argumentCompletion: 'registry',
    options: {
      ...COMMON_OPTION_DOCS,
      username: { type: 'string', short: 'u', value: 'USER', help: 'the user name (asked for when omitted)' },
      password: { type: 'string', short: 'p', value: 'PASSWORD', help: 'refused: a password on the command line leaks; use --password-stdin' },
      'password-stdin': { type: 'boolean', help: 'read the password from stdin' },
      client: { type: 'string', value: 'ID', defaultText: 'docker', help: 'store for docker or podman', complete: 'client' },
      'no-verify': { type: 'boolean', help: 'store without asking the registry first' },
      insecure: { type: 'boolean', help: 'accept plain HTTP and unverified TLS when verifying' },
      timeout: TIMEOUT(30),
      ...WRITE_OPTION_DOCS,
    },
    exitCodes: { 0: 'verified and stored', 1: 'not verified or not stored', 2: 'usage or input error' },
    examples: [
      ['echo "$TOKEN" | regauth login -u alice --password-stdin', 'stores the Docker Hub login under the key Docker reads'],
      ['regauth login ghcr.io -u alice --client podman', 'asks for the password, stores it for podman'],
    ],
    json: true,
  },
  logout: {
    summary: 'remove every spelling of a registry from the file and helper',
    arguments: '[REGISTRY]',
    minArguments: 0,
    maxArguments: 1,
    argumentCompletion: 'registry',
    options: {
      ...COMMON_OPTION_DOCS,
      client: { type: 'string', value: 'ID', defaultText: 'docker', help: 'remove the docker or the podman login', complete: 'client' },
      ...WRITE_OPTION_DOCS,
    },
    exitCodes: { 0: 'removed, or nothing to remove', 1: 'a file or helper could not be changed', 2: 'usage or input error' },
    examples: [
      ['regauth logout', 'removes docker.io, index.docker.io, https://index.docker.io/v1/ …'],
      ['regauth logout ghcr.io --client podman', 'the same for podman\'s auth file'],
    ],
    json: true,
  },
  kube: {
    summary: 'which pull secret the kubelet uses for each image of pods and workloads, and why not',
    arguments: '[FILE|-]...',
    minArguments: 0,
    maxArguments: Number.MAX_SAFE_INTEGER,
    argumentCompletion: 'file',
    options: {
      json: COMMON_OPTION_DOCS.json,
      debug: COMMON_OPTION_DOCS.debug,
      'no-color': COMMON_OPTION_DOCS['no-color'],
      ascii: COMMON_OPTION_DOCS.ascii,
      help: COMMON_OPTION_DOCS.help,
      namespace: { type: 'string', short: 'n', value: 'NS', defaultText: 'every namespace of the input', help: 'only pods and workloads of this namespace' },
      check: { type: 'boolean', help: 'verify each image\'s credentials against its registry' },
      insecure: { type: 'boolean', help: 'accept plain HTTP and unverified TLS, as for an insecure registry' },
      timeout: TIMEOUT(30),
    },
    exitCodes: USAGE_AND_PROBLEM,
    examples: [
      ['kubectl get pods,serviceaccounts,secrets -n shop -o yaml | regauth kube', 'the secret each image gets, and why an image gets none'],
      ['regauth kube deployment.yaml dump.json --check', 'the same for files, verified against the registries'],
    ],
    json: true,
    kube: true,
  },
  'docker-plugin': {
    summary: 'install or remove "docker regauth" (a Docker CLI plugin with a hook after failed push, pull, login)',
    arguments: 'install|uninstall',
    minArguments: 1,
    maxArguments: 1,
    argumentCompletion: 'plugin-action',
    options: {
      ...COMMON_OPTION_DOCS,
      config: { type: 'string', value: 'DIR', defaultText: '$DOCKER_CONFIG, else ~/.docker', help: 'the Docker config directory whose cli-plugins/ to use', complete: 'directory' },
      'no-hooks': { type: 'boolean', help: 'install without registering the hook' },
    },
    exitCodes: { 0: 'done', 1: 'a file could not be written', 2: 'usage or input error' },
    examples: [
      ['regauth docker-plugin install', 'then "docker regauth doctor" works and failed pushes get a hint'],
      ['regauth docker-plugin uninstall', 'removes the plugin and its hook registration'],
    ],
    json: true,
  },
  completion: {
    ...HELP_ONLY,
    summary: 'print a shell completion script',
    arguments: 'bash|zsh|fish',
    minArguments: 1,
    maxArguments: 1,
    argumentCompletion: 'shell',
    exitCodes: { 0: 'printed', 2: 'usage error' },
    examples: [
      ['source <(regauth completion bash)', 'completion in the current bash'],
      ['regauth completion fish > ~/.config/fish/completions/regauth.fish', 'completion for every fish session'],
    ],
  },
  schema: {
    ...HELP_ONLY,
    summary: 'print the JSON Schema (draft 2020-12) of a command\'s --json output',
    arguments: 'COMMAND',
    minArguments: 1,
    maxArguments: 1,
    argumentCompletion: 'command',
    exitCodes: { 0: 'printed', 2: 'usage error, or the command prints no JSON' },
    examples: [
      ['regauth schema resolve', 'the schema of "regauth resolve --json"'],
      ['regauth schema error', 'the schema of the JSON printed for an error'],
    ],
  },
  help: {
    ...HELP_ONLY,
    summary: 'help for a command',
    arguments: '[COMMAND]',
    minArguments: 0,
    maxArguments: 1,
    argumentCompletion: 'command',
    exitCodes: { 0: 'printed', 2: 'unknown command' },
    examples: [
      ['regauth help', 'the list of commands'],
      ['regauth help check', 'every option of check'],
    ],
  },
} as const satisfies Record<string, CommandDoc>;

export type CommandName = keyof typeof COMMAND_TABLE;
export const COMMAND_NAMES = Object.keys(COMMAND_TABLE) as CommandName[];

export function isCommandName(name: string): name is CommandName {
  return Object.hasOwn(COMMAND_TABLE, name);
}

export function commandDoc(name: CommandName): CommandDoc {
  return COMMAND_TABLE[name];
}

/** The options in the form node:util parseArgs takes. */
export type ParseSpec<T extends Record<string, OptionDoc>> = {
  -readonly [K in keyof T]: { type: T[K]['type'] } & (T[K] extends { multiple: true } ? { multiple: true } : unknown) & (T[K] extends { short: infer S extends string } ? { short: S } : unknown);
};

export function parseSpecOf<T extends Record<string, OptionDoc>>(docs: T): ParseSpec<T> {
  const spec: Record<string, { type: 'boolean' | 'string'; multiple?: boolean; short?: string }> = {};
  for (const [name, doc] of Object.entries(docs)) {
    spec[name] = { type: doc.type, ...(doc.multiple === true ? { multiple: true } : {}), ...(doc.short === undefined ? {} : { short: doc.short }) };
  }
  return spec as ParseSpec<T>;
}

/** `regauth check IMAGE [options]` */
export function usageLine(name: CommandName): string {
  const doc = commandDoc(name);
  return ['regauth', name, doc.arguments, Object.keys(doc.options).length > 1 ? '[options]' : ''].filter((part) => part !== '').join(' ');
}

/** The options of a command in parseArgs form, with its usage line. */
export function commandSpec<N extends CommandName>(name: N): { options: ParseSpec<(typeof COMMAND_TABLE)[N]['options']>; usage: string } {
  return { options: parseSpecOf(COMMAND_TABLE[name].options), usage: usageLine(name) };
}
