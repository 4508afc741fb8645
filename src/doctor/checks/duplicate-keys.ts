import { containersNormalizeAuthFileKey, containersNormalizeRegistry, dockerAuthConfigKey } from '../../clients/keys.js';
import type { DockerAuthEntry } from '../../config/model.js';
import type { Facts } from '../facts.js';
import type { Finding } from '../finding.js';
import { dockerHostOf, isNamespacedKey, keyReaders, registryOfKey } from '../keys.js';
import { finding, quote, sameCredentials } from './support.js';

/** Several spellings of one registry with different credentials: who wins, per client. */
export function checkConflictingKeys(facts: Facts): Finding[] {
  const { view } = facts.docker.config;
  const groups = new Map<string, DockerAuthEntry[]>();
  for (const entry of view.auths) {
    if (isNamespacedKey(entry.key)) continue;
    const registry = registryOfKey(entry.key);
    groups.set(registry, [...(groups.get(registry) ?? []), entry]);
  }
  const findings: Finding[] = [];
  for (const [registry, entries] of groups) {
    const [first] = entries;
    if (first === undefined || entries.length < 2 || entries.every((entry) => sameCredentials(entry, first))) continue;
    const docker = dockerWinner(registry, entries);
    const podman = podmanWinner(registry, entries);
    const kubelet = entries.filter((entry) => keyReaders(entry.key, registry).kubelet).map((entry) => entry.key);
    const keys = entries.map((entry) => entry.key);
    findings.push(
      finding('conflicting-keys', {
        severity: docker.random || podman.random ? 'error' : 'warning',
        title: `${keys.length} spellings of ${registry} hold different credentials`,
        detail: [
          `${keys.map(quote).join(', ')} all name ${registry} but hold different credentials.`,
          `Docker and crane: ${docker.text}.`,
          `podman/skopeo/buildah: ${podman.text}.`,
          `kubelet: ${kubelet.length === 0 ? 'uses none of them' : `tries ${kubelet.map(quote).join(', ')} in turn`}.`,
          'Choose the right one with "regauth fix --keep KEY"; the others are removed.',
        ].join(' '),
        file: view.file.path,
        line: first.keyPos.line,
        key: first.key,
        choices: keys,
      }),
    );
  }
  return findings;
}

interface Winner {
  text: string;
  random: boolean;
}

function dockerWinner(registry: string, entries: DockerAuthEntry[]): Winner {
  const lookupKey = dockerAuthConfigKey(registry);
  const exact = entries.find((entry) => entry.key === lookupKey);
  if (exact !== undefined) return { text: `use ${quote(exact.key)} (exact key)`, random: false };
  const candidates = lookupKey === registry ? entries.filter((entry) => dockerHostOf(entry.key) === lookupKey) : [];
  return describeCandidates(candidates);
}

/** containers/image: the exact registry key first, then any normalised spelling; entries without `auth` count as absent. */
function podmanWinner(registry: string, entries: DockerAuthEntry[]): Winner {
  const withAuth = entries.filter((entry) => entry.hasAuth);
  const exact = withAuth.find((entry) => entry.key === registry);
  if (exact !== undefined) return { text: `use ${quote(exact.key)} (exact key)`, random: false };
  const target = containersNormalizeRegistry(registry);
  return describeCandidates(withAuth.filter((entry) => containersNormalizeAuthFileKey(entry.key, false) === target));
}

function describeCandidates(candidates: DockerAuthEntry[]): Winner {
  const [only] = candidates;
  if (only === undefined) return { text: 'use none of them', random: false };
  if (candidates.length === 1) return { text: `use ${quote(only.key)}`, random: false };
  return { text: `take whichever of ${candidates.map((entry) => quote(entry.key)).join(', ')} Go's random map order meets first`, random: true };
}
