// The studio page: levers on the left, the paired answer on the right.
import * as Plot from '@observablehq/plot';
import { Fragment, render } from 'preact';
import { memo } from 'preact/compat';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { getPath } from '@shopsim/scenario/document';
import { signLabel, type DiffStat } from '@shopsim/runner/stats';
import type { MarketRef } from '@shopsim/runner';
import { PairedRunner, type Answer } from './engine.ts';
import { diffUnit, kpiDiff, kpiValue, leverValue, verdict } from './format.ts';
import { docPath, inRange, LEVER_GROUPS, sliderStep, type LeverRow } from './lever-rows.ts';
import type { KpiInfo, StudioData } from './page-data.ts';
import type { StudioBoot } from './protocol.ts';
import { meanDailySeries, pairedKpi, type KpiName } from './paired.ts';
import { fromFragment, scenarioYaml, toFragment, withoutNoOps, type WhatIf } from './what-if.ts';

type Doc = Record<string, unknown>;

const data = JSON.parse(document.getElementById('studio-data')!.textContent!) as StudioData;
const doc = data.doc;
const rows = data.levers;
const markets: MarketRef[] = Object.entries(doc.markets as Record<string, Doc>).map(([id, m]) => ({ id, name: typeof m.name === 'string' ? m.name : id }));
const query = new URLSearchParams(location.search);
const positive = (name: string): number | undefined => {
  const v = Number(query.get(name));
  return query.has(name) && Number.isInteger(v) && v > 0 ? v : undefined;
};
const size: Record<string, number> = {};
const shoppers = positive('shoppers') ?? data.shoppers;
if (shoppers !== undefined) size.shoppers = shoppers;
const days = positive('days');
if (days !== undefined) size.days = days;
const SEEDS = Math.min(positive('seeds') ?? 20, 200);
const boot = (globalThis as unknown as { studioBoot: StudioBoot }).studioBoot;
const WORKERS = boot.count;
const known = new Set(rows.flatMap((r) => (r.group === 'timeline' ? [r.path] : [docPath(r, undefined), ...markets.map((m) => docPath(r, m.id))])));
const runDays = size.days ?? (typeof doc.days === 'number' ? doc.days : 365);
const runShoppers = size.shoppers ?? (typeof doc.shoppers === 'number' ? doc.shoppers : 100_000);
const timeline = (Array.isArray(doc.timeline) ? doc.timeline : []) as { kind: string; day?: number; startDay?: number; days?: number; label?: string }[];

const initialWhatIf = fromFragment(location.hash, (p) => known.has(p)).whatIf;

// The workers start before the page is drawn, and the base runs with them.
let showAnswer: (a: Answer) => void = () => undefined;
let latestAnswer: Answer | undefined;
const runner = new PairedRunner({
  file: data.file, text: data.text, size, workers: WORKERS, seeds: SEEDS, behaviours: data.behaviours,
  makeWorker: () => boot.workers.shift() ?? new Worker(boot.url),
  onAnswer: (a) => {
    latestAnswer = a;
    showAnswer(a);
  },
});
runner.setWhatIf(initialWhatIf);
// Where the waits go, for bench/studio-browser.ts.
(globalThis as unknown as { studioTimings: () => unknown }).studioTimings = () => runner.timings;

function value(row: LeverRow, market: string | undefined, whatIf: WhatIf): number | string | undefined {
  const own = docPath(row, market);
  if (own in whatIf) return whatIf[own];
  const v = getPath(doc, own);
  if (v !== undefined) return typeof v === 'boolean' ? Number(v) : (v as number | string);
  if (market === undefined || row.group === 'timeline') return row.default;
  return value(row, undefined, whatIf);
}

function scopeName(path: string): string {
  const m = /^markets\.([^.]+)\./.exec(path);
  if (m) return markets.find((x) => x.id === m[1])?.name ?? m[1]!;
  return path.startsWith('timeline.') ? 'Timeline' : 'All markets';
}

function rowOf(path: string): LeverRow | undefined {
  return rows.find((r) => docPath(r, undefined) === path || markets.some((m) => docPath(r, m.id) === path));
}

function App() {
  const [whatIf, setWhatIf] = useState<WhatIf>(initialWhatIf);
  const [scope, setScope] = useState<string | undefined>(undefined);
  const [answer, setAnswer] = useState<Answer | undefined>(latestAnswer);
  const [kpi, setKpi] = useState<KpiName>('returnSatisfiedShare');
  const [field, setField] = useState(data.dailyMain[0] ?? 'orders');

  useEffect(() => {
    showAnswer = setAnswer;
    if (latestAnswer) setAnswer(latestAnswer);
  }, []);
  useEffect(() => {
    history.replaceState(null, '', `${location.pathname}${location.search}${toFragment(whatIf)}`);
    // The workers check the what-if with the command line's loader; a mistake comes back as the answer's error.
    if (whatIf !== initialWhatIf) runner.setWhatIf(whatIf);
  }, [whatIf]);

  // The same function on every render, so the lever panel (memo below) is not drawn again for each answer.
  const change = useCallback((path: string, v: number | undefined) => {
    setWhatIf((prev) => {
      const next = { ...prev };
      if (v === undefined) delete next[path];
      else next[path] = v;
      return withoutNoOps(next, doc);
    });
  }, []);

  return (
    <>
      <header>
        <h1>shopsim studio</h1>
        <p>
          Base: <strong>{String(doc.name)}</strong> (<code>{data.file}</code>), {runShoppers.toLocaleString('en-US')} shoppers,{' '}
          {runDays} days. Every change runs base and what-if on the same seeds (common random numbers).
        </p>
        <BehaviourNote />
      </header>
      <main>
        <LeverPanel whatIf={whatIf} scope={scope} setScope={setScope} change={change} />
        <section class="answer" aria-label="Answer">
          <WhatIfList whatIf={whatIf} change={change} reset={() => setWhatIf({})} answer={answer} />
          {answer?.error !== undefined ? <pre class="error" role="alert">{answer.error}</pre> : null}
          <Status answer={answer} />
          {answer && answer.seeds.length > 0 ? (
            <>
              <Cards answer={answer} selected={kpi} select={setKpi} />
              <MarketTable answer={answer} kpi={kpi} />
              <Daily answer={answer} field={field} setField={setField} market={scope} />
            </>
          ) : null}
        </section>
      </main>
    </>
  );
}

// About 150 controls: drawn again only when the what-if or the scope changes, not for each answer.
const LeverPanel = memo(function LeverPanel(p: { whatIf: WhatIf; scope: string | undefined; setScope: (s: string | undefined) => void; change: (path: string, v: number | undefined) => void }) {
  const scopes: (MarketRef | undefined)[] = [undefined, ...markets];
  return (
    <section class="levers" aria-label="Levers">
      <h2>Levers</h2>
      <div class="scopes" role="group" aria-label="Levers for">
        {scopes.map((m) => (
          <button type="button" aria-pressed={p.scope === m?.id} onClick={() => p.setScope(m?.id)} key={m?.id ?? 'all'}>
            {m?.name ?? 'All markets'}
          </button>
        ))}
      </div>
      {LEVER_GROUPS.map((g) => {
        const inGroup = rows.filter((r) => r.group === g && (p.scope === undefined || g !== 'timeline'));
        if (inGroup.length === 0) return null;
        return (
          <fieldset key={g}>
            <legend>{g}</legend>
            {inGroup.map((r, i) => (
              <Fragment key={r.path}>
                {r.part !== undefined && r.part !== inGroup[i - 1]?.part ? <p class="part">{r.part}</p> : null}
                <LeverControl row={r} market={p.scope} whatIf={p.whatIf} change={p.change} />
              </Fragment>
            ))}
          </fieldset>
        );
      })}
    </section>
  );
});

/** A soft upper end for a slider of a lever the table leaves open above: four times the largest base value. */
function sliderMax(row: LeverRow): number {
  if (row.max !== undefined) return row.max;
  const values = [undefined, ...markets.map((m) => m.id)].map((m) => value(row, m, {})).filter((v): v is number => typeof v === 'number');
  return Math.max(1, ...values) * 4;
}


function LeverControl(p: { row: LeverRow; market: string | undefined; whatIf: WhatIf; change: (path: string, v: number | undefined) => void }) {
  const { row, market } = p;
  const path = docPath(row, market);
  const id = `lever-${path.replace(/[^\w-]/g, '_')}`;
  const current = value(row, market, p.whatIf);
  const base = value(row, market, {});
  const changed = path in p.whatIf;
  const inherited = !changed && current !== base;
  const [draft, setDraft] = useState<string | undefined>(undefined);
  const [bad, setBad] = useState(false);
  const commit = (text: string) => {
    const v = Number(text);
    if (text.trim() === '' || !inRange(row, v)) {
      setBad(true);
      return;
    }
    setBad(false);
    setDraft(undefined);
    p.change(path, v);
  };
  const step = row.integer || row.flag ? 1 : 'any';
  const max = sliderMax(row);
  const scopeLabel = market === undefined ? (row.group === 'timeline' ? '' : ' (all markets)') : ` (${markets.find((m) => m.id === market)?.name})`;
  return (
    <div class={`lever${changed ? ' changed' : ''}${inherited ? ' inherited' : ''}`} data-path={path}>
      <label for={id}>{row.label}</label>
      <div class="inputs">
        {typeof current === 'number' || current === undefined ? (
          <input type="range" min={row.min ?? 0} max={max} step={sliderStep(row, max)} value={current ?? row.min ?? 0} aria-label={`${row.label}${scopeLabel}, slider`}
            aria-valuetext={leverValue(current, row.unit)} aria-describedby={`${id}-d`}
            onChange={(e) => commit((e.target as HTMLInputElement).value)} />
        ) : null}
        <input id={id} type="number" inputMode="decimal" min={row.min} max={row.max} step={step} aria-label={`${row.label}${scopeLabel}`}
          aria-invalid={bad} aria-describedby={`${id}-d`}
          value={draft ?? (typeof current === 'number' ? String(current) : '')} placeholder={typeof current === 'string' ? 'expression' : current === undefined ? 'not set' : ''}
          onInput={(e) => setDraft((e.target as HTMLInputElement).value)}
          onChange={(e) => commit((e.target as HTMLInputElement).value)} />
        <span class="unit">{row.unit === 'share' || row.unit === 'probability' ? `${row.unit} 0–1` : row.unit}</span>
        {changed ? <button type="button" class="reset" onClick={() => p.change(path, undefined)} aria-label={`Reset ${row.label}${scopeLabel}`}>↺</button> : null}
      </div>
      <small id={`${id}-d`}>
        {row.description}. Range {rangeText(row)}; base {leverValue(base, row.unit)}
        {inherited ? '; changed through All markets' : ''}
      </small>
    </div>
  );
}

function rangeText(row: LeverRow): string {
  const lo = row.min === undefined ? '' : `${row.minExclusive ? '>' : '≥'} ${row.min}`;
  const hi = row.max === undefined ? '' : `≤ ${row.max}`;
  return [lo, hi].filter(Boolean).join(', ') || 'any';
}

function WhatIfList(p: { whatIf: WhatIf; change: (path: string, v: number | undefined) => void; reset: () => void; answer: Answer | undefined }) {
  const entries = Object.entries(p.whatIf);
  const [link, setLink] = useState('');
  const changes = entries.map(([path, v]) => {
    const row = rowOf(path)!;
    return `${scopeName(path)} ${row.label.toLowerCase()} is ${leverValue(v, row.unit)} instead of ${leverValue(getPath(doc, path) as number | undefined ?? value(row, undefined, {}), row.unit)}`;
  });
  const save = () => {
    const seeds = p.answer?.seeds ?? [];
    const sizeFlags = Object.entries(size).map(([k, v]) => ` --${k} ${v}`).join('');
    // compare draws behaviours as the studio did: from the same ensemble, or none (else it might pick the shipped one).
    const text = scenarioYaml({
      extendsPath: data.extendsPath, baseName: String(doc.name), whatIf: p.whatIf, base: doc, changes: changes.map((c) => c.replace(/^All markets/, 'all markets')),
      command: `shopsim compare ${data.extendsPath === '' ? 'scenarios/2024.yaml' : data.file} <this file> --seeds ${seeds.join(',') || '1'}${sizeFlags} --behaviours ${data.behaviours?.file ?? 'none'}`,
    });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(new Blob([text], { type: 'application/yaml' }));
    a.download = `${data.extendsPath.replace(/^.*\//, '').replace(/\.ya?ml$/, '') || 'built-in'}-what-if.yaml`;
    a.click();
    URL.revokeObjectURL(a.href);
  };
  const share = () => {
    setLink(location.href);
    void navigator.clipboard?.writeText(location.href).catch(() => undefined);
  };
  return (
    <div class="what-if">
      <h2>What-if: changes against the base</h2>
      {entries.length === 0 ? <p>No change yet: move a lever.</p> : (
        <ul>
          {entries.map(([path], i) => (
            <li key={path} data-path={path}>
              {changes[i]} <button type="button" onClick={() => p.change(path, undefined)}>undo</button>
            </li>
          ))}
        </ul>
      )}
      <div class="actions">
        <button type="button" onClick={save} disabled={entries.length === 0}>Save as scenario</button>
        <button type="button" onClick={share} disabled={entries.length === 0}>Copy link</button>
        <button type="button" onClick={p.reset} disabled={entries.length === 0}>Reset all</button>
      </div>
      {link ? <input class="link" readOnly value={link} aria-label="Link to this what-if" /> : null}
    </div>
  );
}

/** Says how sure an answer can be: which behaviours the runs use, and so what the CIs carry. */
function BehaviourNote() {
  const b = data.behaviours;
  if (b) {
    return (
      <p class="behaviours" data-members={b.members.length}>
        Behaviour: each seed runs one of {b.members.length} plausible behaviours from <code>{b.file}</code> (the same for base and what-if), so the
        CIs carry how unsure the shoppers' behaviour is as well as seed noise; a difference shows the share of seeds, each with its own
        behaviour, agreeing on its sign, and is starred only when its CI excludes 0 and at least 95% agree.
      </p>
    );
  }
  return (
    <p class="behaviours" data-members="0">
      Behaviour: only the scenario's own behavioural parameters (one fit) are used, so the CIs show seed noise only, not how unsure the
      shoppers' behaviour is; start with <code>shopsim studio --behaviours ENSEMBLE</code> to include that.
    </p>
  );
}

function Status({ answer }: { answer: Answer | undefined }) {
  const n = answer?.seeds.length ?? 0;
  const text = !answer ? 'Starting workers…'
    : answer.error !== undefined ? `Stopped: ${answer.error}`
    : `${n} of ${answer.target} paired seeds${answer.done ? ', done' : ', refining…'} (${(answer.elapsedMs / 1000).toFixed(1)} s, ${WORKERS} workers)`;
  return (
    <div class="status" aria-live="polite" data-pairs={n} data-done={answer?.done ? 'yes' : 'no'} data-generation={answer?.generation ?? 0} data-elapsed-ms={answer ? Math.round(answer.elapsedMs) : ''}>
      <progress max={answer?.target ?? 1} value={n} aria-label="paired seeds finished" /> {text}
    </div>
  );
}

// Headline KPIs, and the return satisfaction the after-sales levers move most.
const WITH_BEHAVIOURS = data.behaviours !== undefined;
const CARD_KPIS = [...new Set([...data.headline, 'satisfiedShare', 'returnSatisfiedShare'])] as KpiName[];

function Cards(p: { answer: Answer; selected: KpiName; select: (k: KpiName) => void }) {
  return (
    <div class="cards">
      {CARD_KPIS.map((k) => {
        const info = data.kpis[k]!;
        const r = pairedKpi(p.answer.base, p.answer.variant, 'all', k, WITH_BEHAVIOURS);
        const v = verdict(info, r.diff);
        const sign = signLabel(r.diff);
        return (
          <button type="button" class={`card ${v.tone}${p.selected === k ? ' selected' : ''}`} key={k} onClick={() => p.select(k)} title={info.definition}
            data-kpi={k} data-diff-mean={r.diff.mean} data-diff-lo={r.diff.lo} data-diff-hi={r.diff.hi} data-pairs={r.diff.n} data-sign-share={r.diff.signShare}>
            <span class="label">{info.label}</span>
            <span class="values">{kpiValue(info, r.base.mean)} → {kpiValue(info, r.variant.mean)} <small>{info.unit}</small></span>
            <span class="diff">{kpiDiff(info, r.diff)} {diffUnit(info)} <b>{v.mark}</b></span>
            {sign ? <span class="sign">{sign}</span> : null}
            <CiBar info={info} d={r.diff} />
          </button>
        );
      })}
    </div>
  );
}

/** The difference and its CI on an axis centred at 0; the axis keeps its scale while seeds come in, so the CI visibly narrows. */
function CiBar({ info, d }: { info: KpiInfo; d: DiffStat }) {
  const span = Math.max(Math.abs(d.lo), Math.abs(d.hi), Math.abs(d.mean));
  const scale = useRef({ key: '', span: 0 });
  const key = `${info.label}`;
  if (scale.current.key !== key || !(scale.current.span > 0) || span > scale.current.span || d.n <= 2) scale.current = { key, span: Number.isFinite(span) && span > 0 ? span : 1 };
  const x = (v: number) => 50 + (45 * v) / scale.current.span;
  if (!Number.isFinite(d.lo)) return <svg class="ci" viewBox="0 0 100 10" aria-hidden="true" />;
  return (
    <svg class="ci" viewBox="0 0 100 10" aria-hidden="true">
      <line x1="50" x2="50" y1="0" y2="10" class="zero" />
      <rect x={x(d.lo)} width={Math.max(0.5, x(d.hi) - x(d.lo))} y="3" height="4" />
      <line x1={x(d.mean)} x2={x(d.mean)} y1="1" y2="9" class="mean" />
    </svg>
  );
}

function MarketTable(p: { answer: Answer; kpi: KpiName }) {
  const info = data.kpis[p.kpi]!;
  const list = [{ id: 'all', name: 'All markets' }, ...markets];
  return (
    <div class="by-market">
      <h2>{info.label} by market</h2>
      <table>
        <thead><tr><th scope="col">market</th><th scope="col">base</th><th scope="col">what-if</th><th scope="col">difference [95% CI]</th></tr></thead>
        <tbody>
          {list.map((m) => {
            const r = pairedKpi(p.answer.base, p.answer.variant, m.id, p.kpi, WITH_BEHAVIOURS);
            const v = verdict(info, r.diff);
            const sign = signLabel(r.diff);
            return (
              <tr key={m.id} class={v.tone} data-market={m.id}>
                <th scope="row">{m.name}</th>
                <td>{kpiValue(info, r.base.mean)}</td>
                <td>{kpiValue(info, r.variant.mean)}</td>
                <td>{kpiDiff(info, r.diff)} {diffUnit(info)} {v.mark}{sign ? <small class="sign"> {sign}</small> : null}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p class="note">
        {info.unit}; ▲*/▼* the 95% CI of the paired difference excludes 0 (Student t over {p.answer.seeds.length} paired seeds)
        {WITH_BEHAVIOURS ? ' and at least 95% of the seeds, each with its own plausible behaviour, agree on its sign' : ", with the scenario's own behaviour only"}.
      </p>
    </div>
  );
}

const CHART_EVERY_MS = 500;

function Daily(p: { answer: Answer; field: string; setField: (f: string) => void; market: string | undefined }) {
  const ref = useRef<HTMLDivElement>(null);
  const col = p.market === undefined ? 0 : 1 + markets.findIndex((m) => m.id === p.market);
  const info = data.daily[p.field]!;
  // Drawing the chart is the page's costliest work, and on a 2-core machine it takes a core from the
  // workers: while seeds come in it shows a new answer at most every CHART_EVERY_MS; a new what-if's first and last at once.
  const [shown, setShown] = useState(p.answer);
  const drawnAt = useRef(-Infinity);
  useEffect(() => {
    const wait = p.answer.done || p.answer.generation !== shown.generation ? 0 : drawnAt.current + CHART_EVERY_MS - performance.now();
    if (wait <= 0) {
      setShown(p.answer);
      return undefined;
    }
    const timer = setTimeout(() => setShown(p.answer), wait);
    return () => clearTimeout(timer);
  }, [p.answer]);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    drawnAt.current = performance.now();
    const cols = markets.length + 1;
    const series = (label: string, runs: Answer['base']) =>
      meanDailySeries(runs, p.field, col, cols).map((y, day) => ({ day, y: info.percent ? y * 100 : y, scenario: label }));
    const points = [...series('base', shown.base), ...series('what-if', shown.variant)].filter((d) => Number.isFinite(d.y));
    const spans = timeline.flatMap((e) => (e.kind === 'intervention' ? [] : [{ from: e.startDay ?? 0, to: (e.startDay ?? 0) + (e.days ?? 1), label: e.label ?? e.kind }]));
    const rules = timeline.flatMap((e) => (e.kind === 'intervention' ? [{ day: e.day ?? 0, label: e.label ?? 'intervention' }] : []));
    const chart = Plot.plot({
      width: Math.max(480, el.clientWidth), height: 260, marginLeft: 56,
      x: { label: 'day' }, y: { label: info.axis, grid: true },
      color: { domain: ['base', 'what-if'], range: ['#6b7280', '#c2410c'], legend: true },
      marks: [
        Plot.rectX(spans, { x1: 'from', x2: 'to', fill: '#fde68a', fillOpacity: 0.5 }),
        Plot.text(spans, { x: 'from', text: 'label', frameAnchor: 'top', textAnchor: 'start', dy: 4 }),
        Plot.ruleX(rules, { x: 'day', stroke: '#7c3aed', strokeDasharray: '4,3' }),
        Plot.lineY(points, Plot.windowY({ k: 7, reduce: 'mean' }, { x: 'day', y: 'y', stroke: 'scenario' })),
      ],
    });
    el.replaceChildren(chart);
  }, [shown, p.field, col]);
  return (
    <div class="daily">
      <h2>
        Daily <label>series <select value={p.field} onChange={(e) => p.setField((e.target as HTMLSelectElement).value)}>
          {Object.entries(data.daily).map(([k, d]) => <option value={k} key={k}>{d.label}</option>)}
        </select></label>{' '}
        {p.market === undefined ? 'all markets' : markets.find((m) => m.id === p.market)?.name}, mean of {shown.seeds.length} seeds, 7-day mean
      </h2>
      <div ref={ref} class="chart" />
    </div>
  );
}

render(<App />, document.getElementById('app')!);
