/**
 * Lot genealogy as one recursive statement over the stock ledger. A lot is made by the work orders
 * that COMPLETED it; a work order consumes the lots ISSUED to it. Backward from a lot: the lots issued
 * to the work orders that made it, and so on down to lots that were received. Forward: the lots made
 * by the work orders a lot was issued to, and so on up to lots that were shipped. Each step is an index
 * probe (stock_move by lot and reason, by work order), so a trace costs what it reaches, not the ledger.
 *
 * Quality reads the ledger, the shipping notices, the shipments and the orders here as one read model:
 * a trace is a question across those modules that only a join answers in one round trip.
 */

/** Depth beyond which the walk stops: a guard against a cycle in bad data, far beyond any real bill of materials. */
export const MAX_DEPTH = 50;

const BACKWARD_STEP = `
  select x.lot_id, c.depth + 1 from closure c
  cross join lateral (
    select distinct i.lot_id from stock_move i
    where i.reason = 'ISSUE' and i.lot_id is not null
      and i.work_order_id in (select p.work_order_id from stock_move p where p.lot_id = c.lot_id and p.reason = 'COMPLETION')
  ) x
  where c.depth < ${MAX_DEPTH}`;

const FORWARD_STEP = `
  select x.lot_id, c.depth + 1 from closure c
  cross join lateral (
    select distinct p.lot_id from stock_move p
    where p.reason = 'COMPLETION' and p.lot_id is not null
      and p.work_order_id in (select i.work_order_id from stock_move i where i.lot_id = c.lot_id and i.reason = 'ISSUE')
  ) x
  where c.depth < ${MAX_DEPTH}`;

/** The work orders on the path: those that made a traced lot (backward) or consumed one (forward). */
const BACKWARD_ORDERS = `select distinct p.work_order_id from lots l join stock_move p on p.lot_id = l.lot_id and p.reason = 'COMPLETION'`;
const FORWARD_ORDERS = `select distinct i.work_order_id from lots l join stock_move i on i.lot_id = l.lot_id and i.reason = 'ISSUE'`;

const qtyJson = (reason: string) => `
  coalesce((select json_agg(json_build_object('lotId', m.lot_id, 'lotCode', lt.code, 'itemId', m.item_id, 'sku', it.sku,
      'unit', it.unit, 'qty', trim_scale(m.qty)::text) order by it.sku, lt.code)
    from (select m.lot_id, m.item_id, sum(m.qty) as qty from stock_move m
          where m.work_order_id = w.id and m.reason = '${reason}' group by m.lot_id, m.item_id) m
    join item it on it.id = m.item_id left join lot lt on lt.id = m.lot_id), '[]'::json)`;

/** The whole trace as one JSON document: lots, work orders, receipts (with their suppliers) and shipments. */
export function traceSql(direction: 'BACKWARD' | 'FORWARD'): string {
  return `
with recursive closure(lot_id, depth) as (
  select id, 0 from lot where id = ?::uuid
  union
  ${direction === 'BACKWARD' ? BACKWARD_STEP : FORWARD_STEP}
),
lots as (select lot_id, min(depth) as depth from closure group by lot_id),
orders as (${direction === 'BACKWARD' ? BACKWARD_ORDERS : FORWARD_ORDERS})
select
  (select coalesce(json_agg(json_build_object('lotId', lt.id, 'lotCode', lt.code, 'itemId', it.id, 'sku', it.sku, 'itemName', it.name,
      'itemType', it.type, 'unit', it.unit, 'status', lt.status, 'depth', l.depth,
      'qtyOnHand', coalesce((select trim_scale(sum(b.qty))::text from stock_balance b join location bl on bl.id = b.location_id and not bl.virtual
                              where b.lot_id = lt.id), '0'))
    order by l.depth, it.sku, lt.code), '[]'::json)
   from lots l join lot lt on lt.id = l.lot_id join item it on it.id = lt.item_id) as lots,
  (select coalesce(json_agg(json_build_object('workOrderId', w.id, 'code', w.code, 'itemId', w.item_id, 'sku', it.sku, 'state', w.state,
      'completedAt', w.completed_at, 'consumed', ${qtyJson('ISSUE')}, 'produced', ${qtyJson('COMPLETION')}) order by w.code), '[]'::json)
   from orders o join work_order w on w.id = o.work_order_id join item it on it.id = w.item_id) as work_orders,
  (select coalesce(json_agg(json_build_object('stockMoveId', m.id, 'lotId', m.lot_id, 'lotCode', lt.code, 'itemId', m.item_id, 'sku', it.sku,
      'qty', trim_scale(m.qty)::text, 'receivedAt', m.created_at, 'reference', m.reference,
      'commitmentId', sc.id, 'commitmentCode', sc.code, 'shippingNotice', sc.shipment_ref,
      'supplierId', sp.id, 'supplierCode', sp.code, 'supplierName', sp.name) order by m.created_at, m.id), '[]'::json)
   from lots l join stock_move m on m.lot_id = l.lot_id and m.reason = 'RECEIPT'
   join lot lt on lt.id = m.lot_id join item it on it.id = m.item_id
   left join supplier_commitment sc on sc.code = split_part(m.reference, ' ', 1) and sc.item_id = m.item_id
   left join partner sp on sp.id = sc.supplier_id) as receipts,
  (select coalesce(json_agg(json_build_object('shipmentId', s.id, 'code', s.code, 'shippedAt', s.shipped_at, 'lotId', sl.lot_id,
      'lotCode', lt.code, 'itemId', sl.item_id, 'sku', it.sku, 'qty', trim_scale(sl.qty)::text, 'salesOrderId', so.id,
      'salesOrderCode', so.code, 'customerId', c.id, 'customerCode', c.code, 'customerName', c.name) order by s.code, sl.line_no), '[]'::json)
   from lots l join shipment_line sl on sl.lot_id = l.lot_id join shipment s on s.id = sl.shipment_id
   join lot lt on lt.id = sl.lot_id join item it on it.id = sl.item_id
   join sales_order so on so.id = s.sales_order_id join partner c on c.id = s.customer_id) as shipments`;
}

/** Stock of the traced lots in physical locations: what a recall must still stop. */
export function stockOfLotsSql(): string {
  return `
select b.lot_id, lt.code as lot_code, b.item_id, it.sku, it.unit, b.location_id, l.code as location_code,
       trim_scale(b.qty)::text as qty, lt.status as lot_status
from stock_balance b join location l on l.id = b.location_id and not l.virtual
join lot lt on lt.id = b.lot_id join item it on it.id = b.item_id
where b.lot_id = any(?::uuid[]) and b.qty > 0
order by it.sku, lt.code, l.code`;
}
