// Shoppers as a struct of typed arrays, indexed by shopper id.
import type { SimConfig } from './config.ts';
import { AleaGenerator, normalQuantile } from './rng.ts';
import { takeBuffer } from './buffers.ts';

export const FLAG = {
  member: 1, // in the membership cohort (a member whenever the programme runs)
  churned: 2,
  busy: 4, // an order or an after-sales case is open; no visits meanwhile
  inTransit: 8,
  cancel: 16, // the open order will be cancelled on its wake day
  returnCase: 32, // the open case is a return
  warehouse: 64, // the open order ships from an overseas warehouse
  firstVisit: 128, // the next wake is the first visit after an experience (recency)
} as const;

/** Bits of the record's second flag byte (REC.extra). */
export const EXTRA = {
  coupon: 1, // holds a delay coupon, redeemed on the next order
  refuse: 2, // the open (cash-on-delivery) parcel will be refused at the door
  arrived: 4, // arrived during the run (a new shopper), not present at day 0
  ordered: 8, // has ordered before (shoppers present at day 0 are established customers)
  lapse: 16, // the next wake is the day the shopper lapses (stops visiting)
  replacement: 32, // a returned item is still to be replaced (refunded within the shopper's patience)
} as const;

/** Wake day of a shopper who will never act again. */
export const NEVER = 0x7fffffff;

/**
 * A shopper's record: every field of the shopper side by side in 64 bytes,
 * one cache line, so that handling a shopper touches one line instead of one
 * line in each of a dozen arrays. On a day only a few shoppers act, so
 * separate arrays would each bring a whole 64-byte line for a field or two;
 * at a million shoppers that traffic, not the arithmetic, set the pace. The
 * records are one ArrayBuffer seen through five typed arrays; REC gives each
 * field's index within the record in units of its own size, REC_F64 /
 * REC_32 / REC_8 the record's length in those units: shopper i's trust is
 * `recF32[i * REC_32 + REC.trust]`.
 */
export const REC = {
  visitRate: 0, // f64: visitFactor x loyalty, refreshed whenever trust changes
  trust: 2, // f32: trust in the platform, 0..1
  priceSensitivity: 3, // f32
  deliverySensitivity: 4, // f32
  visitDraws: 5, // u32: blocks used so far of the shopper's visit stream
  orderDraws: 6, // u32: and of the order stream
  market: 28, // u8
  flags: 29, // u8
  preferredPayment: 30, // u8
  windowOrders: 31, // u8: orders in the current repurchase window
  patienceDays: 8, // f32: resolution time this shopper tolerates, days
  visitFactor: 9, // f32: personal multiplier on the market's visit rate; loyalty (trust) scales it further
  promisedDays: 20, // u16: the open order's promise, whole days (bytes 40-41)
  lateness: 21, // u16: learned relative lateness of promises, in 1/LATENESS_SCALE (bytes 42-43)
  orderValue: 11, // f32: the open order's value
  pendingSatisfaction: 12, // f32: satisfaction carried from delivery to the end of an after-sales case
  lastOrderDay: 13, // i32: day of the last (or open) order
  badExperiences: 56, // u8: experiences below the bad threshold
  extra: 57, // u8: EXTRA bits
  expectedDays: 29, // u16: learned expected delivery days, in 1/EXPECTED_DAYS_SCALE days (bytes 58-59)
  browseWake: 15, // i32: with open orders (behaviour openOrders 2), the day of the shopper's one valid browsing wake
  slotRefs: 11, // u32 x ORDER_SLOTS: with open orders, in place of orderValue and pendingSatisfaction, the shopper's order-table references
} as const;
export const REC_BYTES = 64;
export const REC_F64 = REC_BYTES / 8;
export const REC_32 = REC_BYTES / 4;
export const REC_16 = REC_BYTES / 2;
export const REC_8 = REC_BYTES;

// Fixed-point scales of the two learned expectations: two bytes each keep
// the record in one cache line; 1/256 day and 1/4096 of a promise are far
// finer than any step of learning.
export const EXPECTED_DAYS_SCALE = 256;
export const LATENESS_SCALE = 4096;
const U16_MAX = 65535;

/** A non-negative value in fixed point, rounded and held to what two bytes carry. */
export function toFixed16(value: number, scale: number): number {
  return Math.min(U16_MAX, Math.max(0, Math.round(value * scale)));
}

/**
 * With more than one open order per shopper (behaviour openOrders 2) the
 * orders do not live in the record but in an order table shared by all
 * shoppers: at any time only a few in a hundred shoppers have an order open,
 * so a table of the open orders, grown when full, holds them in a few bytes
 * per shopper where ORDER_SLOTS slots beside every record took 32. The
 * record then holds, in place of the open order's value and pending
 * satisfaction (REC.orderValue, REC.pendingSatisfaction, which move to the
 * slot), the shopper's ORDER_SLOTS references into the table (u32 at
 * REC.slotRefs + k: slot index + 1, 0 when free). Slot p starts at 32-bit
 * index p * SLOT_32; SLOT gives its fields in units of their own size from
 * there (u16 and u8 fields count from the slot's start in 2- and 1-byte units).
 */
export const ORDER_SLOTS = 2;
export const SLOT_32 = 5;
export const SLOT = {
  day: 0, // i32: the day the order was placed
  block: 1, // u32: the order's block of the shopper's order stream
  value: 2, // f32: the order's value; once a case opens, the satisfaction carried to its end
  promisedDays: 6, // u16: the promise, whole days (bytes 12-13)
  bits: 14, // u8: ORDER bits (byte 14)
  owner: 4, // u32: the shopper whose order it is
} as const;
/** Slots of a new order table per shopper of the population (a table grows when full). */
const SLOTS_PER_SHOPPER = 1 / 16;
const MIN_TABLE_SLOTS = 64;

/**
 * The state bits of an open order. In the record (one open order) they sit
 * in the flags byte, which is why they share FLAG's values, except refuse,
 * held in the extra byte there (EXTRA.refuse); in an order slot all in its
 * bits byte.
 */
export const ORDER = {
  refuse: 2, // the cash-on-delivery parcel will be refused at the door
  open: FLAG.busy,
  inTransit: FLAG.inTransit,
  cancel: FLAG.cancel,
  returnCase: FLAG.returnCase,
  warehouse: FLAG.warehouse,
} as const;
/** The ORDER bits that live in the record's flags byte. */
export const ORDER_IN_FLAGS = FLAG.busy | FLAG.inTransit | FLAG.cancel | FLAG.returnCase | FLAG.warehouse;

export class Population {
  readonly size: number;
  /** The records (see REC), as float64, float32, int32, uint32 and uint8 views of one buffer. */
  readonly recF64: Float64Array;
  readonly recF32: Float32Array;
  readonly recI32: Int32Array;
  readonly recU32: Uint32Array;
  readonly rec16: Uint16Array;
  readonly rec8: Uint8Array;
  /** The order table (see SLOT), empty when each shopper has at most one order open (held in the record). */
  slotI32!: Int32Array;
  slotU32!: Uint32Array;
  slotF32!: Float32Array;
  slot16!: Uint16Array;
  slot8!: Uint8Array;
  /** Free slots of the order table: a stack of slot indices, `freeSlots` long. */
  private free!: Int32Array;
  private freeSlots = 0;

  constructor(size: number, orderSlots = 0) {
    this.size = size;
    const slots = orderSlots > 0 ? Math.max(MIN_TABLE_SLOTS, Math.ceil(size * SLOTS_PER_SHOPPER)) : 0;
    this.viewTable(takeBuffer(slots * SLOT_32 * 4), slots);
    this.free = new Int32Array(slots);
    // Lowest index on top: the first orders fill the table from its start.
    for (let k = 0; k < slots; k++) this.free[k] = slots - 1 - k;
    this.freeSlots = slots;
    const rec = takeBuffer(size * REC_BYTES);
    this.recF64 = new Float64Array(rec, 0, size * REC_F64);
    this.recF32 = new Float32Array(rec, 0, size * REC_32);
    this.recI32 = new Int32Array(rec, 0, size * REC_32);
    this.recU32 = new Uint32Array(rec, 0, size * REC_32);
    this.rec16 = new Uint16Array(rec, 0, size * REC_16);
    this.rec8 = new Uint8Array(rec, 0, size * REC_8);
    for (let i = 0; i < size; i++) this.recI32[i * REC_32 + REC.lastOrderDay] = -NEVER;
  }

  private viewTable(buffer: ArrayBuffer, slots: number): void {
    const n32 = slots * SLOT_32;
    this.slotI32 = new Int32Array(buffer, 0, n32);
    this.slotU32 = new Uint32Array(buffer, 0, n32);
    this.slotF32 = new Float32Array(buffer, 0, n32);
    this.slot16 = new Uint16Array(buffer, 0, 2 * n32);
    this.slot8 = new Uint8Array(buffer, 0, 4 * n32);
  }

  /** Slots the order table holds now, open or free. */
  get tableSlots(): number {
    return this.slotI32.length / SLOT_32;
  }

  /** Takes a free slot of the order table for shopper i (growing the table when none is free); its index. */
  takeSlot(i: number): number {
    if (this.freeSlots === 0) this.growTable();
    const p = this.free[--this.freeSlots]!;
    this.slotU32[p * SLOT_32 + SLOT.owner] = i;
    return p;
  }

  /** Gives slot p of the order table back. */
  releaseSlot(p: number): void {
    this.free[this.freeSlots++] = p;
  }

  /** Doubles the order table; the new slots are free, lowest index on top. */
  private growTable(): void {
    const old = this.tableSlots;
    const slots = 2 * old;
    const buffer = new ArrayBuffer(slots * SLOT_32 * 4);
    new Int32Array(buffer).set(this.slotI32);
    this.viewTable(buffer, slots);
    const free = new Int32Array(slots);
    for (let k = 0; k < slots - old; k++) free[k] = slots - 1 - k;
    this.free = free;
    this.freeSlots = slots - old;
  }

  market(i: number): number {
    return this.rec8[i * REC_8 + REC.market]!;
  }

  preferredPayment(i: number): number {
    return this.rec8[i * REC_8 + REC.preferredPayment]!;
  }

  priceSensitivity(i: number): number {
    return this.recF32[i * REC_32 + REC.priceSensitivity]!;
  }

  /**
   * Bytes of state held per shopper when the population is created, with
   * up to `orderSlots` open orders each (0: the one open order sits in the
   * record); the order table then grows with the orders open at once.
   */
  static bytesPerShopper(orderSlots = 0): number {
    const n = 4096;
    const p = new Population(n, orderSlots);
    // Per buffer, the bytes its views cover (a reused buffer may be longer).
    const used = new Map<ArrayBufferLike, number>();
    for (const v of Object.values(p)) {
      if (ArrayBuffer.isView(v)) used.set(v.buffer, Math.max(used.get(v.buffer) ?? 0, v.byteOffset + v.byteLength));
    }
    let bytes = 0;
    for (const b of used.values()) bytes += b;
    return bytes / n;
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

/**
 * Self-selection into the membership programme: the log-odds of joining
 * rise with the shopper's visit rhythm (z, in standard deviations) and fall
 * with the fee (the source's joinLogit holds -memberFeeWeight x fee /
 * reference order value), around the scenario's member share.
 */
function joinProbability(src: TraitSource, m: number, visitZ: number): number {
  const share = src.config.memberShare;
  if (share <= 0 || share >= 1) return share;
  return 1 / (1 + Math.exp(-(src.joinLogit[m]! + src.config.behaviour.memberSelfSelection * visitZ)));
}

/** Order slots per shopper: none when one open order (in the record) is the limit. */
export function orderSlotsOf(config: SimConfig): number {
  return config.behaviour.openOrders >= 2 ? ORDER_SLOTS : 0;
}

/** Uniforms that make one shopper's traits, one per trait (TRAIT gives the index). */
export const TRAIT = { payment: 0, member: 1, price: 2, delivery: 3, patience: 4, trust: 5, visit: 6 } as const;
export const TRAIT_DRAWS = 7;

/** What the traits of a market's shoppers are drawn from. */
export interface TraitSource {
  config: SimConfig;
  /** Cumulative payment preferences per market, over the run's methods. */
  prefCum: number[][];
  /** Per market, the log-odds of joining the programme for a shopper of average visit rhythm (±Infinity: nobody, everybody). */
  joinLogit: Float64Array;
}

export function traitSource(config: SimConfig, methods: string[], feeShift: ArrayLike<number> = []): TraitSource {
  const prefCum = config.markets.map((m) => cumulativeOf(methods.map((name) => m.paymentPreferences[name] ?? 0)));
  const share = config.memberShare;
  const joinLogit = Float64Array.from(config.markets, (_, m) => Math.log(share / (1 - share)) + (feeShift[m] ?? 0));
  return { config, prefCum, joinLogit };
}

/** Mean-one lognormal multiplier with log-sd `sigma`, from a uniform. */
const meanOneLognormal = (sigma: number, u: number): number => Math.exp(sigma * normalQuantile(u) - (sigma * sigma) / 2);

/** Gives shopper i of market m, a record never used in this run, its traits from the uniforms u (see TRAIT). */
export function setTraits(pop: Population, src: TraitSource, i: number, m: number, u: ArrayLike<number>): void {
  const { config } = src;
  const b = config.behaviour;
  const market = config.markets[m]!;
  const r8 = i * REC_8;
  const r32 = i * REC_32;
  pop.rec8[r8 + REC.market] = m;
  pop.rec8[r8 + REC.preferredPayment] = pickIndex(src.prefCum[m]!, u[TRAIT.payment]!);
  const visitZ = normalQuantile(u[TRAIT.visit]!);
  pop.rec8[r8 + REC.flags] = u[TRAIT.member]! < joinProbability(src, m, visitZ) ? FLAG.member : 0;
  pop.recF32[r32 + REC.priceSensitivity] = market.priceSensitivity * meanOneLognormal(b.sensitivitySpread, u[TRAIT.price]!);
  pop.recF32[r32 + REC.deliverySensitivity] = market.deliverySensitivity * meanOneLognormal(b.sensitivitySpread, u[TRAIT.delivery]!);
  pop.recF32[r32 + REC.patienceDays] = market.toleratedResolutionDays * meanOneLognormal(b.sensitivitySpread, u[TRAIT.patience]!);
  const t = b.initialTrust + 0.1 * normalQuantile(u[TRAIT.trust]!);
  pop.recF32[r32 + REC.trust] = Math.min(0.99, Math.max(0.01, t));
  pop.recF32[r32 + REC.visitFactor] = Math.exp(b.visitSpread * visitZ - (b.visitSpread * b.visitSpread) / 2);
  // Before any delivery a shopper expects the market's usual time and takes promises at their word.
  pop.rec16[i * REC_16 + REC.expectedDays] = toFixed16(market.expectedDeliveryDays, EXPECTED_DAYS_SCALE);
  pop.rec16[i * REC_16 + REC.lateness] = 0;
}

/**
 * Draws the traits of the shoppers present at day 0; `capacity` (at least
 * config.shoppers) leaves room for shoppers who arrive later. Each trait has
 * its own alea stream, so a scenario that changes one market's trait keeps
 * the other traits' draws.
 */
export function createPopulation(
  config: SimConfig, seed: number, methods: string[], feeShift: ArrayLike<number> = [], capacity = config.shoppers,
): Population {
  const pop = new Population(capacity, orderSlotsOf(config));
  const src = traitSource(config, methods, feeShift);
  const marketCum = cumulativeOf(config.markets.map((m) => m.shopperShare));
  const market = new AleaGenerator(seed, 'market');
  // In TRAIT order.
  const streams = ['payment-preference', 'member', 'price-sensitivity', 'delivery-sensitivity', 'patience', 'trust', 'visit-rate'].map(
    (name) => new AleaGenerator(seed, name),
  );
  const u = new Float64Array(TRAIT_DRAWS);
  for (let i = 0; i < config.shoppers; i++) {
    const m = pickIndex(marketCum, market.next());
    for (let k = 0; k < TRAIT_DRAWS; k++) u[k] = streams[k]!.next();
    setTraits(pop, src, i, m, u);
  }
  return pop;
}
