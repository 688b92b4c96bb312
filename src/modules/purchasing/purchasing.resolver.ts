import { Arg, Args, Authorized, Ctx, Field, FieldResolver, ID, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { GqlContext } from '../../kernel/graphql/context';
import { ConnectionType, PageArgs } from '../../kernel/graphql/connection';
import { DecimalScalar } from '../../kernel/common/scalars';

import { Item } from '../catalog/item.entity';
import { Partner } from '../partners/partner.entity';
import { ShippingNoticeLine, SupplierCommitment } from './supplier-commitment.entity';
import * as commitments from './commitment.service';
import { supplierRequirements } from './requirements.service';
import {
  CommitmentFilter,
  ConfirmCommitmentInput,
  ReceiveCommitmentInput,
  RequestCommitmentInput,
  ReverseCommitmentReceiptInput,
  ShipCommitmentInput,
} from './dto/purchasing.inputs';
import { InventoryPermission } from '../inventory/inventory.permissions';
import { PurchasingPermission } from './purchasing.permissions';
import { related, type Row } from '../../kernel/graphql/read-plan/planned-row';
import { FromPlan } from '../../kernel/graphql/plain-fields';

const CommitmentConnection = ConnectionType(SupplierCommitment);
const ItemConnection = ConnectionType(Item, 'SuppliedItem');

@ObjectType()
class RequirementBucket {
  @Field() needBy!: string;
  @Field(() => DecimalScalar) qty!: string;
  @Field(() => DecimalScalar, { description: 'Still missing by this date' }) shortBy!: string;
}

@ObjectType({ description: 'What the plan needs of one item from its supplier, and when stock runs short' })
class SupplierRequirement {
  @Field(() => ID) supplierId!: string;
  @Field(() => ID) itemId!: string;
  @Field(() => DecimalScalar) onHand!: string;
  @Field(() => DecimalScalar, { description: 'Confirmed or shipped, not yet received' }) committed!: string;
  @Field(() => DecimalScalar, { description: 'Requested, not yet confirmed' }) requested!: string;
  @Field(() => DecimalScalar) demand!: string;
  @Field(() => DecimalScalar) shortage!: string;
  @Field(() => String, { nullable: true }) shortFrom!: string | null;
  @Field(() => [RequirementBucket]) buckets!: RequirementBucket[];
}

@ObjectType()
class CommitmentPayload {
  @Field(() => SupplierCommitment) commitment!: SupplierCommitment;
}

@Resolver(() => SupplierCommitment)
export class PurchasingResolver {
  @Authorized(PurchasingPermission.PurchasingRead, PurchasingPermission.SupplierPortal)
  @Query(() => [SupplierRequirement], { description: 'What the plan needs from suppliers, per item, with shortages by date' })
  supplierRequirements(@Ctx() ctx: GqlContext, @Arg('supplierId', () => ID, { nullable: true }) supplierId?: string) {
    return supplierRequirements(ctx, commitments.scopedSupplier(ctx, supplierId));
  }

  @Authorized(PurchasingPermission.PurchasingRead, PurchasingPermission.SupplierPortal)
  @Query(() => CommitmentConnection)
  supplierCommitments(
    @Ctx() ctx: GqlContext,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => CommitmentFilter, { nullable: true }) filter?: CommitmentFilter,
  ) {
    return commitments.listCommitments(ctx, filter, page);
  }

  @Authorized(PurchasingPermission.PurchasingRead, PurchasingPermission.SupplierPortal)
  @Query(() => SupplierCommitment)
  supplierCommitment(@Ctx() ctx: GqlContext, @Arg('id', () => ID) id: string) {
    return commitments.getCommitment(ctx, id);
  }

  @Authorized(PurchasingPermission.PurchasingRead, PurchasingPermission.SupplierPortal)
  @Query(() => ItemConnection, { description: 'The items a supplier supplies (its own, for a supplier token)' })
  suppliedItems(
    @Ctx() ctx: GqlContext,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('supplierId', () => ID, { nullable: true }) supplierId?: string,
  ) {
    return commitments.listSuppliedItems(ctx, supplierId, page);
  }

  @Authorized(PurchasingPermission.PurchasingWrite)
  @Mutation(() => CommitmentPayload, { description: 'Ask a supplier for a quantity by a date' })
  async requestCommitment(@Ctx() ctx: GqlContext, @Arg('input', () => RequestCommitmentInput) input: RequestCommitmentInput) {
    return { commitment: await commitments.requestCommitment(ctx, input) };
  }

  @Authorized(PurchasingPermission.SupplierPortal, PurchasingPermission.PurchasingWrite)
  @Mutation(() => CommitmentPayload, { description: 'The supplier confirms a quantity (at most what was requested) and a date' })
  async confirmCommitment(@Ctx() ctx: GqlContext, @Arg('input', () => ConfirmCommitmentInput) input: ConfirmCommitmentInput) {
    return { commitment: await commitments.confirmCommitment(ctx, input) };
  }

  @Authorized(PurchasingPermission.SupplierPortal, PurchasingPermission.PurchasingWrite)
  @Mutation(() => CommitmentPayload, { description: 'The supplier ships, with an advance shipping notice' })
  async shipCommitment(@Ctx() ctx: GqlContext, @Arg('input', () => ShipCommitmentInput) input: ShipCommitmentInput) {
    return { commitment: await commitments.shipCommitment(ctx, input) };
  }

  @Authorized(InventoryPermission.InventoryMove)
  @Mutation(() => CommitmentPayload, { description: 'Receive against the shipping notice: the stock goes in' })
  async receiveCommitment(@Ctx() ctx: GqlContext, @Arg('input', () => ReceiveCommitmentInput) input: ReceiveCommitmentInput) {
    return { commitment: await commitments.receiveCommitment(ctx, input) };
  }

  @Authorized(InventoryPermission.InventoryCorrect)
  @Mutation(() => CommitmentPayload, {
    description: 'Reverses the receipt against a commitment, with a reason: the stock goes back out, the commitment is shipped again',
  })
  async reverseCommitmentReceipt(
    @Ctx() ctx: GqlContext,
    @Arg('input', () => ReverseCommitmentReceiptInput) input: ReverseCommitmentReceiptInput,
  ) {
    return { commitment: await commitments.reverseCommitmentReceipt(ctx, input) };
  }

  @FromPlan()
  @FieldResolver(() => Item)
  item(@Root() c: Row<SupplierCommitment>) {
    return related(c, 'item');
  }

  @FromPlan()
  @FieldResolver(() => Partner)
  supplier(@Root() c: Row<SupplierCommitment>) {
    return related(c, 'supplier');
  }

  @FromPlan()
  @FieldResolver(() => [ShippingNoticeLine], { description: 'The advance shipping notice' })
  noticeLines(@Root() c: Row<SupplierCommitment>) {
    return related(c, 'noticeLines');
  }
}

@Resolver(() => SupplierRequirement)
export class SupplierRequirementResolver {
  @FieldResolver(() => Item)
  item(@Ctx() ctx: GqlContext, @Root() r: SupplierRequirement) {
    // A reference loads through the ORM's dataloader: one query for all rows.
    return ctx.em.getReference(Item, r.itemId, { wrapped: true }).load();
  }
}
