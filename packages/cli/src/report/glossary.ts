// Plain names, units, one-line definitions and the better direction of every KPI and
// daily series, so tables and charts read to a strategist without the code at hand.
import { KPI_NAMES, type DailyRow, type Kpis } from '@shopsim/core';
import { KPI_INFO } from '../format.ts';

export type KpiName = keyof Kpis;
/** Which way a KPI should move for shoppers and the platform; undefined when neither is better. */
export type Better = 'higher' | 'lower' | undefined;

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

const DEFINITIONS: Record<KpiName, [string, Better]> = {
  visits: ['Shopper visits to the shop.', 'higher'],
  checkouts: ['Visits that reached the payment step.', 'higher'],
  conversionRate: ['Paid orders per visit.', 'higher'],
  paymentAbandonment: ['Checkouts abandoned at the payment step, per checkout reaching it.', 'lower'],
  orders: ['Paid orders.', 'higher'],
  gmv: ['Gross merchandise value of paid orders.', 'higher'],
  averageOrderValue: ['GMV per paid order.', 'higher'],
  delivered: ['Orders delivered to the shopper.', 'higher'],
  cancelled: ['Orders cancelled before delivery.', 'lower'],
  meanDeliveryDays: ['Mean days from order to delivery.', 'lower'],
  p90DeliveryDays: ['Nine in ten deliveries arrive within this many days.', 'lower'],
  onTimeRate: ['Deliveries on or before the promised day, per delivery.', 'higher'],
  problemRate: ['Deliveries with a problem (fit, damage, not as described), per delivery.', 'lower'],
  returnRate: ['Returns per delivery.', 'lower'],
  tickets: ['After-sales tickets opened.', 'lower'],
  meanFirstResponseHours: ['Mean hours until a ticket gets its first response.', 'lower'],
  meanResolutionDays: ['Mean days to resolve a ticket or refund a return.', 'lower'],
  complaints: ['Complaints, mostly about late parcels and slow after-sales.', 'lower'],
  ratings: ['Star ratings posted by shoppers.', 'higher'],
  csat: ['Customer satisfaction: mean posted rating, 1 to 5 stars.', 'higher'],
  satisfiedShare: ['Share of posted ratings with 4 or 5 stars.', 'higher'],
  returnSatisfiedShare: ['Share of 4-5 star ratings among orders that were returned.', 'higher'],
  repurchaseRate: ["Share of the period's buyers with two or more orders in the period.", 'higher'],
  memberRepurchaseRate: ['Repurchase rate among members of the membership programme.', 'higher'],
  nonMemberRepurchaseRate: ['Repurchase rate among buyers who are not members.', 'higher'],
  memberOrders: ['Paid orders by members of the programme.', 'higher'],
  nonMemberOrders: ['Paid orders by shoppers who are not members.', 'higher'],
  memberAverageOrderValue: ["GMV per paid order of members' orders.", 'higher'],
  nonMemberAverageOrderValue: ["GMV per paid order of non-members' orders.", 'higher'],
  members: ['Active shoppers in the member cohort at the end of the period.', 'higher'],
  newShoppers: ['Shoppers who arrived during the period, through marketing spend or referrals.', 'higher'],
  referredShoppers: ['New shoppers referred by satisfied shoppers (more on a well-rated platform).', 'higher'],
  arrivalsTurnedAway: ["Arrivals beyond the run's room for new shoppers (as many again as at the start), not simulated.", 'lower'],
  acquisitionSpend: ['Marketing spend on acquiring new shoppers.', 'lower'],
  acquisitionCostPerNewShopper: ['Marketing spend per new shopper, paid and referred.', 'lower'],
  firstOrders: ["Orders that were a new shopper's first.", 'higher'],
  repeatOrders: ["Orders after the shopper's first (all orders of shoppers present at the start).", 'higher'],
  firstOrderConversion: ["First orders per visit of new shoppers who had not ordered yet.", 'higher'],
  newShopperOrders: ['Orders by shoppers who arrived during the run.', 'higher'],
  returningShopperOrders: ['Orders by shoppers present at the start of the run.', 'higher'],
  newShopperAverageOrderValue: ["GMV per paid order of new shoppers' orders.", 'higher'],
  returningShopperAverageOrderValue: ["GMV per paid order of returning shoppers' orders.", 'higher'],
  newShopperRepurchaseRate: ['Repurchase rate among buyers who arrived during the run.', 'higher'],
  returningShopperRepurchaseRate: ['Repurchase rate among buyers present at the start of the run.', 'higher'],
  lapsed: ['Shoppers who stopped visiting without a bad experience.', 'lower'],
  refusedAtDoor: ['Cash-on-delivery parcels refused at the door (no sale, parcel sent back).', 'lower'],
  couponsIssued: ['Delay coupons sent to shoppers whose parcel was late.', undefined],
  couponsRedeemed: ['Delay coupons spent on a later order.', undefined],
  warehouseCost: ["Overseas warehouses' fixed running cost plus the holding cost of their stock.", 'lower'],
  returnShippingCost: ['Return shipping the platform pays for free returns.', 'lower'],
  refusalCost: ['Reverse logistics of parcels refused at the door.', 'lower'],
  memberBenefitCost: ["The platform's cost of members' benefits (faster shipping).", 'lower'],
  membershipFees: ['Fees paid by members.', 'higher'],
  goodsCost: ['Cost of the goods shoppers kept (sold minus returned and refused).', undefined],
  marginPerOrder: ['Margin on goods kept (GMV minus refunds minus cost of goods) per paid order.', 'higher'],
  activeShoppers: ['Shoppers who have not churned, at the end of the period.', 'higher'],
  inTransit: ['Orders still on their way at the end of the period.', undefined],
  churned: ['Shoppers who stopped shopping on the platform.', 'lower'],
  logisticsCost: ['Cost of delivering orders (direct mail and overseas warehouses).', 'lower'],
  paymentCost: ['Fees paid to payment providers.', 'lower'],
  afterSalesCost: ['Cost of handling tickets and returns.', 'lower'],
  compensationPaid: ['Discount given when shoppers spend delay coupons on a later order.', 'lower'],
  refunds: ['Money refunded for returns.', 'lower'],
  profitAfterAcquisition: ['Gross profit minus marketing spend on acquisition.', 'higher'],
  grossProfit: ['Margin on goods kept plus membership fees, minus logistics, warehouse, payment, after-sales, return shipping, door refusals, coupons redeemed and member benefits.', 'higher'],
};

export const KPI_GLOSSARY: Record<KpiName, KpiGlossaryEntry> = Object.fromEntries(
  KPI_NAMES.map((k) => {
    const info = KPI_INFO[k];
    const [definition, better] = DEFINITIONS[k];
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
