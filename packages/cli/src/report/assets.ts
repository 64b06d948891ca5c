// The browser files inlined into report.html, so a report opens with no network at all.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

// Both packages export their browser (UMD) build only under a "umd" condition that
// require.resolve cannot ask for, so find the package folder from its main entry.
function packageFolder(name: string): string {
  let dir = dirname(require.resolve(name));
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string };
      if (pkg.name === name) return dir;
    } catch {
      // no package.json here; keep climbing
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find the folder of package ${name}`);
    dir = parent;
  }
}

const own = (file: string): string => readFileSync(new URL(file, import.meta.url), 'utf8');

export interface ReportAssets {
  /** d3, which the Plot UMD build expects as a global. */
  d3: string;
  plot: string;
  /** Our script that draws the charts from the embedded data. */
  page: string;
  css: string;
}

let cached: ReportAssets | undefined;

export function reportAssets(): ReportAssets {
  cached ??= {
    d3: readFileSync(join(packageFolder('d3'), 'dist/d3.min.js'), 'utf8'),
    plot: readFileSync(join(packageFolder('@observablehq/plot'), 'dist/plot.umd.min.js'), 'utf8'),
    page: own('./report-page.js'),
    css: own('./report-page.css'),
  };
  return cached;
}
