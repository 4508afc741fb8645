import { decodeContainersAuth } from '../config/containers-file.js';
import { decodeDockerConfig } from '../config/docker-file.js';
import type { DockerVersion } from '../config/docker-version.js';
import type { DockerConfigView, FileFormat, LoadedFile } from '../config/model.js';
import { decodeJwt } from '../registry/jwt.js';
import type { Secret } from '../util/secret.js';
import type { ContainersFileFacts, CredentialExpiry, DockerConfigFacts, FileMeta } from './facts.js';
import { dockerHostOf } from './keys.js';
import { holdsCredentials } from './checks/support.js';
import { topLevelKeysOf } from './checks/config-content.js';

/**
 * Facts derived from decoded files, shared by gathering and by tests that build facts from
 * fixtures. Secrets are read here only to find expiry dates; nothing secret leaves.
 */

const ECR_HOST = /^\d{12}\.dkr\.ecr(?:-fips)?\.[a-z0-9-]+\.amazonaws\.com(?:\.cn)?(?::\d+)?$/;

export function isEcrHost(host: string): boolean {
  return ECR_HOST.test(host);
}

export function credentialExpiries(view: DockerConfigView): CredentialExpiry[] {
  const expiries: CredentialExpiry[] = [];
  for (const entry of view.auths) {
    const base = { key: entry.key, line: entry.keyPos.line };
    const identity = jwtExpiry(entry.identityToken);
    if (identity !== null) expiries.push({ ...base, kind: 'identitytoken', expiresAt: identity });
    const registry = jwtExpiry(entry.registryToken);
    if (registry !== null) expiries.push({ ...base, kind: 'registrytoken', expiresAt: registry });
    if (entry.authError !== null) continue;
    const ecr = isEcrHost(dockerHostOf(entry.key)) ? ecrExpiry(entry.password) : null;
    if (ecr !== null) {
      expiries.push({ ...base, kind: 'ecr-token', expiresAt: ecr });
      continue;
    }
    const password = jwtExpiry(entry.password);
    if (password !== null) expiries.push({ ...base, kind: 'password-jwt', expiresAt: password });
  }
  return expiries;
}

export function hasPlaintextSecrets(view: DockerConfigView): boolean {
  return view.auths.some(holdsCredentials);
}

function jwtExpiry(token: Secret | null): string | null {
  if (token === null || token.isEmpty || token.length > 64 * 1024) return null;
  const expiresAt = decodeJwt(token.reveal())?.expiresAt ?? null;
  return expiresAt === null || Number.isNaN(expiresAt.getTime()) ? null : expiresAt.toISOString();
}

/** ECR passwords are base64 JSON with an `expiration` in seconds (12 hours after issue). */
function ecrExpiry(password: Secret): string | null {
  if (password.isEmpty || password.length > 64 * 1024) return null;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(password.reveal(), 'base64').toString('utf8'));
    if (parsed === null || typeof parsed !== 'object') return null;
    const expiration = (parsed as Record<string, unknown>)['expiration'];
    if (typeof expiration !== 'number' || !Number.isFinite(expiration)) return null;
    const date = new Date(expiration * 1000);
    return Number.isNaN(date.getTime()) ? null : date.toISOString();
  } catch {
    return null;
  }
}

/** The bytes of a file as the config decoders take them, from its metadata and text. */
export function loadedFile(meta: FileMeta, text: string, format: FileFormat): LoadedFile {
  const base = { path: meta.path, format };
  if (meta.kind === 'missing') return { ...base, exists: false, text: '', ioError: null };
  if (meta.kind === 'directory') return { ...base, exists: true, text: '', ioError: { code: 'E_CONFIG_IS_DIRECTORY', message: `read ${meta.path}: is a directory` } };
  if (meta.ioError !== null) return { ...base, exists: true, text: '', ioError: { code: 'E_CONFIG_UNREADABLE', message: meta.ioError.message } };
  return { ...base, exists: true, text, ioError: null };
}

export function dockerConfigFacts(meta: FileMeta, text: string, version: DockerVersion): DockerConfigFacts {
  return dockerConfigFactsOf(meta, loadedFile(meta, text, 'docker-config'), version);
}

/** From the file as the resolvers read it (one read, shared through the resolve context's cache). */
export function dockerConfigFactsOf(meta: FileMeta, file: LoadedFile, version: DockerVersion): DockerConfigFacts {
  const view = decodeDockerConfig(file, { version });
  const facts = { meta, view, hasPlaintextSecrets: hasPlaintextSecrets(view), expiries: credentialExpiries(view), topLevelKeys: topLevelKeysOf(view.file.text) };
  view.file = withoutText(view.file);
  return facts;
}

export function containersFileFacts(path: string, reason: string, meta: FileMeta, text: string, format: FileFormat): ContainersFileFacts {
  return containersFileFactsOf(reason, meta, { ...loadedFile(meta, text, format), path });
}

export function containersFileFactsOf(reason: string, meta: FileMeta, file: LoadedFile): ContainersFileFacts {
  const path = file.path;
  const view = file.exists ? decodeContainersAuth(file) : null;
  if (view !== null) view.file = withoutText(view.file);
  return { path, reason, meta, view };
}

/** Facts keep no raw file text: it holds the credentials in clear. */
function withoutText(file: LoadedFile): LoadedFile {
  return { ...file, text: '' };
}
