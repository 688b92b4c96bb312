import { Arg, Authorized, Field, ID, Int, ObjectType, Resolver, Root, Subscription, type SubscribeResolverData } from 'type-graphql';
import type { GqlContext } from '../../kernel/graphql/context';
import { SequenceScalar } from '../../kernel/common/scalars';
import { textOrNull, type LoggedEvent } from '../../kernel/events/event-types';
import { scopedStream } from '../../kernel/events/subscription';
import { SchedulingPermission } from './scheduling.permissions';
import { SchedulingEvent } from './scheduling.events';
import { PlanTriggerPart } from './plan.types';
import { triggerPartsOf } from './plan.queries';
import type { TriggerPart } from './trigger';

@ObjectType()
export class PlanChangedOrder {
  @Field(() => ID) workOrderId!: string;
  @Field() code!: string;
  @Field(() => Int) shiftMinutes!: number;
  @Field(() => Int) lateMinutes!: number;
}

/** A plan made or published, with the orders whose end moved when it was published. */
@ObjectType()
export class PlanEvent {
  @Field(() => SequenceScalar, { description: 'Resume after this with fromSeq' }) seq!: string;
  @Field({ description: 'PlanCreated or PlanPublished' }) type!: string;
  @Field() occurredAt!: Date;
  @Field(() => ID) planId!: string;
  @Field(() => Int) version!: number;
  @Field() state!: string;
  @Field() trigger!: string;
  @Field(() => [PlanTriggerPart], { description: 'trigger part by part, for saying it in another language' })
  triggerParts!: PlanTriggerPart[];
  @Field(() => Int) lateOrderCount!: number;
  @Field(() => Int) tardinessMinutes!: number;
  @Field(() => Int, { nullable: true }) previousVersion!: number | null;
  @Field(() => [PlanChangedOrder]) changedOrders!: PlanChangedOrder[];
}

const PLAN_ACCESS = { permissions: [SchedulingPermission.SchedulingRead], field: 'planChanged' };
const PLAN_EVENTS = new Set<string>([SchedulingEvent.PlanCreated, SchedulingEvent.PlanPublished]);

@Resolver()
export class PlanChangeResolver {
  @Authorized(...PLAN_ACCESS.permissions)
  @Subscription(() => PlanEvent, {
    description: 'Plans as they are made and published, resumable from a sequence',
    subscribe: ({ args, context }: SubscribeResolverData<unknown, { fromSeq?: string }, GqlContext>) =>
      scopedStream(context, PLAN_ACCESS, args.fromSeq, (e) => PLAN_EVENTS.has(e.type)),
  })
  planChanged(
    @Root() e: LoggedEvent,
    @Arg('fromSeq', () => SequenceScalar, { nullable: true, description: 'Replay events after this sequence first' }) _fromSeq?: string,
  ): PlanEvent {
    const d = e.data;
    return {
      seq: e.seq,
      type: e.type,
      occurredAt: e.occurredAt,
      planId: String(d.planId),
      version: Number(d.version),
      state: String(d.state),
      trigger: String(d.trigger),
      triggerParts: triggerPartsOf(d.triggerParts as TriggerPart[] | undefined),
      lateOrderCount: Number(d.lateOrderCount),
      tardinessMinutes: Number(d.tardinessMinutes),
      previousVersion: d.previousVersion == null ? null : Number(textOrNull(d.previousVersion)),
      changedOrders: (d.changedOrders as PlanChangedOrder[] | undefined) ?? [],
    };
  }
}
