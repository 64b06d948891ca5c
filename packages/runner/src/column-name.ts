// Column names of the flat files (runs.csv, long.*) that R, pandas and unquoted SQL read as
// they are: a dotted lever path has dots, dashes and capitals that a SQL query would have to
// quote, so its column is the path in snake_case (the full path is in codebook.json).

/** A dotted lever path as a column name: levers.afterSales.returnCycleDays -> levers_after_sales_return_cycle_days. */
export function sqlName(path: string): string {
  const snake = path
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toLowerCase();
  return /^[a-z_]/.test(snake) ? snake : `p_${snake}`;
}
