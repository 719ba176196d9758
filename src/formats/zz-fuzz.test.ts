import { readFileSync } from "node:fs";
import { it } from "vitest";
import { markdownAdapter } from "./markdown.js";
import { compilePlaceholders } from "./placeholders.js";
const options = { fileName: "x.md", placeholders: compilePlaceholders() };
it("bench", () => {
  const one = readFileSync("fixtures/formats/markdown/saved-replies.md", "utf8");
  const big = one.replace(/^---[\s\S]*?---\n/, "").repeat(600);
  const t = performance.now();
  const doc = markdownAdapter.parse(big, options);
  console.log(big.length, doc.segments.length, (performance.now() - t).toFixed(0) + "ms");
  const para = ("We can&apos;t see https://x.com/a &amp; {{x}} \\* and more. ").repeat(20000);
  const t2 = performance.now();
  markdownAdapter.parse(para, options);
  console.log(para.length, (performance.now() - t2).toFixed(0) + "ms");
});
