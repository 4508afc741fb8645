/** made on first use: a TextDecoder costs every start that decodes nothing ~0.1 ms */
let lenient: InstanceType<typeof TextDecoder> | undefined;

/** Go's `string(bytes)` seen from JS: invalid UTF-8 becomes U+FFFD, a BOM stays. */
export function bytesToString(bytes: Uint8Array): string {
  lenient ??= new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });
  return lenient.decode(bytes);
}
