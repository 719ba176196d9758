/** The built-in rules, one line each, sorted by id. */
import type { Rule } from "../src/rule-api.js";
import noBlame from "./no-blame.js";
import noDeflection from "./no-deflection.js";
import noDismissive from "./no-dismissive.js";
import noHollowPromise from "./no-hollow-promise.js";
import noRefusal from "./no-refusal.js";
import noRestrictivePolicy from "./no-restrictive-policy.js";

export const BUILTIN_RULES: readonly Rule[] = [
  noBlame,
  noDeflection,
  noDismissive,
  noHollowPromise,
  noRefusal,
  noRestrictivePolicy,
];
