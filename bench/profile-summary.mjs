#!/usr/bin/env node
// Summarises a V8 .cpuprofile (node --cpu-prof): self time per function (name + url:line), self
// time per area (compromise, cxlint engine, rules, formats, …) and inclusive time of cxlint's own
// functions.
//
//   node bench/profile-summary.mjs <file.cpuprofile> [--top 10]
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const bundleMarkers = new Map();

/**
 * esbuild's unminified bundles mark each module with a `// src/engine/lint.ts` comment: the
 * source file that a line of a chunk came from, or undefined outside a bundle.
 */
export function bundleSource(url, line) {
  if (!/\/dist\/bundle\/[^/]+\.c?js$/.test(url)) return undefined;
  let markers = bundleMarkers.get(url);
  if (!markers) {
    markers = [];
    try {
      const lines = readFileSync(url.startsWith("file://") ? fileURLToPath(url) : url, "utf8").split("\n");
      lines.forEach((text, i) => {
        const m = /^\/\/!? ((?:src|rules)\/\S+\.ts)$/.exec(text);
        if (m) markers.push([i, m[1]]);
      });
    } catch {
      // the chunk is gone; fall back to its name
    }
    bundleMarkers.set(url, markers);
  }
  let found;
  for (const [at, file] of markers) {
    if (at > line) break;
    found = file;
  }
  return found;
}

/** Where a script lives, in words: a package, a cxlint directory, or a V8 pseudo-frame. */
export function areaOf(url, functionName, root, line = 0) {
  if (!url) {
    if (/^\((garbage collector|program|idle|root)\)$/.test(functionName)) return functionName;
    return "(native / builtins)";
  }
  const file = url.startsWith("file://") ? fileURLToPath(url) : url;
  if (file.startsWith("node:")) return "node internals";
  const nm = file.lastIndexOf("node_modules/");
  if (nm >= 0) {
    const rest = file.slice(nm + "node_modules/".length).split("/");
    return rest[0].startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  const relative = stripSnapshot(root ? path.relative(root, file) : file);
  const source = bundleSource(url, line);
  if (source) return `cxlint ${source.replace(/^src\//, "").replace(/\/[^/]+$/, "").replace(/\.ts$/, "")}`;
  if (/^dist\/bundle\//.test(relative)) return "cxlint bundle";
  const m = /^dist\/(rules|src\/[^/]+)/.exec(relative);
  if (m) return `cxlint ${m[1].replace(/^src\//, "")}`;
  return relative;
}

export function summarize(profile, { root } = {}) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const selfUs = new Map();
  const deltas = profile.timeDeltas ?? [];
  // Sample i lasts until sample i + 1 (DevTools' convention); the last sample gets 0.
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = deltas[i + 1] ?? 0;
    selfUs.set(profile.samples[i], (selfUs.get(profile.samples[i]) ?? 0) + dt);
  }
  const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
  const key = (n) => {
    const cf = n.callFrame;
    const name = cf.functionName || "(anonymous)";
    const source = cf.url ? bundleSource(cf.url, cf.lineNumber) : undefined;
    const where = cf.url ? `${source ? `${source} (${shortUrl(cf.url, root)}:${cf.lineNumber + 1})` : `${shortUrl(cf.url, root)}:${cf.lineNumber + 1}`}` : "";
    return { id: `${name} ${where}`, name, where, area: areaOf(cf.url, name, root, cf.lineNumber) };
  };
  const fns = new Map();
  const areas = new Map();
  const inclusive = new Map();
  for (const [nodeId, us] of selfUs) {
    const node = byId.get(nodeId);
    const k = key(node);
    const f = fns.get(k.id) ?? { ...k, self: 0 };
    f.self += us;
    fns.set(k.id, f);
    areas.set(k.area, (areas.get(k.area) ?? 0) + us);
    // Inclusive: every distinct function on the stack of this sample gets the time once.
    const seen = new Set();
    for (let id = nodeId; id !== undefined; id = parent.get(id)) {
      const kk = key(byId.get(id));
      if (seen.has(kk.id)) continue;
      seen.add(kk.id);
      const e = inclusive.get(kk.id) ?? { ...kk, total: 0 };
      e.total += us;
      inclusive.set(kk.id, e);
    }
  }
  return {
    totalMs: total / 1000,
    functions: [...fns.values()].sort((a, b) => b.self - a.self),
    areas: [...areas.entries()].map(([area, us]) => ({ area, self: us })).sort((a, b) => b.self - a.self),
    inclusive: [...inclusive.values()].filter((e) => e.area.startsWith("cxlint")).sort((a, b) => b.total - a.total),
  };
}

function shortUrl(url, root) {
  const file = url.startsWith("file://") ? fileURLToPath(url) : url;
  const nm = file.lastIndexOf("node_modules/");
  if (nm >= 0) return file.slice(nm + "node_modules/".length);
  return stripSnapshot(root ? path.relative(root, file) : file);
}

/** bench/run.mjs measures a copy of the build in bench/.corpus/snap/: report it as dist/…. */
function stripSnapshot(relative) {
  return relative.replace(/^(?:.*\/)?bench\/\.corpus\/snap\//, "");
}

export function toMarkdown(s, { top = 10 } = {}) {
  const pct = (us) => ((100 * us) / 1000 / s.totalMs).toFixed(1);
  const ms = (us) => (us / 1000).toFixed(0);
  const out = [`Sampled time ${s.totalMs.toFixed(0)} ms.`, "", `Top ${top} functions by self time:`, "", "| # | function | where | self ms | % |", "|---:|---|---|---:|---:|"];
  s.functions.slice(0, top).forEach((f, i) => out.push(`| ${i + 1} | \`${f.name}\` | ${f.where || f.area} | ${ms(f.self)} | ${pct(f.self)} |`));
  out.push("", "Self time by area:", "", "| area | self ms | % |", "|---|---:|---:|");
  for (const a of s.areas.slice(0, 14)) out.push(`| ${a.area} | ${ms(a.self)} | ${pct(a.self)} |`);
  out.push("", "cxlint functions by inclusive time (time on the stack):", "", "| function | where | inclusive ms | % |", "|---|---|---:|---:|");
  for (const e of s.inclusive.slice(0, 15)) out.push(`| \`${e.name}\` | ${e.where} | ${ms(e.total)} | ${pct(e.total)} |`);
  return out.join("\n");
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const file = process.argv[2];
  if (!file) {
    console.error("usage: node bench/profile-summary.mjs <file.cpuprofile> [--top N]");
    process.exit(2);
  }
  const topAt = process.argv.indexOf("--top");
  const top = topAt > 0 ? Number(process.argv[topAt + 1]) : 10;
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
  console.log(toMarkdown(summarize(JSON.parse(readFileSync(file, "utf8")), { root }), { top }));
}
