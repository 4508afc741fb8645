import { explain } from '../../api/explain.js';
import { renderExplanation } from '../../doctor/explain.js';
import { parseCommandLine } from '../args.js';
import type { Command } from '../main.js';
import { printJson } from '../output.js';

/** what `explain -` reads of stdin; the rest is never read (the matcher looks at 1 MiB anyway) */
export const MAX_STDIN_BYTES = 1024 * 1024;

/** At most `limit` bytes of a stream: stops reading there instead of taking all of it first. */
async function readBounded(stream: NodeJS.ReadableStream, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    chunks.push(bytes.subarray(0, limit - size));
    size += Math.min(bytes.length, limit - size);
    if (size >= limit) break;
  }
  // leaving the loop early ends the iteration, which destroys the stream: nothing more is read
  return Buffer.concat(chunks).toString('utf8');
}


export const explainCommand: Command = async ({ argv, output, stdin }) => {
  const { values, positionals } = parseCommandLine('explain', argv);
  let text = positionals.join(' ');
  if (text === '-') text = await readBounded(stdin(), MAX_STDIN_BYTES);
  const result = explain(text);
  if (values.json === true) printJson(output, { ...result });
  else output.out(renderExplanation(result, { json: false }));
  return result.kind === 'none' ? 1 : 0;
};
