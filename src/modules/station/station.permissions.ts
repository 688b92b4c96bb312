import { INTERNAL_READERS, permissionNames, Role, type PermissionGrants } from '../../kernel/auth/permissions';

/** The station module's permission rows: each permission and the roles granted it (admin holds all). */
export const stationGrants = {
  /** Reading what a scanned code names, and printing labels: the floor and the office alike. */
  CodesRead: [...INTERNAL_READERS, Role.operator],
  /** Minting a station's device link (an operator token for one device). */
  StationAdmin: [Role.planner],
} satisfies PermissionGrants;

export const StationPermission = permissionNames(stationGrants);
