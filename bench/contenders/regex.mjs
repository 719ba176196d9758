// The plain regex floor: the built rules' own `meta.trigger` regexes (dist/rules), no context, no
// compromise. Each unit is split into sentences with one regex, lower-cased with cxlint's quote
// folding, and every trigger's matches are counted. Also reports how many sentences hit any
// trigger (the share that cxlint hands to the rules' check()).
import path from "node:path";
import { pathToFileURL } from "node:url";
import { run } from "./common.mjs";

// bench/run.mjs passes its snapshot of dist/ in BENCH_DIST.
const dist = process.env.BENCH_DIST ?? new URL("../../dist", import.meta.url).pathname;
const { BUILTIN_RULES } = await import(pathToFileURL(path.join(dist, "rules", "index.js")).href);

const triggers = BUILTIN_RULES.map((r) => new RegExp(r.meta.trigger.source, r.meta.trigger.flags.replace("g", "") + "g"));
const SENTENCE = /[^.!?\n]+(?:[.!?]+|$)/g;
let sentences = 0;
let hitSentences = 0;

function normalize(text) {
  return text.toLowerCase().replace(/[\u2018\u2019\u02bc]/g, "'").replace(/[\u201c\u201d\u201e\u00ab\u00bb]/g, '"').replace(/[\u00a0\u2007\u202f]/g, " ");
}

process.on("exit", () => {
  process.stderr.write(JSON.stringify({ sentences, hitSentences }) + "\n");
});

run("regex", (value) => {
  let matches = 0;
  const normal = normalize(value);
  for (const m of normal.matchAll(SENTENCE)) {
    const s = m[0];
    if (!/\p{L}/u.test(s)) continue;
    sentences++;
    let hit = false;
    for (const re of triggers) {
      re.lastIndex = 0;
      const n = s.match(re)?.length ?? 0;
      if (n) {
        matches += n;
        hit = true;
      }
    }
    if (hit) hitSentences++;
  }
  return matches;
});
