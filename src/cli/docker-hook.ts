import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import type { Resolution } from '../clients/model.js';
import { parseImageRef, registryFromArgument } from '../reference/parse.js';
import { resolveAll, type ResolveTarget } from '../resolve/resolve.js';

/** What the Docker CLI (26.1 and later) passes to `docker-NAME docker-cli-plugin-hooks JSON`. */
export interface HookRequest {
  /** the hooked command that matched, e.g. "push" */
  RootCmd: string;
  /** names of the flags given; values only for booleans */
  Flags: Record<string, string>;
  /** the failed command's error text; empty on success */
  CommandError: string;
}

/** Docker's global options that take a value (docker --help, Docker CLI 28.2). */
const DOCKER_GLOBALS_WITH_VALUE = new Set(['--config', '-c', '--context', '-H', '--host', '-l', '--log-level', '--tlscacert', '--tlscert', '--tlskey']);

export interface DockerGlobals {
  /** `--config DIR`: Docker's configuration directory */
  configDir: string | null;
  /** the arguments after the global options */
  rest: string[];
}

/** Splits Docker's global options (before the first command word) from the rest. */
export function splitDockerGlobals(argv: readonly string[]): DockerGlobals {
  let configDir: string | null = null;
  let index = 0;
  while (index < argv.length) {
    const argument = argv[index]!;
    if (!argument.startsWith('-') || argument === '-') break;
    if (argument === '--') {
      index += 1;
      break;
    }
    const [name, inline] = argument.startsWith('--') && argument.includes('=') ? [argument.slice(0, argument.indexOf('=')), argument.slice(argument.indexOf('=') + 1)] : [argument, undefined];
    let value = inline;
    if (inline === undefined && DOCKER_GLOBALS_WITH_VALUE.has(name)) {
      value = argv[index + 1];
      index += 1;
    }
    if (name === '--config' && value !== undefined) configDir = value;
    index += 1;
  }
  return { configDir, rest: argv.slice(index) };
}

/** Flags of docker push, pull and login that take a value. */
const FLAGS_WITH_VALUE = new Set(['--platform', '-u', '--username', '-p', '--password']);

/**
 * The hook request carries no arguments, so the image (or registry) comes from the command line
 * of the Docker CLI that runs the hook (its parent process). Null where that cannot be read.
 */
export async function parentDockerArgv(): Promise<string[] | null> {
  const text = await readFile(`/proc/${process.ppid}/cmdline`, 'utf8').catch(() => null);
  if (text === null || text === '') return null;
  const argv = text.split('\0').slice(0, -1);
  return /(^|\/)docker[^/]*$/.test(argv[0] ?? '') ? argv : null;
}

/** The first argument after the command words and their flags. */
export function commandArgument(words: readonly string[], rootCmd: string): string | null {
  let index = rootCmd.split(' ').length;
  while (index < words.length) {
    const word = words[index]!;
    if (word === '--') return words[index + 1] ?? null;
    if (!word.startsWith('-')) return word;
    index += FLAGS_WITH_VALUE.has(word) ? 2 : 1;
  }
  return null;
}

function tildeHome(path: string, env: NodeJS.ProcessEnv): string {
  const home = env['HOME'] ?? homedir();
  return home !== '' && path.startsWith(`${home}/`) ? `~${path.slice(home.length)}` : path;
}

function keyLocation(resolution: Resolution, env: NodeJS.ProcessEnv): string {
  const line = resolution.trace.find((step) => step.outcome === 'matched' && step.line !== undefined)?.line;
  return `key "${resolution.key ?? ''}" at ${tildeHome(resolution.configFile ?? '', env)}${line === undefined ? '' : `:${line}`}`;
}

/** One line: what docker sent for the registry, and where to go from here. */
export function describeForHook(docker: Resolution, others: readonly Resolution[], argument: string, rootCmd: string, env: NodeJS.ProcessEnv): string {
  const push = rootCmd.endsWith('push') ? ' --push' : '';
  const doctor = `run "docker regauth doctor ${argument}${push}"`;
  if (docker.error !== null) return `regauth: docker could not look up credentials for ${docker.registry}: ${docker.error}; ${doctor}`;
  if (!docker.secretPresent) {
    const reader = others.find((other) => other.secretPresent && other.source === 'file' && other.configFile === docker.configFile && other.key !== null);
    if (reader !== undefined) {
      return `regauth: docker sent no credentials for ${docker.registry}: ${keyLocation(reader, env)} is not read by docker (${reader.client} reads it); run "docker regauth fix"`;
    }
    return `regauth: docker sent no credentials for ${docker.registry} (no entry it reads); log in with "docker login${docker.registry === 'docker.io' ? '' : ` ${docker.registry}`}", or ${doctor}`;
  }
  const who = docker.username === null ? `a ${docker.secretKind ?? 'secret'}` : `user "${docker.username}"`;
  const from = docker.source === 'helper' ? `docker-credential-${docker.helper ?? ''} (key "${docker.key ?? ''}")` : keyLocation(docker, env);
  return `regauth: docker sent ${who} from ${from} and ${docker.registry} refused; ${doctor} to check it against the registry`;
}

/** The hook's answer (a text/template), or null to say nothing. */
export async function dockerHookLine(request: HookRequest, env: NodeJS.ProcessEnv): Promise<string | null> {
  if (request.CommandError === '') return null;
  const parent = await parentDockerArgv();
  const { configDir, rest } = splitDockerGlobals(parent?.slice(1) ?? []);
  const argument = parent === null ? null : commandArgument(rest, request.RootCmd);
  const login = request.RootCmd === 'login';
  if (argument === null && !login) {
    return `regauth: to see which credentials docker sent, run "docker regauth doctor {{arg . 0}}${request.RootCmd.endsWith('push') ? ' --push' : ''}"`;
  }
  let target: ResolveTarget;
  if (login) {
    target = { registry: registryFromArgument(argument ?? 'docker.io'), repository: null };
  } else {
    const ref = parseImageRef(argument ?? '');
    target = { registry: ref.registry, repository: ref.repository };
  }
  const resolveEnv = configDir === null ? env : { ...env, DOCKER_CONFIG: configDir };
  const [docker, ...others] = await resolveAll(target, { env: resolveEnv, clients: ['docker', 'podman', 'crane'], helperTimeoutMs: 150 });
  if (docker === undefined) return null;
  const line = describeForHook(docker, others, argument ?? target.registry, request.RootCmd, env);
  // file contents reach the user's terminal: control characters escaped; "{{" would start a template action
  return line.replace(/[\x00-\x1f\x7f-\x9f]/g, (character) => `\\x${character.charCodeAt(0).toString(16).padStart(2, '0')}`).replaceAll('{{', '{{"{{"}}');
}
