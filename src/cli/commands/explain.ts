import { explain, renderExplanation } from '../../doctor/explain.js';
import { COMMON_OPTIONS, parseCommand } from '../args.js';
import type { Command } from '../main.js';

const USAGE = 'regauth explain TEXT|ID [--json]   (TEXT may also come on stdin with "-")';

export const explainCommand: Command = async ({ argv, output, stdin }) => {
  const { values, positionals } = parseCommand(argv, COMMON_OPTIONS, USAGE, 1, Number.MAX_SAFE_INTEGER);
  let text = positionals.join(' ');
  if (text === '-') {
    const chunks: Buffer[] = [];
    for await (const chunk of stdin()) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
    text = Buffer.concat(chunks).toString('utf8').slice(0, 1024 * 1024);
  }
  const result = explain(text);
  output.out(renderExplanation(result, { json: values.json === true }));
  return result.kind === 'none' ? 1 : 0;
};
