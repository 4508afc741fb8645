import type { DockerAuthEntry } from '../../config/model.js';
import type { Facts } from '../facts.js';
import type { Finding } from '../finding.js';
import { DOCKER_HUB_KEY, comparedClients, describeReaders, dockerHostOf, isHubSpelling, isNamespacedKey, readersOf } from '../keys.js';
import { finding, helperFor, quote, sameCredentials } from './support.js';

/** Docker Hub keys spelled so that the Docker CLI never reads them (the seed's case). */
export function checkHubKeys(facts: Facts): Finding[] {
  const { view } = facts.docker.config;
  const file = view.file.path;
  const exact = view.auths.find((entry) => entry.key === DOCKER_HUB_KEY);
  const misspelled = view.auths.filter((entry) => entry.key !== DOCKER_HUB_KEY && isHubSpelling(entry.key));
  const findings: Finding[] = [];
  // with a correct key present, differing spellings are the duplicate check's business
  if (exact === undefined) {
    const hubHelper = helperFor(view, DOCKER_HUB_KEY);
    const interchangeable = misspelled.every((entry) => misspelled[0] !== undefined && sameCredentials(entry, misspelled[0]));
    for (const entry of misspelled) {
      const readers = readersOf(facts, 'docker.io', entry.key, file);
      // with a helper in play Docker asks the helper, not the file: a rename would not help it
      const renameable = hubHelper === null && interchangeable && entry === misspelled[0] && !isNamespacedKey(entry.key);
      findings.push(
        finding('docker-hub-key-ignored', {
          severity: hubHelper === null ? 'error' : 'warning',
          title: `Docker ignores the Docker Hub key ${quote(entry.key)}`,
          detail: [
            `${quote(entry.key)} is not ${quote(DOCKER_HUB_KEY)}, the only key the Docker CLI looks Docker Hub up by,`,
            hubHelper === null
              ? 'so docker pull and push of Hub images send no credentials (the registry answers "unauthorized: authentication required" or "denied: requested access to the resource is denied").'
              : `so Docker asks the helper "${hubHelper.name}" (${hubHelper.setting}) for Hub credentials and never uses this entry.`,
            readers === null ? '' : `For Hub images, ${describeReaders(readers, comparedClients(facts))}.`,
            renameable
              ? `Renamed to ${quote(DOCKER_HUB_KEY)}, it is read by every client.`
              : hubHelper === null
                ? renameNote(misspelled, interchangeable)
                : `Renaming it would not help Docker, which asks the helper: the finding "clients-disagree" says how to get the credentials into it.`,
          ].filter((part) => part !== '').join(' '),
          file,
          line: entry.keyPos.line,
          key: entry.key,
          ...(readers === null ? {} : { readers }),
          fix: renameable ? renamePlan(file, entry, DOCKER_HUB_KEY, 'store Docker Hub credentials under the key the Docker CLI reads') : null,
        }),
      );
    }
  }
  const hubTaken = exact !== undefined || misspelled.length > 0;
  for (const entry of view.auths.filter((candidate) => dockerHostOf(candidate.key).toLowerCase() === 'hub.docker.com')) {
    findings.push(
      finding('hub-website-key', {
        title: `Credentials stored for the Docker Hub web site ${quote(entry.key)}`,
        detail: `${quote(entry.key)} is Docker Hub's web site, not its registry: no client sends these credentials for Hub images. ${
          hubTaken ? 'Another entry already names Docker Hub, so the key is not renamed automatically; remove one of them.' : `Rename it to ${quote(DOCKER_HUB_KEY)}.`
        }`,
        file,
        line: entry.keyPos.line,
        key: entry.key,
        ...withReaders(readersOf(facts, 'docker.io', entry.key, file)),
        fix: hubTaken ? null : renamePlan(file, entry, DOCKER_HUB_KEY, 'store Docker Hub credentials under the key the Docker CLI reads'),
      }),
    );
  }
  return findings;
}

function renameNote(misspelled: DockerAuthEntry[], interchangeable: boolean): string {
  const [first] = misspelled;
  if (first === undefined) return '';
  if (interchangeable) return `The fix renames ${quote(first.key)}, which holds the same credentials.`;
  return `The spellings (${misspelled.map((entry) => quote(entry.key)).join(', ')}) hold different credentials: choose one with "regauth fix --keep KEY".`;
}

function renamePlan(file: string, entry: DockerAuthEntry, newKey: string, reason: string): Finding['fix'] {
  return { file, edits: [{ kind: 'rename-key', path: ['auths', entry.key], newKey }], reason };
}


function withReaders(readers: ReturnType<typeof readersOf>): { readers?: NonNullable<ReturnType<typeof readersOf>> } {
  return readers === null ? {} : { readers };
}
