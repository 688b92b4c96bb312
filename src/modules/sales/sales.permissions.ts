import { INTERNAL_READERS, permissionNames, Role, type PermissionGrants } from '../../kernel/auth/permissions';

/** The sales module's permission rows: each permission and the roles granted it (admin holds all). */
export const salesGrants = {
  SalesRead: INTERNAL_READERS,
  SalesWrite: [Role.planner, Role.integration],
  /** A customer reads its own sales orders and their progress, nothing else. */
  OwnOrdersRead: [Role.customer],
} satisfies PermissionGrants;

export const SalesPermission = permissionNames(salesGrants);
