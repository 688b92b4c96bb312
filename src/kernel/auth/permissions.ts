import { registerEnumType } from 'type-graphql';

/**
 * What a caller may do is a permission, named and granted by the module that owns it (each module's
 * `*.permissions.ts`); roles are the kernel's. The app joins every module's grants into one table.
 */
export type Permission = string;

export enum Role {
  admin = 'admin',
  planner = 'planner',
  operator = 'operator',
  quality = 'quality',
  finance = 'finance',
  integration = 'integration',
  viewer = 'viewer',
  supplier = 'supplier',
  customer = 'customer',
}
registerEnumType(Role, { name: 'Role' });

/** The internal roles that may read the plant's records; operators read only what the floor needs. */
export const INTERNAL_READERS: readonly Role[] = [Role.planner, Role.quality, Role.finance, Role.integration, Role.viewer];

/** Roles whose tokens must name the partner they act for. */
export const PARTNER_ROLES: ReadonlySet<Role> = new Set([Role.supplier, Role.customer]);

/** A module's permission rows: each permission and the roles granted it (admin holds every permission). */
export type PermissionGrants = Readonly<Record<string, readonly Role[]>>;

/** The names of a module's permissions, typed, so `@Authorized(Production.ProductionRead)` cannot be misspelt. */
export const permissionNames = <G extends PermissionGrants>(grants: G): { readonly [K in keyof G]: K } =>
  Object.fromEntries(Object.keys(grants).map((k) => [k, k])) as { readonly [K in keyof G]: K };

/** Role → what it may do, joined from every module's rows. */
export type RolePermissions = ReadonlyMap<Role, ReadonlySet<Permission>>;

export function joinGrants(all: readonly PermissionGrants[]): RolePermissions {
  const table = new Map<Role, Set<Permission>>(Object.values(Role).map((r) => [r, new Set<Permission>()]));
  const seen = new Set<Permission>();
  for (const grants of all) {
    for (const [permission, roles] of Object.entries(grants)) {
      if (seen.has(permission)) throw new Error(`The permission ${permission} is declared by two modules`);
      seen.add(permission);
      table.get(Role.admin)!.add(permission);
      for (const role of roles) table.get(role)!.add(permission);
    }
  }
  return table;
}

export const hasPermission = (table: RolePermissions, role: Role, p: Permission) => table.get(role)?.has(p) ?? false;
