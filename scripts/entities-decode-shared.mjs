/**
 * What the CLI bundle has for entities' internal/decode-shared.js (see scripts/build-cli.mjs).
 * entities decodes its HTML entity table (24 KB of UTF-16 words, sent as base64) when the module
 * loads, which every run that reads Markdown or HTML does. Its decodeBase64 turns the base64 into
 * a binary string and then packs two characters a word in a JavaScript loop; on a clean file that
 * loop got hot enough for V8 to compile it twice with TurboFan, and a clean run cost ~15 ms more
 * CPU time and ~6 ms more wall time. Node's Buffer decodes the base64 natively, and on a
 * little-endian machine its bytes are already the words. src/cli/bundle.test.ts holds this to
 * entities' own function.
 */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export function decodeBase64(input) {
  const bytes = Buffer.from(input, "base64");
  const out = new Uint16Array(bytes.length >> 1);
  if (LITTLE_ENDIAN) {
    new Uint8Array(out.buffer).set(bytes.subarray(0, out.length * 2));
  } else {
    for (let i = 0; i < out.length; i++) out[i] = bytes[2 * i] | (bytes[2 * i + 1] << 8);
  }
  return out;
}
