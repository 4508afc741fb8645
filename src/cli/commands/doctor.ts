import { doctorWith } from '../../api/doctor.js';
import { renderReport } from '../../doctor/report.js';
import { reportExitCode, type DoctorReport } from '../../doctor/run-checks.js';
import { parseImageRef } from '../../reference/parse.js';
import { parseCommandLine, parseSeconds } from '../args.js';
import type { Command } from '../main.js';
import { printJson, progress } from '../output.js';
import { checkConfigFileArgument, containersVersionOption, primaryClientOptions } from '../resolve-options.js';
import { helperTimeoutMs } from '../write-options.js';
import { compileIpPatternsAhead } from '../ip-patterns.js';

function helperTimeoutOption(value: string | undefined): { helperTimeoutMs?: number } {
  const timeout = helperTimeoutMs(value);
  return timeout === undefined ? {} : { helperTimeoutMs: timeout };
}

export const doctorCommand: Command = async ({ argv, output, env }) => {
  const { values, positionals } = parseCommandLine('doctor', argv);
  const image = positionals[0] ?? null;
  if (image !== null) parseImageRef(image);
  if (values.config !== undefined) checkConfigFileArgument(values.config);
  const deadlineMs = parseSeconds(values.timeout, '--timeout', 5) * 1000;
  const containersRelease = containersVersionOption(values['containers-version'], env);
  if (values.offline !== true) compileIpPatternsAhead();
  const done = progress(output, values.offline === true ? 'reading configuration…' : 'checking configuration and registries…');
  let report: DoctorReport;
  try {
    report = await doctorWith({
      env,
      offline: values.offline === true,
      image,
      push: values.push === true,
      deadlineMs,
      ...primaryClientOptions(values.client, values['docker-version'], env),
      ...helperTimeoutOption(values['helper-timeout']),
      ...(containersRelease === undefined ? {} : { containersRelease }),
      ...(values.config === undefined ? {} : { configFile: values.config }),
    });
  } finally {
    done();
  }
  if (values.json === true) printJson(output, JSON.parse(renderReport(report, { json: true })) as Record<string, unknown>);
  else output.out(renderReport(report, { json: false }));
  return reportExitCode(report);
};
