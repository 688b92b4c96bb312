import type { HubModule } from '../../kernel/module';
import { Downtime, DowntimeReason, Machine, MachineStatePeriod } from './machine.entity';
import { MachineCountBucket, MachineMessage, MachineParameter, ParameterAlert, ParameterSample } from './machine-data.entity';
import { DowntimeReasonResolver, DowntimeResolver, MachineResolver, ParameterAlertResolver } from './equipment.resolver';
import { EquipmentChangeResolver } from './equipment-change';
import { OeeResolver } from './oee.resolver';
import { EquipmentEvent } from './equipment.events';
import { equipmentGrants } from './equipment.permissions';
import { machineDataRouter } from './machine-data.route';
import { MqttIngestWorker } from './mqtt-ingest.worker';
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
    MachineCountBucket,
    MachineMessage,
    ParameterAlert,
  ],
  resolvers: [MachineResolver, DowntimeResolver, DowntimeReasonResolver, ParameterAlertResolver, EquipmentChangeResolver, OeeResolver],
  events: Object.values(EquipmentEvent),
  permissions: equipmentGrants,
  routes: (services) => ({ '/machine-data': machineDataRouter(services) }),
  workers: (services) => (services.machineData.mqttUrl ? [new MqttIngestWorker(services, services.machineData)] : []),
};
