// Nelder-Mead simplex search (Lagarias et al. 1998 coefficients): derivative-free,
// robust to the small noise left in a loss that averages seeds with common random numbers.

export interface NelderMeadOptions {
  /** Initial simplex edge, in the units of x. */
  step?: number;
  /** Stop after this many evaluations of f. */
  maxEvaluations?: number;
  /** Stop when the simplex's f values differ by less than this. */
  fTolerance?: number;
  /** Stop when every vertex is within this distance of the best, per coordinate. */
  xTolerance?: number;
  /** f(x0) when the caller knows it already: the search then does not spend an evaluation on it. */
  f0?: number;
  /** Called after each iteration with the best point so far. */
  onIteration?: (best: { x: number[]; f: number }, evaluations: number) => void;
}

export interface NelderMeadResult {
  x: number[];
  f: number;
  evaluations: number;
  iterations: number;
  converged: boolean;
}

const REFLECT = 1;
const EXPAND = 2;
const CONTRACT = 0.5;
const SHRINK = 0.5;

/** Minimises f from x0. */
export function nelderMead(f: (x: number[]) => number, x0: number[], options: NelderMeadOptions = {}): NelderMeadResult {
  const n = x0.length;
  const step = options.step ?? 0.1;
  const maxEvaluations = options.maxEvaluations ?? 200 * n;
  const fTol = options.fTolerance ?? 1e-8;
  const xTol = options.xTolerance ?? 1e-6;
  let evaluations = 0;
  let bestSeen: { x: number[]; f: number } = { x: [...x0], f: options.f0 ?? Infinity };
  const evaluate = (x: number[]): number => {
    if (evaluations >= maxEvaluations) throw BUDGET;
    evaluations++;
    const v = f(x);
    const value = Number.isNaN(v) ? Infinity : v;
    if (value < bestSeen.f) bestSeen = { x: [...x], f: value };
    return value;
  };
  try {
    return search();
  } catch (err) {
    if (err !== BUDGET) throw err;
    return { x: bestSeen.x, f: bestSeen.f, evaluations, iterations: -1, converged: false };
  }

  function search(): NelderMeadResult {
    let simplex: { x: number[]; f: number }[] = [{ x: [...x0], f: options.f0 ?? evaluate(x0) }];
    for (let i = 0; i < n; i++) {
      const x = [...x0];
      x[i] = x[i]! + step;
      simplex.push({ x, f: evaluate(x) });
    }
    const combine = (a: number[], b: number[], t: number) => a.map((ai, k) => ai + t * (b[k]! - ai));

    let iterations = 0;
    let converged = false;
    while (evaluations < maxEvaluations) {
      simplex.sort((a, b) => a.f - b.f);
      const best = simplex[0]!;
      const worst = simplex[n]!;
      options.onIteration?.({ x: [...best.x], f: best.f }, evaluations);
      const fSpread = Math.abs(worst.f - best.f);
      const xSpread = Math.max(...simplex.slice(1).map((v) => Math.max(...v.x.map((xi, k) => Math.abs(xi - best.x[k]!)))));
      if (fSpread <= fTol || xSpread <= xTol) {
        converged = true;
        break;
      }
      iterations++;
      // Centroid of all vertices but the worst.
      const centroid = new Array<number>(n).fill(0);
      for (let v = 0; v < n; v++) for (let k = 0; k < n; k++) centroid[k]! += simplex[v]!.x[k]! / n;

      const xr = combine(centroid, worst.x, -REFLECT);
      const fr = evaluate(xr);
      const secondWorst = simplex[n - 1]!;
      if (fr < best.f) {
        const xe = combine(centroid, worst.x, -EXPAND);
        const fe = evaluate(xe);
        simplex[n] = fe < fr ? { x: xe, f: fe } : { x: xr, f: fr };
        continue;
      }
      if (fr < secondWorst.f) {
        simplex[n] = { x: xr, f: fr };
        continue;
      }
      // Contract: outside if the reflection beat the worst, else inside.
      const outside = fr < worst.f;
      const xc = outside ? combine(centroid, xr, CONTRACT) : combine(centroid, worst.x, CONTRACT);
      const fc = evaluate(xc);
      if (fc < (outside ? fr : worst.f)) {
        simplex[n] = { x: xc, f: fc };
        continue;
      }
      simplex = simplex.map((v, i) => {
        if (i === 0) return v;
        const x = combine(best.x, v.x, SHRINK);
        return { x, f: evaluate(x) };
      });
    }
    simplex.sort((a, b) => a.f - b.f);
    const top = simplex[0]!;
    return { x: top.x, f: top.f, evaluations, iterations, converged };
  }
}

// Thrown inside the search when the evaluation budget is spent.
const BUDGET = Symbol('budget');
