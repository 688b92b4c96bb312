import { Arg, Args, Authorized, Ctx, Field, FieldResolver, ID, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { GqlContext } from '../../kernel/graphql/context';
import { ConnectionType, PageArgs } from '../../kernel/graphql/connection';
import { related, type Row } from '../../kernel/graphql/read-plan/planned-row';
import { Item } from '../catalog/item.entity';
import { Location } from './location.entity';
import { Lot } from './lot.entity';
import { StockMove } from './stock-move.entity';
import { CycleCount, CycleCountLine } from './cycle-count.entity';
import { adjustStock, reverseStockMove } from './stock-correction.service';
import * as counts from './cycle-count.service';
import {
  AdjustStockInput,
  CycleCountFilter,
  PostCycleCountInput,
  RecordCycleCountInput,
  ReverseStockMoveInput,
  StartCycleCountInput,
} from './dto/correction.inputs';
import { InventoryPermission } from './inventory.permissions';
import { FromPlan } from '../../kernel/graphql/plain-fields';

const CycleCountConnection = ConnectionType(CycleCount);

@ObjectType()
class CorrectionPayload {
  @Field(() => StockMove, { description: 'The new move (the original stays in the ledger)' }) stockMove!: StockMove;
}

@ObjectType()
class CycleCountPayload {
  @Field(() => CycleCount) cycleCount!: CycleCount;
}

@Resolver()
export class StockCorrectionResolver {
  @Authorized(InventoryPermission.InventoryCorrect)
  @Mutation(() => CorrectionPayload, { description: 'Reverses a receipt, transfer or adjustment with the opposite move and journal lines' })
  async reverseStockMove(@Ctx() ctx: GqlContext, @Arg('input', () => ReverseStockMoveInput) input: ReverseStockMoveInput) {
    return { stockMove: await reverseStockMove(ctx, input) };
  }

  @Authorized(InventoryPermission.InventoryCorrect)
  @Mutation(() => CorrectionPayload, { description: 'Stock found (+) or lost (−) at a location, with a reason, valued at standard' })
  async adjustStock(@Ctx() ctx: GqlContext, @Arg('input', () => AdjustStockInput) input: AdjustStockInput) {
    return { stockMove: await adjustStock(ctx, input) };
  }
}

@Resolver(() => CycleCount)
export class CycleCountResolver {
  @Authorized(InventoryPermission.InventoryRead)
  @Query(() => CycleCount)
  cycleCount(@Ctx() ctx: GqlContext, @Arg('id', () => ID) id: string) {
    return counts.getCycleCount(ctx, id);
  }

  @Authorized(InventoryPermission.InventoryRead)
  @Query(() => CycleCountConnection, { description: 'Count sheets, newest first' })
  cycleCounts(
    @Ctx() ctx: GqlContext,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => CycleCountFilter, { nullable: true }) filter?: CycleCountFilter,
  ) {
    return counts.listCycleCounts(ctx, filter, page);
  }

  @Authorized(InventoryPermission.InventoryCount)
  @Mutation(() => CycleCountPayload, { description: 'A count sheet for a location, listing what the books hold there' })
  async startCycleCount(@Ctx() ctx: GqlContext, @Arg('input', () => StartCycleCountInput) input: StartCycleCountInput) {
    return { cycleCount: await counts.startCycleCount(ctx, input) };
  }

  @Authorized(InventoryPermission.InventoryCount)
  @Mutation(() => CycleCountPayload, { description: 'Counted quantities onto an open sheet' })
  async recordCycleCount(@Ctx() ctx: GqlContext, @Arg('input', () => RecordCycleCountInput) input: RecordCycleCountInput) {
    return { cycleCount: await counts.recordCycleCount(ctx, input) };
  }

  @Authorized(InventoryPermission.InventoryCorrect)
  @Mutation(() => CycleCountPayload, { description: 'Books the counted variances as adjustments with journal entries' })
  async postCycleCount(@Ctx() ctx: GqlContext, @Arg('input', () => PostCycleCountInput) input: PostCycleCountInput) {
    return { cycleCount: await counts.postCycleCount(ctx, input) };
  }

  @FromPlan()
  @FieldResolver(() => Location)
  location(@Root() c: Row<CycleCount>) {
    return related(c, 'location');
  }

  @FromPlan()
  @FieldResolver(() => [CycleCountLine])
  lines(@Root() c: Row<CycleCount>) {
    return related(c, 'lines');
  }
}

@Resolver(() => CycleCountLine)
export class CycleCountLineResolver {
  @FromPlan()
  @FieldResolver(() => Item)
  item(@Root() l: Row<CycleCountLine>) {
    return related(l, 'item');
  }

  @FromPlan()
  @FieldResolver(() => Lot, { nullable: true })
  lot(@Root() l: Row<CycleCountLine>) {
    return related(l, 'lot');
  }
}
