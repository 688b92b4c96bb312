import { INTERNAL_READERS, permissionNames, Role, type PermissionGrants } from '../../kernel/auth/permissions';

/** The purchasing module's permission rows: each permission and the roles granted it (admin holds all). */
export const purchasingGrants = {
  /** Supplier requirements and commitments, all suppliers. */
  PurchasingRead: INTERNAL_READERS,
  /** Requesting commitments from suppliers (and acting for them). */
  PurchasingWrite: [Role.planner],
  /** A supplier's own requirements, commitments and items: confirm and ship. */
  SupplierPortal: [Role.supplier],
} satisfies PermissionGrants;

export const PurchasingPermission = permissionNames(purchasingGrants);
