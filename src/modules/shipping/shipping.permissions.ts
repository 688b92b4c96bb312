import { INTERNAL_READERS, permissionNames, Role, type PermissionGrants } from '../../kernel/auth/permissions';

/**
 * The shipping module's permission rows (admin holds all). A shipment posts the cost of goods sold and
 * can close the customer's order, so the planner ships — the hub has no shipping-clerk role; a clerk
 * gets a planner token. Operators move goods to a shipping location with `transferStock` but do not
 * post shipments. Customers read their own orders' shipments through sales' `OwnOrdersRead`.
 */
export const shippingGrants = {
  ShippingRead: INTERNAL_READERS,
  ShippingWrite: [Role.planner],
} satisfies PermissionGrants;

export const ShippingPermission = permissionNames(shippingGrants);
