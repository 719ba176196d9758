// Diagnostic preload (never timed): reports on stderr whether compromise was loaded, and how many
// texts it parsed (calls to nlp(), with their total length).
const Module = require("node:module");
const original = Module._load;
let loaded = false;
let calls = 0;
let chars = 0;
let wrapped;
Module._load = function (request, ...rest) {
  const exports = original.call(this, request, ...rest);
  if (request !== "compromise") return exports;
  loaded = true;
  wrapped ??= new Proxy(exports, {
    apply(target, self, args) {
      calls++;
      chars += typeof args[0] === "string" ? args[0].length : 0;
      return Reflect.apply(target, self, args);
    },
  });
  return wrapped;
};
process.on("exit", () => process.stderr.write(`[bench] compromise loaded: ${loaded ? "yes" : "no"}; nlp() calls: ${calls}; chars parsed: ${chars}\n`));
