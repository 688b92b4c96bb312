import { INTERNAL_READERS, permissionNames, type PermissionGrants } from '../../kernel/auth/permissions';

/** KPIs read across the plant: every internal reader. Money in them (WIP value, scrap cost) needs the catalog's CostsRead. */
export const analysisGrants = {
  KpiRead: [...INTERNAL_READERS],
} satisfies PermissionGrants;

export const AnalysisPermission = permissionNames(analysisGrants);
