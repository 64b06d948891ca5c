// The typed configuration of one simulation: markets, levers, timeline and
// behavioural parameters. Scenario files (packages/scenario) compile to this.

import type { Behaviour, DayValue, Levers, PaymentMethodOffer } from './lever-table.ts';

export type { Behaviour, DayValue, Levers, PaymentMethodOffer } from './lever-table.ts';

/** An 80% range: 10% of draws fall below `p10`, 10% above `p90`. */
export type DaysRange = Levers['directMail']['deliveryDays'];
export type FulfilmentMode = Levers['directMail'];
export type AfterSales = Levers['afterSales'];
export type Compensation = Levers['compensation'];
export type Membership = Levers['membership'];

type DeepPartial<T> = { [K in keyof T]?: T[K] extends DayValue ? T[K] : DeepPartial<T[K]> };

/**
 * A partial override of levers, as used by markets and the timeline. A payment
 * method set to null is withdrawn.
 */
export type LeverPatch = DeepPartial<Omit<Levers, 'paymentMethods'>> & {
  paymentMethods?: Record<string, Partial<PaymentMethodOffer> | null>;
};

export interface CalendarPeriod {
  name: string;
  /** First day of the period (0-based day of the run). */
  startDay: number;
  /** Length in days. */
  days: number;
  /** Multiplier on visit rates during the period. */
  visitMultiplier: number;
}

export interface Market {
  id: string;
  name: string;
  /** Share of the shopper population, 0..1; all markets sum to 1. */
  shopperShare: number;
  /** Mean order value at price index 1, currency units. */
  orderValue: number;
  /** Visits per shopper per day for a shopper of average loyalty. */
  visitsPerDay: number;
  /** Share of shoppers preferring each payment method; sums to 1. */
  paymentPreferences: Record<string, number>;
  /** Probability a shopper accepts an offered alternative payment method. */
  alternativePaymentAcceptance: number;
  /**
   * Delivery time a shopper here expects before any experience of the
   * platform, days: where each shopper's learned expectation starts.
   */
  expectedDeliveryDays: number;
  /**
   * The reference standard, days: how fast domestic e-commerce delivers in
   * this market. Learned expectations are pulled towards it; it falls (the
   * standard rises) over the years.
   */
  referenceDeliveryDays: number;
  /** First-response time shoppers here expect, hours. */
  expectedFirstResponseHours: number;
  /** Resolution time shoppers here tolerate on average, days. */
  toleratedResolutionDays: number;
  /** Mean price sensitivity (logit weight on log price index). */
  priceSensitivity: number;
  /** Mean delivery-time sensitivity (logit weight on log expected delivery / learned expectation). */
  deliverySensitivity: number;
  /** Multiplier on logistics cost (remote regions pay about 3x). */
  deliveryCostMultiplier: number;
  /** Festivals and seasons. */
  calendar: CalendarPeriod[];
  /** Lever overrides for this market. */
  levers?: LeverPatch;
}

export interface Intervention {
  kind: 'intervention';
  day: number;
  /** Markets affected; all when absent. */
  markets?: string[];
  /** Levers changed from this day on. */
  levers: LeverPatch;
  label?: string;
}

export interface Disruption {
  kind: 'disruption';
  startDay: number;
  days: number;
  /** Multiplier on transit times of orders shipped in the period. */
  transitMultiplier: number;
  /** Share of the extra transit time that warehouse orders suffer, 0..1. */
  warehouseExposure: number;
  markets?: string[];
  label?: string;
}

export interface Festival {
  kind: 'festival';
  startDay: number;
  days: number;
  visitMultiplier: number;
  markets?: string[];
  label?: string;
}

export type TimelineEvent = Intervention | Disruption | Festival;

export interface SimConfig {
  name: string;
  description?: string;
  /** Days simulated. */
  days: number;
  /** Number of shoppers. */
  shoppers: number;
  /** Default seed when the caller gives none. */
  seed: number;
  /** Days at the start excluded from whole-run KPIs. */
  warmupDays: number;
  /** Length of the repurchase window, days. */
  repurchaseWindowDays: number;
  /** Share of shoppers who are (or would be) members of the programme, 0..1. */
  memberShare: number;
  markets: Market[];
  levers: Levers;
  timeline: TimelineEvent[];
  behaviour: Behaviour;
}
