import { Arg, Args, Authorized, Ctx, Field, FieldResolver, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { GqlContext } from '../../kernel/graphql/context';
import { ConnectionType, PageArgs } from '../../kernel/graphql/connection';
import { related, type Row } from '../../kernel/graphql/read-plan/planned-row';
import { Lot } from './lot.entity';
import { LotHold } from './lot-hold.entity';
import { holdLot, listLotHolds, releaseLotHold } from './lot-hold.service';
import { HoldLotInput, LotHoldFilter, ReleaseLotHoldInput } from './dto/lot-hold.inputs';
import { InventoryPermission } from './inventory.permissions';
import { FromPlan } from '../../kernel/graphql/plain-fields';

const LotHoldConnection = ConnectionType(LotHold);

@ObjectType()
class LotHoldPayload {
  @Field(() => LotHold) hold!: LotHold;
}

@Resolver(() => LotHold)
export class LotHoldResolver {
  @Authorized(InventoryPermission.InventoryRead)
  @Query(() => LotHoldConnection, { description: 'Holds on lots, newest first' })
  lotHolds(
    @Ctx() ctx: GqlContext,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => LotHoldFilter, { nullable: true }) filter?: LotHoldFilter,
  ) {
    return listLotHolds(ctx, filter, page);
  }

  @Authorized(InventoryPermission.LotHold)
  @Mutation(() => LotHoldPayload, { description: 'Puts a lot on hold (no issue, transfer or shipment); idempotent on idempotencyKey' })
  async holdLot(@Ctx() ctx: GqlContext, @Arg('input', () => HoldLotInput) input: HoldLotInput) {
    return { hold: await holdLot(ctx, input) };
  }

  @Authorized(InventoryPermission.LotHold)
  @Mutation(() => LotHoldPayload, { description: 'Releases a hold; the lot is available again when no other hold is active' })
  async releaseLotHold(@Ctx() ctx: GqlContext, @Arg('input', () => ReleaseLotHoldInput) input: ReleaseLotHoldInput) {
    return { hold: await releaseLotHold(ctx, input) };
  }

  @FromPlan()
  @FieldResolver(() => Lot)
  lot(@Root() h: Row<LotHold>) {
    return related(h, 'lot');
  }

  @FieldResolver(() => Boolean, { description: 'Not released yet' })
  active(@Root() h: Row<LotHold>) {
    return !h.releasedAt;
  }
}
