import { applyFix, planFixWith, type FilePlan } from '../../api/fix.js';
import { describeStore, findingJson } from '../../doctor/report.js';
import type { DoctorReport } from '../../doctor/run-checks.js';
import type { FileOutcome, Skipped } from '../../fix/select.js';
import { parseCommandLine } from '../args.js';
import type { Command, CommandContext } from '../main.js';
import { printJson } from '../output.js';
import { promptLine } from '../prompt.js';
import { checkConfigFileArgument, primaryClientOptions } from '../resolve-options.js';
import { writeChoicesFrom } from '../write-options.js';

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
  const plan = await planFixWith({ env, ...clientOptions, ...(values.config === undefined ? {} : { configFile: values.config }) }, values.keep ?? []);
  const { report: before, files: plans, stores, skipped } = plan;
  const changing = plans.filter((file) => file.outcome.applied.length > 0);
  const json = values.json === true;
  const none = { backups: [], applied: [], skipped, plans };
  const writes = writeChoicesFrom(values);

  if (!json) {
    for (const plan of changing) output.out(plan.diff);
    for (const store of stores) output.out(`will ${describeStore(store.store)}`);
    for (const skip of skipped) output.err(`skipped ${skip.id}${skip.key === null ? '' : ` (${skip.key})`}: ${skip.why}`);
  }
  if (plan.empty) {
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
    const files = [...changing.map((plan) => plan.file), ...stores.map((store) => `docker-credential-${store.store.helper}`)].join(', ');
    const answer = await promptLine(input, process.stderr, `Apply these changes to ${files}? [y/N] `, false);
    if (!/^y(es)?$/i.test(answer.trim())) {
      if (!json) output.out('nothing written');
      return finish({ report: before, ...none, notApplied: 'not confirmed' }, json, output);
    }
  }
  const result = await applyFix(plan, {
    backup: writes.backup,
    ...(writes.backupDir === undefined ? {} : { backupDir: writes.backupDir }),
    onProgress: (event) => {
      if (json) return;
      if (event.kind === 'stored') output.out(`stored the credentials of "${event.key}" in docker-credential-${event.helper} under "${event.serverURL}"`);
      else if (event.kind === 'refused') output.err(`refused ${event.id} (${event.key}): ${event.why}`);
      else output.out(`wrote ${event.file}${event.backup === null ? '' : ` (backup: ${event.backup})`}`);
    },
  });
  return finish({ report: result.report, backups: result.backups, applied: result.applied, skipped: result.skipped, plans }, json, output);
};

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

