import type { HubModule } from '../../kernel/module';
import { Downtime, DowntimeReason, Machine, MachineStatePeriod } from './machine.entity';
import {
  MachineCountBucket,
  MachineMessage,
  MachineParameter,
  ParameterAlert,
  ParameterBucket,
  ParameterSample,
} from './machine-data.entity';
import { DowntimeReasonResolver, DowntimeResolver, MachineResolver, ParameterAlertResolver } from './equipment.resolver';
import { EquipmentChangeResolver } from './equipment-change';
import { OeeResolver } from './oee.resolver';
import { MaintenanceOrder, MaintenancePartUse, MaintenancePlan } from './maintenance.entity';
import { MaintenanceOrderResolver, MaintenancePartUseResolver, MaintenancePlanResolver } from './maintenance.resolver';
import { checkMaintenanceDue } from './maintenance.service';
import { EquipmentEvent } from './equipment.events';
import { equipmentGrants } from './equipment.permissions';
import { machineDataRouter } from './machine-data.route';
import { MqttIngestWorker } from './mqtt-ingest.worker';
import { PRUNE_SCHEDULE, pruneMachineMessages } from './machine-message-retention.job';
import type { MachineDataSettings } from './machine-data.settings';

declare module '../../kernel/graphql/context' {
  interface GqlContext {
    /** Shifts and the plant's UTC offset, for OEE by shift and day. */
    machineData: MachineDataSettings;
  }
}

declare module '../../kernel/module' {
  interface HubServices {
    /** The broker, topic mapping and shifts (MQTT_*, MACHINE_DATA_*, PLANT_* settings). */
    machineData: MachineDataSettings;
  }
}

/**
 * Machines under work centers with their states and stops (downtime with reasons, MTBF, MTTR),
 * machine data over MQTT and HTTP (states, counts, process parameters with alerts), and the
 * `equipmentChanged` stream. DowntimeStarted / DowntimeEnded tell the scheduler about lost capacity.
 * Maintenance: preventive plans by calendar, cycles or running hours open orders when due (on counts,
 * on state changes and by a periodic check); a breakdown opens a corrective order; spare parts are
 * issued from stock on completion; an order's planned window is lost capacity for the scheduler.
 */
export const equipmentModule: HubModule = {
  name: 'equipment',
  entities: [
    DowntimeReason,
    Machine,
    MachineStatePeriod,
    Downtime,
    MachineParameter,
    ParameterSample,
    ParameterBucket,
    MachineCountBucket,
    MachineMessage,
    ParameterAlert,
    MaintenancePlan,
    MaintenanceOrder,
    MaintenancePartUse,
  ],
  resolvers: [
    MachineResolver,
    DowntimeResolver,
    DowntimeReasonResolver,
    ParameterAlertResolver,
    EquipmentChangeResolver,
    OeeResolver,
    MaintenancePlanResolver,
    MaintenanceOrderResolver,
    MaintenancePartUseResolver,
  ],
  events: Object.values(EquipmentEvent),
  permissions: equipmentGrants,
  routes: (services) => ({ '/machine-data': machineDataRouter(services) }),
  // Calendar plans fall due with time, running hours grow while a machine runs: checked periodically too.
  jobs: (services) => [
    {
      id: 'maintenance-due',
      schedule: services.machineData.maintenanceCheckSchedule,
      execute: (ctx) => checkMaintenanceDue(ctx).then(() => undefined),
    },
    // Message keys are kept only while a duplicate can still arrive (MACHINE_MESSAGE_RETENTION_HOURS).
    {
      id: 'machine-message-retention',
      schedule: PRUNE_SCHEDULE,
      execute: async (ctx) => {
        const deleted = await pruneMachineMessages(ctx, services.machineData.messageRetentionHours);
        // Said when something went, so an operator can see the table kept in check (a quiet hub logs nothing).
        if (deleted > 0)
          services.log.info({ deleted, retentionHours: services.machineData.messageRetentionHours }, 'machine message keys pruned');
      },
    },
  ],
  workers: (services) => (services.machineData.mqttUrl ? [new MqttIngestWorker(services, services.machineData)] : []),
};
