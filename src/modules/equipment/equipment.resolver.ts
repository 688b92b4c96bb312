import {
  Arg,
  Args,
  Authorized,
  Ctx,
  Field,
  FieldResolver,
  Float,
  ID,
  Int,
  Mutation,
  ObjectType,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import type { GqlContext } from '../../kernel/graphql/context';
import { ConnectionType, PageArgs } from '../../kernel/graphql/connection';
import { related, type Row } from '../../kernel/graphql/read-plan/planned-row';
import { WorkCenter } from '../catalog/work-center.entity';
import { WorkOrderOperation } from '../production/work-order-operation.entity';
import { Downtime, DowntimeReason, Machine } from './machine.entity';
import { MachineParameter, ParameterAlert } from './machine-data.entity';
import { EquipmentPermission } from './equipment.permissions';
import {
  confirmDowntimeReason,
  createDowntimeReason,
  createMachine,
  setMachineJob,
  setMachineState,
  setParameterLimits,
} from './machine.service';
import { getMachine, listAlerts, listDowntimes, listMachines, parameterSeries, period, reliability } from './equipment.queries';
import {
  ConfirmDowntimeReasonInput,
  CreateDowntimeReasonInput,
  CreateMachineInput,
  DowntimeFilter,
  MachineFilter,
  SetMachineJobInput,
  SetMachineStateInput,
  SetParameterLimitsInput,
} from './dto/equipment.inputs';
import { FromPlan } from '../../kernel/graphql/plain-fields';

const MachineConnection = ConnectionType(Machine);
const DowntimeConnection = ConnectionType(Downtime);
const AlertConnection = ConnectionType(ParameterAlert);
const READ = EquipmentPermission.EquipmentRead;

@ObjectType()
class MachinePayload {
  @Field(() => Machine) machine!: Machine;
}
@ObjectType()
class DowntimeReasonPayload {
  @Field(() => DowntimeReason) reason!: DowntimeReason;
}
@ObjectType()
class DowntimePayload {
  @Field(() => Downtime) downtime!: Downtime;
}
@ObjectType()
class MachineParameterPayload {
  @Field(() => MachineParameter) parameter!: MachineParameter;
}

@ObjectType({ description: 'Reliability over a period: failures are unplanned stops that started in it' })
export class MachineReliability {
  @Field(() => ID) machineId!: string;
  @Field(() => Int) failures!: number;
  @Field(() => Float) runningSeconds!: number;
  @Field(() => Float, { description: 'Unplanned stop time' }) downSeconds!: number;
  @Field(() => Float, { nullable: true, description: 'Mean time between failures: running time per failure' }) mtbfSeconds!: number | null;
  @Field(() => Float, { nullable: true, description: 'Mean time to repair: unplanned stop time per failure' }) mttrSeconds!: number | null;
}

@ObjectType({ description: 'A parameter averaged over a time bucket' })
export class ParameterPoint {
  @Field({ description: 'The start of the bucket' }) at!: Date;
  @Field(() => Float) value!: number;
  @Field(() => Float) min!: number;
  @Field(() => Float) max!: number;
}

@Resolver(() => Machine)
export class MachineResolver {
  @Authorized(READ)
  @Query(() => Machine)
  machine(@Ctx() ctx: GqlContext, @Arg('id', () => ID) id: string) {
    return getMachine(ctx, id);
  }

  @Authorized(READ)
  @Query(() => MachineConnection, { description: 'Machines by code' })
  machines(
    @Ctx() ctx: GqlContext,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => MachineFilter, { nullable: true }) filter?: MachineFilter,
  ) {
    return listMachines(ctx, filter, page);
  }

  @Authorized(READ)
  @Query(() => [MachineReliability], { description: 'MTBF and MTTR of machines over a period' })
  machineReliability(
    @Ctx() ctx: GqlContext,
    @Arg('machineIds', () => [ID]) machineIds: string[],
    @Arg('from') from: Date,
    @Arg('to') to: Date,
  ) {
    const p = period(from, to);
    return reliability(ctx, machineIds.slice(0, 200), p.from, p.to);
  }

  @Authorized(READ)
  @Query(() => [ParameterPoint], { description: "A process parameter's readings over a period, averaged into at most `points` buckets" })
  parameterSeries(
    @Ctx() ctx: GqlContext,
    @Arg('machineId', () => ID) machineId: string,
    @Arg('name') name: string,
    @Arg('from') from: Date,
    @Arg('to') to: Date,
    @Arg('points', () => Int, { defaultValue: 200, description: 'At most 2000' }) points: number,
  ) {
    const p = period(from, to);
    return parameterSeries(ctx, machineId, name, p.from, p.to, Math.min(2000, Math.max(1, points)));
  }

  @Authorized(EquipmentPermission.EquipmentSetup)
  @Mutation(() => MachinePayload, { description: 'Adds a machine to a work center' })
  async createMachine(@Ctx() ctx: GqlContext, @Arg('input', () => CreateMachineInput) input: CreateMachineInput) {
    return { machine: await createMachine(ctx, input) };
  }

  @Authorized(EquipmentPermission.EquipmentOperate)
  @Mutation(() => MachinePayload, {
    description: "Changes a machine's state by hand; a stop opens a downtime (DowntimeStarted), leaving it closes it (DowntimeEnded)",
  })
  async setMachineState(@Ctx() ctx: GqlContext, @Arg('input', () => SetMachineStateInput) input: SetMachineStateInput) {
    return { machine: await setMachineState(ctx, input) };
  }

  @Authorized(EquipmentPermission.EquipmentOperate)
  @Mutation(() => MachinePayload, {
    description: 'Sets the operation and lot a machine works on: its counts and parameters are linked to them',
  })
  async setMachineJob(@Ctx() ctx: GqlContext, @Arg('input', () => SetMachineJobInput) input: SetMachineJobInput) {
    return { machine: await setMachineJob(ctx, input) };
  }

  @Authorized(EquipmentPermission.EquipmentSetup)
  @Mutation(() => MachineParameterPayload, {
    description: 'Sets the range of a process parameter; a reading outside raises ParameterOutOfRange',
  })
  async setParameterLimits(@Ctx() ctx: GqlContext, @Arg('input', () => SetParameterLimitsInput) input: SetParameterLimitsInput) {
    return { parameter: await setParameterLimits(ctx, input) };
  }

  @FromPlan()
  @FieldResolver(() => WorkCenter)
  workCenter(@Root() m: Row<Machine>) {
    return related(m, 'workCenter');
  }

  @FromPlan()
  @FieldResolver(() => DowntimeReason, { nullable: true, description: 'Why it is stopped' })
  reason(@Root() m: Row<Machine>) {
    return related(m, 'reason');
  }

  @FromPlan()
  @FieldResolver(() => WorkOrderOperation, { nullable: true, description: 'The operation it works on now' })
  currentOperation(@Root() m: Row<Machine>) {
    return related(m, 'currentOperation');
  }
}

@Resolver(() => Downtime)
export class DowntimeResolver {
  @Authorized(READ)
  @Query(() => DowntimeConnection, { description: 'Stops of machines, newest first' })
  downtimes(
    @Ctx() ctx: GqlContext,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => DowntimeFilter, { nullable: true }) filter?: DowntimeFilter,
  ) {
    return listDowntimes(ctx, filter, page);
  }

  @Authorized(EquipmentPermission.EquipmentOperate)
  @Mutation(() => DowntimePayload, { description: 'Confirms (or corrects) the reason of a stop; the confirmer is recorded' })
  async confirmDowntimeReason(@Ctx() ctx: GqlContext, @Arg('input', () => ConfirmDowntimeReasonInput) input: ConfirmDowntimeReasonInput) {
    return { downtime: await confirmDowntimeReason(ctx, input) };
  }

  @FromPlan()
  @FieldResolver(() => Machine)
  machine(@Root() d: Row<Downtime>) {
    return related(d, 'machine');
  }

  @FromPlan()
  @FieldResolver(() => WorkCenter)
  workCenter(@Root() d: Row<Downtime>) {
    return related(d, 'workCenter');
  }

  @FromPlan()
  @FieldResolver(() => DowntimeReason, { nullable: true })
  reason(@Root() d: Row<Downtime>) {
    return related(d, 'reason');
  }

  @FieldResolver(() => Float, { description: 'Seconds stopped, up to now while open' })
  durationSeconds(@Root() d: Row<Downtime>) {
    return ((d.endedAt ?? new Date()).getTime() - new Date(d.startedAt).getTime()) / 1000;
  }
}

@Resolver(() => DowntimeReason)
export class DowntimeReasonResolver {
  @Authorized(READ)
  @Query(() => [DowntimeReason], { description: 'The downtime reason tree, by code (each node names its parent)' })
  downtimeReasons(@Ctx() ctx: GqlContext) {
    return ctx.em.find(DowntimeReason, {}, { orderBy: { code: 'asc' }, limit: 1000 });
  }

  @Authorized(EquipmentPermission.EquipmentSetup)
  @Mutation(() => DowntimeReasonPayload, { description: 'Adds a node to the downtime reason tree' })
  async createDowntimeReason(@Ctx() ctx: GqlContext, @Arg('input', () => CreateDowntimeReasonInput) input: CreateDowntimeReasonInput) {
    return { reason: await createDowntimeReason(ctx, input) };
  }

  @FromPlan()
  @FieldResolver(() => DowntimeReason, { nullable: true })
  parent(@Root() r: Row<DowntimeReason>) {
    return related(r, 'parent');
  }
}

@Resolver(() => ParameterAlert)
export class ParameterAlertResolver {
  @Authorized(READ)
  @Query(() => AlertConnection, { description: 'Parameter values that left their range, newest first' })
  parameterAlerts(
    @Ctx() ctx: GqlContext,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('machineId', () => ID, { nullable: true }) machineId?: string,
  ) {
    return listAlerts(ctx, machineId, page);
  }

  @FromPlan()
  @FieldResolver(() => Machine)
  machine(@Root() a: Row<ParameterAlert>) {
    return related(a, 'machine');
  }
}
