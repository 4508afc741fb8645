import { createHash, randomBytes } from 'node:crypto';
import { registryOfKey } from '../clients/keys.js';
import type { ClientId, Credentials, Resolution } from '../clients/model.js';
import type { ImageRef } from '../reference/model.js';
import { parseImageRef } from '../reference/parse.js';
import { type ResolveContext, type ResolveTarget, resolveMany } from '../resolve/resolve.js';
import type { TraceStep } from '../util/trace.js';
import type { ClientOutcome, ProbeFacts } from './facts.js';
import { isNamespacedKey } from './keys.js';

/**
 * Doctor's view of the clients is the resolvers' view: for each image worth looking at, every
 * client is resolved through the same context (discovery, file cache, helper answers) that
 * `resolve` uses, and the results are reduced to plain, secret-free outcomes.
 */

/** A key some client's file names, with the user stored under it when known. */
export interface NamedKey {
  key: string;
  username: string | null;
  file: string;
}

export interface ProbeTarget {
  target: ResolveTarget;
  image: string;
  why: string;
}

/** Past this many images the rest are counted, not resolved (a file with thousands of registries). */
export const MAX_PROBES = 64;
const EXAMPLE_REPOSITORY = 'x';

/**
 * The images that tell clients apart: the given image; otherwise, for every key, an image on its
 * registry — Docker Hub as docker.io/library/x and docker.io/USER/x, a namespaced key as an image
 * under the namespace and one beside it.
 */
export function probeTargets(image: ImageRef | null, keys: readonly NamedKey[]): { targets: ProbeTarget[]; omitted: number } {
  if (image !== null) {
    return { targets: [{ target: { registry: image.registry, repository: image.repository, image: image.input }, image: image.normalized, why: 'the image given' }], omitted: 0 };
  }
  const byImage = new Map<string, ProbeTarget>();
  const add = (registry: string, repository: string, named: NamedKey): void => {
    const image = `${registry}/${repository}`;
    if (byImage.has(image)) return;
    byImage.set(image, { target: { registry, repository }, image, why: `${JSON.stringify(named.key)} in ${named.file}` });
  };
  for (const named of keys) {
    const registry = registryOfKey(named.key);
    if (!isPlausibleRegistry(registry)) continue;
    const namespace = namespaceOf(named.key);
    if (registry === 'docker.io') {
      add(registry, `library/${EXAMPLE_REPOSITORY}`, named);
      const user = namespace ?? named.username;
      if (user !== null && /^[a-z0-9]+(?:[._-][a-z0-9]+)*$/.test(user)) add(registry, `${user}/${EXAMPLE_REPOSITORY}`, named);
      continue;
    }
    if (namespace !== null) add(registry, `${namespace}/${EXAMPLE_REPOSITORY}`, named);
    add(registry, EXAMPLE_REPOSITORY, named);
  }
  const all = [...byImage.values()];
  return { targets: all.slice(0, MAX_PROBES), omitted: Math.max(0, all.length - MAX_PROBES) };
}

/** "myreg.example.com/team" → "team"; the path of a schemeless key, which podman treats as a namespace. */
function namespaceOf(key: string): string | null {
  if (!isNamespacedKey(key)) return null;
  const path = key.slice(key.indexOf('/') + 1).replace(/\/+$/, '');
  return path === '' ? null : path.toLowerCase();
}

function isPlausibleRegistry(registry: string): boolean {
  if (registry === '') return false;
  try {
    return parseImageRef(`${registry}/${EXAMPLE_REPOSITORY}`).registry === registry;
  } catch {
    return false;
  }
}

export interface ProbeRun {
  facts: ProbeFacts;
  resolutions: Resolution[];
}

/** Resolves every client for every target through one context; helpers are asked once per question. */
export async function runProbes(targets: readonly ProbeTarget[], clients: readonly ClientId[], context: ResolveContext): Promise<ProbeRun[]> {
  const salt = randomBytes(16);
  const runs: ProbeRun[] = [];
  // the helpers are asked all their first questions together, each question once
  const all = await resolveMany(targets.flatMap((probe) => clients.map((client) => ({ client, target: probe.target }))), context);
  for (const [index, probe] of targets.entries()) {
    const resolutions = all.slice(index * clients.length, (index + 1) * clients.length);
    runs.push({
      resolutions,
      facts: { image: probe.image, registry: probe.target.registry, why: probe.why, outcomes: resolutions.map((resolution) => outcomeOf(resolution, salt)) },
    });
  }
  return runs;
}

function outcomeOf(resolution: Resolution, salt: Buffer): ClientOutcome {
  const base: ClientOutcome = {
    client: resolution.client,
    sends: 'nothing',
    username: null,
    secretKind: null,
    fingerprint: null,
    error: resolution.error,
    configFile: resolution.configFile,
    key: resolution.key,
    line: lineOf(resolution.trace, resolution.key),
    source: resolution.source,
    helper: resolution.helper,
    ambiguous: resolution.ambiguous,
    decisive: decisiveSteps(resolution.trace),
    ...(resolution.route === undefined ? {} : { route: resolution.route }),
  };
  if (resolution.error !== null) return { ...base, sends: 'fails' };
  if (resolution.credentials === null) return base;
  return withCredentials(base, resolution.credentials, salt);
}

function withCredentials(base: ClientOutcome, credentials: Credentials, salt: Buffer): ClientOutcome {
  const secret = credentials.identityToken ?? credentials.registryToken ?? credentials.password;
  if (secret === null || secret.isEmpty) return base;
  const kind = credentials.identityToken !== null ? 'identitytoken' : credentials.registryToken !== null ? 'registrytoken' : 'password';
  const username = kind === 'password' ? credentials.username : null;
  if (kind === 'password' && (username === null || username === '')) return base;
  const fingerprint = createHash('sha256').update(salt).update(`${kind}\u0000${username ?? ''}\u0000`).update(secret.reveal()).digest('hex').slice(0, 16);
  return { ...base, sends: 'credentials', username, secretKind: kind, fingerprint };
}

function lineOf(trace: readonly TraceStep[], key: string | null): number | null {
  if (key === null) return null;
  const step = trace.find((candidate) => candidate.outcome === 'matched' && candidate.key === key && candidate.line !== undefined);
  return step?.line ?? null;
}

const DECISIVE: ReadonlySet<TraceStep['outcome']> = new Set(['matched', 'missing', 'error', 'warning']);

/** The steps that decided: matches, misses, errors and warnings of the lookup itself, at most six. */
export function decisiveSteps(trace: readonly TraceStep[]): string[] {
  return trace
    // a file that does not exist decides nothing: the lookup just goes on to the next one
    .filter((step) => DECISIVE.has(step.outcome) && !step.step.startsWith('file.') && !(step.outcome === 'missing' && step.step.endsWith('.file')))
    .slice(-6)
    .map((step) => `${step.step}: ${step.why}`);
}

