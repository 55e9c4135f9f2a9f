import { API_ROLES, type ApiRole } from './settings';

export const DEFAULT_COST_BUDGETS: Readonly<Record<ApiRole, number>> = {
  viewer: 20_000,
  analyst: 500_000,
  admin: 500_000,
};

/** Parses `COST_BUDGETS` (`role:cost` comma list); roles not listed keep their default. */
export function parseCostBudgets(spec: string | undefined): {
  budgets: Record<ApiRole, number>;
  problems: string[];
} {
  const budgets = { ...DEFAULT_COST_BUDGETS };
  const problems: string[] = [];
  for (const [index, entry] of (spec ?? '').split(',').entries()) {
    const trimmed = entry.trim();
    if (!trimmed) continue;
    const [role, cost, ...rest] = trimmed.split(':');
    const value = Number(cost);
    if (
      rest.length > 0 ||
      role === undefined ||
      !(API_ROLES as readonly string[]).includes(role) ||
      !Number.isInteger(value) ||
      value < 1
    ) {
      problems.push(
        `COST_BUDGETS: entry ${index + 1} must be role:cost with role one of ${API_ROLES.join(', ')} ` +
          'and cost a positive integer',
      );
      continue;
    }
    budgets[role as ApiRole] = value;
  }
  return { budgets, problems };
}
