import { Field, ID, ObjectType } from 'type-graphql';
import type { Ctx } from '../../kernel/unit-of-work/context';
import { DecimalScalar } from '../../kernel/common/scalars';
import { dec } from '../../kernel/common/quantity';
import { getShipment } from '../shipping/shipping.queries';
import { InspectionState, InspectionTask } from './inspection-task.entity';
import { Nonconformance, NonconformanceState } from './nonconformance.entity';

@ObjectType()
export class CertificateInspection {
  @Field() code!: string;
  @Field({ description: 'The operation, or "receipt"' }) step!: string;
  @Field(() => InspectionState) state!: InspectionState;
  @Field(() => Date, { nullable: true }) inspectedAt!: Date | null;
}

@ObjectType()
export class CertificateLine {
  @Field() sku!: string;
  @Field(() => String, { nullable: true }) lotCode!: string | null;
  @Field(() => DecimalScalar) qty!: string;
  @Field(() => [CertificateInspection]) inspections!: CertificateInspection[];
}

@ObjectType({ description: 'A certificate of conformance for a shipment: what shipped, from which lots, inspected how' })
export class CertificateOfConformance {
  @Field(() => ID) shipmentId!: string;
  @Field({ description: 'The delivery note' }) deliveryNote!: string;
  @Field() salesOrderCode!: string;
  @Field(() => String, { nullable: true }) customerReference!: string | null;
  @Field() customerName!: string;
  @Field() shippedAt!: Date;
  @Field() issuedAt!: Date;
  @Field({ description: 'Every inspection of the lots shipped passed (or was skipped by its rule) and none has an open nonconformance' })
  conforms!: boolean;
  @Field() statement!: string;
  @Field(() => [CertificateLine]) lines!: CertificateLine[];
}

/**
 * The certificate of a shipment (a customer's own only): per line, the inspections of the lot shipped
 * — of the work order that made it (its lot code is the work order's code) or of its receipt. It
 * conforms when none failed and no nonconformance on those lots is still open.
 */
export async function certificateOfConformance(ctx: Ctx, shipmentId: string): Promise<CertificateOfConformance> {
  const shipment = await getShipment(ctx, shipmentId);
  await ctx.em.populate(shipment, ['lines.item', 'lines.lot', 'salesOrder', 'customer']);
  const lines = shipment.lines.getItems();
  const lotIds = lines.flatMap((l) => (l.lot ? [l.lot.id] : []));
  const codes = lines.flatMap((l) => (l.lot ? [l.lot.getEntity().code] : []));
  const tasks = lotIds.length
    ? await ctx.em.find(
        InspectionTask,
        { $or: [{ lotId: { $in: lotIds } }, { workOrderCode: { $in: codes }, itemId: { $in: lines.map((l) => l.item.id) } }] },
        { orderBy: { inspectedAt: 'asc', code: 'asc' } },
      )
    : [];
  const open = lotIds.length
    ? await ctx.em.count(Nonconformance, { lotId: { $in: lotIds }, state: { $ne: NonconformanceState.CLOSED } })
    : 0;
  const out = lines.map((l): CertificateLine => {
    const lot = l.lot?.getEntity();
    const mine = tasks.filter((t) => lot && t.itemId === l.item.id && (t.lotId === lot.id || t.workOrderCode === lot.code));
    return {
      sku: l.item.getEntity().sku,
      lotCode: lot?.code ?? null,
      qty: dec(l.qty).toFixed(),
      inspections: mine.map((t) => ({
        code: t.code,
        step: t.operationName ?? 'receipt',
        state: t.state,
        inspectedAt: t.inspectedAt ?? null,
      })),
    };
  });
  const failed = tasks.some((t) => t.state === InspectionState.FAILED || t.state === InspectionState.OPEN);
  const conforms = !failed && open === 0;
  const order = shipment.salesOrder.getEntity();
  return {
    shipmentId: shipment.id,
    deliveryNote: shipment.code,
    salesOrderCode: order.code,
    customerReference: order.customerReference ?? null,
    customerName: shipment.customer.getEntity().name,
    shippedAt: shipment.shippedAt,
    issuedAt: new Date(),
    conforms,
    statement: conforms
      ? `We certify that the goods of delivery note ${shipment.code} were made and inspected as specified and conform to the requirements of order ${order.code}.`
      : `The goods of delivery note ${shipment.code} are not certified: an inspection of their lots failed or is still open, or a nonconformance on them is not closed.`,
    lines: out,
  };
}
