/**
 * `login` (verify with the registry, then store where the client will look) and `logout` (remove
 * every spelling of the registry from the file and each helper). The `login` and `logout`
 * commands read the password and print; the work is `loginWith` / `logoutWith`.
 */
import { registryFromArgument } from '../reference/parse.js';
import type { ImageRef } from '../reference/model.js';
import { checkAccess } from '../registry/index.js';
import { containersLogin, containersLogout, dockerLogin, dockerLogout, type LoginResult, type LogoutResult, type StoreTarget } from '../store/apply.js';
import { storeRegistry } from '../store/plan.js';
import { RegauthError } from '../util/errors.js';
import { Secret } from '../util/secret.js';
import { checkClient, checkOptions, checkText, type OptionSpec } from './validate.js';

/** The clients whose logins regauth stores and removes. */
export type StoreClient = 'docker' | 'podman';

/** Where and how the file is written. */
export interface StoreOptions {
  /** docker (default) or podman */
  client?: StoreClient;
  /** one credential file to write instead of the client's own (like `--config FILE`) */
  configFile?: string;
  /** keep one backup per file (`<file>.regauth-backup`, 0600); default true */
  backup?: boolean;
  /** put backups in this directory instead */
  backupDir?: string;
  /** time each credential-helper call may take, in milliseconds */
  helperTimeoutMs?: number;
  /** the environment the client would see; default `process.env` */
  env?: Readonly<Record<string, string | undefined>>;
}

export interface LoginOptions extends StoreOptions {
  username: string;
  /** a `Secret`, or the text (wrapped at once) */
  password: Secret | string;
  /** ask the registry first and store only what it accepts; default true */
  verify?: boolean;
  /** verify over https without certificate checks, then http */
  insecure?: boolean;
  /** the verification, in milliseconds; default 30 000 */
  timeoutMs?: number;
}

export interface LoginOutcome extends LoginResult {
  /** the registry as stored ("docker.io" for every Hub spelling) */
  registry: string;
  /** said when the argument named Docker Hub in another spelling than the key used */
  note: string | null;
  verified: boolean;
}

export interface LogoutOutcome extends LogoutResult {
  registry: string;
  note: string | null;
}

const STORE_OPTIONS: OptionSpec = { client: 'client', configFile: 'string', backup: 'boolean', backupDir: 'string', helperTimeoutMs: 'positive-number', env: 'env' };
const DEFAULT_VERIFY_MS = 30_000;

/** The registry check needs a repository; only `authenticated` is read for a login. */
function loginRef(registry: string): ImageRef {
  const repository = 'library/regauth-login-check';
  return { input: registry, registry, repository, tag: null, digest: null, name: `${registry}/${repository}`, normalized: `${registry}/${repository}` };
}

export interface VerifySettings {
  insecure: boolean;
  timeoutMs: number;
}

/** Verifies (unless `verify` is null), then stores for the client. */
export async function loginWith(client: StoreClient, registry: string, username: string, password: Secret, verify: VerifySettings | null, target: StoreTarget): Promise<LoginResult> {
  if (verify !== null) {
    const report = await checkAccess({
      ref: loginRef(registry),
      credentials: { username, password },
      push: false,
      insecure: verify.insecure,
      deadlineMs: verify.timeoutMs,
      env: target.env,
    });
    if (report.authenticated !== true) {
      const problem = report.problems[0];
      const why = problem === undefined ? 'the registry did not confirm the credentials' : `${problem.id}: ${problem.detail}`;
      throw new RegauthError('E_NETWORK', `login to ${registry} not verified, nothing stored (${why})`, {
        ...(problem?.hint === undefined ? {} : { hint: problem.hint }),
      });
    }
  }
  return client === 'docker' ? dockerLogin(target, registry, username, password) : containersLogin(target, registry, username, password);
}

/** Removes the registry from the file and every helper that holds it. */
export function logoutWith(client: StoreClient, registry: string, target: StoreTarget): Promise<LogoutResult> {
  return client === 'docker' ? dockerLogout(target, registry) : containersLogout(target, registry);
}

function storeClient(fn: string, value: unknown): StoreClient {
  const client = checkClient(value ?? 'docker');
  if (client !== 'docker' && client !== 'podman') throw new RegauthError('E_CLIENT_UNKNOWN', `${fn} stores for docker or podman, not "${client}"`);
  return client;
}

function storeTarget(options: StoreOptions): StoreTarget {
  if (options.backup === false && options.backupDir !== undefined) throw new RegauthError('E_OPTIONS_INVALID', 'backupDir and backup: false contradict each other');
  return {
    env: { ...(options.env ?? process.env) },
    backup: options.backup !== false,
    ...(options.backupDir === undefined ? {} : { backupDir: options.backupDir }),
    ...(options.helperTimeoutMs === undefined ? {} : { helperTimeoutMs: options.helperTimeoutMs }),
    ...(options.configFile === undefined ? {} : { configFile: options.configFile }),
  };
}

function registryOf(fn: string, registry: unknown, client: StoreClient): { registry: string; note: string | null } {
  return storeRegistry(checkText(fn, 'the registry', registry), client, registryFromArgument);
}

/**
 * Verifies the user and password with the registry, then stores them where the client will look
 * (its credential helper, else the file), under the key the client reads.
 *
 * @example
 * await login('ghcr.io', { username: 'alice', password: new Secret(token) });
 */
export async function login(registry: string, options: LoginOptions): Promise<LoginOutcome> {
  checkOptions('login', options, { ...STORE_OPTIONS, username: 'string', password: 'secret', verify: 'boolean', insecure: 'boolean', timeoutMs: 'positive-number' });
  if (options === undefined) throw new RegauthError('E_OPTIONS_INVALID', 'login: options with username and password are required');
  const client = storeClient('login', options.client);
  const target = storeTarget(options);
  const { registry: stored, note } = registryOf('login', registry, client);
  const username = checkText('login', 'username', options.username);
  const password = options.password instanceof Secret ? options.password : new Secret(options.password);
  if (password.isEmpty) throw new RegauthError('E_OPTIONS_INVALID', 'login: the password is empty');
  const verify = options.verify === false ? null : { insecure: options.insecure === true, timeoutMs: options.timeoutMs ?? DEFAULT_VERIFY_MS };
  const result = await loginWith(client, stored, username, password, verify, target);
  return { ...result, registry: stored, note, verified: verify !== null };
}

/**
 * Removes every spelling of the registry from the client's file and from each credential helper
 * that holds it. `complete` is false when a helper did not erase (see `places`).
 */
export async function logout(registry: string, options: StoreOptions = {}): Promise<LogoutOutcome> {
  checkOptions('logout', options, STORE_OPTIONS);
  const client = storeClient('logout', options.client);
  const target = storeTarget(options);
  const { registry: stored, note } = registryOf('logout', registry, client);
  return { ...(await logoutWith(client, stored, target)), registry: stored, note };
}
