// node:module in the studio's browser bundle: the scenario loader loads
// mathjs with createRequire (so that a scenario without formulas never pays
// for it); here the bundled mathjs is handed over, and set up only when asked for.
exports.createRequire = () => (id) => {
  if (id === 'mathjs') return require('mathjs');
  throw new Error(`cannot load ${id} in the browser`);
};
