import { INTERNAL_READERS, permissionNames, Role, type PermissionGrants } from '../../kernel/auth/permissions';

/**
 * The equipment module's permission rows (admin holds all). Operators see the floor (states, stops,
 * OEE) and report stops and their reasons; planners set machines up; machines send data with an
 * integration token (or an operator's, for a station that reports by hand). Maintenance is planned by
 * planners and done by operators (the hub has no separate maintenance role: technicians sign in as operators).
 */
export const equipmentGrants = {
  EquipmentRead: [...INTERNAL_READERS, Role.operator],
  EquipmentSetup: [Role.planner, Role.integration],
  /** Change a machine's state, confirm a stop's reason, set its job. */
  EquipmentOperate: [Role.planner, Role.operator, Role.integration],
  MachineDataIngest: [Role.integration, Role.operator],
  /** Preventive plans, planning an order's window, assigning and cancelling orders: planners (maintenance planners). */
  MaintenancePlan: [Role.planner],
  /** Opening a repair, starting and completing orders (with the spare parts used): the people who do the work. */
  MaintenanceWrite: [Role.planner, Role.operator],
} satisfies PermissionGrants;

export const EquipmentPermission = permissionNames(equipmentGrants);
