/**
 * Scriptable stand-ins for docker-credential-<name> helpers: answer `get` from a table, or
 * hang, fail or print garbage; every invocation is recorded for the test to inspect.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface HelperCredentials {
  username: string;
  secret: string;
}

export interface HelperBehaviour {
  /** server URL (exactly as the client sends it) → what `get` answers */
  credentials?: Record<string, HelperCredentials>;
  /** for every action: answer normally (default), never return, exit non-zero, print `garbage`, or kill itself with SIGKILL */
  mode?: 'answer' | 'hang' | 'fail' | 'garbage' | 'killed';
  /** written to stderr in `fail` mode */
  stderr?: string;
  /** written to stdout in `fail` mode (default: nothing) */
  stdout?: string;
  /** exit status in `fail` mode (default 1) */
  exitCode?: number;
  /** stdout in `garbage` mode (default: not JSON) */
  garbage?: string;
}

export interface HelperCall {
  action: string;
  input: string;
}

export const NOT_FOUND_MESSAGE = 'credentials not found in native keychain';

export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

function callsFile(dir: string, name: string): string {
  return join(dir, `docker-credential-${name}.calls`);
}

function answerSection(credentials: Record<string, HelperCredentials>): string {
  const getCases = Object.entries(credentials)
    .map(([serverUrl, entry]) => {
      const answer = JSON.stringify({ ServerURL: serverUrl, Username: entry.username, Secret: entry.secret });
      return `      ${shellQuote(serverUrl)}) printf '%s\\n' ${shellQuote(answer)}; exit 0 ;;`;
    })
    .join('\n');
  const list = JSON.stringify(Object.fromEntries(Object.entries(credentials).map(([url, entry]) => [url, entry.username])));
  return `case "$1" in
  get)
    case "$input" in
${getCases}
    esac
    printf '%s\\n' ${shellQuote(NOT_FOUND_MESSAGE)}
    exit 1 ;;
  store|erase) exit 0 ;;
  list) printf '%s\\n' ${shellQuote(list)}; exit 0 ;;
  *) printf 'unknown action: %s\\n' "$1" >&2; exit 1 ;;
esac`;
}

export function helperScriptText(dir: string, name: string, behaviour: HelperBehaviour): string {
  const record = `printf '%s %s\\n' "$1" "$(printf '%s' "$input" | base64 -w0)" >> ${shellQuote(callsFile(dir, name))}`;
  let body: string;
  switch (behaviour.mode ?? 'answer') {
    case 'hang':
      body = 'exec sleep 3600';
      break;
    case 'fail':
      body = `${behaviour.stdout === undefined ? '' : `printf '%s\\n' ${shellQuote(behaviour.stdout)}\n`}printf '%s\\n' ${shellQuote(behaviour.stderr ?? 'helper failed')} >&2\nexit ${behaviour.exitCode ?? 1}`;
      break;
    case 'killed':
      body = 'kill -KILL $$';
      break;
    case 'garbage':
      body = `printf '%s' ${shellQuote(behaviour.garbage ?? 'this is not JSON {')}\nexit 0`;
      break;
    case 'answer':
      body = answerSection(behaviour.credentials ?? {});
      break;
  }
  return `#!/bin/sh\ninput="$(cat)"\n${record}\n${body}\n`;
}

/** Writes an executable docker-credential-<name> into `dir` (created if needed); returns `dir` for PATH. */
export function testHelperScript(dir: string, name: string, behaviour: HelperBehaviour = {}): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `docker-credential-${name}`);
  writeFileSync(file, helperScriptText(dir, name, behaviour));
  chmodSync(file, 0o755);
  return dir;
}

/** The invocations recorded so far, oldest first. */
export function helperCalls(dir: string, name: string): HelperCall[] {
  const file = callsFile(dir, name);
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => {
      const [action = '', encoded = ''] = line.split(' ');
      return { action, input: Buffer.from(encoded, 'base64').toString('utf8') };
    });
}
