import { Field, ID, Int, ObjectType } from 'type-graphql';
import { DecimalScalar, SequenceScalar } from '../../kernel/common/scalars';
import { MachineState } from '../../modules/equipment/machine.entity';
import { OperationState } from '../../modules/production/work-order-operation.entity';
import { WorkCenterState } from '../../modules/catalog/work-center.entity';

@ObjectType({ description: 'An operation of a released or running work order, as the floor sees it' })
export class PlantOperation {
  @Field(() => ID) operationId!: string;
  @Field(() => ID) workOrderId!: string;
  @Field() workOrderCode!: string;
  @Field() sku!: string;
  @Field() itemName!: string;
  @Field(() => Int) sequence!: number;
  @Field() name!: string;
  @Field(() => OperationState) state!: OperationState;
  @Field(() => DecimalScalar, { description: 'Ordered quantity of the work order' }) qty!: string;
  @Field(() => DecimalScalar) qtyGood!: string;
  @Field(() => DecimalScalar) qtyScrap!: string;
  @Field(() => DecimalScalar, { nullable: true, description: 'A rework operation: the units sent to it (off the flow)' })
  reworkQty!: string | null;
  @Field(() => DecimalScalar, {
    description:
      'Units passed on to it so far: the ordered quantity for the first step, the good quantity of the step before it in the flow after, the rework quantity for rework',
  })
  qtyReceived!: string;
  @Field({ description: 'Due date of the work order' }) dueDate!: string;
  @Field(() => Date, { nullable: true }) plannedStart!: Date | null;
  @Field(() => Date, { nullable: true }) actualStart!: Date | null;
}

@ObjectType({ description: 'A machine now: its state (and why it is stopped), and what it works on' })
export class PlantMachine {
  @Field(() => ID) id!: string;
  @Field() code!: string;
  @Field() name!: string;
  @Field(() => MachineState) state!: MachineState;
  @Field(() => Date, { nullable: true }) stateSince!: Date | null;
  @Field(() => String, { nullable: true, description: 'Why it is stopped (a reason code of the tree)' }) reasonCode!: string | null;
  @Field(() => String, { nullable: true }) reasonName!: string | null;
  @Field(() => Date, { nullable: true, description: 'When the open stop is expected to end, if anyone said' })
  expectedEnd!: Date | null;
  @Field(() => PlantOperation, { nullable: true, description: 'The operation set on it (setMachineJob)' }) job!: PlantOperation | null;
  @Field(() => String, { nullable: true }) lotCode!: string | null;
}

@ObjectType({
  description: 'A work center now: its machines, the operations in progress (WIP), those ready to start (queue) and those still to come',
})
export class PlantWorkCenter {
  @Field(() => ID) id!: string;
  @Field() code!: string;
  @Field() name!: string;
  @Field(() => WorkCenterState) state!: WorkCenterState;
  @Field(() => [PlantMachine]) machines!: PlantMachine[];
  @Field(() => Int, { description: 'Operations running or paused here' }) wipCount!: number;
  @Field(() => [PlantOperation], { description: 'Running and paused operations, earliest started first (at most `listed`)' })
  wip!: PlantOperation[];
  @Field(() => Int, {
    description:
      'Operations of released or running work orders waiting here (PENDING) that can start now: the operation before them has passed on good units or is done, or they are rework',
  })
  queueCount!: number;
  @Field(() => [PlantOperation], { description: 'The queue (ready to start) by planned start, then due date (at most `listed`)' })
  queue!: PlantOperation[];
  @Field(() => Int, {
    description: 'Pending operations here that cannot start yet: the operation before them has passed on nothing so far',
  })
  upcomingCount!: number;
}

@ObjectType({ description: 'Every work center with its machines, WIP and queue, as of `at`' })
export class PlantView {
  @Field() at!: Date;
  @Field(() => [PlantWorkCenter]) workCenters!: PlantWorkCenter[];
}

@ObjectType({ description: 'Something changed on the floor: draw the plant view again (the payload says what, not how)' })
export class PlantChange {
  @Field(() => SequenceScalar, { description: 'Resume after this with fromSeq' }) seq!: string;
  @Field({ description: 'The event type: a machine state, a stop, a count, an operation starting or finishing, …' }) type!: string;
  @Field() occurredAt!: Date;
  @Field(() => ID, { nullable: true }) workCenterId!: string | null;
  @Field(() => ID, { nullable: true }) machineId!: string | null;
  @Field(() => ID, { nullable: true }) workOrderId!: string | null;
}
