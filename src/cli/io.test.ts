/**
 * Tests for the CLI's file-system side: which files a directory gives (ignore files), and reading
 * source text: the chunked reader of large files must give exactly the text (and the errors) of
 * the whole-file reader, whatever the chunk boundaries cut through.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { expandPaths, readSourceText, readTextFile, releasableBuffer, searchFromDirectory } from "./io.js";

const dir = mkdtempSync(path.join(tmpdir(), "cxlint-io-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
function file(bytes: Uint8Array | string): string {
  const name = `f${n++}.txt`;
  writeFileSync(path.join(dir, name), bytes);
  return name;
}

/** A folder of files for expandPaths; with `git`, a .git folder makes it a repository's root. */
function tree(files: Record<string, string>, git: boolean): string {
  const root = mkdtempSync(path.join(dir, "tree-"));
  if (git) mkdirSync(path.join(root, ".git"));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), content);
  }
  return root;
}

const expand = (cwd: string, inputs: string[], more: { ignorePatterns?: string[] } = {}) =>
  expandPaths(inputs, { cwd, extensions: [".txt", ".md", ".json"], ...more });

describe("expandPaths: a directory's files and the ignore files", () => {
  const files = {
    ".gitignore": "docs/drafts/\n",
    "docs/a.txt": "A.\n",
    "docs/drafts/x.txt": "X.\n",
    "docs/.gitignore": "private/\n",
    "docs/private/p.txt": "P.\n",
    "docs/team/.gitignore": "old.md\n",
    "docs/team/old.md": "Old.\n",
    "docs/team/new.md": "New.\n",
    "docs/package.json": "{}\n",
    // A sibling's rules are not the docs folder's.
    "site/.gitignore": "*.txt\n*.md\n",
    "site/s.txt": "S.\n",
  };

  it("reads the .gitignore files above and below a directory, and no others, in a repository or not", async () => {
    for (const git of [true, false]) {
      const root = tree(files, git);
      expect((await expand(root, ["docs"])).files, `git: ${git}`).toEqual(["docs/a.txt", "docs/team/new.md"]);
      expect((await expand(root, ["docs/team"])).files, `git: ${git}`).toEqual(["docs/team/new.md"]);
      expect((await expand(root, ["."])).files, `git: ${git}`).toEqual(["docs/a.txt", "docs/team/new.md"]);
      expect((await expand(root, ["docs"], { ignorePatterns: ["docs/team/**"] })).files, `git: ${git}`).toEqual(["docs/a.txt"]);
      const withIgnoreFile = tree({ ...files, ".cxlintignore": "docs/team/\n" }, git);
      expect((await expand(withIgnoreFile, ["docs"])).files, `git: ${git}`).toEqual(["docs/a.txt"]);
      const ignored = await expand(tree({ ".gitignore": "docs/\n", "docs/a.txt": "A.\n" }, git), ["docs"]);
      expect(ignored.files).toEqual([]);
      expect(ignored.problems[0]?.message).toMatch(/No lintable files in directory "docs"/);
    }
  });

  it("globs a directory from itself only when that gives the same files as globbing it from the cwd", () => {
    const repo = tree({ "docs/team/a.txt": "A.\n", "nested/.git/HEAD": "x\n", "nested/b.txt": "B.\n" }, true);
    const at = (relative: string) => path.join(repo, relative);
    expect(searchFromDirectory("docs", at("docs"), repo, [], undefined)).toBe(true);
    expect(searchFromDirectory("docs/team", at("docs/team"), repo, [], [])).toBe(true);
    // An ignore file or ignore patterns are written relative to the cwd.
    expect(searchFromDirectory("docs", at("docs"), repo, [".cxlintignore"], undefined)).toBe(false);
    expect(searchFromDirectory("docs", at("docs"), repo, [], ["drafts/**"])).toBe(false);
    // The cwd itself, a folder outside it, another repository inside it, no repository at all.
    expect(searchFromDirectory("", repo, repo, [], undefined)).toBe(false);
    expect(searchFromDirectory("..", path.dirname(repo), repo, [], undefined)).toBe(false);
    expect(searchFromDirectory("nested", at("nested"), repo, [], undefined)).toBe(false);
    const plain = tree({ "docs/a.txt": "A.\n" }, false);
    expect(searchFromDirectory("docs", path.join(plain, "docs"), plain, [], undefined)).toBe(false);
  });
});

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
