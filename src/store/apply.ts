import { applyEdits, type Edit } from '../config/edit.js';
import { decodeContainersAuth } from '../config/containers-file.js';
import { decodeDockerConfig } from '../config/docker-file.js';
import { detectDefaultStore, locateContainers, locateDocker } from '../config/locate.js';
import { readForEdit, safeWrite } from '../config/safe-write.js';
import { helperErase, helperStore } from '../helpers/actions.js';
import type { HelperFailure } from '../helpers/interpret.js';
import { clientErrorText } from '../helpers/client-messages.js';
import { CURRENT_DOCKER } from '../clients/versions.js';
import { environmentSnapshot } from '../resolve/environment.js';
import { RegauthError } from '../util/errors.js';
import type { Secret } from '../util/secret.js';
import { containersLoginPlan, dockerLoginPlan, keysNamingRegistry, logoutPlan } from './plan.js';

/** The I/O half of login and logout: read, plan, write through the safe writer, talk to helpers. */

export interface StoreTarget {
  /** `--config FILE`; otherwise the client's own file */
  configFile?: string;
  env: NodeJS.ProcessEnv;
  helperTimeoutMs?: number;
}

export interface WriteOutcome {
  file: string;
  backup: string | null;
  changed: boolean;
}

export const PLAINTEXT_WARNING = (file: string): string =>
  `WARNING! Your credentials are stored unencrypted in '${file}'.\nConfigure a credential helper to remove this warning. See\nhttps://docs.docker.com/go/credential-store/`;

function dockerConfigPath(target: StoreTarget): string {
  if (target.configFile !== undefined) return target.configFile;
  const [candidate] = locateDocker(environmentSnapshot(target.env), { version: CURRENT_DOCKER }).candidates;
  if (candidate === undefined) throw new RegauthError('E_INTERNAL', 'no Docker config path');
  return candidate.path;
}

async function editFile(path: string, edits: readonly Edit[]): Promise<WriteOutcome> {
  const current = await readForEdit(path);
  const { text, changed } = applyEdits(current.text ?? '', edits);
  if (!changed) return { file: current.targetPath, backup: null, changed: false };
  const written = await safeWrite({ path, expectedOriginal: current.text, newText: text, backup: current.text !== null });
  return { file: written.targetPath, backup: written.backupPath, changed: true };
}

async function loadDockerView(path: string, env: NodeJS.ProcessEnv): Promise<{ view: ReturnType<typeof decodeDockerConfig>; defaultStore: string | null }> {
  const current = await readForEdit(path);
  const view = decodeDockerConfig({ path, format: 'docker-config', exists: current.text !== null, text: current.text ?? '', ioError: null }, { version: CURRENT_DOCKER });
  if (view.fatal || (view.loadError !== null && view.loadError.pos !== null && view.auths.length === 0 && current.text !== null && current.text.trim() !== '')) {
    throw new RegauthError('E_CONFIG_PARSE', view.loadError?.message ?? 'the file is not valid JSON', {
      file: path,
      ...(view.loadError?.pos === null || view.loadError === null ? {} : { line: view.loadError.pos.line, column: view.loadError.pos.column }),
      hint: 'fix the file by hand (or restore a backup) before storing credentials in it',
    });
  }
  const snapshot = environmentSnapshot(env);
  return { view, defaultStore: detectDefaultStore(view, snapshot.onPath, snapshot.platform).store };
}

export interface LoginResult extends WriteOutcome {
  key: string;
  helper: string | null;
  plaintextWarning: string | null;
}

export async function dockerLogin(target: StoreTarget, registry: string, username: string, password: Secret): Promise<LoginResult> {
  const path = dockerConfigPath(target);
  const { view, defaultStore } = await loadDockerView(path, target.env);
  const plan = dockerLoginPlan(view, registry, username, password, target.configFile === undefined ? defaultStore : null);
  if (plan.helper !== null) {
    const stored = await helperStore(plan.helper, { serverURL: plan.key, username, secret: password }, { env: target.env, ...timeout(target) });
    if (stored.kind !== 'stored') {
      throw new RegauthError('E_HELPER_FAILED', `Error saving credentials: ${storeFailureText(stored)}`, { hint: `check docker-credential-${plan.helper} (regauth doctor explains helper problems)` });
    }
  }
  const written = await editFile(path, plan.edits);
  return { ...written, key: plan.key, helper: plan.helper, plaintextWarning: plan.plaintext ? PLAINTEXT_WARNING(written.file) : null };
}

export async function containersLogin(target: StoreTarget, registry: string, username: string, password: Secret): Promise<LoginResult> {
  const snapshot = environmentSnapshot(target.env);
  const compat = target.configFile === undefined && (snapshot.env['DOCKER_CONFIG'] ?? '') !== '' && (snapshot.env['REGISTRY_AUTH_FILE'] ?? '') === '';
  const path = target.configFile ?? locateContainers(snapshot, { tool: 'podman', command: 'login' }).candidates[0]?.path;
  if (path === undefined) throw new RegauthError('E_INTERNAL', 'no containers auth file path');
  const current = await readForEdit(path);
  const view = decodeContainersAuth({ path, format: 'containers-auth', exists: current.text !== null, text: current.text ?? '', ioError: null });
  if (view.parseError !== null && current.text !== null && current.text.trim() !== '') {
    throw new RegauthError('E_CONFIG_PARSE', view.parseError.message, { file: path, ...(view.parseError.pos === null ? {} : { line: view.parseError.pos.line, column: view.parseError.pos.column }) });
  }
  const plan = containersLoginPlan(registry, username, password, compat);
  const helper = view.credHelpers.find((entry) => entry.key === plan.key)?.helper ?? null;
  if (helper !== null) {
    const stored = await helperStore(helper, { serverURL: plan.key, username, secret: password }, { env: target.env, ...timeout(target) });
    if (stored.kind !== 'stored') throw new RegauthError('E_HELPER_FAILED', `Error saving credentials: ${storeFailureText(stored)}`);
    return { file: path, backup: null, changed: false, key: plan.key, helper, plaintextWarning: null };
  }
  const written = await editFile(path, plan.edits);
  return { ...written, key: plan.key, helper: null, plaintextWarning: null };
}

export interface LogoutResult extends WriteOutcome {
  removedKeys: string[];
  helper: string | null;
  erasedFromHelper: string[];
}

export async function dockerLogout(target: StoreTarget, registry: string): Promise<LogoutResult> {
  const path = dockerConfigPath(target);
  const { view, defaultStore } = await loadDockerView(path, target.env);
  const plan = logoutPlan(view, registry, target.configFile === undefined ? defaultStore : null);
  const erased: string[] = [];
  if (plan.helper !== null) {
    for (const serverURL of plan.helperKeys) {
      const result = await helperErase(plan.helper, serverURL, { env: target.env, ...timeout(target) });
      if (result.kind === 'erased') erased.push(serverURL);
    }
  }
  const written = await editFile(path, plan.edits);
  return { ...written, removedKeys: plan.keys, helper: plan.helper, erasedFromHelper: erased };
}

export async function containersLogout(target: StoreTarget, registry: string): Promise<LogoutResult> {
  const snapshot = environmentSnapshot(target.env);
  const path = target.configFile ?? locateContainers(snapshot, { tool: 'podman', command: 'login' }).candidates[0]?.path;
  if (path === undefined) throw new RegauthError('E_INTERNAL', 'no containers auth file path');
  const current = await readForEdit(path);
  const view = decodeContainersAuth({ path, format: 'containers-auth', exists: current.text !== null, text: current.text ?? '', ioError: null });
  const keys = keysNamingRegistry(view.auths.map((entry) => entry.key), registry);
  const written = await editFile(path, keys.map((key) => ({ kind: 'delete-key', path: ['auths', key] })));
  return { ...written, removedKeys: keys, helper: null, erasedFromHelper: [] };
}

function timeout(target: StoreTarget): { timeoutMs?: number } {
  return target.helperTimeoutMs === undefined ? {} : { timeoutMs: target.helperTimeoutMs };
}

/** The text Docker prints when a helper's `store` fails (already scrubbed by the helper layer). */
function storeFailureText(failure: HelperFailure): string {
  switch (failure.kind) {
    case 'missing':
      return clientErrorText('docker', 'store', { kind: 'missing', binary: failure.binary });
    case 'timeout':
      return clientErrorText('docker', 'store', { kind: 'timeout', afterMs: failure.afterMs });
    default:
      return failure.message;
  }
}
