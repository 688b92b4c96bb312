import { INTERNAL_READERS, permissionNames, Role, type PermissionGrants } from '../../kernel/auth/permissions';

/** The inventory module's permission rows: each permission and the roles granted it (admin holds all). */
export const inventoryGrants = {
  InventoryRead: [...INTERNAL_READERS, Role.operator],
  InventoryMove: [Role.planner, Role.operator, Role.integration],
  /** Holding and releasing lots is quality's call. */
  LotHold: [Role.quality],
  /** Reversals and adjustments change the books: planners (and admins). */
  InventoryCorrect: [Role.planner],
  /** Counting the shelves: the floor and planners; posting the count is InventoryCorrect. */
  InventoryCount: [Role.planner, Role.operator],
} satisfies PermissionGrants;

export const InventoryPermission = permissionNames(inventoryGrants);
