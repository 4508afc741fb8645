import { resolveWith } from '../../api/resolve.js';
import { parseCommandLine } from '../args.js';
import type { Command } from '../main.js';
import { isTerminal, printJson } from '../output.js';
import { renderResolutions, resolutionJson } from '../render/resolution.js';
import { resolveOptionsFrom } from '../resolve-options.js';

export const resolveCommand: Command = async ({ argv, output, env }) => {
  const { values, positionals } = parseCommandLine('resolve', argv);
  const text = positionals[0] ?? '';
  // podman asks which registry a short name means only when stdin and stdout are terminals; so does this run
  const options = { ...resolveOptionsFrom(values, env), tty: isTerminal(1) && isTerminal(0) };
  const { image, results } = await resolveWith(text, options);
  for (const result of results) {
    for (const step of result.trace) output.debug(`${result.client}: ${step.step} ${step.outcome}: ${step.why}`);
  }
  if (values.json === true) {
    printJson(output, { image, results: results.map(resolutionJson) });
  } else {
    const withTrace = values.trace === true && values.brief !== true;
    output.out(renderResolutions(image, results, withTrace, output.style));
    if (!withTrace && output.isTTY) output.err('(--trace shows every key and helper each client considered)');
  }
  return results.some((result) => result.error !== null) ? 1 : 0;
};
