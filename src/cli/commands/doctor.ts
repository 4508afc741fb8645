import { gatherFacts } from '../../doctor/gather.js';
import { renderReport } from '../../doctor/report.js';
import { reportExitCode, runChecks } from '../../doctor/run-checks.js';
import { parseImageRef } from '../../reference/parse.js';
import { COMMON_OPTIONS, parseCommand, parseSeconds } from '../args.js';
import type { Command } from '../main.js';
import { printRendered, progress } from '../output.js';
import { checkConfigFileArgument } from '../resolve-options.js';
import { helperTimeoutMs } from '../write-options.js';

function helperTimeoutOption(value: string | undefined): { helperTimeoutMs?: number } {
  const timeout = helperTimeoutMs(value);
  return timeout === undefined ? {} : { helperTimeoutMs: timeout };
}

const USAGE = 'regauth doctor [IMAGE] [--push] [--config FILE] [--offline] [--timeout S] [--helper-timeout S] [--json]';

export const doctorCommand: Command = async ({ argv, output, env }) => {
  const { values, positionals } = parseCommand(argv,
    { ...COMMON_OPTIONS, push: { type: 'boolean' }, offline: { type: 'boolean' }, timeout: { type: 'string' }, 'helper-timeout': { type: 'string' } }, USAGE, 0, 1);
  const image = positionals[0] ?? null;
  if (image !== null) parseImageRef(image);
  if (values.config !== undefined) checkConfigFileArgument(values.config);
  const deadlineMs = parseSeconds(values.timeout, '--timeout', 20) * 1000;
  const done = progress(output, values.offline === true ? 'reading configuration…' : 'checking configuration and registries…');
  let facts;
  try {
    facts = await gatherFacts({
      env,
      offline: values.offline === true,
      image,
      push: values.push === true,
      deadlineMs,
      ...helperTimeoutOption(values['helper-timeout']),
      ...(values.config === undefined ? {} : { configFile: values.config }),
    });
  } finally {
    done();
  }
  const report = runChecks(facts);
  printRendered(output, renderReport(report, { json: values.json === true }), values.json === true);
  return reportExitCode(report);
};
