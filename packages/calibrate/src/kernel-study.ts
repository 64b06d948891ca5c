// The proposal-kernel study of docs/calibration.md: both kernels on the
// synthetic problems of abc-synthetic.ts, over seeds, how fast the tolerance
// falls and how faithfully the population spreads at a matched tolerance.
// Run: node --import tsx --input-type=module -e "import { printKernelStudy } from './packages/calibrate/src/kernel-study.ts'; printKernelStudy();"
// and printControlStudy() for a fit moving more parameters than it keeps particles (the inert controls).
import { DEFAULT_ABC, KERNELS, type KernelKind } from './abc.ts';
import { marginals, PINNED_BELOW } from './ensemble-diagnostics.ts';
import { withControls } from './priors.ts';
import seedrandom from 'seedrandom';
import { ellipse, ELLIPSE_DIMENSIONS, MANY_DIMENSIONS, MANY_READ, manyInertDistance, meanSe, ridgeDistance, RIDGE_DIMENSIONS, runAbc, THIN_ELLIPSE, unitBox, type Ellipse, type Spread } from './abc-synthetic.ts';

/** Long: at tolerance 5 the ellipsoid reaches the box's walls along its axis, like a combination of parameters the targets do not pin. */
const LONG_ELLIPSE = ellipse(0.3, 0.03);

export interface KernelStudyRow {
  kernel: KernelKind;
  /** Ridge: tolerance after 10 generations. */
  ridgeTolerance: number[];
  /** Ridge: acceptance of generation 9. */
  ridgeAcceptance: number[];
  /** Per ellipsoid: generations to reach tolerance 5, and there the population's weighted variance along / across the long axis over the ABC posterior's. */
  ellipses: { name: string; generations: number[]; along: number[]; across: number[] }[];
}

/** The ABC posterior's spread at tolerance eps: uniform inside the ellipsoid and the box (by rejection). */
function posteriorSpread(e: Ellipse, eps: number): Spread {
  const ys = e.inside(eps, 40_000, seedrandom(`posterior:${eps}`)).filter((x) => x.every((v) => v >= 0 && v <= 1)).map(e.offset);
  return e.spread(ys, ys.map(() => 1));
}

export function kernelStudy(seeds: number[] = [1, 2, 3, 4, 5, 6, 7, 8]): KernelStudyRow[] {
  return KERNELS.map((kernel) => {
    const settings = (seed: number) => ({ ...DEFAULT_ABC, seed, kernel, minAcceptance: 0, maxGenerations: 1000 });
    const ridges = seeds.map((seed) => runAbc(settings(seed), unitBox(RIDGE_DIMENSIONS), ridgeDistance, 10).at(-1)!);
    const ellipses = [{ name: 'thin (0.1 x 0.01)', e: THIN_ELLIPSE }, { name: 'long (0.3 x 0.03, to the walls)', e: LONG_ELLIPSE }].map(({ name, e }) => {
      const last = seeds.map((seed) => runAbc(settings(seed), unitBox(ELLIPSE_DIMENSIONS), e.distance, 200, 5).at(-1)!);
      const ratios = last.map((p) => {
        const s = e.spread(p.particles.map((q) => e.offset(q.values)), p.particles.map((q) => q.weight));
        const truth = posteriorSpread(e, p.epsilon);
        return { along: s.along / truth.along, across: s.across / truth.across };
      });
      return { name, generations: last.map((p) => p.generation), along: ratios.map((r) => r.along), across: ratios.map((r) => r.across) };
    });
    return { kernel, ridgeTolerance: ridges.map((p) => p.epsilon), ridgeAcceptance: ridges.map((p) => p.acceptance), ellipses };
  });
}

export function printKernelStudy(): void {
  const cell = (xs: number[]) => {
    const { m, se } = meanSe(xs);
    return `${m.toPrecision(3)} ± ${se.toPrecision(2)}`;
  };
  const rows = kernelStudy();
  const lines = ['| kernel | ridge: tolerance after 10 generations | ridge: acceptance, generation 9 |', '|---|---:|---:|'];
  for (const r of rows) lines.push(`| ${r.kernel} | ${cell(r.ridgeTolerance)} | ${cell(r.ridgeAcceptance)} |`);
  lines.push('', '| kernel | ellipsoid | generations to tolerance 5 | there: variance along the long axis / posterior | across / posterior |', '|---|---|---:|---:|---:|');
  for (const r of rows) for (const e of r.ellipses) lines.push(`| ${r.kernel} | ${e.name} | ${cell(e.generations)} | ${cell(e.along)} | ${cell(e.across)} |`);
  process.stdout.write(lines.join('\n') + '\n');
}

/**
 * Without the screen, on the many-inert problem (MANY_DIMENSIONS parameters,
 * MANY_READ read, plus the inert controls), per seed: generations to
 * tolerance 1 (OLCM), the controls' widths, and how many of the inert
 * parameters read pinned by the bar of PINNED_BELOW alone and by the controls'.
 */
export function printControlStudy(seeds: number[] = [1, 2, 3, 4, 5, 6, 7, 8]): void {
  const priors = withControls(unitBox(MANY_DIMENSIONS));
  const inert = MANY_DIMENSIONS - MANY_READ;
  const lines = [`| seed | generations to tolerance 1 | controls' widths | read parameters pinned (of ${MANY_READ}) | inert below ${PINNED_BELOW} (of ${inert}) | inert pinned, controls' bar (of ${inert}) |`, '|---:|---:|---|---:|---:|---:|'];
  for (const seed of seeds) {
    const last = runAbc({ ...DEFAULT_ABC, seed, kernel: 'olcm', screen: false, minAcceptance: 0.02 }, priors, manyInertDistance(seed), 30, 1).at(-1)!;
    const m = marginals(last, priors);
    const controls = m.filter((r) => r.control).map((r) => r.widthRatio);
    const rest = m.slice(MANY_READ, MANY_DIMENSIONS);
    lines.push(`| ${seed} | ${last.generation} | ${Math.min(...controls).toFixed(2)} .. ${Math.max(...controls).toFixed(2)} | ${m.slice(0, MANY_READ).filter((r) => r.pinned).length} | ${rest.filter((r) => r.widthRatio < PINNED_BELOW).length} | ${rest.filter((r) => r.pinned).length} |`);
  }
  process.stdout.write(lines.join('\n') + '\n');
}

