import { Arg, Authorized, Field, Float, ID, ObjectType, Resolver, Root, Subscription, type SubscribeResolverData } from 'type-graphql';
import type { GqlContext } from '../../kernel/graphql/context';
import { SequenceScalar } from '../../kernel/common/scalars';
import { textOrNull, type LoggedEvent } from '../../kernel/events/event-types';
import { scopedStream } from '../../kernel/events/subscription';
import { EquipmentPermission } from './equipment.permissions';
import { EQUIPMENT_EVENT_TYPES } from './equipment.events';

/** A change on the shop floor: a machine's state, a stop starting or ending, counts, an alert, a maintenance order. */
@ObjectType()
export class EquipmentChange {
  @Field(() => SequenceScalar, { description: 'Resume after this with fromSeq' }) seq!: string;
  @Field({
    description:
      'MachineStateChanged, DowntimeStarted, DowntimeEnded, DowntimeReasonConfirmed, MachineCounted (at most every 10 s per machine), ParameterOutOfRange, MaintenanceOrderChanged',
  })
  type!: string;
  @Field() occurredAt!: Date;
  @Field(() => ID, { nullable: true }) machineId!: string | null;
  @Field(() => String, { nullable: true }) machineCode!: string | null;
  @Field(() => ID, { nullable: true }) workCenterId!: string | null;
  @Field(() => String, { nullable: true, description: 'The machine state (or the stop’s state)' }) state!: string | null;
  @Field(() => String, { nullable: true, description: 'The reason code of the stop' }) reason!: string | null;
  @Field(() => ID, { nullable: true }) downtimeId!: string | null;
  @Field(() => Date, { nullable: true }) expectedEnd!: Date | null;
  @Field(() => Date, { nullable: true }) endedAt!: Date | null;
  @Field(() => String, { nullable: true }) parameter!: string | null;
  @Field(() => Float, { nullable: true }) value!: number | null;
  @Field(() => ID, { nullable: true }) maintenanceOrderId!: string | null;
  @Field(() => String, { description: 'The payload as JSON, for fields not listed here' }) data!: string;
}

const date = (v: unknown) => (typeof v === 'string' ? new Date(v) : null);

export function toEquipmentChange(e: LoggedEvent): EquipmentChange {
  const d = e.data;
  return {
    seq: e.seq,
    type: e.type,
    occurredAt: e.occurredAt,
    machineId: textOrNull(d.machineId),
    machineCode: textOrNull(d.machineCode),
    workCenterId: textOrNull(d.workCenterId),
    state: textOrNull(d.state),
    reason: textOrNull(d.reason),
    downtimeId: textOrNull(d.downtimeId),
    expectedEnd: date(d.expectedEnd),
    endedAt: date(d.endedAt),
    parameter: textOrNull(d.parameter),
    value: typeof d.value === 'number' ? d.value : null,
    maintenanceOrderId: textOrNull(d.maintenanceOrderId),
    data: JSON.stringify(d),
  };
}

const ACCESS = { permissions: [EquipmentPermission.EquipmentRead], field: 'equipmentChanged' };

@Resolver()
export class EquipmentChangeResolver {
  @Authorized(EquipmentPermission.EquipmentRead)
  @Subscription(() => EquipmentChange, {
    description: 'Machine states, stops, alerts and maintenance orders as they happen (of a work center or machine, or all), resumable',
    subscribe: ({
      args,
      context,
    }: SubscribeResolverData<unknown, { fromSeq?: string; workCenterId?: string; machineId?: string }, GqlContext>) =>
      scopedStream(
        context,
        ACCESS,
        args.fromSeq,
        (e) =>
          EQUIPMENT_EVENT_TYPES.has(e.type) &&
          (!args.workCenterId || e.data.workCenterId === args.workCenterId) &&
          (!args.machineId || e.data.machineId === args.machineId),
      ),
  })
  equipmentChanged(
    @Root() event: LoggedEvent,
    @Arg('workCenterId', () => ID, { nullable: true }) _workCenterId?: string,
    @Arg('machineId', () => ID, { nullable: true }) _machineId?: string,
    @Arg('fromSeq', () => SequenceScalar, { nullable: true, description: 'Replay events after this sequence first' }) _fromSeq?: string,
  ): EquipmentChange {
    return toEquipmentChange(event);
  }
}
