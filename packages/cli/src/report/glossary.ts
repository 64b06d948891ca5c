// Plain names, units, one-line definitions and the better direction of every KPI and
// daily series, so tables and charts read to a strategist without the code at hand.
import { KPI_ROWS, type Better, type DailyRow, type Kpis } from '@shopsim/core';
import { KPI_INFO } from '../format.ts';

export type KpiName = keyof Kpis;
export type { Better } from '@shopsim/core';

export interface KpiGlossaryEntry {
  label: string;
  unit: string;
  digits: number;
  percent: boolean;
  definition: string;
  better: Better;
  /** Adds up over markets (counts and money), so all markets dwarfs each market on one axis. */
  additive: boolean;
}


export const KPI_GLOSSARY: Record<KpiName, KpiGlossaryEntry> = Object.fromEntries(
  KPI_ROWS.map(({ name: k, description: definition, better }) => {
    const info = KPI_INFO[k];
    const additive = (info.unit === 'count' || info.unit === 'currency') && k !== 'averageOrderValue';
    return [k, { label: info.label, unit: info.unit, digits: info.digits, percent: info.percent ?? false, definition, better, additive }];
  }),
) as Record<KpiName, KpiGlossaryEntry>;

export type DailyField = Exclude<keyof DailyRow, 'day' | 'market'>;

export interface DailyGlossaryEntry {
  label: string;
  /** Axis label with the unit, e.g. "Orders per day". */
  axis: string;
  percent: boolean;
  /** A count that adds up over markets (no "all markets" line beside the markets). */
  additive: boolean;
  /** A level at the end of the day rather than a flow, so its axis need not start at 0. */
  level?: boolean;
  definition: string;
}

export const DAILY_GLOSSARY: Record<DailyField, DailyGlossaryEntry> = {
  visits: { label: 'Visits', axis: 'Visits per day', percent: false, additive: true, definition: 'Shopper visits per day.' },
  orders: { label: 'Orders', axis: 'Orders per day', percent: false, additive: true, definition: 'Paid orders per day.' },
  gmv: { label: 'GMV', axis: 'GMV per day (currency)', percent: false, additive: true, definition: 'Gross merchandise value of the day’s paid orders.' },
  conversionRate: { label: 'Conversion rate', axis: 'Conversion (% of visits)', percent: true, additive: false, definition: 'Paid orders per visit that day.' },
  paymentAbandonment: { label: 'Payment abandonment', axis: 'Abandoned (% of checkouts)', percent: true, additive: false, definition: 'Checkouts abandoned at the payment step that day.' },
  delivered: { label: 'Delivered', axis: 'Deliveries per day', percent: false, additive: true, definition: 'Orders delivered that day.' },
  meanDeliveryDays: { label: 'Delivery time', axis: 'Mean delivery time (days)', percent: false, additive: false, definition: 'Mean days from order to delivery of the parcels delivered that day.' },
  onTimeRate: { label: 'On time', axis: 'On time (% of deliveries)', percent: true, additive: false, definition: 'Deliveries that day on or before the promised day.' },
  returns: { label: 'Returns', axis: 'Returns per day', percent: false, additive: true, definition: 'Items returned that day.' },
  tickets: { label: 'Tickets', axis: 'Tickets per day', percent: false, additive: true, definition: 'After-sales tickets opened that day.' },
  complaints: { label: 'Complaints', axis: 'Complaints per day', percent: false, additive: true, definition: 'Complaints made that day.' },
  ratings: { label: 'Ratings posted', axis: 'Ratings per day', percent: false, additive: true, definition: 'Star ratings posted that day.' },
  csat: { label: 'CSAT', axis: 'CSAT (stars, 1-5)', percent: false, additive: false, definition: 'Mean star rating posted that day, 1 to 5.' },
  activeShoppers: { label: 'Active shoppers', axis: 'Active shoppers', percent: false, additive: true, level: true, definition: 'Shoppers who have not churned, at the end of the day.' },
  churned: { label: 'Churned', axis: 'Churned per day', percent: false, additive: true, definition: 'Shoppers who stopped shopping that day.' },
  inTransit: { label: 'In transit', axis: 'Orders in transit', percent: false, additive: true, level: true, definition: 'Orders on their way at the end of the day.' },
  grossProfit: { label: 'Gross profit', axis: 'Gross profit per day (currency)', percent: false, additive: true, definition: 'Margin on goods kept minus costs, that day.' },
  platformRating: { label: 'Platform rating', axis: 'Platform rating (stars)', percent: false, additive: false, definition: 'The rating word of mouth carries in the market.' },
};

/** The daily series a strategist looks at first: volume, satisfaction, speed, returns. */
export const MAIN_DAILY_FIELDS: DailyField[] = ['orders', 'csat', 'meanDeliveryDays', 'returns'];

/** The KPIs shown as cards and compared first. */
export const HEADLINE_KPIS: KpiName[] = [
  'orders', 'gmv', 'conversionRate', 'paymentAbandonment', 'meanDeliveryDays', 'onTimeRate',
  'returnRate', 'meanResolutionDays', 'csat', 'repurchaseRate', 'churned', 'grossProfit',
];

export function isKpiName(name: string): name is KpiName {
  return Object.hasOwn(KPI_GLOSSARY, name);
}
