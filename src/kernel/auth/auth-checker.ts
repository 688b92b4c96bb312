import type { AuthChecker } from 'type-graphql';
import { forbidden, unauthenticated } from '../common/errors';
import type { Actor } from './actor';
import { hasPermission, type Permission, type RolePermissions } from './permissions';

/** What a permission check needs of a request: who calls, and the hub's table of roles. */
export interface Caller {
  actor: Actor | null;
  runtime: { permissions: RolePermissions };
}

/** What a caller without a token is told, everywhere a token is needed. */
export const SIGN_IN = 'Sign in: send "Authorization: Bearer <token>" (get one with `npm run token`)';

/**
 * The one place permissions are checked. `@Authorized(A, B)` lets through a caller whose role grants
 * any of them; partner scope (which rows a supplier or customer sees) is applied by the services.
 */
export const authChecker: AuthChecker<Caller, Permission> = ({ context, info }, permissions) =>
  assertAllowed(context, permissions, `${info.parentType.name}.${info.fieldName}`);

/** Throws UNAUTHENTICATED without a caller and FORBIDDEN when no permission matches. */
export function assertAllowed(caller: Caller, permissions: readonly Permission[], what: string): true {
  const actor = caller.actor;
  if (!actor) throw unauthenticated(SIGN_IN);
  if (permissions.length === 0 || permissions.some((p) => hasPermission(caller.runtime.permissions, actor.role, p))) return true;
  throw forbidden(`The ${actor.role} role may not read or change ${what}`);
}

/** Whether the caller holds a permission, for rules that widen or narrow what a service returns. */
export const mayDo = (caller: Caller, permission: Permission) =>
  !!caller.actor && hasPermission(caller.runtime.permissions, caller.actor.role, permission);
