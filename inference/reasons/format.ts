/** Number formatting for reason messages (fast: no Intl, which is slow in hot loops). */

/** 1234567.8 → "1,234,568". */
export function formatCount(value: number): string {
  const rounded = Math.round(value);
  const digits = String(Math.abs(rounded));
  if (digits.length <= 3 || digits.includes('e')) return rounded < 0 ? `-${digits}` : digits;
  let out = digits.slice(0, digits.length % 3 || 3);
  for (let i = out.length; i < digits.length; i += 3) out += `,${digits.slice(i, i + 3)}`;
  return rounded < 0 ? `-${out}` : out;
}

/** A ratio with sensible precision: 100 → "100", 12.34 → "12", 2.345 → "2.3", 0.0123 → "0.012". */
export function formatRatio(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  if (abs >= 10) return formatCount(value);
  if (abs >= 1) return String(Math.round(value * 10) / 10);
  if (abs === 0) return '0';
  return String(Number(value.toPrecision(2)));
}

/** 0.0345 → "3.5%". */
export function formatPercent(fraction: number): string {
  const pct = fraction * 100;
  if (pct >= 10) return `${Math.round(pct)}%`;
  if (pct >= 1) return `${Math.round(pct * 10) / 10}%`;
  return `${Number(pct.toPrecision(2))}%`;
}

export function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

/** logit of a probability, clamped away from 0 and 1 (float32 outputs can be exactly 0 or 1). */
export function logit(p: number): number {
  const q = Math.min(Math.max(p, 1e-7), 1 - 1e-7);
  return Math.log(q / (1 - q));
}

/** Rounds an impact to 2 decimals for display. */
export function roundImpact(points: number): number {
  return Math.round(points * 100) / 100;
}
