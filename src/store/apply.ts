import { applyEdits, type Edit } from '../config/edit.js';
import { decodeContainersAuth } from '../config/containers-file.js';
import { decodeDockerConfig } from '../config/docker-file.js';
import { detectDefaultStore, locateContainers, locateDocker } from '../config/locate.js';
import { readForEdit, safeWrite } from '../config/safe-write.js';
import { helperStore } from '../helpers/actions.js';
import { eraseAll } from '../helpers/answer-queries.js';
import type { EraseResult, HelperFailure } from '../helpers/interpret.js';
import { helperKey } from '../helpers/model.js';
import { scrubBackups } from '../config/backups.js';
import { clientErrorText } from '../helpers/client-messages.js';
import { NEWEST_MODELLED_DOCKER } from '../clients/versions.js';
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
  /** default: one rotating backup beside the file */
  backup?: boolean;
  backupDir?: string;
}

export interface WriteOutcome {
  file: string;
  backup: string | null;
  changed: boolean;
  /** backups rewritten or removed because they held credentials this write removed */
  backupsScrubbed: string[];
}

export const PLAINTEXT_WARNING = (file: string): string =>
  `WARNING! Your credentials are stored unencrypted in '${file}'.\nConfigure a credential helper to remove this warning. See\nhttps://docs.docker.com/go/credential-store/`;

function dockerConfigPath(target: StoreTarget): string {
  if (target.configFile !== undefined) return target.configFile;
  const [candidate] = locateDocker(environmentSnapshot(target.env), { version: NEWEST_MODELLED_DOCKER }).candidates;
  if (candidate === undefined) throw new RegauthError('E_INTERNAL', 'no Docker config path');
  return candidate.path;
}

/** Secrets that leave the file with this write: every backup still holding one loses it too. */
interface Leaving {
  secrets: Secret[];
  /** keys of a backup's text whose entries hold one of them */
  keysHolding: (text: string) => string[];
}

async function editFile(path: string, edits: readonly Edit[], target: StoreTarget, leaving?: Leaving): Promise<WriteOutcome> {
  const current = await readForEdit(path);
  const { text, changed } = applyEdits(current.text ?? '', edits);
  if (!changed) return { file: current.targetPath, backup: null, changed: false, backupsScrubbed: [] };
  const written = await safeWrite({
    path,
    expectedOriginal: current.text,
    newText: text,
    backup: current.text !== null && target.backup !== false,
    ...(target.backupDir === undefined ? {} : { backupDir: target.backupDir }),
  });
  const scrubbed = leaving === undefined || leaving.secrets.length === 0 ? { rewritten: [], removed: [] } : await scrubBackups({
    targetPath: written.targetPath,
    ...(target.backupDir === undefined ? {} : { backupDir: target.backupDir }),
    holdsRemoved: (backupText) => leaving.keysHolding(backupText).length > 0,
    rewrite: (backupText) => {
      try {
        return applyEdits(backupText, leaving.keysHolding(backupText).map((key) => ({ kind: 'delete-key', path: ['auths', key] }))).text;
      } catch {
        return null;
      }
    },
  });
  const backup = written.backupPath !== null && scrubbed.removed.includes(written.backupPath) ? null : written.backupPath;
  return { file: written.targetPath, backup, changed: true, backupsScrubbed: [...scrubbed.rewritten, ...scrubbed.removed] };
}

function nonEmpty(secrets: ReadonlyArray<Secret | null>): Secret[] {
  return secrets.filter((secret): secret is Secret => secret !== null && !secret.isEmpty);
}

const holdsAny = (known: readonly Secret[], candidates: ReadonlyArray<Secret | null>): boolean =>
  nonEmpty(candidates).some((candidate) => known.some((secret) => secret.equals(candidate)));

/** The secrets of Docker `auths` entries (but `kept`, the one a login stores), and how to find them again in a backup. */
function leavingDocker(entries: ReturnType<typeof decodeDockerConfig>['auths'], kept?: Secret): Leaving {
  const secrets = nonEmpty(entries.flatMap((entry) => [entry.password, entry.identityToken, entry.registryToken])).filter((secret) => kept === undefined || !secret.equals(kept));
  return {
    secrets,
    keysHolding: (text) =>
      decodeDockerConfig({ path: 'backup', format: 'docker-config', exists: true, text, ioError: null }, { version: NEWEST_MODELLED_DOCKER }).auths
        .filter((entry) => holdsAny(secrets, [entry.password, entry.identityToken, entry.registryToken]))
        .map((entry) => entry.key),
  };
}

function leavingContainers(entries: ReturnType<typeof decodeContainersAuth>['auths'], kept?: Secret): Leaving {
  const secrets = nonEmpty(entries.flatMap((entry) => [entry.password, entry.identityToken])).filter((secret) => kept === undefined || !secret.equals(kept));
  return {
    secrets,
    keysHolding: (text) =>
      decodeContainersAuth({ path: 'backup', format: 'containers-auth', exists: true, text, ioError: null }).auths
        .filter((entry) => holdsAny(secrets, [entry.password, entry.identityToken]))
        .map((entry) => entry.key),
  };
}

async function loadDockerView(path: string, env: NodeJS.ProcessEnv): Promise<{ view: ReturnType<typeof decodeDockerConfig>; defaultStore: string | null }> {
  const current = await readForEdit(path);
  const view = decodeDockerConfig({ path, format: 'docker-config', exists: current.text !== null, text: current.text ?? '', ioError: null }, { version: NEWEST_MODELLED_DOCKER });
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
  const replaced = view.auths.filter((entry) => entry.key === plan.key);
  const written = await editFile(path, plan.edits, target, leavingDocker(replaced, password));
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
    return { file: path, backup: null, changed: false, backupsScrubbed: [], key: plan.key, helper, plaintextWarning: null };
  }
  const replaced = view.auths.filter((entry) => entry.key === plan.key);
  const written = await editFile(path, plan.edits, target, leavingContainers(replaced, password));
  return { ...written, key: plan.key, helper: null, plaintextWarning: null };
}

/** What one place (the file, or one helper) lost, and what it still holds. */
export interface LogoutPlace {
  place: 'file' | 'helper';
  /** the file path, or the helper name (docker-credential-<name>) */
  name: string;
  removed: string[];
  /** keys that could not be removed, with why (helper failed, timed out, missing) */
  left: Array<{ key: string; why: string }>;
}

export interface LogoutResult extends WriteOutcome {
  removedKeys: string[];
  helper: string | null;
  erasedFromHelper: string[];
  places: LogoutPlace[];
  /** true when every place that held the registry lost it */
  complete: boolean;
}

/** Erases every (helper, key) in parallel under one deadline; one place per helper. */
async function eraseFromHelpers(questions: Array<{ helper: string; serverURL: string }>, target: StoreTarget): Promise<LogoutPlace[]> {
  const results = await eraseAll(questions, { env: target.env, ...timeout(target) });
  const places = new Map<string, LogoutPlace>();
  for (const question of questions) {
    const place = places.get(question.helper) ?? { place: 'helper', name: `docker-credential-${question.helper}`, removed: [], left: [] };
    places.set(question.helper, place);
    const result = results.get(helperKey(question)) as EraseResult;
    if (result.kind === 'erased') place.removed.push(question.serverURL);
    else if (result.kind !== 'not-found') place.left.push({ key: question.serverURL, why: eraseFailureText(result) });
  }
  return [...places.values()];
}

function logoutResult(written: WriteOutcome, keys: string[], helperPlaces: LogoutPlace[]): LogoutResult {
  const filePlace: LogoutPlace = { place: 'file', name: written.file, removed: keys, left: [] };
  const places = [filePlace, ...helperPlaces];
  return {
    ...written,
    removedKeys: keys,
    helper: helperPlaces[0] === undefined ? null : helperPlaces[0].name.replace(/^docker-credential-/, ''),
    erasedFromHelper: helperPlaces.flatMap((place) => place.removed),
    places,
    complete: places.every((place) => place.left.length === 0),
  };
}

export async function dockerLogout(target: StoreTarget, registry: string): Promise<LogoutResult> {
  const path = dockerConfigPath(target);
  const { view, defaultStore } = await loadDockerView(path, target.env);
  const plan = logoutPlan(view, registry, target.configFile === undefined ? defaultStore : null);
  const helperPlaces = plan.helper === null ? [] : await eraseFromHelpers(plan.helperKeys.map((serverURL) => ({ helper: plan.helper as string, serverURL })), target);
  const removedEntries = view.auths.filter((entry) => plan.keys.includes(entry.key));
  const written = await editFile(path, plan.edits, target, leavingDocker(removedEntries));
  return logoutResult(written, plan.keys, helperPlaces);
}

/**
 * podman logout: the `auths` keys naming the registry leave the file, and a `credHelpers`
 * entry naming it sends the erase to that helper, as containers/image does.
 */
export async function containersLogout(target: StoreTarget, registry: string): Promise<LogoutResult> {
  const snapshot = environmentSnapshot(target.env);
  const path = target.configFile ?? locateContainers(snapshot, { tool: 'podman', command: 'login' }).candidates[0]?.path;
  if (path === undefined) throw new RegauthError('E_INTERNAL', 'no containers auth file path');
  const current = await readForEdit(path);
  const view = decodeContainersAuth({ path, format: 'containers-auth', exists: current.text !== null, text: current.text ?? '', ioError: null });
  const keys = keysNamingRegistry(view.auths.map((entry) => entry.key), registry);
  const helperKeys = keysNamingRegistry(view.credHelpers.map((entry) => entry.key), registry);
  const questions = view.credHelpers.filter((entry) => helperKeys.includes(entry.key) && entry.helper !== '').map((entry) => ({ helper: entry.helper, serverURL: entry.key }));
  const helperPlaces = await eraseFromHelpers(questions, target);
  const removedEntries = view.auths.filter((entry) => keys.includes(entry.key));
  const written = await editFile(path, keys.map((key) => ({ kind: 'delete-key', path: ['auths', key] })), target, leavingContainers(removedEntries));
  return logoutResult(written, keys, helperPlaces);
}

function eraseFailureText(failure: Exclude<EraseResult, { kind: 'erased' } | { kind: 'not-found' }>): string {
  switch (failure.kind) {
    case 'missing':
      return `${failure.binary} is not on PATH`;
    case 'timeout':
      return `no answer within ${failure.afterMs} ms`;
    default:
      return failure.message;
  }
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
