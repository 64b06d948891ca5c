// Which markets a swept path reaches. A platform lever (levers.x) moves only
// the markets that do not set it themselves, and a market's own path
// (markets.<id>.x) only that market: a sweep records the reach of every path
// and labels its sensitivity with it, so a lever is never credited with
// markets it did not touch. Plain data and text only: the browser's report reads it too.

export interface PathReach {
  path: string;
  /** Ids of the markets the path changes. */
  markets: string[];
  /** Markets in the scenario. */
  of: number;
  /** Share of the scenario's shoppers in those markets. */
  shopperShare: number;
}

/** "all markets", or "north-america, europe only (45% of shoppers)". */
export function reachLabel(reach: PathReach | undefined): string {
  if (reach === undefined || reach.markets.length === reach.of) return 'all markets';
  if (reach.markets.length === 0) return 'no market';
  return `${reach.markets.join(', ')} only (${Math.round(reach.shopperShare * 100)}% of shoppers)`;
}

/** Whether the path misses some market: its effects are those markets' effects, not the platform's. */
export function isPartial(reach: PathReach | undefined): reach is PathReach {
  return reach !== undefined && reach.markets.length < reach.of;
}
