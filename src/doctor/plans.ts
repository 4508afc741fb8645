import type { Edit, EditPlan } from '../config/edit.js';
import { RegauthError } from '../util/errors.js';
import type { Finding } from './finding.js';
import { DOCKER_HUB_KEY, dockerHostOf, registryOfKey } from './keys.js';

/** The key Docker looks a registry up by: Hub's index URL, otherwise host[:port]. */
export function canonicalKey(key: string): string {
  const registry = registryOfKey(key);
  return registry === 'docker.io' ? DOCKER_HUB_KEY : dockerHostOf(key);
}

/**
 * For a finding whose user must choose (`choices`): keep `keep`, remove the other spellings and
 * rename the kept entry to the key Docker looks up.
 */
export function planKeepKey(finding: Finding, keep: string): EditPlan {
  const choices = finding.choices ?? [];
  if (finding.file === null || !choices.includes(keep)) {
    throw new RegauthError('E_USAGE', `"${keep}" is not one of the keys of finding ${finding.id}`, {
      hint: choices.length === 0 ? 'this finding offers no choice' : `choose one of: ${choices.map((key) => JSON.stringify(key)).join(', ')}`,
    });
  }
  const target = canonicalKey(keep);
  const edits: Edit[] = choices.filter((key) => key !== keep).map((key) => ({ kind: 'delete-key', path: ['auths', key] }));
  if (keep !== target) edits.push({ kind: 'rename-key', path: ['auths', keep], newKey: target });
  return { file: finding.file, edits, reason: `keep the credentials of "${keep}" under "${target}" and remove the other spellings` };
}
