import { INTERNAL_READERS, permissionNames, Role, type PermissionGrants } from '../../kernel/auth/permissions';

/** The partners module's permission rows: each permission and the roles granted it (admin holds all). */
export const partnersGrants = {
  PartnersRead: INTERNAL_READERS,
  PartnersWrite: [Role.planner, Role.integration],
} satisfies PermissionGrants;

export const PartnersPermission = permissionNames(partnersGrants);
