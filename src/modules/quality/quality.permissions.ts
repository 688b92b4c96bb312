import { INTERNAL_READERS, permissionNames, Role, type PermissionGrants } from '../../kernel/auth/permissions';

/**
 * The quality module's permission rows (admin holds all). Quality inspectors write plans,
 * nonconformances and dispositions; operators record inspection results at their station, as they
 * record every other shop-floor fact. A supplier reads and answers its own nonconformances; a customer
 * reads the inspections and certificates of its own orders (through sales' OwnOrdersRead).
 */
export const qualityGrants = {
  QualityRead: [...INTERNAL_READERS, Role.operator],
  QualityWrite: [Role.quality],
  InspectionRecord: [Role.quality, Role.operator],
  OwnNonconformances: [Role.supplier],
} satisfies PermissionGrants;

export const QualityPermission = permissionNames(qualityGrants);
