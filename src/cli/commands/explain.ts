import { explain, renderExplanation } from '../../doctor/explain.js';
import { parseCommandLine } from '../args.js';
import type { Command } from '../main.js';
import { printJson } from '../output.js';

export const explainCommand: Command = async ({ argv, output, stdin }) => {
  const { values, positionals } = parseCommandLine('explain', argv);
  let text = positionals.join(' ');
  if (text === '-') {
    const chunks: Buffer[] = [];
    for await (const chunk of stdin()) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
    text = Buffer.concat(chunks).toString('utf8').slice(0, 1024 * 1024);
  }
  const result = explain(text);
  if (values.json === true) printJson(output, { ...result });
  else output.out(renderExplanation(result, { json: false }));
  return result.kind === 'none' ? 1 : 0;
};
