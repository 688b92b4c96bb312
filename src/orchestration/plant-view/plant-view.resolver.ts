import { Arg, Authorized, Ctx, ID, Int, Query, Resolver, Root, Subscription, type SubscribeResolverData } from 'type-graphql';
import type { GqlContext } from '../../kernel/graphql/context';
import { SequenceScalar } from '../../kernel/common/scalars';
import type { LoggedEvent } from '../../kernel/events/event-types';
import { scopedStream } from '../../kernel/events/subscription';
import { PlantViewPermission } from './plant-view.permissions';
import { PlantChange, PlantView } from './plant-view.types';
import { movesPlantView, plantView, toPlantChange } from './plant-view.service';

const ACCESS = { permissions: [PlantViewPermission.PlantViewRead], field: 'plantChanged' };

@Resolver()
export class PlantViewResolver {
  @Authorized(PlantViewPermission.PlantViewRead)
  @Query(() => PlantView, {
    description:
      'Every work center (or one) with its machines now, the operations in progress (WIP), those ready to start (queue) and how many are still to come',
  })
  plantView(
    @Ctx() ctx: GqlContext,
    @Arg('workCenterId', () => ID, { nullable: true }) workCenterId?: string,
    @Arg('listed', () => Int, {
      defaultValue: 5,
      description: 'WIP and queue operations listed per work center (0–50); the counts are of all',
    })
    listed?: number,
  ) {
    return plantView(ctx, { workCenterId, listed: listed ?? 5 });
  }

  @Authorized(PlantViewPermission.PlantViewRead)
  @Subscription(() => PlantChange, {
    description:
      'Whatever moves the plant view: machine states, stops, counts, alerts, maintenance, work center states, operations starting, progressing or finishing; resumable',
    subscribe: ({ args, context }: SubscribeResolverData<unknown, { fromSeq?: string; workCenterId?: string }, GqlContext>) =>
      scopedStream(context, ACCESS, args.fromSeq, (e) => movesPlantView(e, args.workCenterId)),
  })
  plantChanged(
    @Root() event: LoggedEvent,
    @Arg('workCenterId', () => ID, { nullable: true }) _workCenterId?: string,
    @Arg('fromSeq', () => SequenceScalar, { nullable: true, description: 'Replay events after this sequence first' }) _fromSeq?: string,
  ): PlantChange {
    return toPlantChange(event);
  }
}
