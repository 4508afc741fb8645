import { chooseStore } from '../../clients/docker.js';
import type { DockerAuthEntry, DockerConfigView } from '../../config/model.js';
import type { Secret } from '../../util/secret.js';
import { type FindingId, catalogueEntry } from '../catalogue.js';
import type { Finding } from '../finding.js';

/** Shared pieces of the checks: building findings and comparing entries without revealing secrets. */

export type FindingFields = Partial<Omit<Finding, 'id'>> & Pick<Finding, 'detail'>;

/** A finding with the catalogue's title and severity unless given. */
export function finding(id: FindingId, fields: FindingFields): Finding {
  const entry = catalogueEntry(id);
  return {
    id,
    severity: fields.severity ?? entry.severity,
    title: fields.title ?? entry.title,
    detail: fields.detail,
    file: fields.file ?? null,
    line: fields.line ?? null,
    key: fields.key ?? null,
    fix: fields.fix ?? null,
    ...(fields.command === undefined ? {} : { command: fields.command }),
    ...(fields.choices === undefined ? {} : { choices: fields.choices }),
    ...(fields.readers === undefined ? {} : { readers: fields.readers }),
    ...(fields.storeInHelper === undefined ? {} : { storeInHelper: fields.storeInHelper }),
  };
}

function sameSecret(a: Secret | null, b: Secret | null): boolean {
  const emptyA = a === null || a.isEmpty;
  const emptyB = b === null || b.isEmpty;
  if (emptyA || emptyB) return emptyA === emptyB;
  return a.equals(b);
}

/** Both entries make Docker send the same thing (an undecodable `auth` counts as its own value). */
export function sameCredentials(a: DockerAuthEntry, b: DockerAuthEntry): boolean {
  return (
    a.username === b.username &&
    sameSecret(a.password, b.password) &&
    sameSecret(a.identityToken, b.identityToken) &&
    sameSecret(a.registryToken, b.registryToken) &&
    a.authError === b.authError
  );
}

/** The entry carries a password, a token or a (possibly undecodable) `auth`. */
export function holdsCredentials(entry: DockerAuthEntry): boolean {
  return (
    entry.hasAuth ||
    !entry.password.isEmpty ||
    (entry.identityToken !== null && !entry.identityToken.isEmpty) ||
    (entry.registryToken !== null && !entry.registryToken.isEmpty)
  );
}

/** The helper Docker asks for a lookup key, by the docker resolver's own rule (credHelpers, then credsStore). */
export function helperFor(view: DockerConfigView, lookupKey: string): { name: string; setting: 'credHelpers' | 'credsStore'; line: number } | null {
  const store = chooseStore(view, lookupKey, null);
  if (store === null) return null;
  const perRegistry = view.credHelpers.find((entry) => entry.key === lookupKey);
  if (perRegistry !== undefined) return { name: store.name, setting: 'credHelpers', line: perRegistry.pos.line };
  return { name: store.name, setting: 'credsStore', line: view.credsStore?.pos.line ?? 0 };
}

export function quote(text: string): string {
  return JSON.stringify(text);
}

/** Quotes a path for a POSIX shell command. */
export function shellQuote(text: string): string {
  return /^[A-Za-z0-9_./:@%+=-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
