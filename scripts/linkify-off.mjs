/**
 * What the CLI bundle has for linkify-it (see scripts/build-cli.mjs). markdown-it makes a
 * LinkifyIt in its constructor, and building its regexes cost about 4 ms of every run that
 * reads Markdown; cxlint never turns linkify on (CommonMark links no bare URLs, and the
 * Markdown adapter masks them itself), so the bundle has this instead.
 */
export default class LinkifyOff {
  test() {
    throw new Error("linkify is not in the cxlint bundle");
  }
}
