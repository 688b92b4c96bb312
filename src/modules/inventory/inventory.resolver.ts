import { Arg, Args, Authorized, Ctx, Field, FieldResolver, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { GqlContext } from '../../kernel/graphql/context';
import { ConnectionType, PageArgs } from '../../kernel/graphql/connection';

import { Item } from '../catalog/item.entity';
import { Location } from './location.entity';
import { Lot } from './lot.entity';
import { StockMove } from './stock-move.entity';
import { StockBalance } from './stock-balance.entity';
import * as inventory from './inventory.service';
import * as queries from './inventory.queries';
import {
  CreateLocationInput,
  LocationFilter,
  LotFilter,
  ReceiveStockInput,
  StockBalanceFilter,
  StockMoveFilter,
  TransferStockInput,
} from './dto/inventory.inputs';
import { InventoryPermission } from './inventory.permissions';
import { related, type Row } from '../../kernel/graphql/read-plan/planned-row';
import { FromPlan } from '../../kernel/graphql/plain-fields';

const LocationConnection = ConnectionType(Location);
const LotConnection = ConnectionType(Lot);
const StockMoveConnection = ConnectionType(StockMove);
const StockBalanceConnection = ConnectionType(StockBalance);

@ObjectType()
class LocationPayload {
  @Field(() => Location) location!: Location;
}
@ObjectType()
class StockMovePayload {
  @Field(() => StockMove) stockMove!: StockMove;
}

@Resolver(() => Location)
export class LocationResolver {
  @Authorized(InventoryPermission.InventoryRead)
  @Query(() => LocationConnection)
  locations(
    @Ctx() ctx: GqlContext,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => LocationFilter, { nullable: true }) filter?: LocationFilter,
  ) {
    return queries.listLocations(ctx, filter, page);
  }

  @Authorized(InventoryPermission.InventoryMove)
  @Mutation(() => LocationPayload)
  async createLocation(@Ctx() ctx: GqlContext, @Arg('input', () => CreateLocationInput) input: CreateLocationInput) {
    return { location: await inventory.createLocation(ctx, input) };
  }
}

@Resolver(() => Lot)
export class LotResolver {
  @Authorized(InventoryPermission.InventoryRead)
  @Query(() => LotConnection)
  lots(
    @Ctx() ctx: GqlContext,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => LotFilter, { nullable: true }) filter?: LotFilter,
  ) {
    return queries.listLots(ctx, filter, page);
  }

  @FromPlan()
  @FieldResolver(() => Item)
  item(@Root() lot: Row<Lot>) {
    return related(lot, 'item');
  }
}

@Resolver(() => StockBalance)
export class StockBalanceResolver {
  @Authorized(InventoryPermission.InventoryRead)
  @Query(() => StockBalanceConnection, { description: 'On-hand quantities per item, location and lot' })
  stockBalances(
    @Ctx() ctx: GqlContext,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => StockBalanceFilter, { nullable: true }) filter?: StockBalanceFilter,
  ) {
    return queries.listStockBalances(ctx, filter, page);
  }

  @FromPlan()
  @FieldResolver(() => Item)
  item(@Root() b: Row<StockBalance>) {
    return related(b, 'item');
  }

  @FromPlan()
  @FieldResolver(() => Location)
  location(@Root() b: Row<StockBalance>) {
    return related(b, 'location');
  }

  @FromPlan()
  @FieldResolver(() => Lot, { nullable: true })
  lot(@Root() b: Row<StockBalance>) {
    return related(b, 'lot');
  }
}

@Resolver(() => StockMove)
export class StockMoveResolver {
  @Authorized(InventoryPermission.InventoryRead)
  @Query(() => StockMoveConnection, { description: 'The stock ledger, oldest first' })
  stockMoves(
    @Ctx() ctx: GqlContext,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => StockMoveFilter, { nullable: true }) filter?: StockMoveFilter,
  ) {
    return queries.listStockMoves(ctx, filter, page);
  }

  @Authorized(InventoryPermission.InventoryMove)
  @Mutation(() => StockMovePayload, { description: 'Goods received from a supplier; idempotent on idempotencyKey' })
  async receiveStock(@Ctx() ctx: GqlContext, @Arg('input', () => ReceiveStockInput) input: ReceiveStockInput) {
    return { stockMove: await inventory.receiveStock(ctx, input) };
  }

  @Authorized(InventoryPermission.InventoryMove)
  @Mutation(() => StockMovePayload, { description: 'Moves stock between two physical locations' })
  async transferStock(@Ctx() ctx: GqlContext, @Arg('input', () => TransferStockInput) input: TransferStockInput) {
    return { stockMove: await inventory.transferStock(ctx, input) };
  }

  @FromPlan()
  @FieldResolver(() => Item)
  item(@Root() m: Row<StockMove>) {
    return related(m, 'item');
  }

  @FromPlan()
  @FieldResolver(() => Location)
  fromLocation(@Root() m: Row<StockMove>) {
    return related(m, 'fromLocation');
  }

  @FromPlan()
  @FieldResolver(() => Location)
  toLocation(@Root() m: Row<StockMove>) {
    return related(m, 'toLocation');
  }

  @FromPlan()
  @FieldResolver(() => Lot, { nullable: true })
  lot(@Root() m: Row<StockMove>) {
    return related(m, 'lot');
  }
}
