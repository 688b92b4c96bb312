import { Arg, Authorized, Ctx, Field, ID, ObjectType, Query, Resolver, Root, Subscription, type SubscribeResolverData } from 'type-graphql';
import { GraphQLJSON } from 'graphql-scalars';
import type { GqlContext } from '../../kernel/graphql/context';
import { SequenceScalar } from '../../kernel/common/scalars';
import { textOrNull, type LoggedEvent } from '../../kernel/events/event-types';
import { scopedStream } from '../../kernel/events/subscription';
import { QualityPermission } from './quality.permissions';
import { QUALITY_ALERTS } from './quality.events';
import { controlChart, defectPareto, firstPassYield } from './spc.service';
import { ChartKind, ControlChart, FirstPassYield, ParetoBar, ParetoBy } from './spc.types';

@ObjectType({ description: 'A quality alert: a nonconformance raised, or a control rule fired while still in spec' })
export class QualityAlert {
  @Field(() => SequenceScalar) seq!: string;
  @Field() type!: string;
  @Field() occurredAt!: Date;
  @Field({ description: 'The nonconformance or characteristic it is about' }) subject!: string;
  @Field(() => GraphQLJSON, { description: 'The event as written' }) data!: Record<string, unknown>;
}

const ALERT_ACCESS = { permissions: [QualityPermission.QualityRead], field: 'qualityAlerts' };

@Resolver()
export class SpcResolver {
  @Authorized(QualityPermission.QualityRead)
  @Query(() => ControlChart, { description: 'I-MR or X̄-R chart of a numeric characteristic, with Cp/Cpk and the rules that fire' })
  controlChart(
    @Ctx() ctx: GqlContext,
    @Arg('characteristicId', () => ID) characteristicId: string,
    @Arg('kind', () => ChartKind, { defaultValue: ChartKind.I_MR }) kind: ChartKind,
  ) {
    return controlChart(ctx, characteristicId, kind);
  }

  @Authorized(QualityPermission.QualityRead)
  @Query(() => [ParetoBar], { description: 'Nonconformances ranked by defect code, work center, item or supplier' })
  defectPareto(@Ctx() ctx: GqlContext, @Arg('by', () => ParetoBy) by: ParetoBy, @Arg('since', { nullable: true }) since?: Date) {
    return defectPareto(ctx, by, since);
  }

  @Authorized(QualityPermission.QualityRead)
  @Query(() => FirstPassYield, { description: 'Inspections passed the first time, overall and per item and step' })
  firstPassYield(
    @Ctx() ctx: GqlContext,
    @Arg('itemId', () => ID, { nullable: true }) itemId?: string,
    @Arg('since', { nullable: true }) since?: Date,
  ) {
    return firstPassYield(ctx, itemId, since);
  }

  @Authorized(...ALERT_ACCESS.permissions)
  @Subscription(() => QualityAlert, {
    description: 'Nonconformances raised and control rules fired, as they happen; resumable from a sequence',
    subscribe: ({ args, context }: SubscribeResolverData<unknown, { fromSeq?: string }, GqlContext>) =>
      scopedStream(context, ALERT_ACCESS, args.fromSeq, (e) => QUALITY_ALERTS.has(e.type)),
  })
  qualityAlerts(
    @Root() e: LoggedEvent,
    @Arg('fromSeq', () => SequenceScalar, { nullable: true, description: 'Replay events after this sequence first' }) _fromSeq?: string,
  ): QualityAlert {
    return {
      seq: e.seq,
      type: e.type,
      occurredAt: e.occurredAt,
      subject: textOrNull(e.data.code) ?? textOrNull(e.data.characteristic) ?? e.aggregateId,
      data: e.data,
    };
  }
}
