/** Markdown adapter: a placeholder until the real one lands (being written now). */
import { textAdapter } from "./text.js";
import type { FormatAdapter } from "./types.js";

export const markdownAdapter: FormatAdapter = {
  id: "markdown",
  extensions: [".md", ".markdown"],
  parse: (text, options) => ({ ...textAdapter.parse(text, options), format: "markdown" }),
};
