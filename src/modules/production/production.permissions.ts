import { INTERNAL_READERS, permissionNames, Role, type PermissionGrants } from '../../kernel/auth/permissions';

/** The production module's permission rows: each permission and the roles granted it (admin holds all). */
export const productionGrants = {
  ProductionRead: [...INTERNAL_READERS, Role.operator],
  ProductionPlan: [Role.planner],
  ProductionExecute: [Role.operator, Role.integration],
  /** Reversing scans and issues changes recorded facts: planners (and admins). */
  ProductionCorrect: [Role.planner],
} satisfies PermissionGrants;

export const ProductionPermission = permissionNames(productionGrants);
