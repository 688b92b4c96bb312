import type { AuthChecker } from 'type-graphql';
import type { GqlContext } from '../graphql/context';
import { forbidden, unauthenticated } from '../common/errors';
import { hasPermission, type Permission } from './permissions';

/**
 * The one place permissions are checked. `@Authorized(A, B)` lets through a caller whose role grants
 * any of them; partner scope (which rows a supplier or customer sees) is applied by the services.
 */
export const authChecker: AuthChecker<GqlContext, Permission> = ({ context, info }, permissions) =>
  assertAllowed(context, permissions, `${info.parentType.name}.${info.fieldName}`);

/** Throws UNAUTHENTICATED without a caller and FORBIDDEN when no permission matches. */
export function assertAllowed(context: Pick<GqlContext, 'actor'>, permissions: Permission[], what: string): true {
  const actor = context.actor;
  if (!actor) throw unauthenticated('Sign in: send "Authorization: Bearer <token>" (get one with `npm run token`)');
  if (permissions.length === 0 || permissions.some((p) => hasPermission(actor.role, p))) return true;
  throw forbidden(`The ${actor.role} role may not read or change ${what}`);
}
