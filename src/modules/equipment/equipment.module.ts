import type { HubModule } from '../../kernel/module';
import { Downtime, DowntimeReason, Machine, MachineStatePeriod } from './machine.entity';
import { MachineCountMinute, MachineMessage, MachineParameter, ParameterAlert, ParameterSample } from './machine-data.entity';
import { DowntimeReasonResolver, DowntimeResolver, MachineResolver, ParameterAlertResolver } from './equipment.resolver';
import { EquipmentChangeResolver } from './equipment-change';
import { EquipmentEvent } from './equipment.events';
import { equipmentGrants } from './equipment.permissions';
import { machineDataRouter } from './machine-data.route';
import { MqttIngestWorker } from './mqtt-ingest.worker';
import type { MachineDataSettings } from './machine-data.settings';

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
    MachineCountMinute,
    MachineMessage,
    ParameterAlert,
  ],
  resolvers: [MachineResolver, DowntimeResolver, DowntimeReasonResolver, ParameterAlertResolver, EquipmentChangeResolver],
  events: Object.values(EquipmentEvent),
  permissions: equipmentGrants,
  routes: (services) => ({ '/machine-data': machineDataRouter(services) }),
  workers: (services) => (services.machineData.mqttUrl ? [new MqttIngestWorker(services, services.machineData)] : []),
};
