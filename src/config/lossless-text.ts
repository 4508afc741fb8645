/**
 * Text that keeps the exact bytes of a file, also where they are not valid UTF-8. Each byte of
 * an invalid sequence becomes a lone low surrogate U+DC80..U+DCFF (as Python's
 * "surrogateescape" does) and turns back into that byte when written, so an edit of one field
 * leaves every untouched byte of the file as it was. Valid UTF-8 is decoded normally.
 */

const ESCAPE_BASE = 0xdc00;

/** Length of the valid UTF-8 sequence at `i`, or 0. */
function sequenceLength(bytes: Uint8Array, i: number): number {
  const lead = bytes[i]!;
  if (lead < 0x80) return 1;
  const cont = (k: number): boolean => i + k < bytes.length && (bytes[i + k]! & 0xc0) === 0x80;
  if (lead >= 0xc2 && lead <= 0xdf) return cont(1) ? 2 : 0;
  if (lead >= 0xe0 && lead <= 0xef) {
    if (!cont(1) || !cont(2)) return 0;
    const second = bytes[i + 1]!;
    if (lead === 0xe0 && second < 0xa0) return 0; // overlong
    if (lead === 0xed && second >= 0xa0) return 0; // UTF-16 surrogates
    return 3;
  }
  if (lead >= 0xf0 && lead <= 0xf4) {
    if (!cont(1) || !cont(2) || !cont(3)) return 0;
    const second = bytes[i + 1]!;
    if (lead === 0xf0 && second < 0x90) return 0;
    if (lead === 0xf4 && second >= 0x90) return 0;
    return 4;
  }
  return 0;
}

export function decodeLossless(bytes: Buffer): string {
  const plain = bytes.toString('utf8');
  if (!plain.includes('\ufffd') || Buffer.from(plain, 'utf8').equals(bytes)) return plain;
  const parts: string[] = [];
  let start = 0;
  let i = 0;
  while (i < bytes.length) {
    const length = sequenceLength(bytes, i);
    if (length > 0) {
      i += length;
      continue;
    }
    parts.push(bytes.subarray(start, i).toString('utf8'), String.fromCharCode(ESCAPE_BASE + bytes[i]!));
    i += 1;
    start = i;
  }
  parts.push(bytes.subarray(start).toString('utf8'));
  return parts.join('');
}

const ESCAPED_BYTE = /(?<![\ud800-\udbff])[\udc80-\udcff]/g;

export function encodeLossless(text: string): Buffer {
  if (!ESCAPED_BYTE.test(text)) return Buffer.from(text, 'utf8');
  ESCAPED_BYTE.lastIndex = 0;
  const parts: Buffer[] = [];
  let start = 0;
  for (const match of text.matchAll(ESCAPED_BYTE)) {
    parts.push(Buffer.from(text.slice(start, match.index), 'utf8'), Buffer.from([match[0].charCodeAt(0) - ESCAPE_BASE]));
    start = match.index + 1;
  }
  parts.push(Buffer.from(text.slice(start), 'utf8'));
  return Buffer.concat(parts);
}
