import type { Ctx } from '../../kernel/unit-of-work/context';
import type { EntityManager } from '../../kernel/db/orm';
import { paginate, type PageArgs } from '../../kernel/graphql/connection';
import { forbidden, notFound } from '../../kernel/common/errors';
import { getOrFail } from '../../kernel/db/lookup';
import { customerScope } from '../sales/sales.service';
import { Shipment } from './shipment.entity';
import type { ShipmentFilter } from './dto/shipping.inputs';

/** One shipment; another customer's is NOT_FOUND to a customer, as if it did not exist. */
export async function getShipment(ctx: Ctx, id: string): Promise<Shipment> {
  const shipment = await getOrFail(ctx.em, Shipment, id, 'Shipment');
  const scope = customerScope(ctx);
  if (scope && shipment.customer.id !== scope) throw notFound('Shipment', id);
  return shipment;
}

/** Shipments, newest first; a customer's own only (asking for another customer's is FORBIDDEN). */
export function listShipments(ctx: Ctx, filter: ShipmentFilter | undefined, page: PageArgs) {
  const where: Record<string, unknown> = {};
  if (filter?.salesOrderId) where.salesOrder = filter.salesOrderId;
  if (filter?.customerId) where.customer = filter.customerId;
  const scope = customerScope(ctx);
  if (scope) {
    if (filter?.customerId && filter.customerId !== scope) throw forbidden('A customer sees only its own shipments');
    where.customer = scope;
  }
  return paginate(ctx.em, Shipment, where, page, { code: 'desc', id: 'desc' });
}

/** What has shipped of a sales order line, and when the first and the last of it left. */
export interface LineShipped {
  qty: string;
  firstAt: Date | null;
  lastAt: Date | null;
}

export async function shippedOfLines(em: EntityManager, lineIds: readonly string[]): Promise<LineShipped[]> {
  const rows = await em.execute<{ line_id: string; qty: string; first_at: Date | string; last_at: Date | string }[]>(
    `select l.sales_order_line_id as line_id, sum(l.qty)::text as qty, min(s.shipped_at) as first_at, max(s.shipped_at) as last_at
     from shipment_line l join shipment s on s.id = l.shipment_id
     where l.sales_order_line_id = any(?::uuid[]) group by l.sales_order_line_id`,
    [`{${lineIds.join(',')}}`],
  );
  const byLine = new Map(rows.map((r) => [r.line_id, r]));
  return lineIds.map((id) => {
    const r = byLine.get(id);
    return r ? { qty: r.qty, firstAt: new Date(r.first_at), lastAt: new Date(r.last_at) } : { qty: '0', firstAt: null, lastAt: null };
  });
}
