/** Where rule documentation lives; a finding's `url` points here. */
export const DOCS_BASE = "https://github.com/cxlint/cxlint/blob/main/rules/";
