// Draws the charts of report.html from the JSON embedded in the page (see html.ts), with
// Observable Plot (inlined with d3 beside this script). Runs in the browser, offline.
(function () {
  'use strict';
  /* global Plot, d3 */
  const data = JSON.parse(document.getElementById('shopsim-data').textContent);
  const marketById = new Map(data.markets.map((m) => [m.id, m]));
  const marketName = (id) => (marketById.get(id) || { name: id }).name;
  // One colour per market in every chart: the scale is built once from the scenario's market list.
  const marketColours = { domain: data.markets.map((m) => m.name), range: data.markets.map((m) => m.colour) };
  const colourOf = new Map(data.markets.map((m) => [m.name, m.colour]));
  const DASHES = [null, '7,4', '2,3', '9,3,2,3'];
  const SYMBOLS = ['circle', 'square', 'triangle', 'diamond'];
  const GOOD = '#1a7f37';
  const BAD = '#cf222e';
  const NEUTRAL = '#8c959f';
  const SMOOTH_DAYS = 7;

  const renderers = {
    daily: (fig) => (data.compare ? dailyCompared(fig) : dailyRun(fig)),
    forest,
    heatmap,
    tornado,
    'sensitivity-matrix': sensitivityMatrix,
  };

  /**
   * Plot.plot, and a record on the chart's svg of its panel (the x and y ranges, in the svg's
   * pixels) and how many data rows it was given, so a test can check that every mark lies in
   * its panel and that a panel with data drew something.
   */
  function plot(options, rows) {
    const el = Plot.plot(options);
    const svg = el.tagName.toLowerCase() === 'svg' ? el : [...el.querySelectorAll('svg')].find((s) => s.querySelector('g[aria-label]'));
    const x = el.scale('x');
    const y = el.scale('y');
    if (svg && x && y) {
      const [x1, x2] = d3.extent(x.range);
      const [y1, y2] = d3.extent(y.range);
      svg.dataset.frame = [x1, y1, x2, y2].join(',');
      svg.dataset.rows = String(rows.length);
    }
    return el;
  }

  const widthOf = (el, max) => Math.max(300, Math.min(el.clientWidth || 640, max || 1100));
  const isFiniteNumber = (v) => typeof v === 'number' && Number.isFinite(v);
  const kpiLabel = (k) => (data.kpis[k] ? data.kpis[k].label : k);
  const kpiAxis = (k) => (data.kpis[k] ? `${data.kpis[k].label} (${data.kpis[k].unit})` : k);
  const isPercent = (k) => Boolean(data.kpis[k] && data.kpis[k].percent);

  function formatValue(k, v) {
    if (!isFiniteNumber(v)) return '–';
    return isPercent(k) ? d3.format('.1%')(v) : d3.format(',.4~r')(v);
  }

  // The daily rows of one field as { day, market, value }, days counted from 1 for people.
  function dailyRows(rows, field, marketIds) {
    const wanted = new Set(marketIds);
    return rows
      .filter((r) => wanted.has(r.market))
      .map((r) => ({ day: r.day + 1, market: marketName(r.market), scenario: r.scenario, value: isFiniteNumber(r[field]) ? r[field] : NaN }));
  }

  // Flows (orders a day) are read from 0; levels (active shoppers) and ratios by their change.
  const startsAtZero = (info) => info.additive && !info.level;

  // Daily values are noisy at small populations; a centred moving average shows the trend.
  const smoothed = (options) => Plot.windowY({ k: SMOOTH_DAYS, anchor: 'middle', reduce: 'mean', strict: false }, options);

  // The number of days the daily series cover (the x axis runs from day 1 to it).
  const DAYS = (() => {
    const rows = (data.run && data.run.daily) || (data.compare && data.compare.daily) || [];
    return rows.reduce((m, r) => Math.max(m, r.day + 1), 1);
  })();
  const LABEL_FONT = 10;
  const LABEL_ROW = 12;

  // An event limited to some markets belongs in those markets' panels only; in a chart of
  // every market together it is drawn in its market's colour and names the market.
  function eventsFor(marketId) {
    if (marketId === undefined) {
      return data.timeline.map((e) => (e.markets ? { ...e, label: `${e.label} (${e.markets.map(marketName).join(', ')})`, colour: e.markets.length === 1 ? (marketById.get(e.markets[0]) || {}).colour : undefined } : e));
    }
    return data.timeline.filter((e) => !e.markets || e.markets.includes(marketId));
  }

  // What happened when: a rule for an intervention (a warehouse opens), a band for a festival
  // or a disruption. Labels sit at the top, each in the first row where it does not overlap
  // the one before, cut with an ellipsis where it would run past the panel's right edge.
  function timelineMarks(events, frame) {
    if (events.length === 0) return [];
    const spans = events.filter((e) => e.end > e.start).map((e) => ({ ...e, x1: e.start + 1, x2: e.end + 1 }));
    const points = events.filter((e) => e.end === e.start).map((e) => ({ ...e, x: e.start + 1 }));
    const marks = [
      Plot.rect(spans, { x1: 'x1', x2: 'x2', fill: (e) => e.colour || (e.kind === 'disruption' ? '#cf222e' : '#9a6700'), fillOpacity: 0.12 }),
      Plot.ruleX(points, { x: 'x', stroke: (e) => e.colour || '#555', strokeDasharray: '3,3' }),
    ];
    if (!frame) return marks;
    const pxPerDay = (frame.width - frame.left - frame.right) / Math.max(1, DAYS);
    const rowEnds = [];
    const labels = [...spans.map((e) => ({ ...e, x: e.x1 })), ...points].sort((a, b) => a.x - b.x);
    for (const e of labels) {
      const left = frame.left + (e.x - 1) * pxPerDay + 3;
      const room = frame.width - frame.right - left - 2;
      if (room < 3 * LABEL_FONT) continue;
      const wanted = Math.min(room, e.label.length * LABEL_FONT * 0.62);
      let row = rowEnds.findIndex((end) => end < left);
      if (row === -1) row = rowEnds.length;
      if (row > 2) continue; // a fourth row would cover the lines
      rowEnds[row] = left + wanted + 6;
      marks.push(Plot.text([e], {
        x: 'x', text: 'label', frameAnchor: 'top', textAnchor: 'start', dx: 3, dy: 2 + row * LABEL_ROW,
        fill: e.colour || '#555', fontSize: LABEL_FONT, lineWidth: room / LABEL_FONT, textOverflow: 'ellipsis',
      }));
    }
    return marks;
  }

  function dailyRun(fig) {
    const field = fig.dataset.field;
    const info = data.daily[field];
    // Counts add up over markets, so "all markets" would flatten the markets' lines.
    const markets = data.markets.filter((m) => m.id !== 'all');
    const rows = dailyRows(data.run.daily, field, markets.map((m) => m.id));
    const all = info.additive ? [] : dailyRows(data.run.daily, field, ['all']);
    const frame = { width: widthOf(fig, 700), height: 260, left: 60, right: 20 };
    return plot({
      width: frame.width,
      height: frame.height,
      marginLeft: frame.left,
      marginRight: frame.right,
      x: { label: 'Day', grid: false, domain: [1, DAYS] },
      y: { label: info.axis, grid: true, percent: info.percent, zero: startsAtZero(info) },
      color: marketColours,
      marks: [
        ...timelineMarks(eventsFor(undefined), frame),
        Plot.lineY(rows, smoothed({ x: 'day', y: 'value', stroke: 'market', strokeWidth: 1.6, tip: true })),
        Plot.lineY(all, smoothed({ x: 'day', y: 'value', stroke: 'market', strokeWidth: 2.6, strokeDasharray: '5,3', tip: true })),
      ],
    }, rows.concat(all).filter((r) => isFiniteNumber(r.value)));
  }

  // A comparison: one small chart per market in its colour, one line style per scenario.
  function dailyCompared(fig) {
    fig.classList.add('full');
    const field = fig.dataset.field;
    const info = data.daily[field];
    const box = document.createElement('div');
    box.className = 'multiples';
    for (const m of data.markets) {
      const rows = dailyRows(data.compare.daily, field, [m.id]);
      const panel = document.createElement('div');
      panel.className = 'panel';
      const title = document.createElement('div');
      title.className = 'panel-title';
      title.style.color = m.colour;
      title.textContent = m.name;
      panel.append(title);
      const marks = data.compare.scenarios.map((s, i) =>
        Plot.lineY(rows.filter((r) => r.scenario === i), smoothed({
          x: 'day', y: 'value', stroke: m.colour, strokeWidth: 1.6, strokeDasharray: DASHES[i % DASHES.length], tip: true,
          channels: { scenario: { value: () => s, label: 'Scenario' } },
        })),
      );
      const frame = { width: 250, height: 170, left: 50, right: 14 };
      panel.append(plot({
        width: frame.width,
        height: frame.height,
        marginLeft: frame.left,
        marginRight: frame.right,
        x: { label: 'Day', domain: [1, DAYS] },
        y: { label: info.axis, grid: true, percent: info.percent, zero: startsAtZero(info) },
        marks: [...timelineMarks(eventsFor(m.id), frame), ...marks],
      }, rows.filter((r) => isFiniteNumber(r.value))));
      box.append(panel);
    }
    box.append(scenarioKey());
    return box;
  }

  function scenarioKey() {
    const key = document.createElement('div');
    key.className = 'scenario-key';
    data.compare.scenarios.forEach((s, i) => {
      const item = document.createElement('span');
      const dash = DASHES[i % DASHES.length];
      item.innerHTML = `<svg width="34" height="10" aria-hidden="true"><line x1="0" y1="5" x2="34" y2="5" stroke="#333" stroke-width="2"${dash ? ` stroke-dasharray="${dash}"` : ''}/></svg> `;
      item.append(document.createTextNode(s));
      key.append(item);
    });
    return key;
  }

  // Forest plots of one KPI: each scenario's mean and 95% CI, and the paired differences.
  function forest(fig) {
    const k = fig.dataset.kpi;
    const c = data.compare;
    const values = [];
    const diffs = [];
    // All markets' total of a count would squash every market against the axis.
    const markets = data.kpis[k] && data.kpis[k].additive ? data.markets.filter((m) => m.id !== 'all') : data.markets;
    for (const m of markets) {
      const entry = c.kpis[m.id] && c.kpis[m.id][k];
      if (!entry) continue;
      c.scenarios.forEach((s, i) => {
        const v = entry.values[i];
        if (v && isFiniteNumber(v.mean)) values.push(interval(m, s, i, v));
        const d = entry.diffs[i];
        if (i > 0 && d && isFiniteNumber(d.mean)) diffs.push({ ...interval(m, s, i, d), significant: Boolean(d.significant) });
      });
    }
    const box = document.createElement('div');
    box.className = 'pair';
    const width = Math.floor(widthOf(fig, 1000) / 2) - 8;
    const height = 40 + markets.length * (14 + 7 * c.scenarios.length);
    const names = markets.map((m) => m.name);
    box.append(forestPlot(values, k, kpiAxis(k), width, height, names, false));
    box.append(forestPlot(diffs, k, `Difference from ${c.scenarios[0]}`, width, height, names, true));
    return box;
  }

  function interval(m, scenario, index, s) {
    const mean = s.mean;
    return { market: m.name, scenario, index, mean, lo: isFiniteNumber(s.lo) ? s.lo : mean, hi: isFiniteNumber(s.hi) ? s.hi : mean };
  }

  function forestPlot(rows, k, label, width, height, marketNames, isDiff) {
    const scenarios = data.compare.scenarios.length;
    const marks = [];
    if (isDiff) marks.push(Plot.ruleX([0], { stroke: '#888' }));
    for (let i = 0; i < scenarios; i++) {
      const mine = rows.filter((r) => r.index === i);
      if (mine.length === 0) continue;
      // Scenarios sit side by side within a market's row, told apart by symbol.
      const dy = (i - (scenarios - 1) / 2) * 7;
      const symbol = SYMBOLS[i % SYMBOLS.length];
      marks.push(
        Plot.ruleY(mine, { y: 'market', x1: 'lo', x2: 'hi', stroke: 'market', strokeWidth: 2.5, dy }),
        Plot.dot(mine, {
          y: 'market', x: 'mean', stroke: 'market', symbol: () => symbol, r: 4, dy,
          // Literal colours, not market names: a name and 'white' mixed would go
          // through the colour scale, which drops 'white' and with it the dot
          // of every difference that is not significant.
          fill: isDiff ? (r) => (r.significant ? colourOf.get(r.market) : 'white') : 'market',
          tip: true,
          channels: { scenario: { value: 'scenario', label: 'Scenario' }, lo: { value: 'lo', label: '95% CI low' }, hi: { value: 'hi', label: '95% CI high' } },
        }),
      );
    }
    return plot({
      width,
      height,
      marginLeft: 110,
      marginRight: 16,
      // Plot's percent option multiplies the values by 100, so a fixed domain must be in percent too.
      x: { label, grid: true, percent: isPercent(k), nice: true, ...(isDiff ? { domain: symmetric(rows, isPercent(k) ? 100 : 1) } : {}) },
      y: { label: null, domain: marketNames },
      color: marketColours,
      symbol: { domain: data.compare.scenarios.map((_, i) => SYMBOLS[i % SYMBOLS.length]), range: data.compare.scenarios.map((_, i) => SYMBOLS[i % SYMBOLS.length]) },
      marks,
    }, rows);
  }

  // Differences are read against 0, so keep 0 in the middle.
  function symmetric(rows, scale = 1) {
    const m = Math.max(1e-9, ...rows.map((r) => Math.max(Math.abs(r.lo), Math.abs(r.hi)))) * scale;
    return [-m * 1.05, m * 1.05];
  }

  const selectedSweepKpi = () => {
    const select = document.getElementById('sweep-kpi');
    return select ? select.value : data.sweep.kpis[0];
  };

  const leverName = (param) => (data.sweep.labels && data.sweep.labels[param]) || param;

  function heatmap(fig) {
    const s = data.sweep;
    const k = selectedSweepKpi();
    const [px, py] = s.params;
    const rows = s.points
      .map((p) => ({ x: p.params[px], y: py === undefined ? undefined : p.params[py], stat: p.kpis[k] }))
      .filter((r) => r.stat && isFiniteNumber(r.stat.mean));
    if (py === undefined) return leverLine(fig, rows, px, k);
    // Sampled designs (random, Latin hypercube) have no cells to fill: each lever on its own axis.
    if (!s.grid) return partialDependence(fig, k);
    // A full grid: each cell averages over the other levers' settings, each equally often.
    const cells = d3.flatRollup(rows, (v) => d3.mean(v, (r) => r.stat.mean), (r) => r.x, (r) => r.y).map(([x, y, value]) => ({ x, y, value }));
    const xs = new Set(cells.map((c) => c.x));
    const ys = new Set(cells.map((c) => c.y));
    const better = data.kpis[k] && data.kpis[k].better;
    const colour = { legend: true, label: kpiAxis(k), scheme: 'viridis', reverse: better === 'lower', percent: isPercent(k) };
    const sortValues = (a, b) => (typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b)));
    return plot({
      width: widthOf(fig, 900),
      height: Math.max(240, 36 * ys.size + 80),
      marginLeft: 90,
      marginBottom: 50,
      x: { label: leverName(px), type: 'band', domain: [...xs].sort(sortValues), tickFormat: tickFormat },
      y: { label: leverName(py), type: 'band', domain: [...ys].sort(sortValues).reverse(), tickFormat: tickFormat },
      color: colour,
      marks: [
        Plot.cell(cells, { x: 'x', y: 'y', fill: 'value', inset: 0.5, tip: true }),
        Plot.text(cells, { x: 'x', y: 'y', text: (c) => formatValue(k, c.value), fill: 'white', stroke: '#222', strokeWidth: 2.5, paintOrder: 'stroke' }),
      ],
    }, cells);
  }

  // Lever values on a band axis, at most 4 significant digits (a sampled 8.825431 reads as 8.825).
  const tickFormat = (v) => (typeof v === 'number' ? d3.format('~r')(Number(v.toPrecision(4))) : String(v));

  // A sampled design: for each lever, every point's mean KPI against that lever's value, with a
  // least-squares line. The other levers vary from point to point, so the scatter around the
  // line is their effect plus noise; nothing is averaged.
  function partialDependence(fig, k) {
    const s = data.sweep;
    const box = document.createElement('div');
    box.className = 'multiples';
    for (const param of s.params) {
      const rows = s.points
        .map((p) => ({ x: p.params[param], value: p.kpis[k] && p.kpis[k].mean }))
        .filter((r) => isFiniteNumber(r.x) && isFiniteNumber(r.value));
      const panel = document.createElement('div');
      panel.className = 'panel';
      panel.append(plot({
        width: 320,
        height: 240,
        marginLeft: 60,
        x: { label: leverName(param), grid: true, nice: true },
        y: { label: kpiAxis(k), grid: true, percent: isPercent(k), nice: true },
        marks: [
          Plot.dot(rows, { x: 'x', y: 'value', fill: '#4e79a7', r: 3.5, fillOpacity: 0.8, tip: true }),
          Plot.line(leastSquares(rows), { x: 'x', y: 'value', stroke: '#e15759', strokeWidth: 1.5 }),
        ],
      }, rows));
      box.append(panel);
    }
    return box;
  }

  // The least-squares line through the points, as its two ends (part of the y domain, unlike
  // a line Plot would fit while drawing, so it cannot leave the panel).
  function leastSquares(rows) {
    if (rows.length < 2) return [];
    const mx = d3.mean(rows, (r) => r.x);
    const my = d3.mean(rows, (r) => r.value);
    const sxx = d3.sum(rows, (r) => (r.x - mx) ** 2);
    if (!(sxx > 0)) return [];
    const slope = d3.sum(rows, (r) => (r.x - mx) * (r.value - my)) / sxx;
    return d3.extent(rows, (r) => r.x).map((x) => ({ x, value: my + slope * (x - mx) }));
  }

  // One lever: the KPI against the lever with its 95% CI band.
  function leverLine(fig, rows, px, k) {
    const line = rows.map((r) => ({ x: r.x, mean: r.stat.mean, lo: isFiniteNumber(r.stat.lo) ? r.stat.lo : r.stat.mean, hi: isFiniteNumber(r.stat.hi) ? r.stat.hi : r.stat.mean }))
      .sort((a, b) => a.x - b.x);
    return plot({
      width: widthOf(fig, 900),
      height: 320,
      marginLeft: 60,
      x: { label: leverName(px), grid: true },
      y: { label: kpiAxis(k), grid: true, percent: isPercent(k) },
      marks: [
        Plot.areaY(line, { x: 'x', y1: 'lo', y2: 'hi', fill: '#4e79a7', fillOpacity: 0.2 }),
        Plot.lineY(line, { x: 'x', y: 'mean', stroke: '#4e79a7', strokeWidth: 2 }),
        Plot.dot(line, { x: 'x', y: 'mean', fill: '#4e79a7', tip: true }),
      ],
    }, line);
  }

  // Whether a coefficient's sign moves the KPI the better way.
  function effect(k, coefficient) {
    const better = data.kpis[k] && data.kpis[k].better;
    if (!better || coefficient === 0) return 'no better way';
    return (better === 'higher') === coefficient > 0 ? 'better' : 'worse';
  }

  function tornado(fig) {
    const k = selectedSweepKpi();
    const rows = data.sweep.sensitivity
      .filter((r) => r.kpi === k && isFiniteNumber(r.coefficient))
      .map((r) => ({ param: leverName(r.param), coefficient: r.coefficient, effect: effect(k, r.coefficient) }))
      .sort((a, b) => Math.abs(b.coefficient) - Math.abs(a.coefficient));
    if (rows.length === 0) return message('No sensitivities for this KPI in this folder (sensitivity.json).');
    const longest = Math.max(...rows.map((r) => r.param.length));
    const fit = data.sweep.fit.find((f) => f.kpi === k);
    // A low R² means the levers act on this KPI non-linearly or through each other: read with care.
    const caption = fit && isFiniteNumber(fit.r2) ? `The linear fit explains ${Math.round(fit.r2 * 100)}% of the variation of ${kpiLabel(k)} across the sweep.` : null;
    return plot({
      caption,
      width: widthOf(fig, 700),
      height: 60 + 34 * rows.length,
      marginLeft: Math.min(260, 12 + longest * 7),
      x: { label: `Effect on ${kpiLabel(k)} (standardised coefficient)`, grid: true, domain: symmetric(rows.map((r) => ({ lo: r.coefficient, hi: r.coefficient }))) },
      y: { label: null, domain: rows.map((r) => r.param) },
      color: { domain: ['better', 'worse', 'no better way'], range: [GOOD, BAD, NEUTRAL], legend: true },
      marks: [Plot.barX(rows, { y: 'param', x: 'coefficient', fill: 'effect', tip: true }), Plot.ruleX([0])],
    }, rows);
  }

  function sensitivityMatrix(fig) {
    const rows = data.sweep.sensitivity
      .filter((r) => isFiniteNumber(r.coefficient))
      .map((r) => ({ param: leverName(r.param), kpi: kpiLabel(r.kpi), coefficient: r.coefficient }));
    if (rows.length === 0) return message('No sensitivity.json in this folder.');
    const params = [...new Set(rows.map((r) => r.param))];
    const m = Math.max(1e-9, ...rows.map((r) => Math.abs(r.coefficient)));
    return plot({
      width: widthOf(fig, 1200),
      height: 170 + 30 * params.length,
      marginLeft: Math.max(120, Math.min(260, 12 + Math.max(...params.map((p) => p.length)) * 7)),
      marginBottom: 160,
      x: { label: null, tickRotate: -40, domain: data.sweep.kpis.map(kpiLabel).filter((l) => rows.some((r) => r.kpi === l)) },
      y: { label: null, domain: params },
      color: { type: 'diverging', scheme: 'rdbu', domain: [-m, m], legend: true, label: 'Standardised coefficient' },
      marks: [Plot.cell(rows, { x: 'kpi', y: 'param', fill: 'coefficient', inset: 0.5, tip: true })],
    }, rows);
  }

  function message(text) {
    const p = document.createElement('p');
    p.className = 'note';
    p.textContent = text;
    return p;
  }

  function draw(fig) {
    for (const old of fig.querySelectorAll(':scope > :not(figcaption)')) old.remove();
    try {
      fig.append(renderers[fig.dataset.chart](fig));
      fig.dataset.drawn = 'true';
    } catch (err) {
      fig.dataset.drawn = 'error';
      fig.append(message(`This chart could not be drawn: ${err && err.message}`));
      fig.lastChild.className = 'chart-error';
      console.error(err);
    }
  }

  const figures = [...document.querySelectorAll('figure.chart[data-chart]')];
  figures.forEach(draw);
  const select = document.getElementById('sweep-kpi');
  if (select) {
    select.addEventListener('change', () => figures.filter((f) => f.dataset.chart === 'heatmap' || f.dataset.chart === 'tornado').forEach(draw));
  }
  document.body.dataset.charts = String(figures.filter((f) => f.dataset.drawn === 'true').length);
})();
