/**
 * A small JSONPath subset for `formats.json.paths` / `formats.yaml.paths`: `$`, `.key`, `['key']`,
 * `[*]`, `.*`, `[n]` and `..key` (any depth). It works over a neutral tree so the JSON and YAML
 * adapters share it; each adapter wraps its parser's nodes.
 */

export type PathStep =
  | { readonly type: "key"; readonly key: string; readonly deep: boolean }
  | { readonly type: "any"; readonly deep: boolean }
  | { readonly type: "index"; readonly index: number };

/** A node as the matcher sees it: an object's properties or an array's items, or a leaf. */
export interface PathNode<T> {
  readonly node: T;
  readonly children: () => ReadonlyArray<readonly [key: string | number, child: PathNode<T>]>;
}

export class PathSyntaxError extends Error {}

/** Parses `$.items[*].reply`, `$..body`, `$['a b'][0]`. A leading `$` is optional. */
export function parsePath(path: string): PathStep[] {
  const steps: PathStep[] = [];
  let i = path.startsWith("$") ? 1 : 0;
  if (i === 0 && path.length > 0 && path[0] !== "." && path[0] !== "[") path = "." + path;
  while (i < path.length) {
    const rest = path.slice(i);
    let m: RegExpExecArray | null;
    if ((m = /^(\.\.?)(\*|[^.[\]]+)/.exec(rest))) {
      const deep = m[1] === "..";
      steps.push(m[2] === "*" ? { type: "any", deep } : { type: "key", key: m[2]!, deep });
    } else if ((m = /^(\.\.)?\[\s*\*\s*\]/.exec(rest))) {
      steps.push({ type: "any", deep: Boolean(m[1]) });
    } else if ((m = /^\[\s*(-?\d+)\s*\]/.exec(rest))) {
      steps.push({ type: "index", index: Number(m[1]) });
    } else if ((m = /^(\.\.)?\[\s*(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")\s*\]/.exec(rest))) {
      steps.push({ type: "key", key: (m[2] ?? m[3]!).replace(/\\(.)/g, "$1"), deep: Boolean(m[1]) });
    } else {
      throw new PathSyntaxError(`cannot read the path "${path}" at "${rest}"; use $, .key, ['key'], [*], [n] or ..key`);
    }
    i += m[0].length;
  }
  return steps;
}

function descendants<T>(n: PathNode<T>, out: PathNode<T>[]): void {
  out.push(n);
  for (const [, c] of n.children()) descendants(c, out);
}

/** Every node the path selects, in document order, without duplicates. */
export function matchPath<T>(root: PathNode<T>, steps: readonly PathStep[]): PathNode<T>[] {
  let current: PathNode<T>[] = [root];
  for (const step of steps) {
    const next: PathNode<T>[] = [];
    const seen = new Set<T>();
    const add = (n: PathNode<T>) => {
      if (!seen.has(n.node)) {
        seen.add(n.node);
        next.push(n);
      }
    };
    for (const n of current) {
      const pool: PathNode<T>[] = [];
      if (step.type !== "index" && step.deep) descendants(n, pool);
      else pool.push(n);
      for (const p of pool) {
        const kids = p.children();
        if (step.type === "any") kids.forEach(([, c]) => add(c));
        else if (step.type === "key") kids.forEach(([k, c]) => k === step.key && add(c));
        else {
          const idx = step.index < 0 ? kids.length + step.index : step.index;
          const hit = kids.find(([k]) => k === idx);
          if (hit) add(hit[1]);
        }
      }
    }
    current = next;
  }
  return current;
}
