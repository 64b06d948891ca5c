// The library entry point: simulate(config, { seed }) -> SimResult.
import type { SimConfig } from './config.ts';
import { Engine } from './engine.ts';
import { giveBack } from './buffers.ts';
import { C, DELIVERY_BINS, kpisFrom, percentileFromHistogram, windowCounters, type Kpis } from './kpi.ts';
import { assertValidConfig } from './validate.ts';
import { checkFiniteCounters } from './overflow.ts';

export interface SimulateOptions {
  /** Run seed; the config's seed when absent. */
  seed?: number;
  /** Called about a hundred times per run with the days done so far. */
  onProgress?: (daysDone: number, days: number) => void;
  /**
   * Whether to build the daily series (default true). Sweeps and calibration
   * need only the whole-run KPIs; the series costs about a tenth of a
   * 100k-shopper run. When false, `SimResult.daily` is empty.
   */
  daily?: boolean;
  /**
   * Also measure the KPIs of the two halves of the measured window (after the
   * warm-up), to see whether they still drift: steady-state checks compare them.
   */
  halves?: boolean;
}

/** Whole-window KPIs, all markets and per market. */
export interface WindowKpis {
  kpis: Kpis;
  byMarket: Record<string, Kpis>;
}

/** One day of one market ("all" for the whole platform). */
export interface DailyRow {
  day: number;
  market: string;
  visits: number;
  orders: number;
  gmv: number;
  conversionRate: number;
  paymentAbandonment: number;
  delivered: number;
  meanDeliveryDays: number;
  onTimeRate: number;
  returns: number;
  tickets: number;
  complaints: number;
  ratings: number;
  csat: number;
  activeShoppers: number;
  churned: number;
  inTransit: number;
  grossProfit: number;
  /** The market's platform rating that word of mouth carries, stars. */
  platformRating: number;
}

export interface SimResult {
  scenario: string;
  seed: number;
  shoppers: number;
  days: number;
  warmupDays: number;
  markets: { id: string; name: string }[];
  /** Whole-run KPIs (after the warm-up), all markets. */
  kpis: Kpis;
  /** Whole-run KPIs per market id. */
  byMarket: Record<string, Kpis>;
  /** Daily series, market "all" and each market, in day order (empty when options.daily is false). */
  daily: DailyRow[];
  /** The measured window's first and second half (when options.halves); delivery percentiles are not split (NaN). */
  halves?: [WindowKpis, WindowKpis];
}

export function simulate(config: SimConfig, options: SimulateOptions = {}): SimResult {
  assertValidConfig(config);
  const seed = options.seed ?? config.seed;
  const engine = new Engine(config, seed);
  engine.run(options.onProgress);
  checkFiniteCounters(config, engine.daily);
  const result = collectResult(engine, seed, options.daily ?? true);
  if (options.halves) result.halves = halvesOf(engine);
  // The result holds copies only: the run's big arrays can serve the next run.
  giveBack(engine.pop.recF64.buffer);
  if (engine.pop.slotI32.length > 0) giveBack(engine.pop.slotI32.buffer);
  giveBack(engine.daily.buffer);
  return result;
}

function collectResult(engine: Engine, seed: number, daily: boolean): SimResult {
  const { config } = engine;
  const m = config.markets.length;
  const from = Math.min(config.warmupDays, config.days - 1);
  const sums = windowCounters(engine.daily, m, from, config.days);
  const byMarket: Record<string, Kpis> = {};
  config.markets.forEach((mk, mi) => {
    const hist = engine.deliveryHistogram.subarray(mi * DELIVERY_BINS, (mi + 1) * DELIVERY_BINS);
    byMarket[mk.id] = kpisFrom(sums.byMarket[mi]!, percentileFromHistogram(hist, 0.9));
  });
  const all = new Uint32Array(DELIVERY_BINS);
  for (let mi = 0; mi < m; mi++) for (let k = 0; k < DELIVERY_BINS; k++) all[k]! += engine.deliveryHistogram[mi * DELIVERY_BINS + k]!;
  return {
    scenario: config.name,
    seed,
    shoppers: config.shoppers,
    days: config.days,
    warmupDays: config.warmupDays,
    markets: config.markets.map((mk) => ({ id: mk.id, name: mk.name })),
    kpis: kpisFrom(sums.all, percentileFromHistogram(all, 0.9)),
    byMarket,
    daily: daily ? dailyRows(engine) : [],
  };
}

function halvesOf(engine: Engine): [WindowKpis, WindowKpis] {
  const { config } = engine;
  const m = config.markets.length;
  const from = Math.min(config.warmupDays, config.days - 1);
  const mid = from + Math.max(1, Math.floor((config.days - from) / 2));
  const window = (a: number, b: number): WindowKpis => {
    const sums = windowCounters(engine.daily, m, a, b);
    return {
      kpis: kpisFrom(sums.all, Number.NaN),
      byMarket: Object.fromEntries(config.markets.map((mk, mi) => [mk.id, kpisFrom(sums.byMarket[mi]!, Number.NaN)])),
    };
  };
  return [window(from, mid), window(mid, config.days)];
}

function dailyRows(engine: Engine): DailyRow[] {
  const { config } = engine;
  const m = config.markets.length;
  const rows: DailyRow[] = [];
  for (let d = 0; d < config.days; d++) {
    let ratingAll = 0;
    let activeAll = 0;
    const day = windowCounters(engine.daily, m, d, d + 1);
    for (let mi = -1; mi < m; mi++) {
      const t = mi < 0 ? day.all : day.byMarket[mi]!;
      const k = kpisFrom(t, 0);
      let rating: number;
      if (mi >= 0) {
        rating = engine.ratingSeries[d * m + mi]!;
        ratingAll += rating * t[C.activeShoppers]!;
        activeAll += t[C.activeShoppers]!;
      } else {
        rating = Number.NaN; // filled below, once the markets are known
      }
      rows.push({
        day: d,
        market: mi < 0 ? 'all' : config.markets[mi]!.id,
        visits: k.visits,
        orders: k.orders,
        gmv: k.gmv,
        conversionRate: k.conversionRate,
        paymentAbandonment: k.paymentAbandonment,
        delivered: k.delivered,
        meanDeliveryDays: k.meanDeliveryDays,
        onTimeRate: k.onTimeRate,
        returns: t[C.returns]!,
        tickets: k.tickets,
        complaints: k.complaints,
        ratings: k.ratings,
        csat: k.csat,
        activeShoppers: k.activeShoppers,
        churned: k.churned,
        inTransit: k.inTransit,
        grossProfit: k.grossProfit,
        platformRating: rating,
      });
    }
    // The platform-wide rating weighs markets by their active shoppers.
    rows[rows.length - m - 1]!.platformRating = activeAll > 0 ? ratingAll / activeAll : Number.NaN;
  }
  return rows;
}

