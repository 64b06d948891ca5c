// What an ensemble calibration learnt, as files: per-parameter marginals
// against the prior (which parameters the targets pin, which keep their
// prior width), which target moves which parameter, the acceptance history,
// and a pairwise scatter plot of the members (SVG).
import type { Population } from './abc.ts';
import type { Evaluation } from './ensemble-run.ts';
import type { Prior } from './priors.ts';

export interface Marginal {
  path: string;
  lo: number;
  hi: number;
  source: string;
  /** Weighted 5%, 50% and 95% quantiles over the members. */
  q05: number;
  median: number;
  q95: number;
  /** Width of the members' 90% interval over the prior's 90% interval: near 1 = not pinned. */
  widthRatio: number;
  /** Narrow, and the weights are worth enough members to say so. */
  pinned: boolean;
  /** What the marginal supports: pinned, not pinned, or nothing (the weights are worth too few members); an inert control is none of them. */
  verdict: 'pinned' | 'not pinned' | 'unknown: too few effective members' | 'inert control';
  /** The kernel moved it (some target moved it in the prior draws); false: screened out, drawn from the prior. */
  moved: boolean;
  /** The priors file says no fitted scenario reads it (moved: false): drawn from the prior, never moved. */
  unread: boolean;
  /** An inert control (priors.ts withControls): its width is how far descent alone narrows. */
  control: boolean;
}

/** A 90% interval narrower than this share of the prior's is "pinned by the targets". */
export const PINNED_BELOW = 0.5;

/** The weights are worth enough members to read intervals from (abc.ts essFloor). */
export function reliableEss(population: Population): boolean {
  return population.ess >= population.essFloor;
}

export function marginals(population: Population, priors: Prior[]): Marginal[] {
  const reliable = reliableEss(population);
  const rows = priors.map((p, k) => {
    const pts = population.particles.map((q) => ({ v: q.values[k]!, w: q.weight })).sort((a, b) => a.v - b.v);
    const q = (u: number) => weightedQuantile(pts, u);
    const [q05, median, q95] = [q(0.05), q(0.5), q(0.95)];
    const widthRatio = (q95 - q05) / (0.9 * (p.hi - p.lo));
    // A screened-out parameter is drawn from its prior in every generation: a narrow interval there is chance, not the targets.
    const moved = population.active.includes(k);
    return { path: p.path, lo: p.lo, hi: p.hi, source: p.source, q05, median, q95, widthRatio, moved, unread: p.neverMoved === true, control: p.control === true };
  });
  const bar = pinnedBar(rows);
  return rows.map((r) => {
    const narrow = r.moved && !r.control && r.widthRatio < bar;
    const verdict = r.control ? 'inert control' : !reliable ? 'unknown: too few effective members' : narrow ? 'pinned' : 'not pinned';
    return { ...r, pinned: reliable && narrow, verdict };
  });
}

/**
 * The width a moved parameter's interval must be below to read as pinned:
 * PINNED_BELOW, or narrower than every inert control the kernel moved, if
 * that is narrower (a parameter pinned only as far as descent narrows a
 * control is not pinned by the targets).
 */
export function pinnedBar(rows: { widthRatio: number; moved: boolean; control: boolean }[]): number {
  return Math.min(PINNED_BELOW, ...rows.filter((r) => r.control && r.moved).map((r) => r.widthRatio));
}

/**
 * The parameters worth perturbing: those whose prior draws correlate
 * (|Spearman rho| >= MOVES_AT) with some target's simulated mean or with the
 * distance, and those the priors file marks `moved` (a parameter whose
 * effect's sign depends on others, like the rating link whose sign follows
 * the rating's side of 3.5, can show a weak rank correlation over the prior
 * yet pin a target). The rest are drawn from the prior in every generation,
 * which keeps the importance weights of many-parameter fits from collapsing; a
 * parameter screened out wrongly still meets the targets through the
 * distance, it is only explored less efficiently. A parameter marked
 * `moved: false` is never moved.
 */
export function screen(firstGeneration: Evaluation[], priors: Prior[]): number[] {
  const moved = new Set<number>();
  priors.forEach((p, k) => p.alwaysMoved && moved.add(k));
  for (const r of pins(firstGeneration, priors)) if (Math.abs(r.rho) >= MOVES_AT) moved.add(priors.findIndex((p) => p.path === r.path));
  const finite = firstGeneration.filter((e) => e.distance < Number.MAX_VALUE);
  const d = ranks(finite.map((e) => e.distance));
  priors.forEach((_, k) => {
    if (Math.abs(correlation(ranks(finite.map((e) => e.values[k]!)), d)) >= MOVES_AT) moved.add(k);
  });
  const allowed = new Set(movable(priors));
  return [...moved].filter((k) => allowed.has(k)).sort((a, b) => a - b);
}

/** Without the screen: every parameter but those the priors file marks `moved: false` (no fitted scenario reads them). */
export function movable(priors: Prior[]): number[] {
  return priors.flatMap((p, k) => (p.neverMoved ? [] : [k]));
}

function weightedQuantile(points: { v: number; w: number }[], u: number): number {
  const total = points.reduce((s, p) => s + p.w, 0);
  let seen = 0;
  for (const p of points) {
    seen += p.w;
    if (seen >= u * total) return p.v;
  }
  return points[points.length - 1]!.v;
}

/**
 * Which target moves which parameter: Spearman rank correlation between each
 * parameter and each target's simulated mean over the first generation
 * (draws from the prior, so every parameter varies on its own).
 */
export function pins(firstGeneration: Evaluation[], priors: Prior[]): { target: string; path: string; rho: number }[] {
  const ids = [...new Set(firstGeneration.flatMap((e) => Object.keys(e.targets)))];
  const out: { target: string; path: string; rho: number }[] = [];
  for (const id of ids) {
    const rows = firstGeneration.filter((e) => e.targets[id] && e.targets[id]!.mean < Number.MAX_VALUE);
    const y = ranks(rows.map((e) => e.targets[id]!.mean));
    priors.forEach((p, k) => out.push({ target: id, path: p.path, rho: correlation(ranks(rows.map((e) => e.values[k]!)), y) }));
  }
  return out;
}

function ranks(xs: number[]): number[] {
  const order = xs.map((v, i) => ({ v, i })).sort((a, b) => a.v - b.v);
  const r = new Array<number>(xs.length);
  order.forEach((o, k) => (r[o.i] = k));
  return r;
}

function correlation(a: number[], b: number[]): number {
  const n = a.length;
  if (n < 3) return Number.NaN;
  const ma = a.reduce((s, v) => s + v, 0) / n;
  const mb = b.reduce((s, v) => s + v, 0) / n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i]! - ma) * (b[i]! - mb);
    saa += (a[i]! - ma) ** 2;
    sbb += (b[i]! - mb) ** 2;
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : 0;
}

/** |rho| at or above this in the prior draws: the target moves the parameter. */
export const MOVES_AT = 0.3;

export function historyCsv(history: Population[], evaluations: Evaluation[][]): string {
  const lines = ['generation,evaluated,stopped_early,kept,epsilon,acceptance,ess,moved_parameters,stop'];
  history.forEach((p, g) => lines.push([p.generation, evaluations[g]!.length, evaluations[g]!.filter((e) => e.early).length, p.particles.length, p.epsilon, p.acceptance, Number(p.ess.toPrecision(4)), p.active.length, p.stop ?? ''].join(',')));
  return lines.join('\n') + '\n';
}

export function particlesCsv(evaluations: Evaluation[][], priors: Prior[]): string {
  const ids = [...new Set(evaluations.flat().flatMap((e) => Object.keys(e.targets)))];
  const head = ['generation', 'index', 'distance', 'stopped_early', ...priors.map((p) => p.path), ...ids.map((id) => `mean:${id}`), ...ids.map((id) => `implausibility:${id}`)];
  const lines = [head.map(csvCell).join(',')];
  for (const e of evaluations.flat()) {
    lines.push([e.generation, e.index, e.distance, e.early ? 1 : 0, ...e.values, ...ids.map((id) => e.targets[id]?.mean ?? ''), ...ids.map((id) => e.targets[id]?.implausibility ?? '')].map(csvCell).join(','));
  }
  return lines.join('\n') + '\n';
}

function csvCell(v: string | number): string {
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function marginalsTable(rows: Marginal[], population: Population): string {
  const n = (v: number) => String(Number(v.toPrecision(3)));
  const ess = `Effective sample size of the members' weights: ${population.ess.toFixed(1)} of ${population.particles.length} members` +
    (reliableEss(population) ? ` (at least ${population.essFloor.toFixed(1)} needed to read the intervals).` : ` (below the ${population.essFloor.toFixed(1)} needed): the weights rest on too few members to say whether any parameter is pinned; rerun with a larger --population.`);
  const controls = rows.filter((r) => r.control && r.moved);
  const bar = controls.length === 0 ? '' :
    `\n\n${controls.length} inert controls, moved by the kernel and read by no scenario, narrowed to ${Math.min(...controls.map((r) => r.widthRatio)).toFixed(2)} .. ${Math.max(...controls.map((r) => r.widthRatio)).toFixed(2)} of their prior's width by descent alone: a parameter reads pinned only when its width is below ${pinnedBar(rows).toFixed(2)} (below ${PINNED_BELOW} and below every control's).`;
  const lines = [ess + bar, '', '| parameter | prior | members 5% .. 95% (median) | width vs prior | verdict | kernel | prior source |', '|---|---|---|---:|---|---|---|'];
  for (const r of rows) {
    lines.push(`| ${r.path} | ${n(r.lo)} .. ${n(r.hi)} | ${n(r.q05)} .. ${n(r.q95)} (${n(r.median)}) | ${r.widthRatio.toFixed(2)} | ${r.verdict === 'not pinned' ? 'prior width: not pinned' : r.verdict} | ${kernelText(r)} | ${r.source} |`);
  }
  return lines.join('\n');
}

/** Why the kernel left a parameter at its prior draws, or undefined when it moved it. */
export function notMovedReason(r: Marginal): string | undefined {
  if (r.moved) return undefined;
  return r.unread ? 'never moved: no fitted scenario reads it' : 'screened out: no target moves it';
}

function kernelText(r: Marginal): string {
  if (r.control) return 'moved; read by no scenario';
  const why = notMovedReason(r);
  return why ? `${why}; prior draws` : 'moved';
}

export function pinsTable(rows: { target: string; path: string; rho: number }[]): string {
  const targets = [...new Set(rows.map((r) => r.target))];
  const paths = [...new Set(rows.map((r) => r.path))];
  const lines = [`| parameter | ${targets.join(' | ')} |`, `|---|${targets.map(() => '---:').join('|')}|`];
  for (const path of paths) {
    const cells = targets.map((t) => {
      const rho = rows.find((r) => r.target === t && r.path === path)?.rho ?? Number.NaN;
      if (!Number.isFinite(rho)) return '-';
      const s = `${rho >= 0 ? '+' : ''}${rho.toFixed(2)}`;
      return Math.abs(rho) >= MOVES_AT ? `**${s}**` : s;
    });
    lines.push(`| ${path} | ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

/** A scatter-plot matrix of the members over the prior box (diagonal: histograms). */
export function pairsSvg(population: Population, priors: Prior[]): string {
  const cell = 90;
  const pad = 4;
  const d = priors.length;
  const size = d * cell;
  const parts: string[] = [];
  priors.forEach((p, row) => {
    priors.forEach((q, col) => {
      const x0 = col * cell;
      const y0 = row * cell;
      parts.push(`<rect x="${x0 + pad}" y="${y0 + pad}" width="${cell - 2 * pad}" height="${cell - 2 * pad}" fill="none" stroke="#bbb"/>`);
      const sx = (v: number) => x0 + pad + ((v - q.lo) / (q.hi - q.lo)) * (cell - 2 * pad);
      const sy = (v: number) => y0 + cell - pad - ((v - p.lo) / (p.hi - p.lo)) * (cell - 2 * pad);
      if (row === col) {
        const bins = new Array<number>(10).fill(0);
        for (const m of population.particles) bins[Math.min(9, Math.floor(((m.values[col]! - q.lo) / (q.hi - q.lo)) * 10))]! += m.weight;
        const top = Math.max(...bins, 1e-12);
        bins.forEach((b, k) => {
          const h = (b / top) * (cell - 2 * pad);
          parts.push(`<rect x="${(x0 + pad + (k * (cell - 2 * pad)) / 10).toFixed(1)}" y="${(y0 + cell - pad - h).toFixed(1)}" width="${((cell - 2 * pad) / 10).toFixed(1)}" height="${h.toFixed(1)}" fill="#4a78b5"/>`);
        });
        parts.push(`<text x="${x0 + pad + 2}" y="${y0 + pad + 10}" font-size="8">${escapeXml(p.path.replace(/^behaviour\./, ''))}</text>`);
      } else {
        for (const m of population.particles) parts.push(`<circle cx="${sx(m.values[col]!).toFixed(1)}" cy="${sy(m.values[row]!).toFixed(1)}" r="1.5" fill="#4a78b5" fill-opacity="0.6"/>`);
      }
    });
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 ${size} ${size}" font-family="sans-serif">\n${parts.join('\n')}\n</svg>\n`;
}

function escapeXml(s: string): string {
  return s.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]!);
}
