// The day loop. Each day: evaluate levers per market, take the day's list
// from the day queue (no pass over the shoppers who do nothing), and handle
// only the shoppers who act: a purchase candidate (decide, pay, order), the
// first visit after an experience, or an event (delivery, cancellation, end
// of an after-sales case). Visits that end without a purchase are not
// handled one by one (see `candidate`), so cost follows purchases and events.
import type { SimConfig, Behaviour } from './config.ts';
import { LeverTable, L, LEVER_SLOTS } from './levers.ts';
import { C, COUNTERS, DELIVERY_BINS } from './kpi.ts';
import { AleaGenerator, normalCdf, normalQuantile, streamKey, shopperBase, uniformAt, normalAt } from './rng.ts';
import { takeBuffer } from './buffers.ts';
import {
  Population, FLAG, EXTRA, NEVER, TRAIT_DRAWS, setTraits, traitSource, type TraitSource, REC, REC_8, REC_16, REC_32, REC_F64, EXPECTED_DAYS_SCALE, LATENESS_SCALE, toFixed16, createPopulation,
  ORDER, ORDER_IN_FLAGS, ORDER_SLOTS, SLOT, SLOT_32, orderSlotsOf,
} from './population.ts';

// Stars are measured from the scale's midpoint in utility and word of mouth.
const RATING_MIDPOINT = 3.5;
// An AI answer arrives within seconds.
const AI_RESPONSE_HOURS = 0.01;
// A free-return window this long or longer counts as fully lenient in the
// purchase decision (the "30-day free-return policy" of the report's case).
const LENIENT_RETURN_DAYS = 30;
const DAYS_PER_YEAR = 365;
// Room for shoppers who arrive during a run, as a multiple of those present
// at day 0: the records are allocated once, so the total stays bounded.
const ARRIVAL_ROOM = 1;

// Uniforms of one visit block (a purchase candidate or a first visit).
const V = { accept: 0, next: 1, mode: 2, purchase: 3, lapse: 4 } as const;

// Uniforms of one order block (draw j of the shopper's order stream block).
// Draws 0 and 1 went with the mode and the decision, now in the visit block.
const U = {
  friction: 0, payFail: 2, altAccept: 3, altFail: 4, value1: 5,
  transit1: 7, problem: 9, returnOrTicket: 10, ai: 11, response: 12,
  resolution: 13, complaint: 14, ratePost: 15, rateNoise: 16, churn: 17, refuse: 18,
} as const;

// Shoppers whose records are brought in together before they are handled.
const HIT_CHUNK = 2048;

// Star ratings lie on 1..5, and so does a market's rating.
const STARS_MIN = 1;
const STARS_MAX = 5;

/** The logistic function: a probability from a utility (log-odds). */
function logistic(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/**
 * The promise quoted at checkout: whole days, as deliveries are counted, so
 * that a parcel is on time exactly when it arrives by the quoted day (a
 * 1.6-day promise could only ever be met by a 1-day delivery).
 */
export function quoteDays(days: number): number {
  return Math.max(1, Math.ceil(days - 1e-9));
}

/**
 * Disconfirmation of a relative gap `x` (positive: better than expected).
 * Gains count once, up to 1; losses weigh `lossAversion` times and saturate
 * (diminishing sensitivity): a wait three times too long is not nine times
 * worse than one a third too long, and no single wait can outweigh every
 * other part of the experience.
 */
function disconfirm(x: number, lossAversion: number): number {
  return x >= 0 ? (x > 1 ? 1 : x) : -lossAversion * (1 - Math.exp(x));
}

export class Engine {
  readonly pop: Population;
  readonly levers: LeverTable;
  /** Counters per day per market: days x markets x COUNTERS. */
  readonly daily: Float64Array;
  /** Delivery-days histogram per market, counted after the warm-up. */
  readonly deliveryHistogram: Uint32Array;
  /** Platform rating per market per day (word of mouth), stars. */
  readonly ratingSeries: Float64Array;

  private readonly b: Behaviour;
  private readonly m: number;
  private readonly p: number;
  private readonly keyVisit: number;
  private readonly keyOrder: number;
  /** Per market (stride days + 1), running sum over days of the visit-candidate rate bound. */
  private readonly cumulativeBound: Float64Array;
  // Per-market values refreshed once a day.
  private readonly rating: Float64Array;
  private readonly ratingWeight: Float64Array;
  /** Today's bound visit rate of the market (the day's step of cumulativeBound). */
  private readonly dayBound: Float64Array;
  private readonly acceptScale: Float64Array;
  /** Probability of accepting today the market's first and second fallback payment method (altFirst, altSecond). */
  private readonly altAccept: Float64Array;
  private readonly decisionBase: Float64Array;
  private readonly logPrice: Float64Array;
  /** The quoted promise (whole days) per market for [direct, warehouse] x [non-member, member]. */
  private readonly quoted: Float64Array;
  /** Its log, the lever part of the utility's delivery term. */
  private readonly promiseTerm: Float64Array;
  /** The return policy's utility term per market for [non-member, member]: 0 when lenient, negative when returns cost. */
  private readonly returnTerm: Float64Array;
  /** The utility term of a held delay coupon per market, today and its largest value over the run. */
  private readonly couponTerm: Float64Array;
  private readonly couponTermMax: Float64Array;
  /** Per market, the problem draw below which a delivery goes back under a free no-reason policy (0: no such policy today). */
  private readonly noReasonCut: Float64Array;
  /** Active shoppers of the member cohort per market. */
  private readonly members: Float64Array;
  /** Acquisition: where new shoppers' traits come from, the next free record, and today's referral rate per market. */
  private readonly traits: TraitSource;
  private readonly keyTraits: number;
  private readonly arrivalStream: AleaGenerator;
  private readonly traitDraws = new Float64Array(TRAIT_DRAWS);
  private nextShopper: number;
  /** The largest marketing spend of any market on any day: whether shoppers can arrive at all. */
  private maxSpendPerDay = 0;
  private readonly referralRate: Float64Array;
  private readonly promotersToday: Float64Array;
  /** Per market, browsingRate's part for new shoppers who have not ordered yet (first-order conversion). */
  private readonly prospectRate: Float64Array;
  private readonly lapseHazard: number;
  /**
   * Per market, the platform's reputation for lateness (mean relative
   * lateness of recent deliveries, remembered with the rating's half-life)
   * and its weight; and today's sums of lateness and deliveries.
   */
  private readonly reputation: Float64Array;
  private readonly reputationMemory: Float64Array;
  private readonly latenessToday: Float64Array;
  private readonly deliveriesToday: Float64Array;
  private readonly altFirst: Int32Array;
  private readonly altSecond: Int32Array;
  private readonly active: Float64Array;
  private readonly inTransit: Float64Array;
  private readonly prefShare: Float64Array;
  /**
   * Per market, the sum of the visit-rate multipliers (pop visitRate) of the
   * shoppers between purchase candidates: their visits are counted in
   * expectation each day instead of one by one.
   */
  private readonly browsingRate: Float64Array;
  /**
   * The purchase-utility envelope over the whole run, per market and cohort
   * [non-member, member]: the largest rating, loyalty and intercept part, and
   * the range of ln(priceIndex) and of ln(quoted promise).
   */
  private readonly envelopeBase: Float64Array;
  private readonly logPriceRange: Float64Array;
  private readonly promiseRange: Float64Array;
  /**
   * The day queue: per day, the ids of the shoppers who act that day, in the
   * order they were scheduled (count in queueLength). A shopper's next day
   * only ever changes while it is handled, so each shopper sits in at most
   * one day's list and no entry goes stale.
   */
  private readonly queue: (Int32Array | undefined)[];
  private readonly queueLength: Int32Array;
  /** Sink of the pass that brings records in, so that it is not optimised away. */
  touched = 0;
  private row = 0; // offset of today's counters in `daily`
  private day = 0;
  /**
   * Whether a shopper can have a second order open (behaviour openOrders 2):
   * shoppers then keep browsing while a parcel or case is open, orders sit
   * in the order table, and the day queue holds a shopper's browsing wake
   * as i and the event of an order in table slot p as ~p. Otherwise
   * the one open order sits in the record and stops the shopper's visits.
   */
  private readonly concurrent: boolean;

  constructor(readonly config: SimConfig, readonly seed: number) {
    this.b = config.behaviour;
    this.concurrent = orderSlotsOf(config) > 0;
    this.m = config.markets.length;
    this.levers = new LeverTable(config);
    this.p = this.levers.methods.length;
    const feeShift = this.feeShifts();
    this.traits = traitSource(config, this.levers.methods, feeShift);
    this.keyTraits = streamKey(seed, 'arrival-traits');
    this.arrivalStream = new AleaGenerator(seed, 'arrivals');
    this.nextShopper = config.shoppers;
    this.referralRate = new Float64Array(this.m);
    this.promotersToday = new Float64Array(this.m);
    this.prospectRate = new Float64Array(this.m);
    this.lapseHazard = this.b.lapsePerYear / DAYS_PER_YEAR;
    this.keyVisit = streamKey(seed, 'visits');
    this.keyOrder = streamKey(seed, 'orders');
    this.daily = new Float64Array(takeBuffer(config.days * this.m * COUNTERS * 8), 0, config.days * this.m * COUNTERS);
    this.deliveryHistogram = new Uint32Array(this.m * DELIVERY_BINS);
    this.ratingSeries = new Float64Array(config.days * this.m);
    // One flat array, so the hot loop reads it without a per-market lookup.
    this.cumulativeBound = new Float64Array(this.m * (config.days + 1));
    config.markets.forEach((mk, mi) => this.cumulativeBound.set(this.boundSums(mk.visitsPerDay, mi), mi * (config.days + 1)));
    this.rating = new Float64Array(this.m).fill(this.b.initialRating);
    this.ratingWeight = new Float64Array(this.m).fill(1);
    this.dayBound = new Float64Array(this.m);
    this.acceptScale = new Float64Array(this.m);
    this.altAccept = new Float64Array(this.m * 2);
    this.decisionBase = new Float64Array(this.m);
    this.logPrice = new Float64Array(this.m);
    this.quoted = new Float64Array(this.m * 4);
    this.promiseTerm = new Float64Array(this.m * 4);
    this.returnTerm = new Float64Array(this.m * 2);
    this.couponTerm = new Float64Array(this.m);
    this.couponTermMax = new Float64Array(this.m);
    this.noReasonCut = new Float64Array(this.m);
    this.members = new Float64Array(this.m);
    this.reputation = new Float64Array(this.m);
    this.reputationMemory = new Float64Array(this.m).fill(1);
    this.latenessToday = new Float64Array(this.m);
    this.deliveriesToday = new Float64Array(this.m);
    this.altFirst = new Int32Array(this.m);
    this.altSecond = new Int32Array(this.m);
    this.active = new Float64Array(this.m);
    this.inTransit = new Float64Array(this.m);
    this.prefShare = new Float64Array(this.m * this.p);
    this.queue = new Array<Int32Array | undefined>(config.days).fill(undefined);
    this.queueLength = new Int32Array(config.days);
    this.browsingRate = new Float64Array(this.m);
    this.envelopeBase = new Float64Array(this.m * 2);
    this.logPriceRange = new Float64Array(this.m * 2);
    this.promiseRange = new Float64Array(this.m * 4);
    this.measureEnvelope();
    this.pop = createPopulation(config, seed, this.levers.methods, feeShift, this.capacity());
    config.markets.forEach((mk, mi) =>
      this.levers.methods.forEach((name, k) => (this.prefShare[mi * this.p + k] = mk.paymentPreferences[name] ?? 0)),
    );
    this.scheduleFirstVisits();
  }

  /** Queues shopper i for `day`; a day the run never reaches (NEVER included) is dropped. */
  private wakeAt(i: number, day: number): void {
    if (!(day < this.config.days)) return;
    let list = this.queue[day];
    const n = this.queueLength[day]!;
    if (list === undefined || n === list.length) {
      const grown = new Int32Array(Math.max(256, 2 * n));
      if (list !== undefined) grown.set(list);
      this.queue[day] = list = grown;
    }
    list[n] = i;
    this.queueLength[day] = n + 1;
  }

  /** Queues shopper i's next browsing step (candidate, first visit or lapse) for `day`; it replaces any earlier one. */
  private browseAt(i: number, day: number): void {
    if (this.concurrent) this.pop.recI32[i * REC_32 + REC.browseWake] = day;
    this.wakeAt(i, day);
  }

  /** Queues the next event (delivery, cancellation, end of a case) of shopper i's order s (its order-table slot with open orders). */
  private orderEventAt(i: number, s: number, day: number): void {
    this.wakeAt(this.concurrent ? ~s : i, day);
  }

  /** Per market, the fee's shift of the log-odds of joining the programme, at the day-0 levers. */
  private feeShifts(): Float64Array {
    this.levers.update(0);
    const out = new Float64Array(this.m);
    this.config.markets.forEach((mk, mi) => {
      out[mi] = -this.b.memberFeeWeight * this.levers.row[mi * LEVER_SLOTS + L.memberFeePerYear]! / mk.orderValue;
    });
    return out;
  }

  /**
   * Records for the shoppers present at day 0, and room for those who may
   * arrive (only when marketing spend or referrals can bring any).
   */
  private capacity(): number {
    const arrivals = this.maxSpendPerDay > 0 || this.b.referralsPerPromoter > 0;
    return this.config.shoppers + (arrivals ? Math.ceil(ARRIVAL_ROOM * this.config.shoppers) : 0);
  }

  private scheduleFirstVisits(): void {
    // Shoppers present at day 0 are established customers: none of their orders is a first order.
    for (let i = 0; i < this.config.shoppers; i++) this.startShopping(i, -1, EXTRA.ordered);
  }

  /** Shopper i, its traits drawn, starts browsing after `day`. */
  private startShopping(i: number, day: number, extra: number): void {
    const pop = this.pop;
    const mi = pop.rec8[i * REC_8 + REC.market]!;
    pop.rec8[i * REC_8 + REC.extra] = extra;
    this.active[mi]!++;
    if (pop.rec8[i * REC_8 + REC.flags]! & FLAG.member) this.members[mi]!++;
    const vb = shopperBase(this.keyVisit, i, pop.recU32[i * REC_32 + REC.visitDraws]!++);
    const rate = this.visitRate(i);
    pop.recF64[i * REC_F64 + REC.visitRate] = rate;
    this.browsingRate[mi]! += rate;
    if (!(extra & EXTRA.ordered)) this.prospectRate[mi]! += rate;
    this.keepBrowsing(i, vb, this.nextWake(mi, day, uniformAt(vb, V.next), rate * this.purchaseBound(i, mi)), day);
  }

  /**
   * Queues a browsing shopper for its next purchase candidate, unless it
   * lapses first: lapsing is a constant hazard while browsing (an
   * exponential lifetime, as in Pareto/NBD customer-base models), so it can
   * be drawn afresh at every candidate.
   */
  private keepBrowsing(i: number, vb: number, next: number, day = this.day): void {
    if (this.lapseHazard > 0) {
      const lapseDay = day + Math.max(1, Math.ceil(-Math.log(1 - uniformAt(vb, V.lapse)) / this.lapseHazard));
      if (lapseDay < next && lapseDay < this.config.days) {
        this.pop.rec8[i * REC_8 + REC.extra]! |= EXTRA.lapse;
        return this.browseAt(i, lapseDay);
      }
    }
    this.browseAt(i, next);
  }

  /** The shopper stops visiting for good, without a bad experience. */
  private lapse(i: number): void {
    const pop = this.pop;
    const mi = pop.rec8[i * REC_8 + REC.market]!;
    const rate = pop.recF64[i * REC_F64 + REC.visitRate]!;
    const extra = pop.rec8[i * REC_8 + REC.extra]!;
    pop.rec8[i * REC_8 + REC.extra] = extra & ~EXTRA.lapse;
    this.browsingRate[mi]! -= rate;
    if (!(extra & EXTRA.ordered)) this.prospectRate[mi]! -= rate;
    const member = this.leave(i, mi);
    if (member) this.members[mi]!--;
    this.add(mi, C.lapsed, 1);
  }

  /**
   * Shopper i stops visiting for good (churn or lapse); an open order still
   * arrives. Returns the member bit.
   */
  private leave(i: number, mi: number): number {
    const pop = this.pop;
    const f = pop.rec8[i * REC_8 + REC.flags]!;
    pop.rec8[i * REC_8 + REC.flags] = (f & (FLAG.member | ORDER_IN_FLAGS)) | FLAG.churned;
    if (this.concurrent) pop.recI32[i * REC_32 + REC.browseWake] = NEVER;
    this.active[mi]!--;
    return f & FLAG.member;
  }

  /**
   * Today's new shoppers per market: paid acquisition (spend / cost per new
   * shopper) plus referrals from yesterday's promoters, a Poisson number
   * each. They take the next free records, their traits drawn from a stream
   * keyed by record, and start browsing tomorrow.
   */
  private arrive(): void {
    const lev = this.levers.row;
    for (let mi = 0; mi < this.m; mi++) {
      const o = mi * LEVER_SLOTS;
      const spend = lev[o + L.acquisitionSpend]!;
      const paidRate = spend > 0 ? spend / lev[o + L.costPerNewShopper]! : 0;
      if (spend > 0) this.add(mi, C.acquisitionSpend, spend);
      const referralRate = this.referralRate[mi]!;
      const n = poisson(this.arrivalStream, paidRate + referralRate);
      if (n === 0) continue;
      const referredShare = referralRate / (paidRate + referralRate);
      for (let k = 0; k < n; k++) {
        const i = this.nextShopper;
        if (i >= this.pop.size) {
          this.add(mi, C.arrivalsTurnedAway, n - k);
          break;
        }
        this.nextShopper++;
        const tb = shopperBase(this.keyTraits, i, 0);
        for (let t = 0; t < TRAIT_DRAWS; t++) this.traitDraws[t] = uniformAt(tb, t);
        setTraits(this.pop, this.traits, i, mi, this.traitDraws);
        this.startShopping(i, this.day, EXTRA.arrived);
        this.add(mi, C.newShoppers, 1);
        if (this.arrivalStream.next() < referredShare) this.add(mi, C.referredShoppers, 1);
      }
    }
  }

  /**
   * The shopper's visit-rate multiplier: a fixed personal rhythm times
   * loyalty, which follows trust. Trust is a bounded moving average, so
   * visits settle instead of compounding with every good experience.
   * Kept in pop.visitRate, refreshed whenever trust changes.
   */
  private visitRate(i: number): number {
    return this.pop.recF32[i * REC_32 + REC.visitFactor]! * Math.exp(this.b.visitTrustWeight * (this.pop.recF32[i * REC_32 + REC.trust]! - this.b.initialTrust));
  }

  private womFactor(rating: number): number {
    return Math.exp(this.b.wordOfMouthWeight * (rating - RATING_MIDPOINT));
  }

  /**
   * The running sum over days of the market's bound visit rate, which holds
   * the calendar (known in advance) and the largest word-of-mouth factor.
   * Candidates (first visits, and purchase candidates at a shopper's rate
   * times its purchase bound) come at multiples of it, and a shopper's next
   * candidate day is found by inversion.
   */
  private boundSums(visitsPerDay: number, mi: number): Float64Array {
    const mult = this.levers.visitMultipliers(mi);
    // A market rating never exceeds the top of the star scale.
    const womMax = this.womFactor(STARS_MAX);
    const sums = new Float64Array(mult.length + 1);
    for (let d = 0; d < mult.length; d++) sums[d + 1] = sums[d]! + visitsPerDay * mult[d]! * womMax;
    return sums;
  }

  /**
   * First day after `day` with a candidate, for a shopper whose candidates
   * come at `factor` times the market's bound rate: the day of the next
   * event of a Poisson process with a day-varying rate.
   */
  private nextWake(mi: number, day: number, u: number, factor: number): number {
    const sums = this.cumulativeBound;
    const days = this.config.days;
    if (factor <= 0 || day + 1 >= days) return NEVER;
    const o = mi * (days + 1);
    const from = sums[o + day + 1]!;
    const target = from - Math.log(1 - u) / factor;
    if (sums[o + days]! < target) return NEVER;
    // Guess from today's bound rate, then walk: the bound is piecewise
    // constant, so the guess is almost always right or one step off.
    const rate = sums[o + day + 2]! - from;
    let d = rate > 0 ? Math.min(days - 1, day + 1 + Math.floor((target - from) / rate)) : day + 1;
    while (d > day + 1 && sums[o + d]! >= target) d--;
    while (sums[o + d + 1]! < target) d++;
    return d;
  }

  run(onProgress?: (day: number, days: number) => void): void {
    const days = this.config.days;
    const every = Math.max(1, Math.floor(days / 100));
    for (let d = 0; d < days; d++) {
      this.step(d);
      if (onProgress && (d % every === every - 1 || d === days - 1)) onProgress(d + 1, days);
    }
  }

  step(day: number): void {
    this.day = day;
    this.row = day * this.m * COUNTERS;
    this.levers.update(day);
    this.prepareMarkets();
    this.arrive();
    this.countBrowsingVisits();
    // Today's shoppers, a chunk at a time. Handling only queues later days,
    // so today's list does not change under the loop.
    const list = this.queue[day];
    if (list !== undefined) {
      const n = this.queueLength[day]!;
      for (let from = 0; from < n; from += HIT_CHUNK) this.handle(list, from, Math.min(n, from + HIT_CHUNK));
      this.queue[day] = undefined;
    }
    this.closeDay();
  }

  /** Handles the shoppers list[from..to). */
  private handle(list: Int32Array, from: number, to: number): void {
    const rec8 = this.pop.rec8;
    const slotU32 = this.pop.slotU32;
    // Bring the records in first: independent loads that the memory system
    // serves many at a time, where handling one shopper after another would
    // wait for each in turn (at a million shoppers they come from DRAM).
    let touched = 0;
    for (let k = from; k < to; k++) {
      const v = list[k]!;
      touched += rec8[(v < 0 ? slotU32[~v * SLOT_32 + SLOT.owner]! : v) * REC_8 + REC.flags]!;
    }
    this.touched = touched;
    const recI32 = this.pop.recI32;
    for (let k = from; k < to; k++) {
      const i = list[k]!;
      if (i < 0) {
        const slot = ~i;
        this.event(this.pop.slotU32[slot * SLOT_32 + SLOT.owner]!, slot);
        continue;
      }
      const f = rec8[i * REC_8 + REC.flags]!;
      // A browsing wake that a later one replaced.
      if (this.concurrent && recI32[i * REC_32 + REC.browseWake] !== this.day) continue;
      if (f & FLAG.busy) this.event(i, 0);
      else if (rec8[i * REC_8 + REC.extra]! & EXTRA.lapse) this.lapse(i);
      else if (f & FLAG.firstVisit) this.firstVisit(i);
      else this.candidate(i);
    }
  }

  private prepareMarkets(): void {
    const lev = this.levers.row;
    const b = this.b;
    for (let mi = 0; mi < this.m; mi++) {
      const o = mi * LEVER_SLOTS;
      const c = mi * (this.config.days + 1) + this.day;
      this.dayBound[mi] = this.cumulativeBound[c + 1]! - this.cumulativeBound[c]!;
      this.acceptScale[mi] = this.womFactor(this.rating[mi]!) / this.womFactor(STARS_MAX);
      this.decisionBase[mi] = b.purchaseIntercept + b.ratingWeight * (this.rating[mi]! - RATING_MIDPOINT);
      this.leverTerms(mi);
      this.noReasonCut[mi] = lev[o + L.noReasonReturns]! > 0 ? normalCdf(normalQuantile(lev[o + L.problemRate]!) + b.noReasonReturnMargin) : 0;
      this.pickAlternatives(mi, lev[o + L.offeredMask]!);
      this.altAccept[mi * 2] = this.alternativeAcceptance(mi, this.altFirst[mi]!);
      this.altAccept[mi * 2 + 1] = this.alternativeAcceptance(mi, this.altSecond[mi]!);
    }
  }

  /** The utility's lever terms of market mi for the levers in force: log price, quoted promises and their logs. */
  private leverTerms(mi: number): void {
    const lev = this.levers.row;
    const o = mi * LEVER_SLOTS;
    this.logPrice[mi] = Math.log(lev[o + L.priceIndex]!);
    const member = lev[o + L.memberDeliveryFactor]!;
    // Plain loops: this runs twice per market and day, and arrays built here were a tenth of a small run's time.
    for (let k = 0; k < 2; k++) {
      const promise = this.promise(o, k === 1);
      for (let cohort = 0; cohort < 2; cohort++) {
        const q = quoteDays(promise * (cohort === 0 ? 1 : member));
        this.quoted[mi * 4 + cohort * 2 + k] = q;
        this.promiseTerm[mi * 4 + cohort * 2 + k] = Math.log(q);
      }
    }
    // A lenient return policy lowers the risk of buying (Janakiraman et al. 2016):
    // paid returns cost utility, a free window counts in proportion up to 30 days
    // (money leniency).
    const window = lev[o + L.freeReturnWindowDays]!;
    const leniency = window > 0 ? Math.min(1, window / LENIENT_RETURN_DAYS) : 0;
    const memberLeniency = lev[o + L.membershipEnabled]! > 0 && lev[o + L.memberFreeReturns]! > 0 ? 1 : leniency;
    // Effort leniency is the meta-analysis's other purchase-raising dimension:
    // a return without a local drop-off point is a parcel to post abroad.
    const effort = this.b.returnEffortWeight * ((lev[o + L.localReturnPoints]! > 0 ? 1 : 0) - 1);
    this.returnTerm[mi * 2] = this.b.returnPolicyWeight * (leniency - 1) + effort;
    this.returnTerm[mi * 2 + 1] = this.b.returnPolicyWeight * (memberLeniency - 1) + effort;
    const orderValue = this.config.markets[mi]!.orderValue;
    this.couponTerm[mi] = this.b.couponWeight * Math.min(1, lev[o + L.couponValue]! / orderValue);
  }

  /**
   * The days the promise policy of a mode gives before the member factor
   * and the whole-day quote: a fixed promise, or a percentile of the mode's
   * delivery-time distribution; re-quoting lengthens it by the transit
   * multiplier of a disruption in force.
   */
  private promise(o: number, warehouse: boolean): number {
    const lev = this.levers.row;
    const percentile = lev[o + (warehouse ? L.whPercentile : L.dmPercentile)]!;
    const days = percentile > 0
      ? Math.exp(lev[o + (warehouse ? L.whMu : L.dmMu)]! + lev[o + (warehouse ? L.whSigma : L.dmSigma)]! * normalQuantile(percentile))
      : lev[o + (warehouse ? L.whPromise : L.dmPromise)]!;
    const requote = lev[o + (warehouse ? L.whRequote : L.dmRequote)]! > 0;
    return requote ? days * lev[o + (warehouse ? L.whTransitMultiplier : L.dmTransitMultiplier)]! : days;
  }

  /**
   * A shopper whose method is missing types card details into a foreign
   * checkout more readily on a platform with a good name, and more readily
   * switches to a method that is widely used in the market (one the shopper
   * is more likely to hold): the market's acceptance, shifted on the logit
   * scale by the platform rating and by the alternative's preference share.
   */
  private alternativeAcceptance(mi: number, alt: number): number {
    const a = this.config.markets[mi]!.alternativePaymentAcceptance;
    if (a <= 0 || a >= 1 || alt < 0) return a;
    const logit = Math.log(a / (1 - a)) + this.b.altPaymentRatingWeight * (this.rating[mi]! - RATING_MIDPOINT) +
      this.b.altPaymentShareWeight * this.prefShare[mi * this.p + alt]!;
    return logistic(logit);
  }

  /** The offered methods most used in the market: a shopper's fallbacks. */
  private pickAlternatives(mi: number, mask: number): void {
    let first = -1;
    let second = -1;
    for (let k = 0; k < this.p; k++) {
      if (!(mask & (1 << k))) continue;
      const share = this.prefShare[mi * this.p + k]!;
      if (first < 0 || share > this.prefShare[mi * this.p + first]!) {
        second = first;
        first = k;
      } else if (second < 0 || share > this.prefShare[mi * this.p + second]!) {
        second = k;
      }
    }
    this.altFirst[mi] = first;
    this.altSecond[mi] = second;
  }

  private add(mi: number, counter: number, value: number): void {
    this.daily[this.row + mi * COUNTERS + counter]! += value;
  }

  /**
   * Today's visits of the shoppers between purchase candidates, in
   * expectation: visits form a Poisson process of intensity λ_i(d), so their
   * expected number is the market's sum of visit-rate multipliers times the
   * day's rate. Candidates (below) draw the purchases among those visits.
   */
  private countBrowsingVisits(): void {
    for (let mi = 0; mi < this.m; mi++) {
      this.add(mi, C.visits, Math.max(0, this.browsingRate[mi]!) * this.dayBound[mi]! * this.acceptScale[mi]!);
      this.add(mi, C.prospectVisits, Math.max(0, this.prospectRate[mi]!) * this.dayBound[mi]! * this.acceptScale[mi]!);
    }
  }

  /**
   * The range over the run of each lever term of the purchase utility, per
   * market and cohort, from the same terms the decisions use (leverTerms),
   * day by day. Levers and the calendar are known in advance; the rating is
   * not, so its term takes the whole 1..5 scale.
   */
  private measureEnvelope(): void {
    const b = this.b;
    const ratingTerm = Math.max(b.ratingWeight * (STARS_MAX - RATING_MIDPOINT), b.ratingWeight * (STARS_MIN - RATING_MIDPOINT));
    this.envelopeBase.fill(-Infinity);
    this.logPriceRange.fill(Infinity);
    this.promiseRange.fill(Infinity);
    for (let mi = 0; mi < this.m; mi++) {
      this.logPriceRange[mi * 2 + 1] = -Infinity;
      this.promiseRange[mi * 4 + 1] = this.promiseRange[mi * 4 + 3] = -Infinity;
    }
    for (let d = 0; d < this.config.days; d++) {
      this.levers.update(d);
      const lev = this.levers.row;
      for (let mi = 0; mi < this.m; mi++) {
        const o = mi * LEVER_SLOTS;
        this.leverTerms(mi);
        this.widen(this.logPriceRange, mi * 2, this.logPrice[mi]!);
        this.maxSpendPerDay = Math.max(this.maxSpendPerDay, lev[o + L.acquisitionSpend]!);
        this.couponTermMax[mi] = Math.max(this.couponTermMax[mi]!, this.couponTerm[mi]!);
        const share = lev[o + L.warehouseShare]!;
        const membership = lev[o + L.membershipEnabled]! > 0;
        for (const cohort of [0, 1]) {
          const member = cohort === 1 && membership;
          // Only the modes that sell today: a mode with no share never reaches a decision.
          const terms = mi * 4 + (member ? 2 : 0);
          if (share < 1) this.widen(this.promiseRange, (mi * 2 + cohort) * 2, this.promiseTerm[terms]!);
          if (share > 0) this.widen(this.promiseRange, (mi * 2 + cohort) * 2, this.promiseTerm[terms + 1]!);
          const base = b.purchaseIntercept + ratingTerm + (member ? b.memberLoyaltyWeight : 0) + this.returnTerm[mi * 2 + (member ? 1 : 0)]!;
          this.envelopeBase[mi * 2 + cohort] = Math.max(this.envelopeBase[mi * 2 + cohort]!, base);
        }
      }
    }
  }

  /** Widens the [low, high] pair at `at` to hold `value`. */
  private widen(range: Float64Array, at: number, value: number): void {
    range[at] = Math.min(range[at]!, value);
    range[at + 1] = Math.max(range[at + 1]!, value);
  }

  /**
   * An upper bound, over the whole run, of shopper i's purchase probability
   * at a visit. It changes only with trust, that is between two experiences,
   * so the engine recomputes it instead of storing it. The utility bound is
   * rounded up to a half unit: scenarios whose levers differ a little give
   * most shoppers the same bound, hence the same candidates and the same
   * random numbers (common random numbers survive small lever changes).
   */
  private purchaseBound(i: number, mi: number): number {
    const pop = this.pop;
    const r32 = i * REC_32;
    const cohort = pop.rec8[i * REC_8 + REC.flags]! & FLAG.member;
    const ps = pop.recF32[r32 + REC.priceSensitivity]!;
    const ds = pop.recF32[r32 + REC.deliverySensitivity]!;
    const pr = this.promiseRange;
    const k = (mi * 2 + cohort) * 2;
    // The market's reputation for lateness only ever adds to the expected
    // delivery, so the shopper's own part bounds it from below.
    const ownLateness = (1 - this.b.reputationWeight) * pop.rec16[i * REC_16 + REC.lateness]! / LATENESS_SCALE;
    const utility =
      this.envelopeBase[mi * 2 + cohort]! +
      this.b.trustWeight * (pop.recF32[r32 + REC.trust]! - 0.5) +
      (pop.rec8[i * REC_8 + REC.extra]! & EXTRA.coupon ? this.couponTermMax[mi]! : 0) +
      (pop.rec8[i * REC_8 + REC.extra]! & EXTRA.replacement ? this.b.replacementWeight : 0) +
      Math.max(-ps * this.logPriceRange[mi * 2]!, -ps * this.logPriceRange[mi * 2 + 1]!) +
      Math.max(-ds * pr[k]!, -ds * pr[k + 1]!) -
      ds * (Math.log1p(ownLateness) - this.logExpectedDays(i));
    return logistic(Math.ceil(utility * 2) / 2);
  }

  /** ln of shopper i's learned expected delivery days (the reference point of the delivery term). */
  private logExpectedDays(i: number): number {
    return Math.log(this.pop.rec16[i * REC_16 + REC.expectedDays]! / EXPECTED_DAYS_SCALE);
  }

  /**
   * The shopper's relative lateness to expect of a promise: its own learned
   * lateness, mixed with the platform's reputation in the market.
   */
  private expectedLateness(i: number, mi: number): number {
    const rho = this.b.reputationWeight;
    return (1 - rho) * this.pop.rec16[i * REC_16 + REC.lateness]! / LATENESS_SCALE + rho * this.reputation[mi]!;
  }

  /**
   * Days by which the delivery shopper i expects of a `promise` (the promise
   * stretched by the lateness it has learned to expect) exceeds the delivery
   * time it has come to expect: what makes an order less certain to come
   * when wanted (negative: sooner).
   */
  private expectedDelay(i: number, mi: number, promise: number): number {
    return promise * (1 + this.expectedLateness(i, mi)) - this.pop.rec16[i * REC_16 + REC.expectedDays]! / EXPECTED_DAYS_SCALE;
  }

  /**
   * The shopper's part of the delivery term, ln(expected delivery / learned
   * expectation) minus ln(promise): the promise is discounted by the
   * unreliability the shopper expects, and judged against the delivery time
   * the shopper has come to expect.
   */
  private deliveryShift(i: number, mi: number): number {
    return Math.log1p(this.expectedLateness(i, mi)) - this.logExpectedDays(i);
  }

  /**
   * Shopper i's purchase utility today for a mode (promise term index 0
   * direct, 1 warehouse); `shift` is deliveryShift(i, mi).
   */
  private utility(i: number, mi: number, member: boolean, warehouse: number, shift: number): number {
    const recF32 = this.pop.recF32;
    const r32 = i * REC_32;
    return (
      this.decisionBase[mi]! +
      this.b.trustWeight * (recF32[r32 + REC.trust]! - 0.5) -
      recF32[r32 + REC.priceSensitivity]! * this.logPrice[mi]! -
      recF32[r32 + REC.deliverySensitivity]! * (this.promiseTerm[mi * 4 + (member ? 2 : 0) + warehouse]! + shift) +
      (member ? this.b.memberLoyaltyWeight : 0) +
      this.returnTerm[mi * 2 + (member ? 1 : 0)]! +
      (this.pop.rec8[i * REC_8 + REC.extra]! & EXTRA.coupon ? this.couponTerm[mi]! : 0) +
      (this.pop.rec8[i * REC_8 + REC.extra]! & EXTRA.replacement ? this.b.replacementWeight : 0)
    );
  }

  private isMember(i: number, mi: number): boolean {
    return (this.pop.rec8[i * REC_8 + REC.flags]! & FLAG.member) !== 0 && this.levers.row[mi * LEVER_SLOTS + L.membershipEnabled]! > 0;
  }

  /**
   * A purchase candidate. Between experiences a shopper's visits form a
   * Poisson process of intensity λ_i(d), and each visit buys with
   * probability π_i(d) (the mix of the two modes); so purchasing visits form
   * a Poisson process of intensity λ_i·π_i, and the day of the first one is
   * drawn by thinning: candidates come at the bound intensity B_i·π̄_i
   * (B_i from §3.2, π̄_i the run-long bound of π_i) and a candidate on day d
   * is a purchase with probability (1 - e^(-λ_i π_i)) / (1 - e^(-B_i π̄_i)).
   * The visits that end without a purchase are counted in expectation
   * (countBrowsingVisits); none of them changes the shopper.
   */
  private candidate(i: number): void {
    const pop = this.pop;
    const mi = pop.rec8[i * REC_8 + REC.market]!;
    const vb = shopperBase(this.keyVisit, i, pop.recU32[i * REC_32 + REC.visitDraws]!++);
    const rate = pop.recF64[i * REC_F64 + REC.visitRate]!;
    const bound = this.purchaseBound(i, mi);
    const next = this.nextWake(mi, this.day, uniformAt(vb, V.next), rate * bound);
    const member = this.isMember(i, mi);
    const share = this.levers.row[mi * LEVER_SLOTS + L.warehouseShare]!;
    const shift = this.deliveryShift(i, mi);
    const direct = share < 1 ? logistic(this.utility(i, mi, member, 0, shift)) : 0;
    const warehouse = share > 0 ? logistic(this.utility(i, mi, member, 1, shift)) : 0;
    const buy = share * warehouse + (1 - share) * direct;
    const dayRate = rate * this.dayBound[mi]!;
    const accept = Math.expm1(-dayRate * this.acceptScale[mi]! * buy) / Math.expm1(-dayRate * bound);
    if (!(uniformAt(vb, V.accept) < accept)) return this.keepBrowsing(i, vb, next);
    // Which mode the purchasing visit was for: in proportion to its share of purchases.
    const fromWarehouse = uniformAt(vb, V.mode) * buy < share * warehouse;
    const prospect = !(pop.rec8[i * REC_8 + REC.extra]! & EXTRA.ordered);
    const ref = this.freeSlot(i);
    if (ref < 0 || !this.checkout(i, mi, ref, fromWarehouse, member)) return this.keepBrowsing(i, vb, next);
    if (prospect) this.prospectRate[mi]! -= rate;
    if (!this.concurrent) {
      this.browsingRate[mi]! -= rate;
      return;
    }
    // Visits go on; the order changed what bounds them (a coupon spent), so the next candidate comes from the new bound.
    this.keepBrowsing(i, vb, this.nextWake(mi, this.day, uniformAt(vb, V.next), rate * this.purchaseBound(i, mi)));
  }

  /** Which of shopper i's order references is free (0 without open orders), or -1 when the shopper has as many orders open as it can. */
  private freeSlot(i: number): number {
    if (!this.concurrent) return 0;
    const refs = i * REC_32 + REC.slotRefs;
    for (let k = 0; k < ORDER_SLOTS; k++) if (this.pop.recU32[refs + k] === 0) return k;
    return -1;
  }

  /**
   * The first visit after an experience, which comes sooner (recency): drawn
   * one by one as in §3.2. Whatever happens, the shopper goes on as above
   * from the next day, unless the visit ends in an order.
   */
  private firstVisit(i: number): void {
    const pop = this.pop;
    const r8 = i * REC_8;
    const mi = pop.rec8[r8 + REC.market]!;
    pop.rec8[r8 + REC.flags] = pop.rec8[r8 + REC.flags]! & ~FLAG.firstVisit;
    const vb = shopperBase(this.keyVisit, i, pop.recU32[i * REC_32 + REC.visitDraws]!++);
    const rate = pop.recF64[i * REC_F64 + REC.visitRate]!;
    if (uniformAt(vb, V.accept) < this.acceptScale[mi]!) {
      this.add(mi, C.visits, 1);
      const member = this.isMember(i, mi);
      const warehouse = uniformAt(vb, V.mode) < this.levers.row[mi * LEVER_SLOTS + L.warehouseShare]!;
      const utility = this.utility(i, mi, member, warehouse ? 1 : 0, this.deliveryShift(i, mi));
      const ref = this.freeSlot(i);
      const ordered = uniformAt(vb, V.purchase) < logistic(utility) && ref >= 0 && this.checkout(i, mi, ref, warehouse, member);
      if (ordered && !this.concurrent) return;
    }
    this.browsingRate[mi]! += rate;
    this.keepBrowsing(i, vb, this.nextWake(mi, this.day, uniformAt(vb, V.next), rate * this.purchaseBound(i, mi)));
  }

  /** A visit that reached the payment step; true when it ends in an order. */
  private checkout(i: number, mi: number, ref: number, warehouse: boolean, member: boolean): boolean {
    const block = this.pop.recU32[i * REC_32 + REC.orderDraws]!++;
    const ob = shopperBase(this.keyOrder, i, block);
    const promise = this.quoted[mi * 4 + (member ? 2 : 0) + (warehouse ? 1 : 0)]!;
    this.add(mi, C.checkouts, 1);
    const method = this.pay(i, mi, ob);
    if (method < 0) {
      this.add(mi, C.paymentAbandoned, 1);
      return false;
    }
    this.placeOrder(i, mi, ref, block, method, warehouse, member, promise);
    return true;
  }

  /** The method the order is paid with, or -1 when the shopper abandons. */
  private pay(i: number, mi: number, ob: number): number {
    const mask = this.levers.row[mi * LEVER_SLOTS + L.offeredMask]!;
    const preferred = this.pop.rec8[i * REC_8 + REC.preferredPayment]!;
    const failure = this.levers.pay.failureRate;
    const fo = mi * this.p;
    // Some checkouts are lost whatever the method (extra costs, errors, second thoughts).
    if (uniformAt(ob, U.friction) < this.b.checkoutFriction) return -1;
    if (mask & (1 << preferred) && uniformAt(ob, U.payFail) >= failure[fo + preferred]!) return preferred;
    const second = this.altFirst[mi] === preferred ? 1 : 0;
    const alt = second ? this.altSecond[mi]! : this.altFirst[mi]!;
    if (alt < 0) return -1;
    if (uniformAt(ob, U.altAccept) >= this.altAccept[mi * 2 + second]!) return -1;
    if (uniformAt(ob, U.altFail) < failure[fo + alt]!) return -1;
    return alt;
  }

  private placeOrder(i: number, mi: number, ref: number, block: number, method: number, warehouse: boolean, member: boolean, promise: number): void {
    const { pop, b, day } = this;
    const ob = shopperBase(this.keyOrder, i, block);
    const lev = this.levers.row;
    const o = mi * LEVER_SLOTS;
    const market = this.config.markets[mi]!;
    const sv = b.orderValueSpread;
    const price = lev[o + L.priceIndex]!;
    // Trust raises what a shopper puts in the basket (Ba & Pavlou 2002: trusted sellers earn price premiums).
    let basket =
      market.orderValue * Math.exp(sv * normalAt(uniformAt(ob, U.value1)) - (sv * sv) / 2) *
      Math.exp(b.orderValueTrustWeight * (pop.recF32[i * REC_32 + REC.trust]! - 0.5));
    if (b.orderValueDeliveryWeight !== 0) basket *= Math.exp(-b.orderValueDeliveryWeight * this.expectedDelay(i, mi, promise));
    const value = basket * price;
    // The goods cost what they cost at the reference price, whatever the price index.
    const goodsCost = basket * (1 - lev[o + L.grossMarginShare]!);
    this.add(mi, C.orders, 1);
    this.add(mi, C.gmv, value);
    if (pop.rec8[i * REC_8 + REC.flags]! & FLAG.member) {
      this.add(mi, C.memberOrders, 1);
      this.add(mi, C.memberGmv, value);
    }
    if (member) this.add(mi, C.memberBenefitCost, lev[o + L.memberBenefitCost]!);
    this.add(mi, C.paymentCost, value * this.levers.pay.feeShare[mi * this.p + method]!);
    this.add(mi, C.grossMargin, value - goodsCost);
    this.add(mi, C.goodsCost, goodsCost);
    this.add(mi, C.logisticsCost, (warehouse ? lev[o + L.whCost]! : lev[o + L.dmCost]!) * market.deliveryCostMultiplier);
    if (warehouse) this.add(mi, C.warehouseCost, goodsCost * lev[o + L.whHoldingCostShare]!);
    let extra = pop.rec8[i * REC_8 + REC.extra]!;
    if (!(extra & EXTRA.ordered)) this.add(mi, C.firstOrders, 1);
    if (extra & EXTRA.arrived) {
      this.add(mi, C.newShopperOrders, 1);
      this.add(mi, C.newShopperGmv, value);
    }
    extra |= EXTRA.ordered;
    if (extra & EXTRA.replacement) {
      this.add(mi, C.replacementOrders, 1);
      extra &= ~EXTRA.replacement;
    }
    if (extra & EXTRA.coupon) {
      // The delay coupon is spent on this order: its cost falls now, not when it was sent.
      this.add(mi, C.couponsRedeemed, 1);
      this.add(mi, C.compensationPaid, Math.min(lev[o + L.couponValue]!, value));
      extra &= ~EXTRA.coupon;
    }
    pop.rec8[i * REC_8 + REC.extra] = extra;
    let bits = ORDER.open | ORDER.inTransit;
    if (uniformAt(ob, U.refuse) < this.levers.pay.refusalRate[mi * this.p + method]!) bits |= ORDER.refuse;
    const mu = warehouse ? lev[o + L.whMu]! : lev[o + L.dmMu]!;
    const sigma = warehouse ? lev[o + L.whSigma]! : lev[o + L.dmSigma]!;
    let transit = Math.exp(mu + sigma * normalAt(uniformAt(ob, U.transit1)));
    transit *= warehouse ? lev[o + L.whTransitMultiplier]! : lev[o + L.dmTransitMultiplier]!;
    if (member) transit *= lev[o + L.memberDeliveryFactor]!;
    const transitDays = Math.max(1, Math.ceil(transit));
    this.countRepurchase(i, mi);
    pop.recI32[i * REC_32 + REC.lastOrderDay] = day;
    if (warehouse) bits |= ORDER.warehouse;
    const cancelAfter = Math.max(1, Math.ceil(b.cancelLateFactor * promise));
    if (transitDays > cancelAfter) bits |= ORDER.cancel;
    const order = this.openOrder(i, ref, block, toFixed16(promise, 1), value, bits);
    this.orderEventAt(i, order, day + Math.min(transitDays, cancelAfter));
    this.inTransit[mi]!++;
  }

  // An open order's fields: in the record (one open order, s = 0) or in its
  // order-table slot s (with open orders).

  /** Opens an order of shopper i, placed today, under its free reference k (see freeSlot); the order's s. */
  private openOrder(i: number, k: number, block: number, promisedDays: number, value: number, bits: number): number {
    const pop = this.pop;
    let s = 0;
    if (this.concurrent) {
      s = pop.takeSlot(i);
      pop.recU32[i * REC_32 + REC.slotRefs + k] = s + 1;
      const o = s * SLOT_32;
      pop.slotI32[o + SLOT.day] = this.day;
      pop.slotU32[o + SLOT.block] = block;
      pop.slotF32[o + SLOT.value] = value;
      pop.slot16[o * 2 + SLOT.promisedDays] = promisedDays;
    } else {
      pop.rec16[i * REC_16 + REC.promisedDays] = promisedDays;
      pop.recF32[i * REC_32 + REC.orderValue] = value;
    }
    this.setOrderBits(i, s, bits);
    return s;
  }

  private orderBits(i: number, s: number): number {
    const pop = this.pop;
    if (this.concurrent) return pop.slot8[s * SLOT_32 * 4 + SLOT.bits]!;
    const refuse = pop.rec8[i * REC_8 + REC.extra]! & EXTRA.refuse ? ORDER.refuse : 0;
    return (pop.rec8[i * REC_8 + REC.flags]! & ORDER_IN_FLAGS) | refuse;
  }

  private setOrderBits(i: number, s: number, bits: number): void {
    const pop = this.pop;
    if (this.concurrent) {
      pop.slot8[s * SLOT_32 * 4 + SLOT.bits] = bits;
      if (!(bits & ORDER.open)) this.closeSlot(i, s);
      return;
    }
    const r8 = i * REC_8;
    pop.rec8[r8 + REC.flags] = (pop.rec8[r8 + REC.flags]! & ~ORDER_IN_FLAGS) | (bits & ORDER_IN_FLAGS);
    pop.rec8[r8 + REC.extra] = bits & ORDER.refuse ? pop.rec8[r8 + REC.extra]! | EXTRA.refuse : pop.rec8[r8 + REC.extra]! & ~EXTRA.refuse;
  }

  /** Gives order-table slot s of shopper i back: its order is over. */
  private closeSlot(i: number, s: number): void {
    const refs = i * REC_32 + REC.slotRefs;
    for (let k = 0; k < ORDER_SLOTS; k++) if (this.pop.recU32[refs + k] === s + 1) this.pop.recU32[refs + k] = 0;
    this.pop.releaseSlot(s);
  }

  private orderDay(i: number, s: number): number {
    return this.concurrent ? this.pop.slotI32[s * SLOT_32 + SLOT.day]! : this.pop.recI32[i * REC_32 + REC.lastOrderDay]!;
  }

  /** The block of the shopper's order stream that the order's draws come from. */
  private orderBlock(i: number, s: number): number {
    return this.concurrent ? this.pop.slotU32[s * SLOT_32 + SLOT.block]! : this.pop.recU32[i * REC_32 + REC.orderDraws]! - 1;
  }

  private promisedDays(i: number, s: number): number {
    return this.concurrent ? this.pop.slot16[s * SLOT_32 * 2 + SLOT.promisedDays]! : this.pop.rec16[i * REC_16 + REC.promisedDays]!;
  }

  private orderValue(i: number, s: number): number {
    return this.concurrent ? this.pop.slotF32[s * SLOT_32 + SLOT.value]! : this.pop.recF32[i * REC_32 + REC.orderValue]!;
  }

  /** Satisfaction carried to the end of an after-sales case (an order slot keeps it where the value was: a case no longer needs it). */
  private pendingSatisfaction(i: number, s: number): number {
    return this.concurrent ? this.pop.slotF32[s * SLOT_32 + SLOT.value]! : this.pop.recF32[i * REC_32 + REC.pendingSatisfaction]!;
  }

  private setPendingSatisfaction(i: number, s: number, satisfaction: number): void {
    if (this.concurrent) this.pop.slotF32[s * SLOT_32 + SLOT.value] = satisfaction;
    else this.pop.recF32[i * REC_32 + REC.pendingSatisfaction] = satisfaction;
  }

  /**
   * Counts the buyer of today's order in its repurchase window, and for a
   * repeat order the days since the buyer's previous order in the window.
   * Gaps reaching back into an earlier window are left out: shoppers present
   * at day 0 have no orders before it, so such gaps would lengthen with the
   * run instead of settling (docs/model.md §5). Called while lastOrderDay
   * still holds the previous order's day.
   */
  private countRepurchase(i: number, mi: number): void {
    const { pop, day } = this;
    const w = this.config.repurchaseWindowDays;
    const warm = this.config.warmupDays;
    const last = pop.recI32[i * REC_32 + REC.lastOrderDay]!;
    const sameWindow = Math.floor((last - warm) / w) === Math.floor((day - warm) / w);
    if (sameWindow) this.add(mi, C.repeatOrderGapDays, day - last);
    const count = sameWindow ? Math.min(255, pop.rec8[i * REC_8 + REC.windowOrders]! + 1) : 1;
    pop.rec8[i * REC_8 + REC.windowOrders] = count;
    const member = (pop.rec8[i * REC_8 + REC.flags]! & FLAG.member) !== 0;
    const arrived = (pop.rec8[i * REC_8 + REC.extra]! & EXTRA.arrived) !== 0;
    if (count === 1) {
      this.add(mi, C.buyers, 1);
      if (member) this.add(mi, C.memberBuyers, 1);
      if (arrived) this.add(mi, C.newBuyers, 1);
    } else if (count === 2) {
      this.add(mi, C.repeatBuyers, 1);
      if (member) this.add(mi, C.memberRepeatBuyers, 1);
      if (arrived) this.add(mi, C.newRepeatBuyers, 1);
    }
  }

  /** The next event of shopper i's order slot s: delivery, cancellation or the end of a case. */
  private event(i: number, s: number): void {
    const { pop } = this;
    const mi = pop.rec8[i * REC_8 + REC.market]!;
    const bits = this.orderBits(i, s);
    const ob = shopperBase(this.keyOrder, i, this.orderBlock(i, s));
    if (!(bits & ORDER.inTransit)) {
      this.finish(i, mi, s, ob, this.pendingSatisfaction(i, s), (bits & ORDER.returnCase) !== 0);
      return;
    }
    this.setOrderBits(i, s, bits & ~ORDER.inTransit);
    this.inTransit[mi]!--;
    if (bits & ORDER.cancel) this.cancel(i, mi, s, ob);
    else this.deliver(i, mi, s, ob);
  }

  /**
   * Expectation-disconfirmation of a delivery after `actual` days, against
   * the promise and the expectation the shopper held when ordering; then the
   * shopper learns from it (learnDelivery).
   */
  private judgeDelivery(i: number, mi: number, slot: number, actual: number): number {
    const b = this.b;
    const promise = this.promisedDays(i, slot);
    const expected = this.pop.rec16[i * REC_16 + REC.expectedDays]! / EXPECTED_DAYS_SCALE;
    const s =
      b.baseSatisfaction +
      b.promiseWeight * disconfirm((promise - actual) / promise, b.lossAversion) +
      b.expectationWeight * disconfirm((expected - actual) / expected, b.lossAversion);
    this.learnDelivery(i, mi, actual, promise, expected);
    return s;
  }

  /**
   * Adaptation (Helson's adaptation level; Oliver 1980): the expected
   * delivery days move part of the way towards this delivery and towards
   * the market's reference standard (domestic e-commerce), and the expected
   * lateness of promises towards this one's. The market's reputation for
   * lateness gathers the day's deliveries (closeDay).
   */
  private learnDelivery(i: number, mi: number, actual: number, promise: number, expected: number): void {
    const { b, pop } = this;
    const late = actual > promise ? (actual - promise) / promise : 0;
    this.latenessToday[mi]! += late;
    this.deliveriesToday[mi]!++;
    const reference = this.config.markets[mi]!.referenceDeliveryDays;
    const days = expected + b.expectationLearning * (actual - expected) + b.referencePull * (reference - expected);
    pop.rec16[i * REC_16 + REC.expectedDays] = toFixed16(days, EXPECTED_DAYS_SCALE);
    const l = i * REC_16 + REC.lateness;
    const lateness = pop.rec16[l]! / LATENESS_SCALE;
    pop.rec16[l] = toFixed16(lateness + b.expectationLearning * (late - lateness), LATENESS_SCALE);
  }

  private cancel(i: number, mi: number, s: number, ob: number): void {
    const value = this.orderValue(i, s);
    this.add(mi, C.cancelled, 1);
    this.refund(mi, value);
    const actual = this.day - this.orderDay(i, s);
    this.finish(i, mi, s, ob, this.judgeDelivery(i, mi, s, actual) - this.b.cancelPenalty, false);
  }

  /** Money back for goods the platform gets back: the sale's margin and the goods' cost are undone (at today's levers). */
  private refund(mi: number, value: number): void {
    const lev = this.levers.row;
    const o = mi * LEVER_SLOTS;
    const goodsCost = (value / lev[o + L.priceIndex]!) * (1 - lev[o + L.grossMarginShare]!);
    this.add(mi, C.refunds, value);
    this.add(mi, C.grossMargin, goodsCost - value);
    this.add(mi, C.goodsCost, -goodsCost);
  }

  private deliver(i: number, mi: number, s: number, ob: number): void {
    const { pop, b, day } = this;
    const lev = this.levers.row;
    const o = mi * LEVER_SLOTS;
    if (this.orderBits(i, s) & ORDER.refuse) return this.refuse(i, mi, s);
    const actual = day - this.orderDay(i, s);
    const promise = this.promisedDays(i, s);
    this.add(mi, C.delivered, 1);
    this.add(mi, C.deliveryDaysSum, actual);
    if (day >= this.config.warmupDays) this.deliveryHistogram[mi * DELIVERY_BINS + Math.min(actual, DELIVERY_BINS - 1)]!++;
    let satisfaction = this.judgeDelivery(i, mi, s, actual);
    if (actual <= promise) {
      this.add(mi, C.onTime, 1);
    } else {
      this.add(mi, C.late, 1);
      let complaintChance = b.complaintPerLateness * ((actual - promise) / promise);
      if (lev[o + L.compensationEnabled]! > 0) {
        const coupon = lev[o + L.couponValue]!;
        // The coupon is held until the next order (a reason to come back) and costs only when redeemed.
        this.add(mi, C.coupons, 1);
        pop.rec8[i * REC_8 + REC.extra]! |= EXTRA.coupon;
        satisfaction += b.compensationWeight * Math.min(1, coupon / this.orderValue(i, s));
        complaintChance *= b.complaintAfterCoupon;
      }
      if (uniformAt(ob, U.complaint) < complaintChance) {
        this.add(mi, C.complaints, 1);
        this.add(mi, C.afterSalesCost, this.contactCost(o));
      }
    }
    const match = uniformAt(ob, U.problem);
    if (match < lev[o + L.problemRate]!) this.openCase(i, mi, s, ob, satisfaction);
    else if (match < this.noReasonCut[mi]! && this.returnsFree(i, mi)) this.returnWithoutReason(i, mi, s, satisfaction);
    else this.finish(i, mi, s, ob, satisfaction, false);
  }

  private returnsFree(i: number, mi: number): boolean {
    const o = mi * LEVER_SLOTS;
    const lev = this.levers.row;
    return lev[o + L.freeReturnWindowDays]! > 0 || (this.isMember(i, mi) && lev[o + L.memberFreeReturns]! > 0);
  }

  /**
   * A problem-free item sent back under a free no-reason policy: a return
   * without the problem's hit. The problem draw is read as how well the item
   * matches what the shopper expected (a standard normal, low = worse): a
   * problem below the problem rate's cut, a no-reason return up to
   * b.noReasonReturnMargin above it (noReasonCut), so better descriptions
   * (a lower problem rate) cut both.
   */
  private returnWithoutReason(i: number, mi: number, slot: number, satisfaction: number): void {
    this.add(mi, C.noReasonReturns, 1);
    this.awaitCase(i, mi, slot, satisfaction, this.sendBack(i, mi, slot, true), this.b.refundWaitWeight);
  }

  /** The item goes back for a refund; returns the days until the refund. */
  private sendBack(i: number, mi: number, slot: number, free: boolean): number {
    const o = mi * LEVER_SLOTS;
    const lev = this.levers.row;
    this.add(mi, C.returns, 1);
    this.refund(mi, this.orderValue(i, slot));
    this.add(mi, C.afterSalesCost, lev[o + L.returnCost]!);
    if (free) this.add(mi, C.returnShippingCost, lev[o + L.returnShippingCost]!);
    this.setOrderBits(i, slot, this.orderBits(i, slot) | ORDER.returnCase);
    return this.refundDays(o);
  }

  /** Days from sending a return to its refund, at today's levers. */
  private refundDays(o: number): number {
    const lev = this.levers.row;
    return lev[o + L.returnCycleDays]! * (lev[o + L.localReturnPoints]! > 0 ? 1 - this.b.localReturnSaving : 1);
  }

  /**
   * A cash-on-delivery parcel refused at the door: no sale, the parcel goes
   * back at the reverse-logistics cost, and the shopper, who never had the
   * item, shops on without rating or learning from it.
   */
  private refuse(i: number, mi: number, s: number): void {
    this.add(mi, C.refusedAtDoor, 1);
    this.refund(mi, this.orderValue(i, s));
    this.add(mi, C.refusalCost, this.levers.row[mi * LEVER_SLOTS + L.returnCost]!);
    this.setOrderBits(i, s, 0);
    if (this.pop.rec8[i * REC_8 + REC.flags]! & FLAG.churned) return;
    this.stopBrowsing(i, mi);
    this.shopAgain(i, mi);
  }

  private contactCost(o: number): number {
    const lev = this.levers.row;
    const ai = lev[o + L.aiShare]!;
    return ai * lev[o + L.aiTicketCost]! + (1 - ai) * lev[o + L.humanTicketCost]!;
  }

  /** A problem: the shopper returns the item or opens a ticket. */
  private openCase(i: number, mi: number, slot: number, ob: number, satisfaction: number): void {
    const b = this.b;
    const lev = this.levers.row;
    const o = mi * LEVER_SLOTS;
    this.add(mi, C.problems, 1);
    const free = this.returnsFree(i, mi);
    let sat = satisfaction - b.problemPenalty;
    let caseDays: number;
    let waitWeight = b.resolutionWeight;
    if (uniformAt(ob, U.returnOrTicket) < (free ? b.returnPropensityFree : b.returnPropensityPaid)) {
      caseDays = this.sendBack(i, mi, slot, free);
      if (!free) sat -= b.paidReturnPenalty;
      waitWeight = b.refundWaitWeight;
    } else {
      this.add(mi, C.tickets, 1);
      const ai = uniformAt(ob, U.ai) < lev[o + L.aiShare]!;
      const responseHours = ai ? AI_RESPONSE_HOURS : -lev[o + L.firstResponseHours]! * Math.log(1 - uniformAt(ob, U.response));
      this.add(mi, C.firstResponseHoursSum, responseHours);
      this.add(mi, C.afterSalesCost, ai ? lev[o + L.aiTicketCost]! : lev[o + L.humanTicketCost]!);
      const expected = this.config.markets[mi]!.expectedFirstResponseHours;
      sat += b.responseWeight * disconfirm((expected - responseHours) / expected, b.lossAversion);
      caseDays = -lev[o + L.resolutionDays]! * (ai ? b.aiResolutionFactor : 1) * Math.log(1 - uniformAt(ob, U.resolution));
    }
    this.awaitCase(i, mi, slot, sat, caseDays, waitWeight);
  }

  /** The case closes in caseDays; the experience's satisfaction `sat` then counts the wait against the shopper's patience. */
  private awaitCase(i: number, mi: number, slot: number, sat: number, caseDays: number, waitWeight: number): void {
    const patience = this.pop.recF32[i * REC_32 + REC.patienceDays]!;
    this.add(mi, C.cases, 1);
    this.add(mi, C.resolutionDaysSum, caseDays);
    this.setPendingSatisfaction(i, slot, sat + waitWeight * disconfirm((patience - caseDays) / patience, this.b.lossAversion));
    this.orderEventAt(i, slot, this.day + Math.max(1, Math.ceil(caseDays)));
    // The delivery changed what the shopper expects (and maybe gave a coupon): visits go on from the new bound.
    if (this.concurrent) this.rebrowse(i, mi);
  }

  /** The experience is over: rate it, learn from it, maybe churn, then shop again. */
  private finish(i: number, mi: number, slot: number, ob: number, s: number, returned: boolean): void {
    const { pop, b } = this;
    this.rate(mi, ob, s, returned);
    // A promoter: an experience good enough for five stars before rating noise.
    if (s > b.ratingCuts[3]) this.promotersToday[mi]!++;
    this.setOrderBits(i, slot, 0);
    // A shopper who left (churned or lapsed) with an order open still judges and rates it.
    const left = (pop.rec8[i * REC_8 + REC.flags]! & FLAG.churned) !== 0;
    if (!left) this.stopBrowsing(i, mi);
    // Trust moves part of the way towards this experience (0..1 on a logistic
    // scale): it stays bounded and forgets old experiences.
    const t = i * REC_32 + REC.trust;
    pop.recF32[t] = pop.recF32[t]! + b.trustLearning * (logistic(s) - pop.recF32[t]!);
    pop.recF64[i * REC_F64 + REC.visitRate] = this.visitRate(i);
    if (left) return;
    let churnChance = b.churnBase;
    if (s < b.badThreshold) {
      const bad = Math.min(255, pop.rec8[i * REC_8 + REC.badExperiences]! + 1);
      pop.rec8[i * REC_8 + REC.badExperiences] = bad;
      churnChance += b.churnPerBad * bad;
    }
    // Returned, the item's need is still there (returns raise later buying:
    // Petersen & Kumar 2009): the shopper seeks a replacement, unless the
    // refund took longer than it would wait.
    if (returned && b.replacementWeight > 0 && this.refundDays(mi * LEVER_SLOTS) <= pop.recF32[i * REC_32 + REC.patienceDays]!) {
      pop.rec8[i * REC_8 + REC.extra]! |= EXTRA.replacement;
    }
    if (uniformAt(ob, U.churn) < churnChance) {
      const member = this.leave(i, mi);
      if (member) this.members[mi]!--;
      this.add(mi, C.churned, 1);
      return;
    }
    this.shopAgain(i, mi);
  }

  /** Back to shopping after an order or case: the first visit comes sooner (recency). */
  private shopAgain(i: number, mi: number): void {
    const pop = this.pop;
    pop.rec8[i * REC_8 + REC.flags] = (pop.rec8[i * REC_8 + REC.flags]! & (FLAG.member | ORDER_IN_FLAGS)) | FLAG.firstVisit;
    // A lapse drawn for the visits this first visit replaces is drawn afresh after it.
    pop.rec8[i * REC_8 + REC.extra]! &= ~EXTRA.lapse;
    const vb = shopperBase(this.keyVisit, i, pop.recU32[i * REC_32 + REC.visitDraws]!++);
    this.browseAt(i, this.nextWake(mi, this.day, uniformAt(vb, 0), pop.recF64[i * REC_F64 + REC.visitRate]! * (1 + this.b.recencyBoost)));
  }

  /**
   * With open orders, a browsing shopper leaves the browsing sum before an
   * experience changes its rates (it comes back at its first visit);
   * a shopper waiting for that first visit is not in it.
   */
  private stopBrowsing(i: number, mi: number): void {
    if (!this.concurrent || this.pop.rec8[i * REC_8 + REC.flags]! & FLAG.firstVisit) return;
    this.browsingRate[mi]! -= this.pop.recF64[i * REC_F64 + REC.visitRate]!;
  }

  /**
   * A browsing shopper whose purchase bound changed (a delivery taught it
   * something, a coupon came) draws its next candidate afresh from today:
   * the candidates are a Poisson process, so nothing is owed to the old draw.
   */
  private rebrowse(i: number, mi: number): void {
    const pop = this.pop;
    if (pop.rec8[i * REC_8 + REC.flags]! & (FLAG.churned | FLAG.firstVisit)) return;
    pop.rec8[i * REC_8 + REC.extra]! &= ~EXTRA.lapse;
    const vb = shopperBase(this.keyVisit, i, pop.recU32[i * REC_32 + REC.visitDraws]!++);
    const rate = pop.recF64[i * REC_F64 + REC.visitRate]!;
    this.keepBrowsing(i, vb, this.nextWake(mi, this.day, uniformAt(vb, V.next), rate * this.purchaseBound(i, mi)));
  }

  /** Not every shopper rates; the very pleased and the very annoyed rate more. */
  private rate(mi: number, ob: number, s: number, returned: boolean): void {
    const b = this.b;
    const post = b.ratingResponse + b.ratingExtremity * Math.abs(s);
    if (uniformAt(ob, U.ratePost) >= post) return;
    const u = uniformAt(ob, U.rateNoise);
    const y = s + b.ratingNoise * Math.log((u + 1e-12) / (1 - u + 1e-12));
    const cuts = b.ratingCuts;
    const stars = 1 + (y > cuts[0] ? 1 : 0) + (y > cuts[1] ? 1 : 0) + (y > cuts[2] ? 1 : 0) + (y > cuts[3] ? 1 : 0);
    this.add(mi, C.ratings, 1);
    this.add(mi, C.ratingSum, stars);
    if (stars >= 4) this.add(mi, C.ratings45, 1);
    if (returned) {
      this.add(mi, C.returnRatings, 1);
      if (stars >= 4) this.add(mi, C.returnRatings45, 1);
    }
  }

  /** Levels for the day, and the market ratings that word of mouth carries. */
  private closeDay(): void {
    const decay = Math.pow(0.5, 1 / this.b.ratingHalfLifeDays);
    const lev = this.levers.row;
    for (let mi = 0; mi < this.m; mi++) {
      const o = this.row + mi * COUNTERS;
      const lo = mi * LEVER_SLOTS;
      // A warehouse costs its fixed running cost every day it holds the market's stock.
      if (lev[lo + L.warehouseShare]! > 0) this.add(mi, C.warehouseCost, lev[lo + L.whFixedCostPerDay]!);
      if (lev[lo + L.membershipEnabled]! > 0) this.add(mi, C.membershipFees, (this.members[mi]! * lev[lo + L.memberFeePerYear]!) / DAYS_PER_YEAR);
      this.daily[o + C.members] = this.members[mi]!;
      this.daily[o + C.activeShoppers] = this.active[mi]!;
      this.daily[o + C.inTransit] = this.inTransit[mi]!;
      const w = this.ratingWeight[mi]! * decay;
      const n = this.daily[o + C.ratings]!;
      this.rating[mi] = (this.rating[mi]! * w + this.daily[o + C.ratingSum]!) / (w + n);
      this.ratingWeight[mi] = w + n;
      this.ratingSeries[this.day * this.m + mi] = this.rating[mi]!;
      // Tomorrow's referrals: today's promoters share, more so on a well-rated platform.
      this.referralRate[mi] =
        this.b.referralsPerPromoter * this.promotersToday[mi]! * Math.exp(this.b.referralRatingWeight * (this.rating[mi]! - RATING_MIDPOINT));
      this.promotersToday[mi] = 0;
      const r = this.reputationMemory[mi]! * decay;
      const delivered = this.deliveriesToday[mi]!;
      this.reputation[mi] = (this.reputation[mi]! * r + this.latenessToday[mi]!) / (r + delivered);
      this.reputationMemory[mi] = r + delivered;
      this.latenessToday[mi] = this.deliveriesToday[mi] = 0;
    }
  }
}

/** A Poisson draw with mean `mean` (inversion for small means, a normal approximation for large ones). */
function poisson(stream: AleaGenerator, mean: number): number {
  if (!(mean > 0)) return 0;
  if (mean > 50) return Math.max(0, Math.round(mean + Math.sqrt(mean) * normalQuantile(stream.next())));
  let k = 0;
  let p = Math.exp(-mean);
  let cumulative = p;
  const u = stream.next();
  while (u > cumulative && k < 1000) {
    k++;
    p *= mean / k;
    cumulative += p;
  }
  return k;
}
