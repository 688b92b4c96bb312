import { Field, ID, ObjectType } from 'type-graphql';
import { SequenceScalar } from '../../kernel/common/scalars';
import { textOrNull, type LoggedEvent } from '../../kernel/events/event-types';

/** A change to a supplier's plan: one of its commitments moved, or the orders that need its items did. */
@ObjectType()
export class SupplierPlanEvent {
  @Field(() => SequenceScalar, { description: 'Resume after this with fromSeq' }) seq!: string;
  @Field() type!: string;
  @Field() occurredAt!: Date;
  @Field(() => ID, { nullable: true, description: 'The supplier concerned (null for a plan change seen by an internal caller)' })
  supplierId!: string | null;
  @Field(() => ID, { nullable: true }) commitmentId!: string | null;
  @Field(() => String, { nullable: true }) commitmentCode!: string | null;
  @Field(() => String, { nullable: true }) commitmentState!: string | null;
  @Field(() => ID, { nullable: true }) itemId!: string | null;
  @Field(() => String, { nullable: true }) sku!: string | null;
}

export function toSupplierPlanEvent(e: LoggedEvent, supplierId: string | null): SupplierPlanEvent {
  const d = e.data;
  const commitment = e.aggregateType === 'SupplierCommitment';
  return {
    seq: e.seq,
    type: commitment ? e.type : 'PlanChanged',
    occurredAt: e.occurredAt,
    supplierId: commitment ? textOrNull(d.supplierId) : supplierId,
    commitmentId: commitment ? textOrNull(d.commitmentId) : null,
    commitmentCode: commitment ? textOrNull(d.code) : null,
    commitmentState: commitment ? textOrNull(d.state) : null,
    itemId: commitment ? textOrNull(d.itemId) : null,
    sku: commitment ? textOrNull(d.sku) : null,
  };
}
