/**
 * The text `cxlint init` writes: a commented `cxlint.config.mjs` that shows every setting once,
 * each with a line saying what it does. Built from the real rule list when the CLI passes it, so
 * the example rule ids and options always exist and the file validates as written.
 */
import type { Category, Severity } from "../core/types.js";
import type { KnownFormat } from "./validate.js";

/** The file name `cxlint init` writes. */
export const STARTER_FILE_NAME = "cxlint.config.mjs";

/** What the starter needs to know about a rule to show it as an example. */
export interface StarterRule {
  readonly id: string;
  readonly category?: Category;
  readonly defaultSeverity?: Severity;
  readonly defaultOptions?: Readonly<Record<string, unknown>>;
}

/** Used when no rule list is given (tests, docs); the CLI passes the built-in rules' metas. */
export const DEFAULT_STARTER_RULES: readonly StarterRule[] = [
  { id: "no-refusal", category: "refusal" },
  { id: "no-restrictive-policy", category: "restrictive-policy" },
];

function pick(rules: readonly StarterRule[], used: ReadonlySet<string>, wanted: (r: StarterRule) => boolean): StarterRule | undefined {
  return rules.find((r) => !used.has(r.id) && wanted(r)) ?? rules.find((r) => !used.has(r.id));
}

function rulesBlock(rules: readonly StarterRule[]): { rulesLines: string[]; policyRule?: StarterRule } {
  const used = new Set<string>();
  const lines: string[] = [];
  const refusal = pick(rules, used, (r) => r.category === "refusal");
  if (refusal) {
    used.add(refusal.id);
    lines.push(`    // Findings of this rule fail the run (exit code 1).`, `    ${JSON.stringify(refusal.id)}: "error",`);
  }
  const withOptions = rules.find((r) => !used.has(r.id) && Object.keys(r.defaultOptions ?? {}).length > 0);
  if (withOptions) {
    used.add(withOptions.id);
    const [name, value] = Object.entries(withOptions.defaultOptions!)[0]!;
    lines.push(
      `    // Options go in the second slot; \`cxlint explain ${withOptions.id}\` lists them (this is the default).`,
      `    ${JSON.stringify(withOptions.id)}: ["warn", { ${JSON.stringify(name)}: ${JSON.stringify(value)} }],`,
    );
  } else {
    lines.push(`    // Options go in the second slot: "rule-id": ["warn", { option: value }].`);
  }
  const policyRule = pick(rules, used, (r) => r.category === "restrictive-policy");
  return { rulesLines: lines, ...(policyRule ? { policyRule } : {}) };
}

// Settings worth showing for the structured formats, in the syntax their adapters read.
const FORMAT_EXAMPLES: Readonly<Record<string, { readonly keys: readonly string[]; readonly text: string }>> = {
  json: { keys: ["paths"], text: `{ paths: ["$.macros[*].body"] }` },
  csv: { keys: ["column"], text: `{ column: "body" }` },
};

function objectKey(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key);
}

/**
 * One line per format that has something to show: our example when the format accepts its keys,
 * else the format's declared defaults. Formats the CLI does not know are left out, so the file
 * always validates.
 */
function formatLines(formats: readonly KnownFormat[] | undefined): string[] {
  const known: readonly KnownFormat[] = formats ?? Object.keys(FORMAT_EXAMPLES).map((id) => ({ id }));
  const lines: string[] = [];
  for (const format of known) {
    const declared = format.defaultSettings;
    const example = FORMAT_EXAMPLES[format.id];
    if (example !== undefined && (declared === undefined || example.keys.every((k) => k in declared))) {
      lines.push(`    ${objectKey(format.id)}: ${example.text},`);
    } else if (declared !== undefined && Object.keys(declared).length > 0) {
      const body = Object.entries(declared).map(([name, value]) => `${objectKey(name)}: ${JSON.stringify(value)}`);
      lines.push(`    ${objectKey(format.id)}: { ${body.join(", ")} },`);
    }
  }
  return lines;
}

/**
 * The starter config file's text. Pass the built-in rules' metas and the format adapters, so the
 * examples name rules, options and formats that exist and the file validates as written.
 */
export function starterConfig(rules: readonly StarterRule[] = DEFAULT_STARTER_RULES, formats?: readonly KnownFormat[]): string {
  const { rulesLines, policyRule } = rulesBlock(rules);
  const overrideRules = policyRule
    ? [
        `      // Policies state limits by nature, so this rule only gives hints there.`,
        `      rules: { ${JSON.stringify(policyRule.id)}: "info" },`,
      ]
    : [`      rules: {},`];

  return [
    `// cxlint configuration. \`cxlint rules\` lists the rules; \`cxlint explain <rule>\` explains one.`,
    `export default {`,
    `  // Start from the recommended rules; "cxlint:strict" also reports less certain findings in full.`,
    `  extends: "cxlint:recommended",`,
    ``,
    `  // Rule severities: "off", "info", "warn" or "error"; [severity, { options }] sets options too.`,
    `  rules: {`,
    ...rulesLines,
    `  },`,
    ``,
    `  // Settings for some files only; patterns are relative to this file's folder.`,
    `  overrides: [`,
    `    {`,
    `      files: ["policies/**"],`,
    ...overrideRules,
    `    },`,
    `  ],`,
    ``,
    `  // Your own phrase rules: no regex needed; phrases match whole words in any case.`,
    `  customRules: {`,
    `    // "existence" flags the phrases and offers the suggestion as a rewrite.`,
    `    "house/no-internal-teams": {`,
    `      type: "existence",`,
    `      message: "\\"{{phrase}}\\" is an internal team name customers don't know.",`,
    `      phrases: ["the tier 2 team", "the L2 team"],`,
    `      suggestion: "our specialist team",`,
    `      category: "style",`,
    `    },`,
    `    // "substitution" proposes the replacement, and \`cxlint --fix\` applies it.`,
    `    "house/plain-words": {`,
    `      type: "substitution",`,
    `      message: "Write \\"{{replacement}}\\" instead of \\"{{phrase}}\\".",`,
    `      phrases: { "e-mail": "email", "asap": "as soon as possible" },`,
    `      severity: "warn",`,
    `    },`,
    `  },`,
    ``,
    `  // Terms never flagged by any rule, such as product names.`,
    `  vocabulary: ["NoFuss Returns"],`,
    ``,
    `  // Extra template placeholder syntaxes (regex sources), masked before linting.`,
    `  placeholders: ["<<[A-Za-z_.]+>>"],`,
    ``,
    `  // Which parts of structured files are customer-facing text.`,
    `  formats: {`,
    ...formatLines(formats),
    `  },`,
    `};`,
    ``,
  ].join("\n");
}
