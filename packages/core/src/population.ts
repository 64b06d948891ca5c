// Shoppers as a struct of typed arrays, indexed by shopper id.
import type { SimConfig } from './config.ts';
import { aleaStream, normalFrom, type Stream } from './rng.ts';

export const FLAG = {
  member: 1, // in the membership cohort (a member whenever the programme runs)
  churned: 2,
  busy: 4, // an order or an after-sales case is open; no visits meanwhile
  inTransit: 8,
  cancel: 16, // the open order will be cancelled on its wake day
  returnCase: 32, // the open case is a return
  warehouse: 64, // the open order ships from an overseas warehouse
} as const;

/** Wake day of a shopper who will never act again. */
export const NEVER = 0x7fffffff;

export class Population {
  readonly size: number;
  readonly market: Uint8Array;
  readonly preferredPayment: Uint8Array;
  readonly flags: Uint8Array;
  readonly badExperiences: Uint8Array;
  readonly windowOrders: Uint8Array;
  readonly priceSensitivity: Float32Array;
  readonly deliverySensitivity: Float32Array;
  /** Resolution time this shopper tolerates, days. */
  readonly patienceDays: Float32Array;
  /** Trust in the platform, 0..1. */
  readonly trust: Float32Array;
  /** Personal multiplier on the market's visit rate; loyalty (trust) scales it further. */
  readonly visitFactor: Float32Array;
  /**
   * visitFactor x loyalty, kept because trust changes only when an experience
   * ends while every visit needs it (an exp saved per visit).
   */
  readonly visitRate: Float64Array;
  /** Next day the shopper acts: a visit when idle, an event when busy. */
  readonly wake: Int32Array;
  readonly lastOrderDay: Int32Array;
  readonly promisedDays: Float32Array;
  readonly orderValue: Float32Array;
  /** Satisfaction carried from delivery to the end of an after-sales case. */
  readonly pendingSatisfaction: Float32Array;
  /** Blocks used so far of the shopper's visit and order streams. */
  readonly visitDraws: Uint32Array;
  readonly orderDraws: Uint32Array;

  constructor(size: number) {
    this.size = size;
    this.market = new Uint8Array(size);
    this.preferredPayment = new Uint8Array(size);
    this.flags = new Uint8Array(size);
    this.badExperiences = new Uint8Array(size);
    this.windowOrders = new Uint8Array(size);
    this.priceSensitivity = new Float32Array(size);
    this.deliverySensitivity = new Float32Array(size);
    this.patienceDays = new Float32Array(size);
    this.trust = new Float32Array(size);
    this.visitFactor = new Float32Array(size);
    this.visitRate = new Float64Array(size);
    this.wake = new Int32Array(size);
    this.lastOrderDay = new Int32Array(size).fill(-NEVER);
    this.promisedDays = new Float32Array(size);
    this.orderValue = new Float32Array(size);
    this.pendingSatisfaction = new Float32Array(size);
    this.visitDraws = new Uint32Array(size);
    this.orderDraws = new Uint32Array(size);
  }

  /** Bytes of state held per shopper. */
  static bytesPerShopper(): number {
    const p = new Population(1);
    let bytes = 0;
    for (const v of Object.values(p)) if (ArrayBuffer.isView(v)) bytes += v.byteLength;
    return bytes;
  }
}

function pickIndex(cumulative: number[], u: number): number {
  for (let k = 0; k < cumulative.length; k++) if (u < cumulative[k]!) return k;
  return cumulative.length - 1;
}

function cumulativeOf(weights: number[]): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  let acc = 0;
  return weights.map((w) => (acc += w / total));
}

/** Mean-one lognormal multiplier with log-sd `sigma`. */
function lognormalFactor(stream: Stream, sigma: number): number {
  return Math.exp(sigma * normalFrom(stream(), stream()) - (sigma * sigma) / 2);
}

/**
 * Draws every shopper's traits. Each trait has its own alea stream, so a
 * scenario that changes one market's trait keeps the other traits' draws.
 */
export function createPopulation(config: SimConfig, seed: number, methods: string[]): Population {
  const pop = new Population(config.shoppers);
  const b = config.behaviour;
  const marketCum = cumulativeOf(config.markets.map((m) => m.shopperShare));
  const prefCum = config.markets.map((m) =>
    cumulativeOf(methods.map((name) => m.paymentPreferences[name] ?? 0)),
  );
  const s = {
    market: aleaStream(seed, 'market'),
    payment: aleaStream(seed, 'payment-preference'),
    member: aleaStream(seed, 'member'),
    price: aleaStream(seed, 'price-sensitivity'),
    delivery: aleaStream(seed, 'delivery-sensitivity'),
    patience: aleaStream(seed, 'patience'),
    trust: aleaStream(seed, 'trust'),
    visit: aleaStream(seed, 'visit-rate'),
  };
  for (let i = 0; i < pop.size; i++) {
    const m = pickIndex(marketCum, s.market());
    const market = config.markets[m]!;
    pop.market[i] = m;
    pop.preferredPayment[i] = pickIndex(prefCum[m]!, s.payment());
    pop.flags[i] = s.member() < config.memberShare ? 1 : 0;
    pop.priceSensitivity[i] = market.priceSensitivity * lognormalFactor(s.price, b.sensitivitySpread);
    pop.deliverySensitivity[i] = market.deliverySensitivity * lognormalFactor(s.delivery, b.sensitivitySpread);
    pop.patienceDays[i] = market.toleratedResolutionDays * lognormalFactor(s.patience, b.sensitivitySpread);
    const t = b.initialTrust + 0.1 * normalFrom(s.trust(), s.trust());
    pop.trust[i] = Math.min(0.99, Math.max(0.01, t));
    pop.visitFactor[i] = lognormalFactor(s.visit, b.visitSpread);
  }
  return pop;
}
