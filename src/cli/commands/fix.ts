import { unifiedDiff } from '../../config/diff.js';
import { readForEdit, safeWrite } from '../../config/safe-write.js';
import { gatherFacts } from '../../doctor/gather.js';
import { findingJson } from '../../doctor/report.js';
import { runChecks, type DoctorReport } from '../../doctor/run-checks.js';
import { applyFixesToText, selectFixes, type ChosenFix, type FileOutcome, type Skipped } from '../../fix/select.js';
import { COMMON_OPTIONS, parseCommand } from '../args.js';
import type { Command } from '../main.js';
import { printJson } from '../output.js';
import { promptLine } from '../prompt.js';
import { checkConfigFileArgument } from '../resolve-options.js';
import { WRITE_OPTIONS, WRITE_USAGE, writeChoicesFrom } from '../write-options.js';

const USAGE = `regauth fix [--config FILE] [--keep KEY]... [--dry-run] [--yes] ${WRITE_USAGE} [--json]`;

interface FilePlan {
  file: string;
  original: string | null;
  outcome: FileOutcome;
  diff: string;
}

export const fixCommand: Command = async ({ argv, output, env, stdin }) => {
  const { values, positionals } = parseCommand(argv,
    { ...COMMON_OPTIONS, ...WRITE_OPTIONS, keep: { type: 'string', multiple: true }, 'dry-run': { type: 'boolean' }, yes: { type: 'boolean', short: 'y' } }, USAGE, 0, 0);
  if (values.config !== undefined) checkConfigFileArgument(values.config);
  const examine = async (): Promise<DoctorReport> =>
    runChecks(await gatherFacts({ env, offline: true, ...(values.config === undefined ? {} : { configFile: values.config }) }));

  const before = await examine();
  const selection = selectFixes(before.findings, values.keep ?? []);
  const plans = await planFiles(selection.fixes);
  const skipped: Skipped[] = [...selection.skipped, ...plans.flatMap((plan) => plan.outcome.skipped)];
  const changing = plans.filter((plan) => plan.outcome.applied.length > 0);
  const json = values.json === true;
  const writes = writeChoicesFrom(values);

  if (!json) {
    for (const plan of changing) output.out(plan.diff);
    for (const skip of skipped) output.err(`skipped ${skip.id}${skip.key === null ? '' : ` (${skip.key})`}: ${skip.why}`);
  }
  if (changing.length === 0) {
    if (!json) output.out('nothing to change');
    return finish(before, [], [], skipped, null, json, output, plans);
  }
  if (values['dry-run'] === true) {
    if (!json) output.out('dry run: nothing written');
    return finish(before, [], changing.flatMap((plan) => plan.outcome.applied), skipped, null, json, output, plans, true);
  }
  if (values.yes !== true) {
    const files = changing.map((plan) => plan.file).join(', ');
    let answer = '';
    try {
      answer = await promptLine(stdin(), process.stderr, `Apply these changes to ${files}? [y/N] `, false);
    } catch {
      skipped.push(...changing.flatMap((plan) => plan.outcome.applied.map((item) => ({ id: item.id, key: item.key, why: 'not confirmed: run again with --yes (or on a terminal)' }))));
      return finish(before, [], [], skipped, null, json, output, plans);
    }
    if (!/^y(es)?$/i.test(answer.trim())) {
      if (!json) output.out('nothing written');
      return finish(before, [], [], skipped, null, json, output, plans);
    }
  }
  const backups: string[] = [];
  for (const plan of changing) {
    const written = await safeWrite({ path: plan.file, expectedOriginal: plan.original, newText: plan.outcome.text, backup: plan.original !== null && writes.backup, ...(writes.backupDir === undefined ? {} : { backupDir: writes.backupDir }) });
    if (written.backupPath !== null) backups.push(written.backupPath);
    if (!json) output.out(`wrote ${written.targetPath}${written.backupPath === null ? '' : ` (backup: ${written.backupPath})`}`);
  }
  const after = await examine();
  return finish(after, backups, changing.flatMap((plan) => plan.outcome.applied), skipped, backups[0] ?? null, json, output, plans);
};

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

function finish(
  report: DoctorReport,
  backups: string[],
  applied: FileOutcome['applied'],
  skipped: Skipped[],
  backup: string | null,
  json: boolean,
  output: Parameters<Command>[0]['output'],
  plans: FilePlan[],
  dryRun = false,
): number {
  const errors = report.findings.filter((finding) => finding.severity === 'error');
  if (json) {
    printJson(output, {
      backup,
      backups,
      dryRun,
      applied: applied.map((item) => ({ id: item.id, key: item.key, edit: item.edit })),
      skipped,
      diff: plans.map((plan) => plan.diff).filter((diff) => diff !== ''),
      after: { findings: report.findings.map(findingJson) },
    });
  } else if (!dryRun && applied.length > 0) {
    output.out(errors.length === 0 ? 'after the fix: no errors left' : `after the fix: ${errors.length} error${errors.length === 1 ? '' : 's'} left (see regauth doctor)`);
  }
  return errors.length === 0 ? 0 : 1;
}
