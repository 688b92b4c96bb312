import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { GraphQLJSON } from 'graphql-scalars';
import { DecimalScalar, SequenceScalar } from '../graphql/scalars';
import type { LoggedEvent } from './event-types';

/** An entry of the event log, for audit (who did what, when, from which device or system). */
@ObjectType()
export class DomainEvent {
  @Field(() => SequenceScalar) seq!: string;
  @Field(() => ID) id!: string;
  @Field() type!: string;
  @Field() aggregateType!: string;
  @Field(() => ID) aggregateId!: string;
  @Field() occurredAt!: Date;
  @Field(() => String, { nullable: true }) actor!: string | null;
  @Field(() => String, { nullable: true }) source!: string | null;
  @Field(() => GraphQLJSON, { description: 'The state after the change' }) data!: Record<string, unknown>;
}

@ObjectType()
export class OperationProgress {
  @Field(() => ID) operationId!: string;
  @Field(() => Int) sequence!: number;
  @Field() name!: string;
  @Field() state!: string;
  @Field(() => DecimalScalar) qtyGood!: string;
  @Field(() => DecimalScalar) qtyScrap!: string;
}

/** A change to a work order (and so to the sales order it makes), with its state after the change. */
@ObjectType()
export class WorkOrderEvent {
  @Field(() => SequenceScalar, { description: 'Resume after this with fromSeq' }) seq!: string;
  @Field() type!: string;
  @Field() occurredAt!: Date;
  @Field(() => ID, { nullable: true }) salesOrderId!: string | null;
  @Field(() => String, { nullable: true, description: 'For SalesOrderStateChanged' }) salesOrderState!: string | null;
  @Field(() => ID, { nullable: true }) workOrderId!: string | null;
  @Field(() => String, { nullable: true }) workOrderCode!: string | null;
  @Field(() => String, { nullable: true }) workOrderState!: string | null;
  @Field(() => DecimalScalar, { nullable: true, description: 'Ordered quantity of the work order' }) qty!: string | null;
  @Field(() => DecimalScalar, { nullable: true, description: 'What this event completed or scrapped' })
  eventQty!: string | null;
  @Field(() => String, { nullable: true, description: 'Why, for a scrap' }) reason!: string | null;
  @Field(() => DecimalScalar, { nullable: true }) qtyCompleted!: string | null;
  @Field(() => DecimalScalar, { nullable: true }) qtyScrapped!: string | null;
  @Field(() => Float, { nullable: true }) percentDone!: number | null;
  @Field(() => OperationProgress, { nullable: true }) operation!: OperationProgress | null;
}

@ObjectType()
export class LocationBalance {
  @Field(() => ID) locationId!: string;
  @Field(() => DecimalScalar) qty!: string;
}

/** A stock move and the balances of both its locations after it. */
@ObjectType()
export class StockChangeEvent {
  @Field(() => SequenceScalar, { description: 'Resume after this with fromSeq' }) seq!: string;
  @Field() occurredAt!: Date;
  @Field(() => ID) moveId!: string;
  @Field(() => ID) itemId!: string;
  @Field() sku!: string;
  @Field(() => ID, { nullable: true }) lotId!: string | null;
  @Field(() => String, { nullable: true }) lotCode!: string | null;
  @Field(() => ID) fromLocationId!: string;
  @Field(() => ID) toLocationId!: string;
  @Field(() => DecimalScalar) qty!: string;
  @Field() reason!: string;
  @Field(() => ID, { nullable: true }) workOrderId!: string | null;
  @Field(() => [LocationBalance]) balances!: LocationBalance[];
}

const str = (v: unknown) => (v === undefined || v === null ? null : String(v));

export function toWorkOrderEvent(e: LoggedEvent): WorkOrderEvent {
  const d = e.data;
  const isSalesOrder = e.aggregateType === 'SalesOrder';
  return {
    seq: e.seq,
    type: e.type,
    occurredAt: e.occurredAt,
    salesOrderId: str(d.salesOrderId),
    salesOrderState: isSalesOrder ? str(d.state) : null,
    workOrderId: str(d.workOrderId),
    workOrderCode: isSalesOrder ? null : str(d.code),
    workOrderState: isSalesOrder ? null : str(d.state),
    qty: str(d.qty),
    eventQty: str(d.eventQty),
    reason: str(d.reason),
    qtyCompleted: str(d.qtyCompleted),
    qtyScrapped: str(d.qtyScrapped),
    percentDone: typeof d.percentDone === 'number' ? d.percentDone : null,
    operation: (d.operation as OperationProgress | undefined) ?? null,
  };
}

export function toStockChangeEvent(e: LoggedEvent): StockChangeEvent {
  const d = e.data as unknown as Omit<StockChangeEvent, 'seq' | 'occurredAt'>;
  return { ...d, seq: e.seq, occurredAt: e.occurredAt };
}

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
    supplierId: commitment ? str(d.supplierId) : supplierId,
    commitmentId: commitment ? str(d.commitmentId) : null,
    commitmentCode: commitment ? str(d.code) : null,
    commitmentState: commitment ? str(d.state) : null,
    itemId: commitment ? str(d.itemId) : null,
    sku: commitment ? str(d.sku) : null,
  };
}
