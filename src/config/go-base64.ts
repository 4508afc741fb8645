/**
 * Go's encoding/base64 decoding (StdEncoding and RawStdEncoding), with the exact error offsets
 * of `illegal base64 data at input byte N`. Go skips '\r' and '\n' anywhere in the input; any
 * other byte outside the alphabet, wrong padding or trailing data after padding is an error.
 */

import { bytesToString } from '../util/go-string.js';

export type Base64Result = { ok: true; bytes: Uint8Array } | { ok: false; offset: number; message: string };

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DECODE_MAP = new Int16Array(256).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) DECODE_MAP[ALPHABET.charCodeAt(i)] = i;

const PAD = 0x3d;

/** whole quads of the alphabet, at most two '=' at the very end, no line breaks */
const WELL_FORMED = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Whole quads of the alphabet with at most two '=' at the very end: Go's padded decoding (and its
 * unpadded one when there is no '=') and Node's give the same bytes.
 */
export function isWellFormedBase64(input: string): boolean {
  return input.length % 4 === 0 && WELL_FORMED.test(input);
}

function isNewline(byte: number | undefined): boolean {
  return byte === 0x0a || byte === 0x0d;
}

function corrupt(offset: number): Base64Result {
  return { ok: false, offset, message: `illegal base64 data at input byte ${offset}` };
}

/**
 * Decodes the UTF-8 bytes of `input` the way `base64.StdEncoding.DecodeString` (padded: true)
 * or `base64.RawStdEncoding.DecodeString` (padded: false) does.
 */
export function goBase64Decode(input: string, options: { padded: boolean } = { padded: true }): Base64Result {
  // well-formed padded input (the usual case) decodes the same everywhere: let Node do it
  if (options.padded && isWellFormedBase64(input)) return { ok: true, bytes: new Uint8Array(Buffer.from(input, 'base64')) };
  const src = Buffer.from(input, 'utf8');
  const out: number[] = [];
  let si = 0;
  while (si < src.length) {
    const quad = [0, 0, 0, 0];
    let length = 4;
    let j = 0;
    let trailingGarbageAt: number | null = null;
    let finished = false;
    while (j < 4) {
      if (si === src.length) {
        if (j === 0) {
          finished = true;
          length = 0;
          break;
        }
        if (j === 1 || options.padded) return corrupt(si - j);
        length = j;
        break;
      }
      const byte = src[si] as number;
      si++;
      const value = DECODE_MAP[byte] as number;
      if (value >= 0) {
        quad[j] = value;
        j++;
        continue;
      }
      if (isNewline(byte)) continue;
      if (!options.padded || byte !== PAD) return corrupt(si - 1);
      // padding: only valid after two or three data characters
      if (j === 0 || j === 1) return corrupt(si - 1);
      if (j === 2) {
        while (si < src.length && isNewline(src[si])) si++;
        if (si === src.length) return corrupt(src.length);
        if (src[si] !== PAD) return corrupt(si - 1);
        si++;
      }
      while (si < src.length && isNewline(src[si])) si++;
      if (si < src.length) trailingGarbageAt = si;
      length = j;
      finished = true;
      break;
    }
    if (length === 0) break;
    const value = ((quad[0] ?? 0) << 18) | ((quad[1] ?? 0) << 12) | ((quad[2] ?? 0) << 6) | (quad[3] ?? 0);
    const bytes = [(value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff];
    for (let k = 0; k < length - 1; k++) out.push(bytes[k] as number);
    if (trailingGarbageAt !== null) return corrupt(trailingGarbageAt);
    if (finished) break;
  }
  return { ok: true, bytes: Uint8Array.from(out) };
}

/**
 * Go's `strings.Cut(string(decoded), ":")` on the decoded bytes of an `auth` value: the user
 * name as text, the password as the bytes after the first colon (a Go string holds bytes, so a
 * password that is not UTF-8 is sent as it is). Null when there is no colon.
 */
export function cutAtColon(bytes: Uint8Array): { username: string; passwordBytes: Uint8Array } | null {
  const colon = bytes.indexOf(0x3a);
  if (colon < 0) return null;
  return { username: bytesToString(bytes.subarray(0, colon)), passwordBytes: bytes.subarray(colon + 1) };
}

/** `strings.Trim(s, "\x00")` on bytes */
export function trimNuls(bytes: Uint8Array): Uint8Array {
  let start = 0;
  let end = bytes.length;
  while (start < end && bytes[start] === 0) start += 1;
  while (end > start && bytes[end - 1] === 0) end -= 1;
  return bytes.subarray(start, end);
}
