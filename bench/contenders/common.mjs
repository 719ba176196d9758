// Shared by the contender wrappers: read the inputs named in a list file and hand each text unit
// to the library. Markdown and text files are one unit each (the whole file); a Zendesk macros
// export is parsed and each macro's comment_value is one unit (that is how one would run alex or
// write-good over an export: they cannot read JSON themselves).
import { readFileSync } from "node:fs";

export function* inputs(listFile) {
  const files = JSON.parse(readFileSync(listFile, "utf8"));
  for (const file of files) {
    const raw = readFileSync(file, "utf8");
    const bytes = Buffer.byteLength(raw);
    if (file.endsWith(".json")) {
      const data = JSON.parse(raw);
      const texts = [];
      for (const macro of data.macros ?? []) {
        for (const action of macro.actions ?? []) {
          if (action.field === "comment_value" && typeof action.value === "string") texts.push(action.value);
        }
      }
      yield { file, bytes, texts };
    } else {
      yield { file, bytes, texts: [raw] };
    }
  }
}

/** Runs `fn(text) → number of findings` over every unit and prints one JSON line of totals. */
export function run(name, fn) {
  const listFile = process.argv[2];
  if (!listFile) {
    console.error(`usage: node ${name}.mjs <list.json>`);
    process.exit(2);
  }
  let files = 0;
  let bytes = 0;
  let units = 0;
  let findings = 0;
  for (const input of inputs(listFile)) {
    files++;
    bytes += input.bytes;
    for (const text of input.texts) {
      units++;
      findings += fn(text);
    }
  }
  process.stdout.write(JSON.stringify({ contender: name, files, bytes, units, findings, maxRssKB: process.resourceUsage().maxRSS }) + "\n");
}
