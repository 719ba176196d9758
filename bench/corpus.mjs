// Deterministic benchmark corpus: support replies built from bench/pools.mjs with a seeded PRNG.
// About one sentence in six carries a trigger word (FLAGGED 70 %, TRIGGER_OK 30 % of those).
import { createHash } from "node:crypto";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from "node:fs";
import path from "node:path";
import { FLAGGED, NEUTRAL, SLOTS, TRIGGER_OK } from "./pools.mjs";

// Tuned so that about 1 sentence in 6 hits a trigger regex when measured (the regex floor's
// splitter merges greetings and headings into neighbours, so measured density runs higher).
export const TRIGGER_RATE = 0.145;
/** Openers put in front of trigger sentences, so that most come out distinct (cxlint caches compromise per sentence). */
const OPENERS = ["", "", "", "Unfortunately, ", "Sorry {NAME}, ", "{NAME}, ", "As of {DATE}, ", "Just so you know, ", "To be honest, ", "Quick update: ", "Regarding order {ORDER}, ", "Thanks for waiting, {NAME}. "];
export const FLAGGED_SHARE = 0.7;
const CATEGORIES = Object.keys(FLAGGED);

/** mulberry32: small, fast, good enough for text generation. */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function seedFor(...parts) {
  return createHash("sha256").update(parts.join("\u0000")).digest().readUInt32LE(0);
}

class Writer {
  constructor(seed) {
    this.rand = prng(seed);
    this.counts = { sentences: 0, neutral: 0, triggerOk: 0, flagged: 0, byCategory: Object.fromEntries(CATEGORIES.map((c) => [c, 0])) };
  }
  int(lo, hi) {
    return lo + Math.floor(this.rand() * (hi - lo + 1));
  }
  pick(list) {
    return list[Math.floor(this.rand() * list.length)];
  }
  fill(template) {
    return template.replace(/\{([A-Z_]+)\}/g, (_, slot) => {
      switch (slot) {
        case "ORDER":
          return `#${this.int(10000, 999999)}`;
        case "TRACK":
          return `1Z${this.int(100, 999)}E${this.int(1000000, 9999999)}`;
        case "DATE":
          return `${this.pick(SLOTS.MONTH)} ${this.int(1, 28)}`;
        case "AMOUNT":
          return `$${this.int(5, 480)}.${String(this.int(0, 99)).padStart(2, "0")}`;
        case "N":
          return String(this.int(2, 90));
        case "YEAR":
          return String(this.int(2012, 2024));
        default: {
          const list = SLOTS[slot];
          if (!list) throw new Error(`pools.mjs: unknown slot {${slot}}`);
          return this.pick(list);
        }
      }
    });
  }
  sentence() {
    this.counts.sentences++;
    if (this.rand() < TRIGGER_RATE) {
      if (this.rand() < FLAGGED_SHARE) {
        const category = this.pick(CATEGORIES);
        this.counts.flagged++;
        this.counts.byCategory[category]++;
        return this.open(this.fill(this.pick(FLAGGED[category])));
      }
      this.counts.triggerOk++;
      return this.open(this.fill(this.pick(TRIGGER_OK)));
    }
    this.counts.neutral++;
    return this.fill(this.pick(NEUTRAL));
  }
  /** An optional opener; the sentence's first letter is lowered unless it is "I" or a name. */
  open(sentence) {
    const opener = this.fill(this.pick(OPENERS));
    if (!opener || opener.endsWith(". ")) return opener + sentence;
    const keep = /^(?:I\b|I'|UPS\b|DHL\b|FedEx\b)/.test(sentence);
    return opener + (keep ? sentence : sentence[0].toLowerCase() + sentence.slice(1));
  }
  paragraph() {
    const n = this.int(2, 5);
    const out = [];
    for (let i = 0; i < n; i++) out.push(this.sentence());
    return out.join(" ");
  }
  /** One reply or macro body: greeting, 1–3 paragraphs, sometimes a list of steps, sign-off. */
  reply() {
    const parts = [`Hi ${this.pick(SLOTS.NAME)},`];
    const paragraphs = this.int(1, 3);
    for (let i = 0; i < paragraphs; i++) {
      parts.push(this.paragraph());
      if (i === 0 && this.rand() < 0.2) {
        const steps = this.int(2, 4);
        const items = [];
        for (let s = 0; s < steps; s++) items.push(`- ${this.sentence()}`);
        parts.push(items.join("\n"));
      }
    }
    this.counts.sentences++;
    this.counts.neutral++;
    parts.push(`${this.pick(["Best,", "Kind regards,", "Thanks,", "Cheers,", "All the best,"])}\n${this.pick(SLOTS.AGENT)}`);
    return parts.join("\n\n");
  }
  title(i) {
    const topics = ["Refund request", "Where is my order", "Damaged item", "Cancel subscription", "Password reset", "Billing question", "Exchange", "Warranty claim", "Late delivery", "Promo code", "Account merge", "Price match", "Technician visit", "Return label"];
    return `${this.pick(topics)} ${i}`;
  }
}

function addCounts(total, c) {
  for (const k of ["sentences", "neutral", "triggerOk", "flagged"]) total[k] += c[k];
  for (const k of CATEGORIES) total.byCategory[k] += c.byCategory[k];
}

function emptyCounts() {
  return { sentences: 0, neutral: 0, triggerOk: 0, flagged: 0, byCategory: Object.fromEntries(CATEGORIES.map((c) => [c, 0])) };
}

/** One support-docs file of about `target` bytes: Markdown saved replies or a plain-text macro dump. */
function supportFile(index, seed) {
  const w = new Writer(seedFor(seed, "file", index));
  const target = w.int(6144, 10240);
  const markdown = index % 3 !== 2;
  let text = markdown ? `# Saved replies, set ${index}\n\n` : `Macro export ${index}\n\n`;
  let i = 0;
  while (Buffer.byteLength(text) < target) {
    i++;
    text += markdown ? `## ${w.title(i)}\n\n${w.reply()}\n\n` : `${w.title(i)}\n\n${w.reply()}\n\n---\n\n`;
  }
  return { name: `reply-${String(index).padStart(5, "0")}.${markdown ? "md" : "txt"}`, text, counts: w.counts };
}

function bigMarkdown(bytes, seed) {
  const w = new Writer(seedFor(seed, "big-md"));
  const chunks = ["# Support handbook: saved replies\n\n"];
  let size = Buffer.byteLength(chunks[0]);
  let i = 0;
  while (size < bytes) {
    i++;
    if (i % 40 === 1) {
      const h = `## Section ${Math.ceil(i / 40)}\n\n`;
      chunks.push(h);
      size += Buffer.byteLength(h);
    }
    const s = `### ${w.title(i)}\n\n${w.reply()}\n\n`;
    chunks.push(s);
    size += Buffer.byteLength(s);
  }
  return { text: chunks.join(""), counts: w.counts };
}

/** Appends text to a file in batches of about 1 MB, so that a 100 MB file is never one string. */
class FileSink {
  constructor(file) {
    this.fd = openSync(file, "w");
    this.parts = [];
    this.pending = 0;
    this.bytes = 0;
  }
  write(text) {
    this.parts.push(text);
    this.pending += text.length;
    if (this.pending >= 1 << 20) this.flush();
  }
  flush() {
    const buffer = Buffer.from(this.parts.join(""));
    for (let at = 0; at < buffer.length; ) at += writeSync(this.fd, buffer, at);
    this.bytes += buffer.length;
    this.parts = [];
    this.pending = 0;
  }
  close() {
    this.flush();
    closeSync(this.fd);
    return this.bytes;
  }
}

/** Accented names swapped in for the pools' ASCII ones, and the odd emoji at the end of a reply. */
const ACCENTED_NAMES = ["José", "Zoë", "Renée", "Björn", "François", "Søren", "Chloé", "Łukasz", "Ngọc", "Inés", "Jürgen", "Anaïs", "Zoltán", "Seán"];
const EMOJI = ["🙂", "😊", "🙏", "👍", "📦"];

/**
 * What a reply looks like when it was typed in a rich-text editor or pasted from a word
 * processor, with its own PRNG so the Writer's sequence (and so the macros) stays the same:
 * about half the replies get curly apostrophes (’), a quarter an em dash (—) for their first
 * ", ", one in five names is an accented one, and one reply in twenty ends its text with an emoji.
 */
class Typographer {
  constructor(seed) {
    this.rand = prng(seed);
    this.names = new RegExp(`\\b(?:${SLOTS.NAME.join("|")})\\b`, "g");
    this.nonAscii = 0;
    this.replies = 0;
    this.touched = 0;
  }
  pick(list) {
    return list[Math.floor(this.rand() * list.length)];
  }
  apply(reply) {
    let text = reply;
    if (this.rand() < 0.5) text = text.replace(/'/g, "\u2019");
    if (this.rand() < 0.25) text = text.replace(", ", " \u2014 ");
    text = text.replace(this.names, (name) => (this.rand() < 0.2 ? this.pick(ACCENTED_NAMES) : name));
    if (this.rand() < 0.05) {
      // Before the sign-off: the end of the last paragraph.
      const end = text.lastIndexOf("\n\n");
      if (end > 0) text = `${text.slice(0, end)} ${this.pick(EMOJI)}${text.slice(end)}`;
    }
    const added = text.match(/[^\x00-\x7f]/gu)?.length ?? 0;
    this.replies++;
    if (added) this.touched++;
    this.nonAscii += added;
    return text;
  }
}

/**
 * A Zendesk macros export, {"macros":[{id,title,actions:[{field:"comment_value",value}]…}]…},
 * written to `file` a macro at a time: the text is exactly JSON.stringify(export, null, 2) + "\n".
 * With `typography` the replies are not pure ASCII (see Typographer); the macros are otherwise
 * the same as without, up to where the byte budget runs out.
 */
function zendeskExport(file, bytes, seed, { typography = false } = {}) {
  const w = new Writer(seedFor(seed, "zendesk"));
  const t = typography ? new Typographer(seedFor(seed, "zendesk-typography")) : undefined;
  const sink = new FileSink(file);
  sink.write('{\n  "macros": [');
  let size = 64;
  let i = 0;
  while (size < bytes) {
    i++;
    const id = 360000000000 + i * 7919;
    const reply = w.reply();
    const actions = [{ field: "comment_value", value: t ? t.apply(reply) : reply }];
    if (w.rand() < 0.6) actions.push({ field: "status", value: w.pick(["open", "pending", "solved"]) });
    if (w.rand() < 0.5) actions.push({ field: "set_tags", value: w.pick(["refund_request", "wismo", "damaged", "billing", "cancel", "vip"]) });
    const macro = {
      url: `https://example.zendesk.com/api/v2/macros/${id}.json`,
      id,
      title: w.title(i),
      active: w.rand() < 0.9,
      updated_at: `2024-${String(w.int(1, 12)).padStart(2, "0")}-${String(w.int(1, 28)).padStart(2, "0")}T10:${String(w.int(0, 59)).padStart(2, "0")}:00Z`,
      created_at: "2021-03-04T09:00:00Z",
      usage_7d: w.int(0, 400),
      description: null,
      actions,
      restriction: null,
    };
    // Inside {"macros": [ … ]} every line of the macro is indented 4 more spaces.
    const own = JSON.stringify(macro, null, 2);
    sink.write((i === 1 ? "\n    " : ",\n    ") + own.replace(/\n/g, "\n    "));
    size += Buffer.byteLength(own) + 4 * own.split("\n").length + 2;
  }
  sink.write(`${i ? "\n  " : ""}],\n  "next_page": null,\n  "previous_page": null,\n  "count": ${i}\n}\n`);
  const written = sink.close();
  return { bytes: written, counts: w.counts, macros: i, ...(t ? { nonAsciiChars: t.nonAscii, repliesWithNonAscii: t.touched } : {}) };
}

/** pools.mjs and corpus.mjs: a corpus is rebuilt when either changes. */
function sourceHash() {
  const here = path.dirname(new URL(import.meta.url).pathname);
  return createHash("sha256")
    .update(readFileSync(path.join(here, "pools.mjs")))
    .update(readFileSync(path.join(here, "corpus.mjs")))
    .digest("hex")
    .slice(0, 16);
}

/** The manifest in `dir` when its stamp is `stamp`, else undefined. */
function cached(dir, stamp) {
  const stampFile = path.join(dir, "manifest.json");
  if (!existsSync(stampFile)) return undefined;
  try {
    const manifest = JSON.parse(readFileSync(stampFile, "utf8"));
    return manifest.stamp === stamp ? manifest : undefined;
  } catch {
    return undefined;
  }
}

export const FULL = { files: 300, fileMB: 8, jsonMB: 20, mdMB: 5 };
export const QUICK = { files: 30, jsonMB: 1, mdMB: 0.5 };

/**
 * Builds (or reuses, when the stamp matches) the corpus under `dir`. `maxScale` × `files`
 * support files are written; the 1× set is the first `files` of them, 4× the first 4 × files, …
 */
export function buildCorpus(dir, { files, jsonMB, mdMB, maxScale, seed = 20240601 }, log = () => {}) {
  const stamp = JSON.stringify({ files, jsonMB, mdMB, maxScale, seed, sourceHash: sourceHash() });
  const reuse = cached(dir, stamp);
  if (reuse) return reuse;
  log(`building corpus in ${dir} (${files * maxScale} files, ${jsonMB} MB JSON, ${mdMB} MB Markdown)…`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.join(dir, "support"), { recursive: true });

  const supportCounts = [];
  const names = [];
  const oneX = emptyCounts();
  const all = emptyCounts();
  for (let i = 0; i < files * maxScale; i++) {
    const f = supportFile(i, seed);
    writeFileSync(path.join(dir, "support", f.name), f.text);
    names.push(path.join("support", f.name));
    if (i < files) addCounts(oneX, f.counts);
    addCounts(all, f.counts);
    supportCounts.push(Buffer.byteLength(f.text));
  }
  const md = bigMarkdown(Math.round(mdMB * 1024 * 1024), seed);
  writeFileSync(path.join(dir, "handbook.md"), md.text);
  const json = zendeskExport(path.join(dir, "zendesk-macros.json"), Math.round(jsonMB * 1024 * 1024), seed);

  mkdirSync(path.join(dir, "cold"), { recursive: true });
  writeFileSync(path.join(dir, "cold", "clean.md"), "Hi Sam,\n\nThanks for getting in touch about order #48213. Your order shipped on May 4 and is on its way to you. Here is the tracking number: 1Z999E1234567.\n\nBest,\nDana from Support\n");
  writeFileSync(path.join(dir, "cold", "trigger-clean.md"), "Hi Sam,\n\nWe will ship the replacement by Friday, May 9. I'll email you the return label within 24 hours.\n\nBest,\nDana from Support\n");
  writeFileSync(path.join(dir, "cold", "finding.md"), "Hi Sam,\n\nWe cannot refund this order. Here is the tracking number: 1Z999E1234567.\n\nBest,\nDana from Support\n");

  const manifest = {
    stamp,
    files: names,
    filesPerScale: files,
    maxScale,
    counts1x: oneX,
    countsAll: all,
    handbook: { path: "handbook.md", bytes: statSync(path.join(dir, "handbook.md")).size, counts: md.counts },
    zendesk: { path: "zendesk-macros.json", bytes: json.bytes, macros: json.macros, counts: json.counts },
  };
  writeFileSync(path.join(dir, "manifest.json"), JSON.stringify(manifest));
  return manifest;
}

/** The big set's size: two Zendesk exports of this many MiB each. */
export const BIG = { mb: 100 };

/**
 * Builds (or reuses) the big set under `dir`: a `mb` MiB Zendesk export from the same generator
 * as the 20 MB one (pure ASCII), and one whose replies are not pure ASCII (cxlint decodes large
 * ASCII and non-ASCII files differently, see readSourceText in src/cli/io.ts). Each is written a
 * macro at a time, so building them takes little memory.
 */
export function buildBig(dir, { mb, seed = 20240601 }, log = () => {}) {
  const stamp = JSON.stringify({ mb, seed, sourceHash: sourceHash() });
  const reuse = cached(dir, stamp);
  if (reuse) return reuse;
  log(`building the big set in ${dir} (2 × ${mb} MB JSON)…`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const target = Math.round(mb * 1024 * 1024);
  const files = {};
  for (const [key, name, typography] of [
    ["ascii", `zendesk-macros-${mb}mb.json`, false],
    ["utf8", `zendesk-macros-${mb}mb-utf8.json`, true],
  ]) {
    const made = zendeskExport(path.join(dir, name), target, seed, { typography });
    files[key] = { path: name, ...made };
  }
  const manifest = { stamp, mb, ...files };
  // Written last: an interrupted build is never taken for a finished one.
  writeFileSync(path.join(dir, "manifest.json"), JSON.stringify(manifest));
  return manifest;
}
