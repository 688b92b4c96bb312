import { INTERNAL_READERS, permissionNames, Role, type PermissionGrants } from '../../kernel/auth/permissions';

/** The catalog module's permission rows: each permission and the roles granted it (admin holds all). */
export const catalogGrants = {
  CatalogRead: [...INTERNAL_READERS, Role.operator],
  CatalogWrite: [Role.planner, Role.integration],
  /** Standard costs: finance, planners and admins only. */
  CostsRead: [Role.planner, Role.finance],
  /** Work centers' labour and machine rates. */
  CostsWrite: [Role.planner, Role.finance],
} satisfies PermissionGrants;

export const CatalogPermission = permissionNames(catalogGrants);
