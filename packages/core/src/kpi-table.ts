// The single source of the engine's counters and of the KPIs derived from
// them: names, how each KPI is worked out, and how it reads to a person.
// `C`, `COUNTERS`, `Kpis`, `KPI_NAMES`, the terminal's KPI formats and the
// report glossary are derived from these rows; adding a KPI is one row here.

export interface CounterRow {
  name: string;
  /** A level at the end of the day (summed over markets, not over days), not a flow. */
  level?: true;
}

/** Counters kept per market per day, in slot order. */
export const COUNTER_ROWS = [
  { name: 'visits' },
  { name: 'checkouts' },
  { name: 'paymentAbandoned' },
  { name: 'orders' },
  { name: 'gmv' },
  { name: 'delivered' },
  { name: 'deliveryDaysSum' },
  { name: 'onTime' },
  { name: 'cancelled' },
  { name: 'problems' },
  { name: 'returns' },
  { name: 'tickets' },
  { name: 'firstResponseHoursSum' },
  { name: 'cases' },
  { name: 'resolutionDaysSum' },
  { name: 'complaints' },
  { name: 'ratings' },
  { name: 'ratingSum' },
  { name: 'ratings45' },
  { name: 'churned' },
  { name: 'logisticsCost' },
  { name: 'paymentCost' },
  { name: 'afterSalesCost' },
  { name: 'compensationPaid' },
  { name: 'coupons' },
  { name: 'refunds' },
  { name: 'grossMargin' },
  { name: 'buyers' },
  { name: 'repeatBuyers' },
  { name: 'memberBuyers' },
  { name: 'memberRepeatBuyers' },
  { name: 'returnRatings' },
  { name: 'returnRatings45' },
  { name: 'activeShoppers', level: true },
  { name: 'inTransit', level: true },
  { name: 'late' },
  { name: 'couponsRedeemed' },
  { name: 'refusedAtDoor' },
  { name: 'refusalCost' },
  { name: 'warehouseCost' },
  { name: 'returnShippingCost' },
  { name: 'membershipFees' },
  { name: 'memberBenefitCost' },
  { name: 'memberOrders' },
  { name: 'memberGmv' },
  { name: 'members', level: true },
  { name: 'goodsCost' },
  { name: 'newShoppers' },
  { name: 'referredShoppers' },
  { name: 'arrivalsTurnedAway' },
  { name: 'acquisitionSpend' },
  { name: 'firstOrders' },
  { name: 'prospectVisits' },
  { name: 'newShopperOrders' },
  { name: 'lapsed' },
  { name: 'newShopperGmv' },
  { name: 'newBuyers' },
  { name: 'newRepeatBuyers' },
  { name: 'repeatOrderGapDays' },
  { name: 'noReasonReturns' },
  { name: 'replacementOrders' },
] as const satisfies readonly CounterRow[];

export type CounterName = (typeof COUNTER_ROWS)[number]['name'];

/** Slot of each counter in a market's row of daily counters. */
export const C = Object.fromEntries(COUNTER_ROWS.map((r, i) => [r.name, i])) as Readonly<Record<CounterName, number>>;
export const COUNTERS = COUNTER_ROWS.length;
/** Slots of the level counters. */
export const LEVEL_COUNTERS: readonly number[] = COUNTER_ROWS.flatMap((r, i) => ('level' in r ? [i] : []));

/**
 * The unit of every money KPI. The model has no currency: prices and costs in a scenario
 * (order values, costs per order, fees) set the unit, the same for every market.
 */
export const MONEY = 'money units';
const MONEY_PER_ORDER = `${MONEY} per order`;
/** What money means, said once for every table, report and codebook. */
export const MONEY_NOTE = "money is in the scenario's money units (the model has no currency: the scenario's prices and costs set the unit, one for every market)";

/** Which way a KPI should move for shoppers and the platform; undefined when neither is better. */
export type Better = 'higher' | 'lower' | undefined;

/** A period's counter totals, by name. */
export type CounterTotals = (name: CounterName) => number;

export interface KpiRow {
  name: string;
  /** Plain name for tables and charts. */
  label: string;
  /** Unit as shown beside the value. */
  unit: string;
  /** Digits shown after the point. */
  digits: number;
  /** A share shown as a percentage. */
  percent?: true;
  better: Better;
  description: string;
  /** The KPI from a period's counter totals (and the period's 90th percentile delivery time). */
  value: (v: CounterTotals, p90DeliveryDays: number) => number;
}

// An undefined ratio (nothing to divide by) is NaN, shown as '-' and null in JSON.
const ratio = (a: number, b: number): number => (b > 0 ? a / b : Number.NaN);

const grossProfit = (v: CounterTotals): number =>
  v('grossMargin') + v('membershipFees') -
  (v('logisticsCost') + v('warehouseCost') + v('paymentCost') + v('afterSalesCost') + v('returnShippingCost') +
    v('refusalCost') + v('compensationPaid') + v('memberBenefitCost'));

/** Every KPI, in display order (tables and CSV columns). */
export const KPI_ROWS = [
  { name: 'visits', label: 'Visits', unit: 'count', digits: 0, better: 'higher', description: 'Shopper visits to the shop.', value: (v) => v('visits') },
  { name: 'checkouts', label: 'Checkouts', unit: 'count', digits: 0, better: 'higher', description: 'Visits that reached the payment step.', value: (v) => v('checkouts') },
  { name: 'conversionRate', label: 'Conversion rate', unit: '% of visits', digits: 1, percent: true, better: 'higher', description: 'Paid orders per visit.', value: (v) => ratio(v('orders'), v('visits')) },
  { name: 'paymentAbandonment', label: 'Payment abandonment', unit: '% of checkouts', digits: 1, percent: true, better: 'lower', description: 'Checkouts abandoned at the payment step, per checkout reaching it.', value: (v) => ratio(v('paymentAbandoned'), v('checkouts')) },
  { name: 'orders', label: 'Orders', unit: 'count', digits: 0, better: 'higher', description: 'Paid orders.', value: (v) => v('orders') },
  { name: 'gmv', label: 'GMV', unit: MONEY, digits: 0, better: 'higher', description: 'Gross merchandise value of paid orders.', value: (v) => v('gmv') },
  { name: 'averageOrderValue', label: 'Average order value', unit: MONEY_PER_ORDER, digits: 2, better: 'higher', description: 'GMV per paid order.', value: (v) => ratio(v('gmv'), v('orders')) },
  { name: 'delivered', label: 'Delivered', unit: 'count', digits: 0, better: 'higher', description: 'Orders delivered to the shopper.', value: (v) => v('delivered') },
  { name: 'cancelled', label: 'Cancelled', unit: 'count', digits: 0, better: 'lower', description: 'Orders cancelled before delivery.', value: (v) => v('cancelled') },
  { name: 'meanDeliveryDays', label: 'Mean delivery time', unit: 'days', digits: 1, better: 'lower', description: 'Mean days from order to delivery.', value: (v) => ratio(v('deliveryDaysSum'), v('delivered')) },
  { name: 'p90DeliveryDays', label: 'P90 delivery time', unit: 'days', digits: 0, better: 'lower', description: 'Nine in ten deliveries arrive within this many days.', value: (_, p90) => p90 },
  { name: 'onTimeRate', label: 'On time', unit: '% of deliveries', digits: 1, percent: true, better: 'higher', description: 'Deliveries on or before the promised day, per delivery.', value: (v) => ratio(v('onTime'), v('delivered')) },
  { name: 'problemRate', label: 'Problem rate', unit: '% of deliveries', digits: 1, percent: true, better: 'lower', description: 'Deliveries with a problem (fit, damage, not as described), per delivery.', value: (v) => ratio(v('problems'), v('delivered')) },
  { name: 'returnRate', label: 'Return rate', unit: '% of deliveries', digits: 1, percent: true, better: 'lower', description: 'Returns per delivery.', value: (v) => ratio(v('returns'), v('delivered')) },
  { name: 'noReasonReturnRate', label: 'No-reason returns', unit: '% of deliveries', digits: 1, percent: true, better: 'lower', description: 'Problem-free items sent back under a free no-reason return policy, per delivery (part of the return rate).', value: (v) => ratio(v('noReasonReturns'), v('delivered')) },
  { name: 'replacementOrders', label: 'Replacement orders', unit: 'count', digits: 0, better: undefined, description: 'Orders placed while a returned item was still to be replaced.', value: (v) => v('replacementOrders') },
  { name: 'tickets', label: 'Tickets', unit: 'count', digits: 0, better: 'lower', description: 'After-sales tickets opened.', value: (v) => v('tickets') },
  { name: 'meanFirstResponseHours', label: 'First response', unit: 'hours', digits: 2, better: 'lower', description: 'Mean hours until a ticket gets its first response.', value: (v) => ratio(v('firstResponseHoursSum'), v('tickets')) },
  { name: 'meanResolutionDays', label: 'Resolution time', unit: 'days', digits: 1, better: 'lower', description: 'Mean days to resolve a ticket or refund a return.', value: (v) => ratio(v('resolutionDaysSum'), v('cases')) },
  { name: 'complaints', label: 'Complaints', unit: 'count', digits: 0, better: 'lower', description: 'Complaints, mostly about late parcels and slow after-sales.', value: (v) => v('complaints') },
  { name: 'ratings', label: 'Ratings posted', unit: 'count', digits: 0, better: 'higher', description: 'Star ratings posted by shoppers.', value: (v) => v('ratings') },
  { name: 'csat', label: 'CSAT', unit: 'stars (1-5)', digits: 2, better: 'higher', description: 'Customer satisfaction: mean posted rating, 1 to 5 stars.', value: (v) => ratio(v('ratingSum'), v('ratings')) },
  { name: 'satisfiedShare', label: '4-5 star ratings', unit: '% of ratings', digits: 1, percent: true, better: 'higher', description: 'Share of posted ratings with 4 or 5 stars.', value: (v) => ratio(v('ratings45'), v('ratings')) },
  { name: 'returnSatisfiedShare', label: '4-5 stars after a return', unit: '% of ratings', digits: 1, percent: true, better: 'higher', description: 'Share of 4-5 star ratings among orders that were returned.', value: (v) => ratio(v('returnRatings45'), v('returnRatings')) },
  { name: 'repurchaseRate', label: 'Repurchase rate', unit: '% of buyers', digits: 1, percent: true, better: 'higher', description: "Share of the period's buyers with two or more orders in the period.", value: (v) => ratio(v('repeatBuyers'), v('buyers')) },
  {
    name: 'daysBetweenOrders', label: 'Days between orders', unit: 'days', digits: 1, better: 'lower',
    description: "Mean days between a repeat buyer's consecutive orders within a repurchase window.",
    // Every order after a buyer's first in its window is a repeat order with one gap.
    value: (v) => ratio(v('repeatOrderGapDays'), v('orders') - v('buyers')),
  },
  { name: 'gmvPerBuyer', label: 'GMV per buyer', unit: `${MONEY} per buyer`, digits: 2, better: 'higher', description: 'GMV per buyer of the period (a buyer counted once per repurchase window).', value: (v) => ratio(v('gmv'), v('buyers')) },
  { name: 'memberRepurchaseRate', label: 'Member repurchase rate', unit: '% of member buyers', digits: 1, percent: true, better: 'higher', description: 'Repurchase rate among members of the membership programme.', value: (v) => ratio(v('memberRepeatBuyers'), v('memberBuyers')) },
  { name: 'nonMemberRepurchaseRate', label: 'Non-member repurchase rate', unit: '% of non-member buyers', digits: 1, percent: true, better: 'higher', description: 'Repurchase rate among buyers who are not members.', value: (v) => ratio(v('repeatBuyers') - v('memberRepeatBuyers'), v('buyers') - v('memberBuyers')) },
  { name: 'memberOrders', label: 'Member orders', unit: 'count', digits: 0, better: 'higher', description: 'Paid orders by members of the programme.', value: (v) => v('memberOrders') },
  { name: 'nonMemberOrders', label: 'Non-member orders', unit: 'count', digits: 0, better: 'higher', description: 'Paid orders by shoppers who are not members.', value: (v) => v('orders') - v('memberOrders') },
  { name: 'memberAverageOrderValue', label: 'Member order value', unit: MONEY_PER_ORDER, digits: 2, better: 'higher', description: "GMV per paid order of members' orders.", value: (v) => ratio(v('memberGmv'), v('memberOrders')) },
  { name: 'nonMemberAverageOrderValue', label: 'Non-member order value', unit: MONEY_PER_ORDER, digits: 2, better: 'higher', description: "GMV per paid order of non-members' orders.", value: (v) => ratio(v('gmv') - v('memberGmv'), v('orders') - v('memberOrders')) },
  { name: 'activeShoppers', label: 'Active shoppers (end)', unit: 'count', digits: 0, better: 'higher', description: 'Shoppers who have not churned, at the end of the period.', value: (v) => v('activeShoppers') },
  { name: 'members', label: 'Members (end)', unit: 'count', digits: 0, better: 'higher', description: 'Active shoppers in the member cohort at the end of the period.', value: (v) => v('members') },
  { name: 'newShoppers', label: 'New shoppers', unit: 'count', digits: 0, better: 'higher', description: 'Shoppers who arrived during the period, through marketing spend or referrals.', value: (v) => v('newShoppers') },
  { name: 'referredShoppers', label: 'Referred new shoppers', unit: 'count', digits: 0, better: 'higher', description: 'New shoppers referred by satisfied shoppers (more on a well-rated platform).', value: (v) => v('referredShoppers') },
  { name: 'arrivalsTurnedAway', label: 'Arrivals beyond room', unit: 'count', digits: 0, better: 'lower', description: "Arrivals beyond the run's room for new shoppers (as many again as at the start), not simulated.", value: (v) => v('arrivalsTurnedAway') },
  { name: 'acquisitionSpend', label: 'Acquisition spend', unit: MONEY, digits: 0, better: 'lower', description: 'Marketing spend on acquiring new shoppers.', value: (v) => v('acquisitionSpend') },
  { name: 'acquisitionCostPerNewShopper', label: 'Acquisition cost per new shopper', unit: `${MONEY} per shopper`, digits: 2, better: 'lower', description: 'Marketing spend per new shopper, paid and referred.', value: (v) => ratio(v('acquisitionSpend'), v('newShoppers')) },
  { name: 'firstOrders', label: 'First orders', unit: 'count', digits: 0, better: 'higher', description: "Orders that were a new shopper's first.", value: (v) => v('firstOrders') },
  { name: 'repeatOrders', label: 'Repeat orders', unit: 'count', digits: 0, better: 'higher', description: "Orders after the shopper's first (all orders of shoppers present at the start).", value: (v) => v('orders') - v('firstOrders') },
  { name: 'firstOrderConversion', label: 'First-order conversion', unit: "% of new shoppers' visits", digits: 2, percent: true, better: 'higher', description: 'First orders per visit of new shoppers who had not ordered yet.', value: (v) => ratio(v('firstOrders'), v('prospectVisits')) },
  { name: 'newShopperOrders', label: 'Orders by new shoppers', unit: 'count', digits: 0, better: 'higher', description: 'Orders by shoppers who arrived during the run.', value: (v) => v('newShopperOrders') },
  { name: 'returningShopperOrders', label: 'Orders by returning shoppers', unit: 'count', digits: 0, better: 'higher', description: 'Orders by shoppers present at the start of the run.', value: (v) => v('orders') - v('newShopperOrders') },
  { name: 'newShopperAverageOrderValue', label: "New shoppers' order value", unit: MONEY_PER_ORDER, digits: 2, better: 'higher', description: "GMV per paid order of new shoppers' orders.", value: (v) => ratio(v('newShopperGmv'), v('newShopperOrders')) },
  { name: 'returningShopperAverageOrderValue', label: "Returning shoppers' order value", unit: MONEY_PER_ORDER, digits: 2, better: 'higher', description: "GMV per paid order of returning shoppers' orders.", value: (v) => ratio(v('gmv') - v('newShopperGmv'), v('orders') - v('newShopperOrders')) },
  { name: 'newShopperRepurchaseRate', label: "New shoppers' repurchase rate", unit: '% of new buyers', digits: 1, percent: true, better: 'higher', description: 'Repurchase rate among buyers who arrived during the run.', value: (v) => ratio(v('newRepeatBuyers'), v('newBuyers')) },
  { name: 'returningShopperRepurchaseRate', label: "Returning shoppers' repurchase rate", unit: '% of returning buyers', digits: 1, percent: true, better: 'higher', description: 'Repurchase rate among buyers present at the start of the run.', value: (v) => ratio(v('repeatBuyers') - v('newRepeatBuyers'), v('buyers') - v('newBuyers')) },
  { name: 'lapsed', label: 'Lapsed', unit: 'count', digits: 0, better: 'lower', description: 'Shoppers who stopped visiting without a bad experience.', value: (v) => v('lapsed') },
  { name: 'inTransit', label: 'In transit (end)', unit: 'count', digits: 0, better: undefined, description: 'Orders still on their way at the end of the period.', value: (v) => v('inTransit') },
  { name: 'churned', label: 'Churned', unit: 'count', digits: 0, better: 'lower', description: 'Shoppers who stopped shopping on the platform.', value: (v) => v('churned') },
  { name: 'refusedAtDoor', label: 'Refused at the door', unit: 'count', digits: 0, better: 'lower', description: 'Cash-on-delivery parcels refused at the door (no sale, parcel sent back).', value: (v) => v('refusedAtDoor') },
  { name: 'couponsIssued', label: 'Delay coupons sent', unit: 'count', digits: 0, better: undefined, description: 'Delay coupons sent to shoppers whose parcel was late.', value: (v) => v('coupons') },
  { name: 'couponsRedeemed', label: 'Delay coupons redeemed', unit: 'count', digits: 0, better: undefined, description: 'Delay coupons spent on a later order.', value: (v) => v('couponsRedeemed') },
  { name: 'logisticsCost', label: 'Logistics cost', unit: MONEY, digits: 0, better: 'lower', description: 'Cost of delivering orders (direct mail and overseas warehouses).', value: (v) => v('logisticsCost') },
  { name: 'warehouseCost', label: 'Warehouse fixed and holding cost', unit: MONEY, digits: 0, better: 'lower', description: "Overseas warehouses' fixed running cost plus the holding cost of their stock.", value: (v) => v('warehouseCost') },
  { name: 'paymentCost', label: 'Payment cost', unit: MONEY, digits: 0, better: 'lower', description: 'Fees paid to payment providers.', value: (v) => v('paymentCost') },
  { name: 'afterSalesCost', label: 'After-sales cost', unit: MONEY, digits: 0, better: 'lower', description: 'Cost of handling tickets and returns.', value: (v) => v('afterSalesCost') },
  { name: 'returnShippingCost', label: 'Return shipping paid', unit: MONEY, digits: 0, better: 'lower', description: 'Return shipping the platform pays for free returns.', value: (v) => v('returnShippingCost') },
  { name: 'refusalCost', label: 'Door refusal cost', unit: MONEY, digits: 0, better: 'lower', description: 'Reverse logistics of parcels refused at the door.', value: (v) => v('refusalCost') },
  { name: 'compensationPaid', label: 'Coupons redeemed (cost)', unit: MONEY, digits: 0, better: 'lower', description: 'Discount given when shoppers spend delay coupons on a later order.', value: (v) => v('compensationPaid') },
  { name: 'memberBenefitCost', label: 'Member benefit cost', unit: MONEY, digits: 0, better: 'lower', description: "The platform's cost of members' benefits (faster shipping).", value: (v) => v('memberBenefitCost') },
  { name: 'membershipFees', label: 'Membership fees', unit: MONEY, digits: 0, better: 'higher', description: 'Fees paid by members.', value: (v) => v('membershipFees') },
  { name: 'refunds', label: 'Refunds', unit: MONEY, digits: 0, better: 'lower', description: 'Money refunded for returns.', value: (v) => v('refunds') },
  { name: 'goodsCost', label: 'Cost of goods kept', unit: MONEY, digits: 0, better: undefined, description: 'Cost of the goods shoppers kept (sold minus returned and refused).', value: (v) => v('goodsCost') },
  { name: 'marginPerOrder', label: 'Margin per order', unit: MONEY_PER_ORDER, digits: 2, better: 'higher', description: 'Margin on goods kept (GMV minus refunds minus cost of goods) per paid order.', value: (v) => ratio(v('grossMargin'), v('orders')) },
  {
    name: 'grossProfit', label: 'Gross profit', unit: MONEY, digits: 0, better: 'higher',
    description: 'Margin on goods kept plus membership fees, minus logistics, warehouse, payment, after-sales, return shipping, door refusals, coupons redeemed and member benefits.',
    value: (v) => grossProfit(v),
  },
  { name: 'profitAfterAcquisition', label: 'Profit after acquisition', unit: MONEY, digits: 0, better: 'higher', description: 'Gross profit minus marketing spend on acquisition.', value: (v) => grossProfit(v) - v('acquisitionSpend') },
] as const satisfies readonly KpiRow[];

export type KpiName = (typeof KPI_ROWS)[number]['name'];
/** Whole-period KPIs, one number per row of KPI_ROWS. */
export type Kpis = Record<KpiName, number>;

/** KPI names in display order, for tables and CSV columns. */
export const KPI_NAMES: KpiName[] = KPI_ROWS.map((r) => r.name);
