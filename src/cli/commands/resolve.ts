import { parseImageRef } from '../../reference/parse.js';
import { resolveAll, targetOf } from '../../resolve/resolve.js';
import { parseCommand } from '../args.js';
import type { Command } from '../main.js';
import { printJson } from '../output.js';
import { renderResolutions, resolutionJson } from '../render/resolution.js';
import { RESOLVE_OPTIONS, resolveOptionsFrom } from '../resolve-options.js';

const USAGE = 'regauth resolve IMAGE [--client ID]... [--config FILE] [--docker-version X.Y] [--containers-version 5.N] [--brief] [--json]';

export const resolveCommand: Command = async ({ argv, output, env }) => {
  const { values, positionals } = parseCommand(argv, { ...RESOLVE_OPTIONS, brief: { type: 'boolean' } }, USAGE, 1, 1);
  const ref = parseImageRef(positionals[0] ?? '');
  const options = resolveOptionsFrom(values, env);
  const results = await resolveAll(targetOf(ref), options);
  for (const result of results) {
    for (const step of result.trace) output.debug(`${result.client}: ${step.step} ${step.outcome}: ${step.why}`);
  }
  if (values.json === true) {
    printJson(output, { image: ref.normalized, results: results.map(resolutionJson) });
  } else {
    output.out(renderResolutions(ref.normalized, results, values.brief !== true));
  }
  return results.some((result) => result.error !== null) ? 1 : 0;
};
