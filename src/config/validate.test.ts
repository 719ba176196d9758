import { describe, expect, it } from "vitest";
import { ConfigError, closeMatches, parseRuleFlags, unsafePatternReason, validateConfig, validateRuleSettings, type KnownRule } from "./validate.js";

const FILE = ".cxlintrc.json";
const RULES: KnownRule[] = [
  { id: "no-refusal" },
  { id: "no-blame", defaultOptions: { allowPassive: false, maxWords: 3, words: ["x"] } },
  { id: "no-restrictive-policy" },
];

/** Runs validation and returns the ConfigError it throws (failing the test if none). */
function errorOf(raw: unknown, rules: readonly KnownRule[] = RULES): ConfigError {
  try {
    validateConfig(raw, FILE, rules);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error("expected a ConfigError");
}

function expectError(raw: unknown, key: string | undefined, ...fragments: string[]): void {
  const error = errorOf(raw);
  expect(error.filePath).toBe(FILE);
  expect(error.key).toBe(key);
  expect(error.message.startsWith(`${FILE}: `)).toBe(true);
  if (key !== undefined) expect(error.message).toContain(`"${key}"`);
  for (const fragment of fragments) expect(error.message).toContain(fragment);
}

describe("validateConfig: accepted input", () => {
  it("treats an empty file as an empty config", () => {
    expect(validateConfig(undefined, FILE, RULES)).toEqual({});
    expect(validateConfig(null, FILE, RULES)).toEqual({});
  });

  it("normalises every accepted severity spelling", () => {
    const config = validateConfig(
      { rules: { "no-refusal": "warn", "no-blame": [2, { maxWords: 5 }], "no-restrictive-policy": 0 } },
      FILE,
      RULES,
    );
    expect(config.rules).toEqual({ "no-refusal": "warning", "no-blame": ["error", { maxWords: 5 }], "no-restrictive-policy": "off" });
    const more = validateConfig({ rules: { "no-refusal": 1, "no-blame": ["info"] } }, FILE, RULES);
    expect(more.rules).toEqual({ "no-refusal": "warning", "no-blame": ["info"] });
  });

  it("accepts both presets, $schema, and a complete config", () => {
    const config = validateConfig(
      {
        $schema: "https://example.com/cxlint.schema.json",
        extends: ["cxlint:recommended", "cxlint:strict"],
        rules: { "house/jargon": "error" },
        overrides: [{ files: "policies/**", excludedFiles: ["policies/draft-*"], rules: { "no-refusal": "off" } }],
        customRules: {
          "house/jargon": { type: "existence", message: "Jargon.", phrases: ["tier 2"], severity: "warn", category: "style" },
          "house/plain": { type: "substitution", message: "Plain.", phrases: { "e-mail": "email" }, ignoreCase: false },
        },
        vocabulary: ["NoRefunds"],
        placeholders: ["<<[a-z_]+>>"],
        formats: { csv: { column: "body" } },
        ignorePatterns: ["dist/**"],
      },
      FILE,
      RULES,
    );
    expect(config.extends).toEqual(["cxlint:recommended", "cxlint:strict"]);
    expect(config.customRules?.["house/jargon"]?.severity).toBe("warning");
    expect(config.overrides?.[0]?.files).toBe("policies/**");
    expect(config).not.toHaveProperty("$schema");
  });
});

describe("validateConfig: errors name the file and the key", () => {
  it("refuses a config that is not an object", () => {
    expectError(["rules"], undefined, "must be an object", "cxlint init");
  });

  it("refuses unknown top-level keys and lists the allowed ones", () => {
    expectError({ rule: {} }, "rule", 'Did you mean "rules"?', "Allowed keys:", '"customRules"', '"ignorePatterns"');
    expectError({ ignores: [] }, "ignores", 'Did you mean "ignorePatterns"?');
  });

  it("names close matches for unknown rule ids", () => {
    const error = errorOf({ rules: { "no-refusl": "error" } });
    expect(error.key).toBe("rules.no-refusl");
    expect(error.message).toBe(
      '.cxlintrc.json: "rules.no-refusl" is not a cxlint rule. Did you mean "no-refusal"? Run `cxlint rules` to list them.',
    );
    expectError({ rules: { "cxlint/no-blame": "error" } }, "rules.cxlint/no-blame", 'Did you mean "no-blame"?');
  });

  it("refuses bad severities and lists the allowed values", () => {
    expectError({ rules: { "no-refusal": "warnn" } }, "rules.no-refusal", 'Did you mean "warn"', '"off", "info", "warning"', "0, 1 and 2");
    expectError({ rules: { "no-refusal": 3 } }, "rules.no-refusal", "number 3");
    expectError({ rules: { "no-refusal": "suggestion" } }, "rules.no-refusal", 'Did you mean "info"?');
    expectError({ rules: { "no-blame": ["errror", {}] } }, "rules.no-blame[0]", 'Did you mean "error"?');
    expectError({ rules: { "no-blame": [] } }, "rules.no-blame", "[severity, { options }]");
  });

  it("refuses options a rule does not declare, and options of the wrong kind", () => {
    expectError({ rules: { "no-blame": ["error", { maxWord: 2 }] } }, "rules.no-blame[1].maxWord", 'Did you mean "maxWords"?', "cxlint explain no-blame");
    expectError({ rules: { "no-refusal": ["error", { any: 1 }] } }, "rules.no-refusal[1].any", "takes no options");
    expectError({ rules: { "no-blame": ["error", { maxWords: "3" }] } }, "rules.no-blame[1].maxWords", "must be a number");
    expectError({ rules: { "no-blame": ["error", { words: "x" }] } }, "rules.no-blame[1].words", "must be a list");
    expectError({ rules: { "no-blame": ["error", "maxWords"] } }, "rules.no-blame[1]", "object of options");
  });

  it("refuses unknown presets", () => {
    expectError({ extends: "recommended" }, "extends", 'Did you mean "cxlint:recommended"?', "Presets:");
    expectError({ extends: ["cxlint:recommended", "eslint:strict"] }, "extends[1]", 'Did you mean "cxlint:strict"?');
    expectError({ extends: 3 }, "extends", "must be a list of preset names");
  });

  it("refuses malformed overrides", () => {
    expectError({ overrides: { files: "x" } }, "overrides", "must be a list");
    expectError({ overrides: ["policies/**"] }, "overrides[0]", "must be an object");
    expectError({ overrides: [{ rules: {} }] }, "overrides[0].files", 'is missing');
    expectError({ overrides: [{ files: [] }] }, "overrides[0].files", "is empty");
    expectError({ overrides: [{ files: ["a", 3] }] }, "overrides[0].files[1]", "non-empty text");
    expectError({ overrides: [{ files: "x", rule: {} }] }, "overrides[0].rule", 'Did you mean "rules"?', '"excludedFiles"');
    expectError({ overrides: [{ files: "x", rules: { "no-refusl": 2 } }] }, "overrides[0].rules.no-refusl", 'Did you mean "no-refusal"?');
    expectError({ overrides: [{ files: "../other/**" }] }, "overrides[0].files", "can never match");
  });

  it("refuses malformed custom rules", () => {
    const ok = { type: "existence", message: "m", phrases: ["p"] };
    expectError({ customRules: [] }, "customRules", "must be an object");
    expectError({ customRules: { x: { ...ok, type: "existance" } } }, "customRules.x.type", 'Did you mean "existence"?', '"substitution"');
    expectError({ customRules: { x: { ...ok, message: "" } } }, "customRules.x.message", "is required");
    expectError({ customRules: { x: { ...ok, phrases: [] } } }, "customRules.x.phrases", "is empty");
    expectError({ customRules: { x: { ...ok, phrases: ["ok", ""] } } }, "customRules.x.phrases[1]", "non-empty text");
    expectError({ customRules: { x: { ...ok, phrases: ["..."] } } }, "customRules.x.phrases", "no letters or digits");
    expectError({ customRules: { x: { ...ok, phrases: { a: "b" } } } }, "customRules.x.phrases", '"type": "substitution"');
    expectError({ customRules: { x: { ...ok, type: "substitution" } } }, "customRules.x.phrases", "map each phrase");
    expectError({ customRules: { x: { ...ok, type: "substitution", phrases: {} } } }, "customRules.x.phrases", "is empty");
    expectError({ customRules: { x: { ...ok, type: "substitution", phrases: { a: 1 } } } }, "customRules.x.phrases.a", "replacement text");
    expectError({ customRules: { x: { ...ok, category: "tone" } } }, "customRules.x.category", '"refusal"', '"style"');
    expectError({ customRules: { x: { ...ok, category: "blam" } } }, "customRules.x.category", 'Did you mean "blame"?');
    expectError({ customRules: { x: { ...ok, severity: "loud" } } }, "customRules.x.severity", "does not know");
    expectError({ customRules: { x: { ...ok, ignoreCase: "yes" } } }, "customRules.x.ignoreCase", "true or false");
    expectError({ customRules: { x: { ...ok, regex: "a+" } } }, "customRules.x.regex", "not a custom rule key");
    expectError({ customRules: { x: { ...ok, type: "substitution", phrases: { a: "b" }, suggestion: "s" } } }, "customRules.x.suggestion", "only for existence");
    expectError({ customRules: { "bad id!": ok } }, "customRules.bad id!", "letters, digits");
    expectError({ customRules: { x: "flag this" } }, "customRules.x", "must be an object");
  });

  it("refuses a substitution whose replacement would be flagged again", () => {
    expectError(
      { customRules: { x: { type: "substitution", message: "m", phrases: { refund: "full refund" } } } },
      "customRules.x.phrases.refund",
      "contains the phrase itself",
    );
  });

  it("refuses custom rule ids that clash with built-in ids", () => {
    expectError({ customRules: { "no-refusal": { type: "existence", message: "m", phrases: ["p"] } } }, "customRules.no-refusal", "built-in rule", "house/no-refusal");
  });

  it("refuses placeholders that do not compile, backtrack catastrophically or match nothing", () => {
    expectError({ placeholders: ["{{(unclosed"] }, "placeholders[0]", "not a valid regular expression");
    expectError({ placeholders: ["ok", "<<(a+)+>>"] }, "placeholders[1]", "catastrophic backtracking");
    expectError({ placeholders: ["(.*)*"] }, "placeholders[0]", "refused");
    expectError({ placeholders: ["x*"] }, "placeholders[0]", "empty text");
    expectError({ placeholders: ["(<)\\1"] }, "placeholders[0]", "backreference");
    expectError({ placeholders: ["(?<n>a)", "(?<n>b)"] }, "placeholders", "distinct name");
  });

  it("refuses malformed vocabulary, formats and ignorePatterns", () => {
    expectError({ vocabulary: [1] }, "vocabulary[0]", "non-empty text");
    expectError({ vocabulary: { a: 1 } }, "vocabulary", "must be a list");
    expectError({ formats: { csv: "body" } }, "formats.csv", "object of settings");
    expectError({ ignorePatterns: [""] }, "ignorePatterns[0]", "non-empty text");
  });

  it("checks format ids and settings when the formats are known", () => {
    const formats = [{ id: "csv", defaultSettings: { column: "body" } }, { id: "json" }];
    expect(() => validateConfig({ formats: { cvs: {} } }, FILE, RULES, { formats })).toThrow(/"formats.cvs" is not a format.*Did you mean "csv"/);
    expect(() => validateConfig({ formats: { csv: { colum: "x" } } }, FILE, RULES, { formats })).toThrow(/"formats.csv.colum".*Did you mean "column"/);
    expect(validateConfig({ formats: { json: { anything: 1 } } }, FILE, RULES, { formats }).formats).toEqual({ json: { anything: 1 } });
  });
});

describe("unsafePatternReason", () => {
  it.each(["(a+)+", "(.*)*", "(\\w+\\s?)+", "(?:x|y+)*", "((ab)*c)+", "(a+){2,}", "([a-z]+)*$"])("refuses %s", (source) => {
    expect(unsafePatternReason(source)).toMatch(/exponential/);
  });

  it.each(["\\{\\{[\\s\\S]*?\\}\\}", "<<[A-Za-z_.]+>>", "(?:ab)+", "(a+)", "(a+)?", "[(+]+", "\\(a+\\)+", "\\p{L}+", "(?<name>x+)\\k<name>"])(
    "accepts %s",
    (source) => {
      expect(unsafePatternReason(source)).toBeUndefined();
    },
  );
});

describe("closeMatches", () => {
  it("suggests near misses only", () => {
    expect(closeMatches("no-refusl", ["no-refusal", "no-blame"])).toEqual(["no-refusal"]);
    expect(closeMatches("something-else", ["no-refusal", "no-blame"])).toEqual([]);
  });
});

describe("--rule settings", () => {
  it("parses id:severity, JSON after the colon and JSON objects", () => {
    expect(
      parseRuleFlags(['no-refusal:error', 'no-blame: ["warn", {"maxWords": 2}]', '{"no-restrictive-policy": 0}'], RULES),
    ).toEqual({ "no-refusal": "error", "no-blame": ["warning", { maxWords: 2 }], "no-restrictive-policy": "off" });
    expect(parseRuleFlags(["no-refusal:2"], RULES)).toEqual({ "no-refusal": "error" });
  });

  it("reports unknown ids and bad values against --rule", () => {
    expect(() => parseRuleFlags(["no-refusl:error"], RULES)).toThrow('--rule: "no-refusl" is not a cxlint rule. Did you mean "no-refusal"?');
    expect(() => parseRuleFlags(["no-refusal"], RULES)).toThrow(/--rule: "no-refusal" has no severity/);
    expect(() => parseRuleFlags(["{nope"], RULES)).toThrow(/not valid JSON/);
  });

  it("validates a rules object from elsewhere under a given prefix", () => {
    expect(() => validateRuleSettings({ "no-refusal": "x" }, "api", RULES, "rules")).toThrow(/^api: "rules.no-refusal" has the severity/);
  });
});
