import type { DockerAuthEntry } from '../../config/model.js';
import type { Facts } from '../facts.js';
import type { Finding } from '../finding.js';
import { isNamespacedKey, registryOfKey } from '../keys.js';
import { CLIENT_NAMES, describeOutcome } from './clients-disagree.js';
import { finding, quote, sameCredentials } from './support.js';

/** Several spellings of one registry with different credentials: who wins, per client, as the resolvers decided. */
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
    const keys = entries.map((entry) => entry.key);
    const probe = facts.clients.probes.find((candidate) => candidate.registry === registry);
    const outcomes = probe?.outcomes ?? [];
    findings.push(
      finding('conflicting-keys', {
        severity: outcomes.some((outcome) => outcome.ambiguous) ? 'error' : 'warning',
        title: `${keys.length} spellings of ${registry} hold different credentials`,
        detail: [
          `${keys.map(quote).join(', ')} all name ${registry} but hold different credentials.`,
          ...(probe === undefined ? [] : [`For ${probe.image}:`, ...outcomes.map((outcome) => `${CLIENT_NAMES[outcome.client]} ${describeOutcome(outcome)}.`)]),
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
