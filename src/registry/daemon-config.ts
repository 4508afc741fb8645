import { readFile } from 'node:fs';
import { promisify } from 'node:util';
import type { DaemonMirror } from '../clients/docker-route.js';
import { Trace, type TraceStep } from '../util/trace.js';

/** The `insecure-registries` list of dockerd's daemon.json. */

export const DEFAULT_DAEMON_CONFIG = '/etc/docker/daemon.json';

export interface InsecureRegistries {
  entries: string[];
  trace: TraceStep[];
}

/** Pure: the entries of a daemon.json text; malformed files yield none, with a warning. */
export function parseInsecureRegistries(text: string, path: string): InsecureRegistries {
  const trace = new Trace();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    trace.warning('daemon.parse', `${path} is not valid JSON (${(error as Error).message}); dockerd would refuse to start with it`, { file: path });
    return { entries: [], trace: trace.steps };
  }
  const list = parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>)['insecure-registries'] : undefined;
  if (!Array.isArray(list)) {
    trace.info('daemon.insecure-registries', `${path} lists no insecure-registries`, { file: path });
    return { entries: [], trace: trace.steps };
  }
  const entries = list.filter((e): e is string => typeof e === 'string');
  trace.info('daemon.insecure-registries', `${path} lists insecure-registries: ${entries.join(', ') || '(none)'}`, { file: path, key: 'insecure-registries' });
  return { entries, trace: trace.steps };
}

// callback readFile, promisified on first use: node:fs/promises costs start-up more Node modules
let readText: ((path: string, encoding: 'utf8') => Promise<string>) | undefined;

export async function readInsecureRegistries(path: string = DEFAULT_DAEMON_CONFIG): Promise<InsecureRegistries> {
  let text: string;
  try {
    readText ??= promisify(readFile);
    text = await readText(path, 'utf8');
  } catch {
    const trace = new Trace();
    trace.missing('daemon.read', `${path} does not exist or is unreadable: no insecure registries besides loopback`, { tried: path });
    return { entries: [], trace: trace.steps };
  }
  return parseInsecureRegistries(text, path);
}

/**
 * daemon.json `registry-mirrors`, each with its line. dockerd adds "https://" to an entry
 * without a scheme (registry/service_v2.go lookupV2Endpoints). Not JSON: none (dockerd would not start).
 */
export function parseDaemonMirrors(text: string, path: string): DaemonMirror[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return [];
  }
  const list = parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>)['registry-mirrors'] : undefined;
  if (!Array.isArray(list)) return [];
  const lines = text.split('\n');
  const keyLine = lines.findIndex((line) => line.includes('"registry-mirrors"'));
  return list
    .filter((entry): entry is string => typeof entry === 'string')
    .map((url) => {
      const quoted = JSON.stringify(url);
      const at = lines.findIndex((line, index) => index >= Math.max(keyLine, 0) && line.includes(quoted));
      const full = /^https?:\/\//.test(url) ? url : `https://${url}`;
      let host = full;
      try {
        host = new URL(full).host;
      } catch {
        // dockerd refuses to start with it; the entry is still shown
      }
      return { url: full, host, file: path, line: at === -1 ? (keyLine === -1 ? null : keyLine + 1) : at + 1 };
    });
}
