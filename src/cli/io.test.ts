/**
 * Tests for reading source text: the chunked reader of large files must give exactly the text
 * (and the errors) of the whole-file reader, whatever the chunk boundaries cut through.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { readSourceText, readTextFile, releasableBuffer } from "./io.js";

const dir = mkdtempSync(path.join(tmpdir(), "cxlint-io-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
function file(bytes: Uint8Array | string): string {
  const name = `f${n++}.txt`;
  writeFileSync(path.join(dir, name), bytes);
  return name;
}

async function both(name: string, chunk: number) {
  const whole = await readTextFile(name, dir);
  const chunked = await readSourceText(name, dir, { threshold: 0, chunk });
  return { whole: whole.ok ? { ok: true, text: whole.text } : whole, chunked };
}

/** Characters of every UTF-8 length, so chunk cuts land inside 2-, 3- and 4-byte sequences. */
const char = fc.constantFrom("a", " ", "\n", "é", "’", "—", "€", "😀", "𝔘", "\r\n", "{{x}}");

describe("readSourceText", () => {
  it("gives the whole-file reader's text for any text and chunk size", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(char, { maxLength: 60 }), fc.boolean(), fc.integer({ min: 4, max: 13 }), async (chars, bom, chunk) => {
        const text = chars.join("");
        const name = file(Buffer.concat([Buffer.from(bom ? [0xef, 0xbb, 0xbf] : []), Buffer.from(text, "utf8")]));
        const { whole, chunked } = await both(name, chunk);
        expect(chunked).toEqual(whole);
        expect(chunked).toEqual({ ok: true, text });
      }),
      { numRuns: 150 },
    );
  });

  it("holds a text one byte a character when no character is above U+00FF, with or without a BOM", async () => {
    const latin1 = fc.constantFrom("a", "\n", "é", "ÿ", "\u0080", "\u00a0", "©", "Ö");
    const any = fc.oneof(latin1, char);
    await fc.assert(
      fc.asyncProperty(fc.array(any, { maxLength: 40 }), fc.boolean(), fc.integer({ min: 4, max: 9 }), async (chars, bom, chunk) => {
        const text = chars.join("");
        const name = file(Buffer.concat([Buffer.from(bom ? [0xef, 0xbb, 0xbf] : []), Buffer.from(text, "utf8")]));
        const held: string[] = [];
        const read = await readSourceText(name, dir, { threshold: 0, chunk, trace: (encoding) => held.push(encoding) });
        expect(read).toEqual({ ok: true, text });
        const expected = /^[\x00-\x7f]*$/.test(text) && !bom ? "ascii" : /^[\x00-\xff]*$/.test(text) ? "latin1" : "utf16";
        // An empty file is read whole, whatever the threshold.
        expect(held).toEqual(text === "" && !bom ? [] : [expected]);
      }),
      { numRuns: 150 },
    );
  });

  it("reports invalid UTF-8, a sequence cut short at the end, and binary files as the whole-file reader does", async () => {
    const cases = [
      Buffer.from([0x61, 0x62, 0xff, 0x63]),
      Buffer.concat([Buffer.from("ok ", "utf8"), Buffer.from([0xe2, 0x80])]),
      Buffer.concat([Buffer.from("a\nb", "utf8"), Buffer.from([0xed, 0xa0, 0x80])]),
      Buffer.from([0x68, 0x69, 0x00, 0x21]),
    ];
    for (const bytes of cases) {
      for (const chunk of [4, 5, 64]) {
        const { whole, chunked } = await both(file(bytes), chunk);
        expect(whole.ok).toBe(false);
        expect(chunked).toEqual(whole);
      }
    }
  });

  it("places an invalid byte of a large file by line and by column in characters", async () => {
    const bytes = Buffer.concat([Buffer.from("{\n  \"title\": \"Café ", "utf8"), Buffer.from([0xc3, 0x28]), Buffer.from("\"\n}", "utf8")]);
    const read = await readSourceText(file(bytes), dir, { threshold: 0, chunk: 5 });
    expect(read).toMatchObject({ ok: false, line: 2, column: 18 });
    expect(read.ok || read.message).toContain("bad byte 0xc3");
  });

  it("reads small files through the whole-file reader and a missing file is an error", async () => {
    expect(await readSourceText(file("We can help."), dir)).toEqual({ ok: true, text: "We can help." });
    const missing = await readSourceText("nope.txt", dir, { threshold: 0 });
    expect(missing.ok).toBe(false);
  });
});

describe("releasableBuffer", () => {
  it("gives its memory back when released, not when V8 next collects", () => {
    const { buffer, release } = releasableBuffer(1 << 16);
    buffer.fill(0x61);
    expect(buffer.toString("latin1", 0, 3)).toBe("aaa");
    release();
    expect(buffer.buffer.byteLength).toBe(0);
  });
});

describe("readSourceText on small files", () => {
  it("gives the text or error that the chunked reader and the whole-file reader give", async () => {
    const names = [file("We can help."), file(Buffer.from([0xef, 0xbb, 0xbf, 0x68, 0xc3, 0xa9])), file(""), file(Buffer.from([0x61, 0, 0x62])), file(Buffer.from([0x61, 0xff]))];
    for (const name of names) {
      const small = await readSourceText(name, dir);
      const whole = await readTextFile(name, dir);
      expect(small).toEqual(whole.ok ? { ok: true, text: whole.text } : whole);
      if (small.ok) expect(await readSourceText(name, dir, { threshold: 0, chunk: 4 })).toEqual(small);
    }
    expect((await readSourceText("nope.txt", dir)).ok).toBe(false);
    expect(await readSourceText(".", dir)).toMatchObject({ ok: false, message: expect.stringContaining("directory") });
  });
});
