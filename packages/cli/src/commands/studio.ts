// shopsim studio [scenario.yaml]: the what-if page. Served from 127.0.0.1
// (the page makes no other request), or written as a static folder.
import { RUN_LIMITS } from '@shopsim/core';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { basename, join, relative } from 'node:path';
import type { Argv, ArgumentsCamelCase, CommandModule } from 'yargs';
import { stringify } from 'yaml';
import { prepareOutDir } from '@shopsim/runner';
import { annotatedJsonSchema, loadBuiltInScenario, loadScenarioFile } from '@shopsim/scenario';
import { leverRows, studioAssets, studioPage, type StudioData } from '@shopsim/studio';
import { DAILY_GLOSSARY, HEADLINE_KPIS, KPI_GLOSSARY, MAIN_DAILY_FIELDS } from '../report/glossary.ts';
import { UserError } from '../user-error.ts';
import { behavioursFromArgs, behavioursOption, type BehavioursArgs } from './behaviours-option.ts';
import { wholeNumber } from './run.ts';

export interface StudioArgs extends BehavioursArgs {
  file?: string | undefined;
  port?: number | undefined;
  open?: boolean | undefined;
  build?: string | undefined;
  force?: boolean | undefined;
  shoppers?: number | undefined;
}

export const DEFAULT_STUDIO_PORT = 5178;

export const studioCommand: CommandModule<object, StudioArgs> = {
  command: 'studio [file]',
  describe: 'Open the what-if studio: every lever as a control, paired answers with 95% CIs as you move them',
  builder: (y: Argv): Argv<StudioArgs> =>
    behavioursOption(y)
      .positional('file', { type: 'string', describe: 'base scenario file (default: the built-in 2024 scenario)' })
      .option('port', { type: 'number', describe: `port on 127.0.0.1 (default ${DEFAULT_STUDIO_PORT}; 0 for any free port)` })
      .option('open', { type: 'boolean', default: true, describe: 'open the page in the browser (--no-open: only print its address)' })
      .option('build', { type: 'string', describe: 'write the page into this new folder (index.html, a static site) instead of serving it' })
      .option('force', { type: 'boolean', default: false, describe: 'with --build: write into a folder that is not empty' })
      .option('shoppers', { type: 'number', describe: "shoppers per run (default: the scenario's; the page's ?shoppers= overrides it)" })
      .example('$0 studio scenarios/2024.yaml', 'the 2024 scenario as the base, page opened in the browser')
      .example('$0 studio scenarios/2024.yaml --no-open --port 8080', 'serve on http://127.0.0.1:8080/ only')
      .example('$0 studio scenarios/2024.yaml --build site', 'write site/index.html, to open as a file or publish') as Argv<StudioArgs>,
  handler: async (args: ArgumentsCamelCase<StudioArgs>) => {
    const port = args.port === undefined ? DEFAULT_STUDIO_PORT : wholeNumber('--port', args.port, 0, 65_535);
    const data = studioData(args.file, args.shoppers === undefined ? undefined : wholeNumber('--shoppers', args.shoppers, RUN_LIMITS.shoppers.min, RUN_LIMITS.shoppers.max), args);
    const title = data.file;
    if (args.build !== undefined) {
      prepareOutDir(args.build, args.force ?? false);
      const file = join(args.build, 'index.html');
      writeFileSync(file, studioPage(await studioAssets(), data, title));
      process.stdout.write(`studio: ${file} (a static page: open it as a file, or publish the folder)\n`);
      return;
    }
    const html = studioPage(await studioAssets(), data, title);
    const server = await listen(html, port);
    const address = server.address();
    const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : port}/`;
    process.stdout.write(`studio: ${url}  (base: ${data.file}; Ctrl-C to stop)\n`);
    if (args.open ?? true) openInBrowser(url);
    await untilStopped(server);
  },
};

/**
 * The page data: the base as one document (extends merged, built-ins filled),
 * the plain names of KPIs, and the behaviour ensemble the runs draw from
 * (--behaviours, or the shipped one for a shipped scenario, as compare does).
 */
export function studioData(file: string | undefined, shoppers: number | undefined, args: BehavioursArgs = {}): StudioData {
  // Loaded (read and checked) once: its document is the file with its extends chain merged in and built-ins filled in.
  const scenario = file === undefined ? loadBuiltInScenario() : loadScenarioFile(file);
  const doc = structuredClone(scenario.document);
  // The studio answers one what-if at a time; a sweep's design is not its business.
  delete doc.experiment;
  const shown = file ?? 'the built-in 2024 scenario';
  const text = `# ${shown}, with its extends chain merged in and built-in values filled in\n${stringify(doc, { lineWidth: 0 })}`;
  const { config } = scenario;
  const behaviours = behavioursFromArgs(args, [file ?? null], [config]);
  const data: StudioData = {
    file: shown,
    extendsPath: file === undefined ? '' : `./${basename(file)}`,
    text,
    doc,
    levers: leverRows(doc, annotatedJsonSchema()),
    kpis: KPI_GLOSSARY,
    headline: HEADLINE_KPIS,
    daily: DAILY_GLOSSARY,
    dailyMain: MAIN_DAILY_FIELDS,
  };
  if (shoppers !== undefined) data.shoppers = shoppers;
  if (behaviours) {
    // Named as the saved scenario's compare command needs it: as given, or the shipped one from here.
    const named = args.behaviours ?? relative(process.cwd(), behaviours.file!);
    data.behaviours = { file: named, parameters: behaviours.parameters, members: behaviours.members.map((m) => ({ weight: m.weight, values: m.values })) };
  }
  return data;
}

function listen(html: string, port: number): Promise<Server> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    if ((req.method === 'GET' || req.method === 'HEAD') && (path === '/' || path === '/index.html')) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : html);
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('not found: the studio is one page, at /\n');
  });
  return new Promise((resolveListen, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE') reject(new UserError(`port ${port} on 127.0.0.1 is in use`, 'choose another with --port N, or --port 0 for any free port'));
      else if (err.code === 'EACCES') reject(new UserError(`port ${port} needs privileges here`, 'use a port above 1023, e.g. --port 5178'));
      else reject(err);
    });
    server.listen(port, '127.0.0.1', () => resolveListen(server));
  });
}

function openInBrowser(url: string): void {
  const [cmd, ...cmdArgs] = process.platform === 'darwin' ? ['open', url] : process.platform === 'win32' ? ['cmd', '/c', 'start', '', url] : ['xdg-open', url];
  // No browser to open is fine: the address is printed.
  const child = spawn(cmd!, cmdArgs, { stdio: 'ignore', detached: true });
  child.on('error', () => undefined);
  child.unref();
}

function untilStopped(server: Server): Promise<void> {
  return new Promise((done) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      server.closeAllConnections();
      server.close(() => done());
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
