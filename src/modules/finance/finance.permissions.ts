import { permissionNames, Role, type PermissionGrants } from '../../kernel/auth/permissions';

/** The finance module's permission rows: each permission and the roles granted it (admin holds all). */
export const financeGrants = {
  FinanceRead: [Role.finance, Role.integration],
} satisfies PermissionGrants;

export const FinancePermission = permissionNames(financeGrants);
