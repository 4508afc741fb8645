/**
 * `planFix` (doctor's fixes → per-file diffs, nothing written) and `applyFix` (the plan → safe
 * writes with backups, helper stores; then doctor again). The `fix` command shows the plan, asks,
 * and applies it with these two functions.
 */
import type { ClientId } from '../clients/model.js';
import { modelledDocker } from '../clients/installed.js';
import { type DockerVersion, decodeDockerConfig } from '../config/docker-file.js';
import { unifiedDiff } from '../config/diff.js';
import { readForEdit, safeWrite } from '../config/safe-write.js';
import { describeStore } from '../doctor/report.js';
import type { DoctorReport } from '../doctor/run-checks.js';
import { applyFixesToText, selectFixes, type ChosenFix, type ChosenStore, type FileOutcome, type Skipped } from '../fix/select.js';
import { helperStore } from '../helpers/actions.js';
import { RegauthError } from '../util/errors.js';
import { doctorWith } from './doctor.js';
import { checkClient, checkDockerVersion, checkOptions } from './validate.js';

export interface PlanFixOptions {
  /** keys to keep where doctor asks the user to choose (`--keep KEY`) */
  keep?: readonly string[];
  /** the client about to be used; default "docker" */
  client?: ClientId;
  /** one credential file every client reads (like `--config FILE`) */
  configFile?: string;
  /** the Docker CLI release to model, "MAJOR.MINOR" */
  dockerVersion?: string;
  /** the environment the clients would see; default `process.env` */
  env?: Readonly<Record<string, string | undefined>>;
}

/** One file's change: its text before, the edits that fit, and the unified diff. */
export interface FilePlan {
  file: string;
  /** null when the file does not exist yet */
  original: string | null;
  outcome: FileOutcome;
  diff: string;
}

/** What `applyFix` would do; nothing has been written. */
export interface FixPlan {
  /** doctor's report before any change */
  report: DoctorReport;
  /** per file, the edits and their diff (files without a change included, with no edits applied) */
  files: FilePlan[];
  /** credentials to copy from a file entry into the credential helper Docker asks */
  stores: ChosenStore[];
  /** fixes left out, and why */
  skipped: Skipped[];
  /** true when applying would change nothing */
  empty: boolean;
}

/** The settings each plan was made with: `applyFix` stores and checks the result with the same. */
const SETTINGS = new WeakMap<FixPlan, FixSettings>();

/** The doctor settings a plan was made with. */
export interface FixSettings {
  env: Record<string, string | undefined>;
  client?: ClientId;
  dockerVersion?: DockerVersion;
  configFile?: string;
}

export interface ApplyFixOptions {
  /** keep one backup per file (`<file>.regauth-backup`, 0600); default true */
  backup?: boolean;
  /** put backups in this directory instead */
  backupDir?: string;
  /** told of each step as it is done (a helper store, a file written) */
  onProgress?: (event: FixEvent) => void;
}

/** One step of `applyFix`, in the order done. */
export type FixEvent =
  | { kind: 'stored'; id: string; key: string; helper: string; serverURL: string }
  | { kind: 'refused'; id: string; key: string; why: string }
  | { kind: 'wrote'; file: string; backup: string | null };

export interface FixResult {
  /** doctor's report after the change */
  report: DoctorReport;
  backups: string[];
  applied: FileOutcome['applied'];
  skipped: Skipped[];
  events: FixEvent[];
}

/** Doctor offline with the plan's settings. */
function examine(settings: FixSettings): Promise<DoctorReport> {
  return doctorWith({ ...settings, env: { ...settings.env }, offline: true });
}

/** The plan for settings already validated (the `fix` command's options). */
export async function planFixWith(settings: FixSettings, keep: readonly string[]): Promise<FixPlan> {
  const report = await examine(settings);
  const selection = selectFixes(report.findings, keep);
  const files = await planFiles(selection.fixes);
  const skipped: Skipped[] = [...selection.skipped, ...files.flatMap((plan) => plan.outcome.skipped)];
  const empty = files.every((plan) => plan.outcome.applied.length === 0) && selection.stores.length === 0;
  const plan: FixPlan = { report, files, stores: selection.stores, skipped, empty };
  SETTINGS.set(plan, settings);
  return plan;
}

/**
 * Doctor's safe fixes as a plan: for each file the edits and their unified diff, the helper stores,
 * and what was skipped. Nothing is written.
 *
 * @example
 * const plan = await planFix();
 * for (const file of plan.files) console.log(file.diff);
 */
export async function planFix(options: PlanFixOptions = {}): Promise<FixPlan> {
  checkOptions('planFix', options, { keep: 'string-list', client: 'client', configFile: 'string', dockerVersion: 'string', env: 'env' });
  const dockerVersion = checkDockerVersion('planFix', options.dockerVersion);
  const settings: FixSettings = {
    env: { ...(options.env ?? process.env) },
    ...(options.client === undefined ? {} : { client: checkClient(options.client) }),
    ...(dockerVersion === undefined ? {} : { dockerVersion }),
    ...(options.configFile === undefined ? {} : { configFile: options.configFile }),
  };
  return planFixWith(settings, options.keep ?? []);
}

/**
 * Applies a plan from `planFix`: helper stores first, then each file through the safe writer
 * (backup, temp file, fsync, rename; refused with E_WRITE_CONFLICT when the file changed since
 * the plan). Returns doctor's report afterwards.
 */
export async function applyFix(plan: FixPlan, options: ApplyFixOptions = {}): Promise<FixResult> {
  checkOptions('applyFix', options, { backup: 'boolean', backupDir: 'string', onProgress: 'function' });
  const settings = plan !== null && typeof plan === 'object' ? SETTINGS.get(plan) : undefined;
  if (settings === undefined) throw new RegauthError('E_OPTIONS_INVALID', 'applyFix: the plan must come from planFix');
  if (options.backup === false && options.backupDir !== undefined) throw new RegauthError('E_OPTIONS_INVALID', 'applyFix: backupDir and backup: false contradict each other');
  const events: FixEvent[] = [];
  const tell = (event: FixEvent): void => {
    events.push(event);
    options.onProgress?.(event);
  };
  const applied: FileOutcome['applied'] = [];
  const skipped: Skipped[] = [...plan.skipped];
  const version = modelledDocker(settings.dockerVersion, { env: settings.env }).version;
  for (const store of plan.stores) {
    const refused = await storeInHelper(store, settings.env, version);
    if (refused === null) {
      applied.push({ id: store.finding.id, key: store.store.key, edit: describeStore(store.store) });
      tell({ kind: 'stored', id: store.finding.id, key: store.store.key, helper: store.store.helper, serverURL: store.store.serverURL });
    } else {
      skipped.push({ id: store.finding.id, key: store.store.key, why: refused });
      tell({ kind: 'refused', id: store.finding.id, key: store.store.key, why: refused });
    }
  }
  const backups: string[] = [];
  for (const file of plan.files.filter((candidate) => candidate.outcome.applied.length > 0)) {
    const written = await safeWrite({
      path: file.file,
      expectedOriginal: file.original,
      newText: file.outcome.text,
      backup: file.original !== null && options.backup !== false,
      ...(options.backupDir === undefined ? {} : { backupDir: options.backupDir }),
    });
    if (written.backupPath !== null) backups.push(written.backupPath);
    applied.push(...file.outcome.applied);
    tell({ kind: 'wrote', file: written.targetPath, backup: written.backupPath });
  }
  return { report: await examine(settings), backups, applied, skipped, events };
}

/** Copies a file entry's credentials into the helper; null when stored, else why not. */
async function storeInHelper({ store }: ChosenStore, env: Record<string, string | undefined>, version: DockerVersion): Promise<string | null> {
  const current = await readForEdit(store.file);
  if (current.text === null) return `${store.file} no longer exists`;
  const view = decodeDockerConfig({ path: store.file, format: 'docker-config', exists: true, text: current.text, ioError: null }, { version });
  const entry = view.auths.find((candidate) => candidate.key === store.key);
  if (entry === undefined || entry.username === '' || entry.password.isEmpty) return `auths["${store.key}"] no longer holds a username and password`;
  const stored = await helperStore(store.helper, { serverURL: store.serverURL, username: entry.username, secret: entry.password }, { env });
  if (stored.kind === 'stored') return null;
  return `docker-credential-${store.helper} did not store them: ${stored.kind === 'missing' ? `${stored.binary} is not on PATH` : stored.kind === 'timeout' ? `no answer within ${stored.afterMs} ms` : stored.message}`;
}

async function planFiles(fixes: readonly ChosenFix[]): Promise<FilePlan[]> {
  const byFile = new Map<string, ChosenFix[]>();
  for (const fix of fixes) byFile.set(fix.plan.file, [...(byFile.get(fix.plan.file) ?? []), fix]);
  const plans: FilePlan[] = [];
  for (const [file, fileFixes] of byFile) {
    const current = await readForEdit(file);
    const original = current.text;
    const outcome = applyFixesToText(original ?? '', fileFixes);
    plans.push({ file, original, outcome, diff: unifiedDiff(original ?? '', outcome.text, file) });
  }
  return plans;
}
