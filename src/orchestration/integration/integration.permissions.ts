import { permissionNames, Role, type PermissionGrants } from '../../kernel/auth/permissions';

/** The integration module's permission rows: each permission and the roles granted it (admin holds all). */
export const integrationGrants = {
  /** Deliveries and sync runs: what went out to partner systems and what came in. */
  IntegrationRead: [Role.integration],
  /** Replaying dead deliveries, running a sync now. */
  IntegrationAdmin: [],
  /** Pushing orders, items and BOMs in through the API (imports). */
  ImportData: [Role.integration],
} satisfies PermissionGrants;

export const IntegrationPermission = permissionNames(integrationGrants);
