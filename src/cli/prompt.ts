import { RegauthError } from '../util/errors.js';
import { Secret } from '../util/secret.js';

const MAX_INPUT_BYTES = 64 * 1024;

/** `--password-stdin`: everything on stdin, one trailing newline removed (as docker login does). */
export async function readSecretFromStdin(stdin: NodeJS.ReadableStream): Promise<Secret> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stdin) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buffer.length;
    if (size > MAX_INPUT_BYTES) throw new RegauthError('E_USAGE', 'the password on stdin is larger than 64 KiB');
    chunks.push(buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
  if (text === '') throw new RegauthError('E_USAGE', 'no password on stdin', { hint: 'pipe it in: printf %s "$TOKEN" | regauth login REGISTRY -u USER --password-stdin' });
  return new Secret(text);
}

interface TtyInput extends NodeJS.ReadableStream {
  isTTY?: boolean;
  setRawMode?: (mode: boolean) => void;
}

/** A line from the terminal; with `hidden`, nothing is echoed. */
export function promptLine(stdin: NodeJS.ReadableStream, stderr: NodeJS.WritableStream, question: string, hidden: boolean): Promise<string> {
  const input = stdin as TtyInput;
  if (input.isTTY !== true) {
    return Promise.reject(new RegauthError('E_USAGE', 'no terminal to ask on', { hint: 'use --password-stdin (and -u USER), or --yes for fix' }));
  }
  stderr.write(question);
  return new Promise((resolve, reject) => {
    let line = '';
    const raw = hidden && typeof input.setRawMode === 'function';
    if (raw) input.setRawMode?.(true);
    const finish = (error: Error | null): void => {
      input.removeListener('data', onData);
      if (raw) input.setRawMode?.(false);
      input.pause();
      stderr.write('\n');
      if (error === null) resolve(line);
      else reject(error);
    };
    const onData = (chunk: Buffer | string): void => {
      for (const char of chunk.toString()) {
        if (char === '\r' || char === '\n') return finish(null);
        if (char === '\u0003') return finish(new RegauthError('E_USAGE', 'interrupted'));
        if (char === '\u007f' || char === '\b') line = line.slice(0, -1);
        else if (line.length < MAX_INPUT_BYTES) line += char;
      }
    };
    input.on('data', onData);
    input.resume();
  });
}
