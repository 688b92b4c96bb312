import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { DecimalScalar, SequenceScalar } from '../../kernel/common/scalars';
import { textOrNull, type LoggedEvent } from '../../kernel/events/event-types';

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
  @Field(() => ID, { nullable: true, description: 'The sales order line it concerns, when it concerns one' })
  salesOrderLineId!: string | null;
  @Field(() => String, { nullable: true, description: 'For SalesOrderStateChanged' }) salesOrderState!: string | null;
  @Field(() => ID, { nullable: true }) workOrderId!: string | null;
  @Field(() => String, { nullable: true }) workOrderCode!: string | null;
  @Field(() => String, { nullable: true }) workOrderState!: string | null;
  @Field(() => DecimalScalar, { nullable: true, description: 'Ordered quantity of the work order' }) qty!: string | null;
  @Field(() => DecimalScalar, {
    nullable: true,
    description: 'What this event completed, scrapped or reversed; for a short-close what was closed, for a make-up what it makes',
  })
  eventQty!: string | null;
  @Field(() => String, { nullable: true, description: 'Why, for a scrap, a reversal or a short-close' }) reason!: string | null;
  @Field(() => DecimalScalar, { nullable: true }) qtyCompleted!: string | null;
  @Field(() => DecimalScalar, { nullable: true }) qtyScrapped!: string | null;
  @Field(() => Float, { nullable: true }) percentDone!: number | null;
  @Field(() => OperationProgress, { nullable: true }) operation!: OperationProgress | null;
}

export function toWorkOrderEvent(e: LoggedEvent): WorkOrderEvent {
  const d = e.data;
  const isSalesOrder = e.aggregateType === 'SalesOrder';
  return {
    seq: e.seq,
    type: e.type,
    occurredAt: e.occurredAt,
    salesOrderId: textOrNull(d.salesOrderId),
    salesOrderLineId: textOrNull(d.salesOrderLineId),
    salesOrderState: isSalesOrder ? textOrNull(d.state) : null,
    workOrderId: textOrNull(d.workOrderId),
    workOrderCode: isSalesOrder ? null : textOrNull(d.code),
    workOrderState: isSalesOrder ? null : textOrNull(d.state),
    qty: textOrNull(d.qty),
    eventQty: textOrNull(d.eventQty),
    reason: textOrNull(d.reason),
    qtyCompleted: textOrNull(d.qtyCompleted),
    qtyScrapped: textOrNull(d.qtyScrapped),
    percentDone: typeof d.percentDone === 'number' ? d.percentDone : null,
    operation: (d.operation as OperationProgress | undefined) ?? null,
  };
}
