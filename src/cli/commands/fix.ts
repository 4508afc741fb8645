import { unifiedDiff } from '../../config/diff.js';
import { type DockerVersion, decodeDockerConfig } from '../../config/docker-file.js';
import { readForEdit, safeWrite } from '../../config/safe-write.js';
import { gatherFacts } from '../../doctor/gather.js';
import { describeStore, findingJson } from '../../doctor/report.js';
import { runChecks, type DoctorReport } from '../../doctor/run-checks.js';
import { applyFixesToText, selectFixes, type ChosenFix, type ChosenStore, type FileOutcome, type Skipped } from '../../fix/select.js';
import { helperStore } from '../../helpers/actions.js';
import { modelledDocker } from '../../clients/installed.js';
import { parseCommandLine } from '../args.js';
import type { Command, CommandContext } from '../main.js';
import { printJson } from '../output.js';
import { promptLine } from '../prompt.js';
import { checkConfigFileArgument, primaryClientOptions } from '../resolve-options.js';
import { writeChoicesFrom } from '../write-options.js';

interface FilePlan {
  file: string;
  original: string | null;
  outcome: FileOutcome;
  diff: string;
}

interface Outcome {
  report: DoctorReport;
  backups: string[];
  applied: FileOutcome['applied'];
  skipped: Skipped[];
  plans: FilePlan[];
  dryRun?: boolean;
  /** the changes were shown but not applied, and why */
  notApplied?: string;
}

export const fixCommand: Command = async ({ argv, output, env, stdin }) => {
  const { values, positionals } = parseCommandLine('fix', argv);
  if (values.config !== undefined) checkConfigFileArgument(values.config);
  const clientOptions = primaryClientOptions(values.client, values['docker-version'], env);
  const examine = async (): Promise<DoctorReport> =>
    runChecks(await gatherFacts({ env, offline: true, ...clientOptions, ...(values.config === undefined ? {} : { configFile: values.config }) }));

  const before = await examine();
  const selection = selectFixes(before.findings, values.keep ?? []);
  const plans = await planFiles(selection.fixes);
  const skipped: Skipped[] = [...selection.skipped, ...plans.flatMap((plan) => plan.outcome.skipped)];
  const changing = plans.filter((plan) => plan.outcome.applied.length > 0);
  const json = values.json === true;
  const none = { backups: [], applied: [], skipped, plans };
  const writes = writeChoicesFrom(values);

  if (!json) {
    for (const plan of changing) output.out(plan.diff);
    for (const store of selection.stores) output.out(`will ${describeStore(store.store)}`);
    for (const skip of skipped) output.err(`skipped ${skip.id}${skip.key === null ? '' : ` (${skip.key})`}: ${skip.why}`);
  }
  if (changing.length === 0 && selection.stores.length === 0) {
    if (!json) output.out('nothing to change');
    return finish({ report: before, ...none }, json, output);
  }
  if (values['dry-run'] === true) {
    if (!json) output.out('dry run: nothing written');
    return finish({ report: before, ...none, applied: changing.flatMap((plan) => plan.outcome.applied), dryRun: true }, json, output);
  }
  if (values.yes !== true) {
    const input = stdin() as NodeJS.ReadableStream & { isTTY?: boolean };
    if (input.isTTY !== true) {
      const why = 'not a terminal: run with --yes to apply';
      output.err(why);
      finish({ report: before, ...none, notApplied: why }, json, output);
      return 2;
    }
    const files = [...changing.map((plan) => plan.file), ...selection.stores.map((store) => `docker-credential-${store.store.helper}`)].join(', ');
    const answer = await promptLine(input, process.stderr, `Apply these changes to ${files}? [y/N] `, false);
    if (!/^y(es)?$/i.test(answer.trim())) {
      if (!json) output.out('nothing written');
      return finish({ report: before, ...none, notApplied: 'not confirmed' }, json, output);
    }
  }
  const applied: FileOutcome['applied'] = [];
  for (const store of selection.stores) {
    const done = await storeInHelper(store, env, modelledDocker(clientOptions.dockerVersion, { env }).version);
    if (done === null) {
      applied.push({ id: store.finding.id, key: store.store.key, edit: describeStore(store.store) });
      if (!json) output.out(`stored the credentials of "${store.store.key}" in docker-credential-${store.store.helper} under "${store.store.serverURL}"`);
    } else {
      skipped.push({ id: store.finding.id, key: store.store.key, why: done });
      if (!json) output.err(`refused ${store.finding.id} (${store.store.key}): ${done}`);
    }
  }
  const backups: string[] = [];
  for (const plan of changing) {
    const written = await safeWrite({ path: plan.file, expectedOriginal: plan.original, newText: plan.outcome.text, backup: plan.original !== null && writes.backup, ...(writes.backupDir === undefined ? {} : { backupDir: writes.backupDir }) });
    if (written.backupPath !== null) backups.push(written.backupPath);
    applied.push(...plan.outcome.applied);
    if (!json) output.out(`wrote ${written.targetPath}${written.backupPath === null ? '' : ` (backup: ${written.backupPath})`}`);
  }
  const after = await examine();
  return finish({ report: after, backups, applied, skipped, plans }, json, output);
};

/** Copies a file entry's credentials into the helper; null when stored, else why not. */
async function storeInHelper({ store }: ChosenStore, env: NodeJS.ProcessEnv, version: DockerVersion): Promise<string | null> {
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

function finish(outcome: Outcome, json: boolean, output: CommandContext['output']): number {
  const { report } = outcome;
  const errors = report.findings.filter((finding) => finding.severity === 'error');
  const wrote = outcome.dryRun !== true && outcome.notApplied === undefined && outcome.applied.length > 0;
  if (json) {
    printJson(output, {
      backup: outcome.backups[0] ?? null,
      backups: outcome.backups,
      dryRun: outcome.dryRun === true,
      ...(outcome.notApplied === undefined ? {} : { notApplied: outcome.notApplied }),
      applied: outcome.applied.map((item) => ({ id: item.id, key: item.key, edit: item.edit })),
      skipped: outcome.skipped,
      diff: outcome.plans.map((plan) => plan.diff).filter((diff) => diff !== ''),
      after: { findings: report.findings.map(findingJson), resolved: report.checked.resolved },
    });
  } else if (wrote) {
    for (const item of report.checked.resolved) output.out(`now ${item.image}: ${item.summary}`);
    output.out(errors.length === 0 ? 'after the fix: no errors left' : `after the fix: ${errors.length} error${errors.length === 1 ? '' : 's'} left (see regauth doctor)`);
  }
  return errors.length === 0 ? 0 : 1;
}

