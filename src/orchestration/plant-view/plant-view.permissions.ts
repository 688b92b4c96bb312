import { INTERNAL_READERS, permissionNames, Role, type PermissionGrants } from '../../kernel/auth/permissions';

/** The plant view is the floor as it is now: every internal reader, and operators (they work on it). Never partners. */
export const plantViewGrants = {
  PlantViewRead: [...INTERNAL_READERS, Role.operator],
} satisfies PermissionGrants;

export const PlantViewPermission = permissionNames(plantViewGrants);
