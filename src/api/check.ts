/**
 * `check`: resolve like the client, then prove login, pull (and push) against the registry. The
 * `check` command runs `checkWith`, the same function `check()` ends in: one proxy rule, one
 * timeout rule, one notion of what was sent.
 */
import type { ClientId, Credentials, Resolution } from '../clients/model.js';
import type { ImageRef } from '../reference/model.js';
import type { AccessReport, DebugExchange } from '../registry/index.js';
import { checkResolution, type AccessSettings } from '../resolve/access.js';
import { targetOf, type ResolveOptions } from '../resolve/resolve.js';
import { LOOKUP_OPTIONS, resolveOne, resolveOptionsOf, type LookupOptions } from './resolve.js';
import { checkClient, checkImage, checkOptions } from './validate.js';

export interface CheckOptions extends LookupOptions {
  /** whose credentials to send; default "docker" */
  client?: ClientId;
  /** also prove push access (an upload is started and cancelled: nothing is pushed) */
  push?: boolean;
  /** https without certificate verification, then plain http, like an insecure registry */
  insecure?: boolean;
  /** the whole check, https and http fallbacks included, in milliseconds; default 5 000 */
  timeoutMs?: number;
  /** each HTTP exchange, credentials masked */
  debug?: (exchange: DebugExchange) => void;
}

/** What goes to this registry, knowing its scheme: an identity token on token auth, the user and password on basic auth. */
export interface SentCredentials {
  kind: 'none' | 'password' | 'identitytoken' | 'registrytoken';
  username: string | null;
  /** one phrase for people */
  text: string;
}

export interface CheckResult {
  /** the reference checked */
  ref: ImageRef;
  /** how the client resolved its credentials (with the trace) */
  resolution: Resolution;
  /** what the registry answered: authenticated, pull, push, problems */
  access: AccessReport;
  /** what was sent, given the scheme the registry asked for */
  sent: SentCredentials;
  /** pull granted and the manifest not missing, and push granted when asked */
  ok: boolean;
}


export const DEFAULT_CHECK_TIMEOUT_MS = 5_000;

export function sentFor(credentials: Credentials | null, scheme: AccessReport['authScheme']): SentCredentials {
  if (credentials === null) return { kind: 'none', username: null, text: 'none sent' };
  if (credentials.registryToken !== null && credentials.identityToken === null && credentials.password === null) return { kind: 'registrytoken', username: null, text: 'a registry token (sent as the bearer token)' };
  if (credentials.identityToken !== null) {
    if (scheme === 'basic' && credentials.basic !== undefined) {
      return { kind: 'password', username: credentials.basic.username, text: `user "${credentials.basic.username}" (basic auth: the password is sent, not the identity token)` };
    }
    if (scheme === 'basic') return { kind: 'identitytoken', username: null, text: 'an identity token, which a registry with basic auth cannot use' };
    return { kind: 'identitytoken', username: null, text: 'an identity token (no username; exchanged for a registry token)' };
  }
  return { kind: 'password', username: credentials.username, text: `user "${credentials.username ?? ''}"` };
}

/** The check for a parsed reference and one client. */
export async function checkWith(ref: ImageRef, client: ClientId, options: ResolveOptions, settings: AccessSettings): Promise<CheckResult> {
  // containerd may pull from mirrors, each with its own credentials: one registry check would not say what a pull meets
  checkClient(client);
  const resolution = await resolveOne(client, targetOf(ref), options);
  const access = await checkResolution(ref, resolution, settings, options.env ?? process.env);
  const ok = access.pull === 'granted' && access.manifest !== 'missing' && (!settings.push || access.push === 'granted');
  return { ref, resolution, access, sent: sentFor(resolution.credentials, access.authScheme), ok };
}

/**
 * Resolve like the client, then prove login, pull (and, with `push: true`, push) against the
 * registry — without pushing anything.
 *
 * @example
 * const { ok, access } = await check('ghcr.io/team/app', { push: true });
 * if (!ok) console.log(access.problems.map((problem) => problem.summary));
 */
export async function check(image: string, options: CheckOptions = {}): Promise<CheckResult> {
  checkOptions('check', options, { ...LOOKUP_OPTIONS, client: 'client', push: 'boolean', insecure: 'boolean', timeoutMs: 'positive-number', debug: 'function' });
  const ref = checkImage(image);
  return checkWith(ref, options.client ?? 'docker', resolveOptionsOf('check', options), {
    push: options.push === true,
    insecure: options.insecure === true,
    timeoutMs: options.timeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS,
    ...(options.debug === undefined ? {} : { debug: options.debug }),
  });
}
