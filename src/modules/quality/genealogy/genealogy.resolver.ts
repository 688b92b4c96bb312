import { Arg, Authorized, Ctx, Field, ID, InputType, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import { Length } from 'class-validator';
import type { GqlContext } from '../../../kernel/graphql/context';
import { LotHold } from '../../inventory/lot-hold.entity';
import { InventoryPermission } from '../../inventory/inventory.permissions';
import { QualityPermission } from '../quality.permissions';
import { holdForRecall, recallImpact, traceLot } from './genealogy.service';
import { LotTrace, RecallImpact, TraceDirection } from './genealogy.types';

@InputType()
class HoldForRecallInput {
  @Field(() => ID, { description: 'The lot recalled (a supplier lot, a semi-finished lot, …)' }) lotId!: string;
  @Field() @Length(1, 400) reason!: string;
}

@ObjectType()
class HoldForRecallPayload {
  @Field(() => [LotHold], { description: 'The holds placed; lots already on hold get none' }) holds!: LotHold[];
}

@Resolver()
export class GenealogyResolver {
  @Authorized(QualityPermission.QualityRead)
  @Query(() => LotTrace, {
    description: 'A lot traced backward (what it was made of, from whom) or forward (what was made of it, who got it)',
  })
  lotTrace(
    @Ctx() ctx: GqlContext,
    @Arg('lotId', () => ID) lotId: string,
    @Arg('direction', () => TraceDirection) direction: TraceDirection,
  ) {
    return traceLot(ctx, lotId, direction);
  }

  @Authorized(QualityPermission.QualityRead)
  @Query(() => RecallImpact, { description: 'Who received goods made of a lot, and what of them is still here to hold' })
  recallImpact(@Ctx() ctx: GqlContext, @Arg('lotId', () => ID) lotId: string) {
    return recallImpact(ctx, lotId);
  }

  @Authorized(InventoryPermission.LotHold)
  @Mutation(() => HoldForRecallPayload, { description: 'Holds every lot made of the lot recalled that is still in stock' })
  async holdForRecall(@Ctx() ctx: GqlContext, @Arg('input', () => HoldForRecallInput) input: HoldForRecallInput) {
    return { holds: await holdForRecall(ctx, input.lotId, input.reason) };
  }
}
