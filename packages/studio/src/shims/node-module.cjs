// node:module in the studio's worker: the scenario loader loads mathjs with
// createRequire (so that a scenario without formulas never pays for it); here
// mathjs is a script of its own (browser/mathjs-global.ts) that boot.ts put in
// front of the worker's code as a string, run on the first formula.
exports.createRequire = () => (id) => {
  if (id !== 'mathjs') throw new Error(`cannot load ${id} in the browser`);
  // Indirect eval: the script runs in the worker's global scope, like importScripts.
  if (!self.studioMathjs) (0, eval)(self.studioMathjsSource);
  return self.studioMathjs;
};
