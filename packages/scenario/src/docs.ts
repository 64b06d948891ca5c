// docs/scenarios.md, generated from the JSON Schema of scenario files:
// prose on the format, then every key with its type, unit, default and range.
// Regenerate with: npx tsx packages/scenario/src/docs.ts
import { writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { EXPRESSION_FUNCTIONS, MAX_EXPRESSION_LENGTH } from './expression.ts';
import { MAX_DESIGN_POINTS, MAX_RUNS } from './experiment.ts';
import { MAX_EXTENDS_DEPTH } from './load.ts';
import { annotatedJsonSchema } from './schema.ts';
import { MAX_ALIAS_COUNT, MAX_DEPTH, MAX_FILE_BYTES } from './source.ts';

type Node = Record<string, unknown>;

interface Row {
  key: string;
  type: string;
  unit: string;
  default: string;
  range: string;
  description: string;
}

const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);

function options(n: Node): Node[] {
  const list = (n.anyOf ?? n.oneOf) as Node[] | undefined;
  return Array.isArray(list) ? list : [n];
}

function typeOf(n: Node): string {
  const parts = options(n).map((o) => {
    if (o.const !== undefined) return `"${String(o.const)}"`;
    if (Array.isArray(o.enum)) return o.enum.map((e) => `"${String(e)}"`).join(' \\| ');
    if (o.type === 'string' && typeof o.description === 'string' && o.description.startsWith('a mathjs expression')) return 'expression';
    if (o.type === 'integer') return 'whole number';
    if (o.type === 'array') return Array.isArray(o.prefixItems) ? `[${(o.prefixItems as Node[]).map(typeOf).join(', ')}]` : `list of ${isNode(o.items) ? typeOf(o.items) : 'values'}`;
    if (o.type === 'object') return isNode(o.additionalProperties) && !o.properties ? 'map' : 'map';
    if (o.type === 'null') return 'null (~)';
    if (Array.isArray(o.type)) return o.type.join(' or ');
    return String(o.type ?? (o.oneOf ? 'one of the kinds below' : 'any'));
  });
  return [...new Set(parts)].join(' \\| ');
}

function rangeOf(n: Node): string {
  for (let o of options(n)) {
    if (o.type !== 'number' && o.type !== 'integer') continue;
    // zod's whole numbers carry the safe-integer bounds; they say nothing here.
    if (typeof o.maximum === 'number' && o.maximum >= Number.MAX_SAFE_INTEGER) o = { ...o, maximum: undefined };
    if (typeof o.minimum === 'number' && o.minimum <= Number.MIN_SAFE_INTEGER) o = { ...o, minimum: undefined };
    const lo = o.exclusiveMinimum !== undefined ? `> ${o.exclusiveMinimum}` : o.minimum !== undefined ? `>= ${o.minimum}` : '';
    const hi = o.maximum !== undefined ? `<= ${o.maximum}` : '';
    if (o.minimum !== undefined && o.maximum !== undefined) return `${o.minimum} .. ${o.maximum}`;
    return [lo, hi].filter(Boolean).join(', ');
  }
  return '';
}

function defaultOf(n: Node): string {
  if (n.default === undefined) return '';
  const v = n.default;
  const text = typeof v === 'string' ? v : JSON.stringify(v).replace(/"([A-Za-z][\w-]*)":/g, '$1: ').replace(/,/g, ', ');
  return text.length <= 48 ? `\`${text}\`` : 'see scenarios/2024.yaml';
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function rows(n: Node, key: string, out: Row[], required: boolean): void {
  const desc = typeof n.description === 'string' ? n.description : '';
  out.push({
    key: `\`${key}\`${required ? ' (required)' : ''}`,
    type: typeOf(n),
    unit: typeof n.unit === 'string' ? n.unit : '',
    default: defaultOf(n),
    range: rangeOf(n),
    description: cell(desc),
  });
  for (const o of options(n)) {
    const props = o.properties as Record<string, Node> | undefined;
    const req = new Set((o.required as string[] | undefined) ?? []);
    if (props) for (const [k, child] of Object.entries(props)) if (k !== 'kind' || !o.oneOf) rows(child, `${key}.${k}`, out, req.has(k));
    if (!props && isNode(o.additionalProperties)) rows(o.additionalProperties, `${key}.<name>`, out, false);
    if (isNode(o.items) && o.type === 'array') {
      const item = o.items;
      if (Array.isArray(item.oneOf)) {
        for (const kind of item.oneOf as Node[]) {
          const k = (kind.properties as Record<string, Node>).kind?.const;
          rows(kind, `${key}[] (kind: ${String(k)})`, out, false);
        }
      } else if (item.properties || item.additionalProperties || item.anyOf) rows(item, `${key}[]`, out, false);
    }
  }
}

function table(r: Row[]): string {
  const head = '| key | type | unit | default | range | meaning |\n|---|---|---|---|---|---|';
  return [head, ...r.map((x) => `| ${x.key} | ${x.type} | ${x.unit} | ${x.default} | ${x.range} | ${x.description} |`)].join('\n');
}

const SECTIONS: [string, string][] = [
  ['run', 'The run'],
  ['markets', 'Markets and their shoppers'],
  ['levers', 'Levers (the platform strategy)'],
  ['timeline', 'Timeline'],
  ['behaviour', 'Behavioural parameters'],
  ['calibration', 'Calibration'],
  ['experiment', 'Experiment'],
];

/** The whole reference, as committed in docs/scenarios.md. */
export function scenarioReference(): string {
  const schema = annotatedJsonSchema();
  const props = schema.properties as Record<string, Node>;
  const required = new Set(schema.required as string[]);
  const bySection = new Map<string, Row[]>();
  for (const [k, n] of Object.entries(props)) {
    const section = SECTIONS.some(([s]) => s === k) ? k : 'run';
    const list = bySection.get(section) ?? [];
    rows(n, k, list, required.has(k));
    bySection.set(section, list);
  }
  const tables = SECTIONS.map(([k, title]) => `### ${title}\n\n${table(bySection.get(k) ?? [])}`).join('\n\n');
  return `${PROSE}\n## Every key\n\nGenerated from the schema (\`packages/scenario/src/schema.ts\`) by \`npx tsx packages/scenario/src/docs.ts\`; a test checks that this file is up to date. Units: \`share\` and \`probability\` are 0..1, \`days\` and \`hours\` are durations, \`day\` is a day of the run counted from 0, \`money units\` is money in the scenario's own unit (the model has no currency: prices and costs set it), \`factor\` multiplies, \`flag\` is 1 or 0 (or true/false), \`weight\` is a coefficient of a logit or satisfaction score.\n\n${tables}\n`;
}

const PROSE = `# Scenario files

A scenario is one YAML file: one what-if, readable a year later. It names the
question it answers, the markets and their shoppers, the platform's levers,
what happens when (the timeline), and optionally an experiment. Whatever a
file leaves out comes from the built-in 2024 scenario of \`@shopsim/core\`,
and a file can extend another so that a what-if states only what differs.

\`\`\`yaml
# yaml-language-server: $schema=./shopsim.schema.json
extends: ./2024.yaml
name: Europe, 7-day return cycle
description: How much does cutting the European return cycle from 45 to 7 days raise satisfaction?
markets:
  europe:
    levers:
      afterSales: { returnCycleDays: 7 }
\`\`\`

\`\`\`sh
pnpm shopsim validate scenarios/*.yaml      # "ok <file>", or every mistake with file:line:column
pnpm shopsim run scenarios/eu-returns-7-days.yaml --shoppers 20000
pnpm shopsim schema --out scenarios/shopsim.schema.json --force
\`\`\`

The shipped scenarios are indexed in [scenarios/README.md](../scenarios/README.md).

## What a file may leave out

- \`markets\` absent: the six built-in 2024 markets. When given, the file's
  markets are all the markets (a market's own traits have the defaults listed
  below).
- \`levers\` and \`behaviour\`: each key given replaces the built-in value; the
  rest keep theirs. \`timeline\` absent: no events.
- A payment method set to \`~\` (null) under \`levers.paymentMethods\` is not
  offered; under a market's or an intervention's levers it is withdrawn there.
  Every payment method that a market prefers or a patch names must be declared
  under \`levers.paymentMethods\` (with \`~\` if only some markets offer it), so a
  misspelt method is an error, not a method nobody offers.

## extends

\`extends: ./base.yaml\` (a path relative to the file) loads the base first and
deep-merges this file over it: maps merge key by key; numbers, text and
lists replace (a \`timeline\` list is replaced whole). A market set to \`~\`
is removed. Chains may be up to ${MAX_EXTENDS_DEPTH} files long; a cycle or a
missing base is an error at the \`extends\` line.

## Lever expressions

Any day-varying lever (those with type \`expression\` below) may be a mathjs
expression of \`day\` (the day of the run, from 0) and of the numbers named
under \`constants:\`, for example a warehouse share that ramps up over the
year: \`warehouseShare: "min(0.9, 0.4 + day / 730)"\`. Expressions are compiled
once when the file loads and evaluated once per day per market, never per
shopper. Each is checked on every day of the run against its lever's range.

They run in a locked scope: only \`day\`, the constants, numbers, \`+ - * / ^ %\`,
comparisons, \`and or not\`, \`cond ? a : b\` and the functions
${EXPRESSION_FUNCTIONS.map((f) => `\`${f}\``).join(', ')}. No assignment,
property access, units, text, lists, \`import\`, \`createUnit\`, \`evaluate\`,
\`parse\`, \`simplify\`, \`derivative\` or \`resolve\`; at most
${MAX_EXPRESSION_LENGTH} characters.

## Experiments

\`experiment:\` turns a scenario into a set of runs, in the vocabulary of
exploratory modelling. \`policies\` are levers the strategist controls,
\`uncertainties\` what nobody controls. Each is a group of factors over key
paths of the document (\`levers.warehouseShare\`,
\`markets.europe.levers.afterSales.returnCycleDays\`,
\`timeline.1.transitMultiplier\`, \`constants.rampDays\`), given as exactly one of:

- \`list\`: explicit points, each a map of key path -> value;
- \`grid\`: every combination of the values of each path (a list, or
  \`{ from, to, steps }\`, evenly spaced with both ends);
- \`random\`: \`n\` points drawn uniformly within \`ranges: { path: { min, max } }\`;
- \`latin-hypercube\`: \`n\` points, each range cut into \`n\` strata used once each.

\`combine\` joins the two groups: \`factorial\` (every policy with every
uncertainty, the default), \`paired\` (the i-th with the i-th) or \`sampled\`
(\`samples\` random pairs). Each design point runs with every seed
(\`replications: R\` means seeds 1..R; otherwise the scenario's \`seeds\`), the
same seeds at every point, so points compare with common random numbers.
Random draws come from a stream seeded by \`experiment.seed\`, so the design is
the same every time. At most ${MAX_DESIGN_POINTS.toLocaleString('en-US')} design points and
${MAX_RUNS.toLocaleString('en-US')} runs (design points x seeds).

The expanded run list (\`expandRuns\` in \`@shopsim/scenario\`: run, point,
params, replication, seed) is written with the results, so a reader sees
exactly what ran. Each factor's extreme values are checked when the file
loads, so a bad path or an out-of-range value is reported before anything
runs.

## Errors

Every mistake in a file is reported at once, each as
\`file:line:column  key.path  message  (hint)\` with the offending line, and
\`shopsim\` exits with code 2 without a stack trace. Unknown keys, market ids
and payment methods come with a "did you mean" suggestion. Checked: YAML
syntax, unknown keys, types, ranges (shares in 0..1, positive days), market
shares and payment preferences summing to 1, market ids in the timeline,
\`p10 < p90\`, expressions on every day, and core's own checks of the compiled
configuration.

## Safe loading

Plain YAML only: no custom tags (\`!!js/function\` and friends are errors), no
merge keys, no duplicate keys, one document per file. Files over
${MAX_FILE_BYTES / 1024 / 1024} MiB, more than ${MAX_ALIAS_COUNT} alias
expansions ("billion laughs") and nesting deeper than ${MAX_DEPTH} levels are
refused.

## Editor support

\`shopsim schema\` prints the JSON Schema of scenario files;
\`scenarios/shopsim.schema.json\` holds it (a test keeps it current), and the
first line of every shipped scenario,
\`# yaml-language-server: $schema=./shopsim.schema.json\`, lets editors with the
YAML language server complete keys and underline mistakes.
`;

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const out = fileURLToPath(new URL('../../../docs/scenarios.md', import.meta.url));
  writeFileSync(out, scenarioReference());
  process.stdout.write(`wrote ${out}\n`);
}
