import { Field, ID, Int, ObjectType } from 'type-graphql';
import { DecimalScalar, SequenceScalar } from '../../kernel/common/scalars';
import { textOrNull, type LoggedEvent } from '../../kernel/events/event-types';

@ObjectType()
export class ShipmentEventLine {
  @Field(() => Int) lineNo!: number;
  @Field(() => ID) salesOrderLineId!: string;
  @Field(() => Int) salesOrderLineNo!: number;
  @Field(() => ID) itemId!: string;
  @Field() sku!: string;
  @Field() unit!: string;
  @Field(() => String, { nullable: true }) lotCode!: string | null;
  @Field(() => DecimalScalar) qty!: string;
}

@ObjectType()
export class ShipmentEventOrderLine {
  @Field(() => ID) salesOrderLineId!: string;
  @Field(() => Int) lineNo!: number;
  @Field(() => DecimalScalar) qty!: string;
  @Field(() => DecimalScalar, { description: 'Shipped so far, this shipment included' }) qtyShipped!: string;
}

/** A shipment as posted, with the shipped lines of its sales order after it. */
@ObjectType()
export class ShipmentEvent {
  @Field(() => SequenceScalar, { description: 'Resume after this with fromSeq' }) seq!: string;
  @Field() type!: string;
  @Field() occurredAt!: Date;
  @Field(() => ID) shipmentId!: string;
  @Field({ description: 'The delivery note number' }) code!: string;
  @Field() state!: string;
  @Field(() => String, { nullable: true }) carrier!: string | null;
  @Field(() => String, { nullable: true }) trackingRef!: string | null;
  @Field() shippedAt!: Date;
  @Field(() => ID) salesOrderId!: string;
  @Field() salesOrderCode!: string;
  @Field() salesOrderState!: string;
  @Field(() => [ShipmentEventLine]) lines!: ShipmentEventLine[];
  @Field(() => [ShipmentEventOrderLine]) salesOrderLines!: ShipmentEventOrderLine[];
}

export function toShipmentEvent(e: LoggedEvent): ShipmentEvent {
  const d = e.data;
  return {
    seq: e.seq,
    type: e.type,
    occurredAt: e.occurredAt,
    shipmentId: String(d.shipmentId),
    code: String(d.code),
    state: String(d.state),
    carrier: textOrNull(d.carrier),
    trackingRef: textOrNull(d.trackingRef),
    shippedAt: new Date(String(d.shippedAt)),
    salesOrderId: String(d.salesOrderId),
    salesOrderCode: String(d.salesOrderCode),
    salesOrderState: String(d.salesOrderState),
    lines: (d.lines as ShipmentEventLine[] | undefined) ?? [],
    salesOrderLines: (d.salesOrderLines as ShipmentEventOrderLine[] | undefined) ?? [],
  };
}
