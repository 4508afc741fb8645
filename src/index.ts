/**
 * regauth as a library: which credentials each client uses for an image (with the trace of
 * why), whether the registry accepts them, what is wrong, and safe edits of the files.
 */
import type { ClientId, Resolution } from './clients/model.js';
import { parseImageRef } from './reference/parse.js';
import type { ImageRef } from './reference/model.js';
import { checkAccess, type AccessReport, type CheckAccessOptions } from './registry/index.js';
import { toRegistryCredentials } from './resolve/credentials.js';
import { resolveAll, targetOf, type ResolveOptions } from './resolve/resolve.js';

export type { ClientId, Credentials, Resolution, RouteEndpoint, RouteReport, SecretKind } from './clients/model.js';
export { CLIENT_IDS } from './clients/model.js';
export type { ImageRef } from './reference/model.js';
export { parseImageRef, registryFromArgument } from './reference/parse.js';
export type { ResolveOptions, ResolveTarget } from './resolve/resolve.js';
export { resolveAll } from './resolve/resolve.js';
export { inventory, type ClientInventory, type InventoryEntry, type InventoryFile } from './resolve/inventory.js';
export { Secret } from './util/secret.js';
export { RegauthError, isRegauthError, type ErrorCode } from './util/errors.js';
export type { TraceStep, Warning, Position } from './util/trace.js';
export { parseDockerVersion, type DockerVersion } from './config/docker-version.js';
export { checkAccess, type AccessReport, type CheckAccessOptions, type PullAccess, type PushAccess } from './registry/index.js';
export { gatherFacts, runChecks, renderReport, explain, type DoctorReport, type Finding, type Severity, type Explanation } from './doctor/index.js';
export { applyEdits, type Edit, type EditPlan } from './config/edit.js';
export { safeWrite, readForEdit } from './config/safe-write.js';
export { unifiedDiff } from './config/diff.js';
export { helperGet, helperList, helperStore, helperErase } from './helpers/index.js';

/** Every requested client's resolution for an image (default: all four clients). */
export async function resolveImage(image: string, options: ResolveOptions = {}): Promise<{ image: ImageRef; results: Resolution[] }> {
  const ref = parseImageRef(image);
  return { image: ref, results: await resolveAll(targetOf(ref), options) };
}

/** The credentials one client sends for an image; `credentials` is null when it sends none. */
export async function resolveCredentials(image: string, options: ResolveOptions & { client?: ClientId } = {}): Promise<Resolution> {
  const ref = parseImageRef(image);
  const [resolution] = await resolveAll(targetOf(ref), { ...options, clients: [options.client ?? 'docker'] });
  if (resolution === undefined) throw new Error('no resolution');
  return resolution;
}

/** Resolve like the client, then prove login, pull (and push) against the registry. */
export async function checkImage(
  image: string,
  options: ResolveOptions & { client?: ClientId; push?: boolean } & Omit<Partial<CheckAccessOptions>, 'ref' | 'credentials' | 'push'> = {},
): Promise<{ resolution: Resolution; access: AccessReport }> {
  const ref = parseImageRef(image);
  const resolution = await resolveCredentials(image, options);
  const credentials = toRegistryCredentials(resolution.credentials);
  const access = await checkAccess({ ...options, ref, credentials, push: options.push === true });
  return { resolution, access };
}

