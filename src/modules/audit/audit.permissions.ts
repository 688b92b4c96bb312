import { permissionNames, Role, type PermissionGrants } from '../../kernel/auth/permissions';

/** The audit module's permission rows: each permission and the roles granted it (admin holds all). */
export const auditGrants = {
  /** The event log: who did what, when, from which device or system. */
  EventsRead: [Role.planner, Role.finance, Role.integration],
} satisfies PermissionGrants;

export const AuditPermission = permissionNames(auditGrants);
