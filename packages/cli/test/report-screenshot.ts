// Makes the README's picture of a report: the top of report.html of a results folder, in
// headless Chromium. Usage (from the repository root):
//   pnpm shopsim compare scenarios/2019-baseline.yaml scenarios/2024.yaml --shoppers 20000 -R 5 --out results/2019-vs-2024 --report
//   node --import tsx packages/cli/test/report-screenshot.ts results/2019-vs-2024 docs/report-screenshot.png
import { join } from 'node:path';
import { writeReport } from '../src/report/write-report.ts';
import { closeBrowser, openReport } from './report-browser.ts';

async function main(dir: string, png: string, height: number): Promise<void> {
  const { file } = writeReport(dir);
  const opened = await openReport(file, { width: 1280, height });
  try {
    if (opened.consoleErrors.length > 0) throw new Error(`console errors: ${opened.consoleErrors.join('; ')}`);
    await opened.page.screenshot({ path: png });
    process.stdout.write(`${png} from ${join(dir, 'report.html')}\n`);
  } finally {
    await opened.close();
    await closeBrowser();
  }
}

const [dir, png, height] = process.argv.slice(2);
if (!dir || !png) {
  process.stderr.write('usage: report-screenshot.ts RESULTS_DIR OUT.png [HEIGHT]\n');
  process.exitCode = 2;
} else {
  main(dir, png, Number(height ?? 1500)).catch((err: unknown) => {
    process.stderr.write(`${String(err)}\n`);
    process.exitCode = 1;
  });
}
