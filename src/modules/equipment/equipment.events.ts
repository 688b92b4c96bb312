/** Equipment events: what the equipment module writes to the log. Subscriptions and adapters select by these names. */
export const EquipmentEvent = {
  /** A machine changed state; the payload is its state after the change. */
  MachineStateChanged: 'MachineStateChanged',
  /** A machine stopped (DOWN or MAINTENANCE): {workCenterId, machineId, reason, expectedEnd?, …}. The scheduler re-plans on it. */
  DowntimeStarted: 'DowntimeStarted',
  /** A machine runs or idles again after a stop: the same fields, with endedAt. */
  DowntimeEnded: 'DowntimeEnded',
  /** Someone confirmed (or corrected) the reason of a stop. */
  DowntimeReasonConfirmed: 'DowntimeReasonConfirmed',
  /**
   * Units were counted on a machine: {machineId, machineCode, workCenterId, totalCycles}. At most one per
   * machine every 10 seconds (the first count after a quiet spell is announced at once), so a busy line
   * tells its watchers that OEE moved without writing an event per message.
   */
  MachineCounted: 'MachineCounted',
  /** A process parameter left its range. */
  ParameterOutOfRange: 'ParameterOutOfRange',
  /** A maintenance order was opened (preventive, falling due; or corrective, on a breakdown), assigned or done. */
  MaintenanceOrderChanged: 'MaintenanceOrderChanged',
} as const;

export const EQUIPMENT_EVENT_TYPES: ReadonlySet<string> = new Set(Object.values(EquipmentEvent));
