/**
 * The prefilter's promise: a file whose sentences hit no trigger never loads compromise; nor do
 * findings whose words say it all ("We can't refund…", "You didn't attach…", "Someone will get
 * back to you.", "Sorry Olivia, we'll look into it.", "simply click…", "You failed to enter the
 * code." with its rewrite, a refusal glued to a signature); a sentence that needs the parse
 * loads it. (Each vitest file gets its own module instances, so nothing else in this file has
 * loaded it first.)
 */
import { describe, expect, it } from "vitest";
import { BUILTIN_RULES } from "../../rules/index.js";
import { createResolver } from "../config/resolve.js";
import { lintText } from "../linter.js";
import { isLoaded } from "./index.js";

const config = createResolver(undefined, BUILTIN_RULES, [])("reply.txt");
const lint = (text: string) => lintText(text, { filePath: "reply.txt", config, rules: BUILTIN_RULES });

describe("compromise is loaded only when a rule needs it", () => {
  it("stays unloaded for a clean reply and a plain refusal, and loads for a sentence that needs the parse", () => {
    const clean = lint("Thanks for your order! It ships on Monday, and the tracking link is in your inbox.\n");
    expect(clean.findings).toEqual([]);
    expect(isLoaded()).toBe(false);
    expect(lint("Unfortunately, our team can't refund opened items.\n").findings.map((f) => f.ruleId)).toEqual(["no-refusal"]);
    expect(lint("You didn't attach the receipt.\n").findings.map((f) => f.ruleId)).toEqual(["no-blame"]);
    expect(lint("Someone will get back to you.\n").findings.map((f) => f.ruleId)).toEqual(["no-hollow-promise"]);
    expect(lint("Regarding order #463578, we'll look into it.\n").findings.map((f) => f.ruleId)).toEqual(["no-hollow-promise"]);
    expect(lint("If you had checked the size chart, this wouldn't have happened.\n").findings.map((f) => f.ruleId)).toEqual(["no-blame"]);
    expect(lint("Quick update: simply click the link in the email.\n").findings.map((f) => f.ruleId)).toEqual(["no-dismissive"]);
    expect(lint("Sorry Olivia, we'll look into it.\n").findings.map((f) => f.ruleId)).toEqual(["no-hollow-promise"]);
    expect(lint("Priya, someone will get back to you.\n").findings.map((f) => f.ruleId)).toEqual(["no-hollow-promise"]);
    expect(lint("Cheers, Ana | Front Desk Our front desk team can't hold parcels.\n").findings.map((f) => f.ruleId)).toEqual(["no-refusal"]);
    const failed = lint("You failed to enter the code.\n").findings;
    expect(failed.map((f) => f.ruleId)).toEqual(["no-blame"]);
    expect(failed[0]!.suggestions[0]!.text).toContain("wasn't entered yet");
    expect(isLoaded()).toBe(false);
    // "reinstate" is no verb the words alone vouch for: the parse decides.
    expect(lint("We can't reinstate opened items.\n").findings.map((f) => f.ruleId)).toEqual(["no-refusal"]);
    expect(isLoaded()).toBe(true);
  });
});
