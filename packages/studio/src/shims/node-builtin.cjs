// Stands in for node:fs, node:path and the like in the studio's browser
// bundle. The scenario loader imports them for reading files, which the
// studio never asks it to do (it loads scenarios from text), so any use is a bug.
module.exports = new Proxy({}, {
  get: (_, name) => (name === '__esModule' ? false : () => {
    throw new Error(`node built-in ${String(name)} is not available in the browser`);
  }),
});
