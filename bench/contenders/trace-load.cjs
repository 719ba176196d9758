// Diagnostic preload (never timed): reports on stderr whether compromise was loaded.
const Module = require("node:module");
const original = Module._load;
let loaded = false;
Module._load = function (request, ...rest) {
  if (request === "compromise") loaded = true;
  return original.call(this, request, ...rest);
};
process.on("exit", () => process.stderr.write(`[bench] compromise loaded: ${loaded ? "yes" : "no"}\n`));
