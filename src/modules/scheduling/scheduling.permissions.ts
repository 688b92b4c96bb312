import { INTERNAL_READERS, permissionNames, Role, type PermissionGrants } from '../../kernel/auth/permissions';

/**
 * The scheduling module's permission rows (admin holds all). Everyone inside reads the plan — the
 * floor works to it; only a planner re-plans, publishes and changes calendars and priorities. A work
 * center going down is reported from the floor or a machine system too. Partners see no plan: a
 * customer sees its order's expected date through order tracking.
 */
export const schedulingGrants = {
  SchedulingRead: [...INTERNAL_READERS, Role.operator],
  SchedulingPlan: [Role.planner],
  WorkCenterStateWrite: [Role.planner, Role.operator, Role.integration],
} satisfies PermissionGrants;

export const SchedulingPermission = permissionNames(schedulingGrants);
