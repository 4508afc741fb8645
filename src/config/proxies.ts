import { decodeFirstValue, lookupField, toPlainValue } from './json.js';
import { readCredentialFile } from './read-file.js';

/** The `proxies` section of a Docker config.json (matched case-insensitively, as Go does), or null. */
export async function readDockerProxies(path: string | null): Promise<unknown> {
  if (path === null) return null;
  const file = await readCredentialFile(path, 'docker-config');
  if (!file.exists || file.ioError !== null) return null;
  const parsed = decodeFirstValue(file.text);
  if (!parsed.ok || parsed.value === null || parsed.value.kind !== 'object') return null;
  const member = lookupField(parsed.value, 'proxies');
  return member === undefined ? null : toPlainValue(member.value);
}
