/** Number formatting for alert messages (en-US grouping, so messages read the same everywhere). */
const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

export function fmtInt(n: number): string {
  return integer.format(Math.round(n));
}

export function fmtSignedInt(n: number): string {
  const rounded = Math.round(n);
  return `${rounded >= 0 ? '+' : '−'}${integer.format(Math.abs(rounded))}`;
}

export function fmt1(n: number): string {
  return oneDecimal.format(n);
}

export function fmtPercent(ratio: number): string {
  return `${oneDecimal.format(ratio * 100)}%`;
}

export function round(n: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
