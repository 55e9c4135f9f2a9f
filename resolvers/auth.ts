import type { AuthChecker } from 'type-graphql';
import { API_ROLES, type ApiRole } from '../config/settings';
import type { GatewayContext } from './context';
import { gatewayError } from './errors';

/** Who is calling: the API key's id (never the key itself) and its role. */
export interface Caller {
  keyId: string;
  role: ApiRole;
}

/** True when `role` is `needed` or a more privileged one (viewer < analyst < admin). */
export function hasRole(role: ApiRole, needed: ApiRole): boolean {
  return API_ROLES.indexOf(role) >= API_ROLES.indexOf(needed);
}

/**
 * The one access rule of the schema: a field declared `@Authorized('analyst')` needs that role or
 * a higher one. Unauthenticated callers never get this far (the context refuses them), so a refusal
 * here is always FORBIDDEN, naming the role needed.
 */
export const authChecker: AuthChecker<GatewayContext, ApiRole> = ({ context }, roles) => {
  const needed = roles[0];
  if (needed === undefined || roles.some((role) => hasRole(context.caller.role, role))) return true;
  throw gatewayError(
    'FORBIDDEN',
    `This operation needs the ${needed} role; your key has ${context.caller.role}.`,
    { neededRole: needed },
  );
};
