import { startTestHub, type TestHub } from './support/hub';
import { buildFactory, releasedOrder, type Factory } from './support/factory';
import { stockConservationViolations } from './support/invariants';
import { BomsDocument, CreateBomDocument, CreateRoutingDocument, DispatchListDocument, ItemsDocument, RoutingsDocument } from './generated/graphql';

let t: TestHub;
let f: Factory;

beforeAll(async () => {
  t = await startTestHub();
  f = await buildFactory(t.client('planner'));
});
afterAll(() => t?.close());
afterEach(async () => expect(await stockConservationViolations(t.em())).toEqual([]));

test('a new BOM or routing version becomes the active one and the old one is kept', async () => {
  const planner = t.client('planner');
  const v2 = (await planner.ok(CreateBomDocument, { input: { itemId: f.product.id, lines: [{ componentId: f.plate.id, qtyPer: '3' }] } })).createBom.bom;
  expect(v2.version).toBe(2);
  const all = (await planner.ok(BomsDocument, { filter: { itemId: f.product.id } })).boms.edges.map((e) => [e.node.version, e.node.active]);
  expect(all).toEqual([[1, false], [2, true]]);
  // The next release explodes the new version.
  const { wo } = await releasedOrder(planner, f, '2');
  expect(wo.materials.map((m) => [m.item.sku, m.qtyRequired])).toEqual([[f.plate.sku, '6']]);

  await planner.ok(CreateRoutingDocument, { input: { itemId: f.product.id, operations: [{ sequence: 5, name: 'One step', workCenterId: f.wc1.id }] } });
  const active = (await planner.ok(RoutingsDocument, { filter: { itemId: f.product.id, active: true } })).routings.edges;
  expect(active.map((e) => e.node.operations.map((o) => o.sequence))).toEqual([[5]]);
});

test('a work center dispatch list, by planned start', async () => {
  const planner = t.client('planner');
  const a = await releasedOrder(planner, f, '3');
  const b = await releasedOrder(planner, f, '1');
  const list = (await t.client('operator').ok(DispatchListDocument, { filter: { workCenterId: f.wc1.id, states: ['PENDING'] } })).workOrderOperations;
  const codes = list.edges.map((e) => e.node.workOrder.code);
  expect(codes.indexOf(a.wo.code)).toBeLessThan(codes.indexOf(b.wo.code));
  const starts = list.edges.map((e) => new Date(e.node.plannedStart!).getTime());
  expect([...starts].sort((x, y) => x - y)).toEqual(starts);
});

test('items can be searched by SKU or name, any case', async () => {
  const found = (await t.client('viewer').ok(ItemsDocument, { filter: { search: f.resin.sku.toLowerCase() } })).items;
  expect(found.edges.map((e) => e.node.sku)).toEqual([f.resin.sku]);
  expect((await t.client('viewer').ok(ItemsDocument, { filter: { search: '%' } })).items.totalCount).toBe(0);
});
