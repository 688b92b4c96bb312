import { hubWithFactory } from './support/suite';
import { releasedOrder } from './support/factory';
import {
  BomsDocument,
  CreateBomDocument,
  CreateRoutingDocument,
  DispatchListDocument,
  ItemsDocument,
  RoutingsDocument,
} from './generated/graphql';

const s = hubWithFactory();

test('a new BOM or routing version becomes the active one and the old one is kept', async () => {
  const planner = s.t.client('planner');
  const v2 = (
    await planner.ok(CreateBomDocument, { input: { itemId: s.f.product.id, lines: [{ componentId: s.f.plate.id, qtyPer: '3' }] } })
  ).createBom.bom;
  expect(v2.version).toBe(2);
  const all = (await planner.ok(BomsDocument, { filter: { itemId: s.f.product.id } })).boms.edges.map((e) => [
    e.node.version,
    e.node.active,
  ]);
  expect(all).toEqual([
    [1, false],
    [2, true],
  ]);
  // The next release explodes the new version.
  const { wo } = await releasedOrder(planner, s.f, '2');
  expect(wo.materials.map((m) => [m.item.sku, m.qtyRequired])).toEqual([[s.f.plate.sku, '6']]);

  await planner.ok(CreateRoutingDocument, {
    input: { itemId: s.f.product.id, operations: [{ sequence: 5, name: 'One step', workCenterId: s.f.wc1.id }] },
  });
  const active = (await planner.ok(RoutingsDocument, { filter: { itemId: s.f.product.id, active: true } })).routings.edges;
  expect(active.map((e) => e.node.operations.map((o) => o.sequence))).toEqual([[5]]);
});

test('a work center dispatch list, by planned start', async () => {
  const planner = s.t.client('planner');
  const a = await releasedOrder(planner, s.f, '3');
  const b = await releasedOrder(planner, s.f, '1');
  const list = (await s.t.client('operator').ok(DispatchListDocument, { filter: { workCenterId: s.f.wc1.id, states: ['PENDING'] } }))
    .workOrderOperations;
  const codes = list.edges.map((e) => e.node.workOrder.code);
  expect(codes.indexOf(a.wo.code)).toBeLessThan(codes.indexOf(b.wo.code));
  const starts = list.edges.map((e) => new Date(e.node.plannedStart!).getTime());
  expect([...starts].sort((x, y) => x - y)).toEqual(starts);
});

test('items can be searched by SKU or name, any case', async () => {
  const found = (await s.t.client('viewer').ok(ItemsDocument, { filter: { search: s.f.resin.sku.toLowerCase() } })).items;
  expect(found.edges.map((e) => e.node.sku)).toEqual([s.f.resin.sku]);
  expect((await s.t.client('viewer').ok(ItemsDocument, { filter: { search: '%' } })).items.totalCount).toBe(0);
});
