import { randomUUID } from 'node:crypto';
import { startTestHub, type TestHub } from './support/hub';
import { eventually } from './support/receiver';
import { trytonAvailable } from './support/tryton-server';
import {
  kingdeePartner,
  odooPartner,
  trytonPartner,
  webhookPartner,
  type Outcome,
  type Partner,
  type Seeded,
} from './support/conformance-partners';
import { integrationSchema } from '../src/orchestration/integration/integration-config';
import { PermanentDeliveryError, RetryableDeliveryError, type Adapter, type OutboundEvent } from '../src/contract/adapter';
import { eventsAt } from '../src/kernel/events/event-log.service';
import {
  CreateLocationDocument,
  CreateRoutingDocument,
  CreateWorkCenterDocument,
  DeliveriesDocument,
  ImportedItemsDocument,
  IssueMaterialDocument,
  JournalEntriesDocument,
  ReceiveStockDocument,
  RecordExecutionEventDocument,
  ReleaseWorkOrderDocument,
  WorkOrdersDocument,
} from './generated/graphql';

/**
 * One contract, every adapter: the same cases against the live Tryton, the Odoo test server once per
 * protocol-relevant version, the Kingdee Xingchen test server, and the signed webhook. Each row gets a
 * hub of its own over its own database (PGlite, or PostgreSQL with DATABASE_URL).
 */
const partners: [string, () => Partner, boolean][] = [
  ['tryton', trytonPartner, trytonAvailable()],
  ['odoo 17', () => odooPartner(17), true],
  ['odoo 18', () => odooPartner(18), true],
  ['odoo 19', () => odooPartner(19), true],
  ['kingdee', kingdeePartner, true],
  ['webhook', webhookPartner, true],
];

const today = () => new Date().toISOString().slice(0, 10);
const synthetic = (type: string, data: Record<string, unknown>): OutboundEvent => ({
  id: randomUUID(),
  seq: '0',
  type,
  aggregateType: type === 'JournalEntryPosted' ? 'JournalEntry' : 'WorkOrder',
  aggregateId: randomUUID(),
  occurredAt: new Date().toISOString(),
  data,
});

/** What the adapter's deliver did with an event: delivered, or which kind of failure it threw. */
async function outcomeOf(adapter: Adapter, event: OutboundEvent): Promise<Outcome | 'delivered' | 'other'> {
  try {
    await adapter.deliver!(event, { id: randomUUID(), attempt: 1, idempotencyKey: event.id });
    return 'delivered';
  } catch (e) {
    if (e instanceof RetryableDeliveryError) return 'retryable';
    if (e instanceof PermanentDeliveryError) return 'permanent';
    return 'other';
  }
}

describe.each(partners)('the %s adapter conforms', (_label, make, available) => {
  const suite = available ? describe : describe.skip;
  suite('', () => {
    const partner = make();
    let t: TestHub;
    let seeded: Seeded;
    let firstCursor: string | null | undefined;
    let workOrderCode = '';
    const adapter = () => t.hub.adapters.get(partner.name)!;
    const items = async () =>
      (await t.client('planner').ok(ImportedItemsDocument, {})).items.edges
        .map((e) => e.node)
        .filter((i) => i.externalRefs.some((r) => r.system === partner.name));
    const deliveries = () =>
      t
        .client('admin')
        .ok(DeliveriesDocument, { filter: { adapter: partner.name }, first: 100 })
        .then((r) => r.deliveries.edges.map((e) => e.node));
    const settled = () =>
      eventually(deliveries, (ds) => ds.length > 0 && ds.every((d) => d.state === 'DELIVERED' || d.state === 'DEAD'), 60000);

    beforeAll(async () => {
      await partner.start();
      seeded = await partner.seed();
      t = await startTestHub({
        integration: integrationSchema.parse({
          adapters: [partner.adapterEntry()],
          deliveries: { maxAgeMs: 600_000, baseDelayMs: 100, maxDelayMs: 1000, pollMs: 100, leaseMs: 20000 },
        }),
      });
    }, 240000);

    afterAll(async () => {
      await t?.close();
      await partner.stop();
    });

    test('pulls items, BOMs and confirmed sales through the hub', async () => {
      const run = await partner.sync(t);
      expect(run.failed).toBe(0);
      // Two items, a BOM and one confirmed sale (a draft or unaudited one is not imported).
      expect(run.imported).toBe(4);
      firstCursor = run.cursorAfter;
      const imported = await items();
      const component = imported.find((i) => i.sku === seeded.component.sku)!;
      const finished = imported.find((i) => i.sku === seeded.finished.sku)!;
      expect(component).toMatchObject({ name: seeded.component.name, type: 'RAW', unit: seeded.component.unit });
      expect(finished.type).toBe('FINISHED');
      expect(finished.activeBom?.lines.map((l) => [l.component.sku, l.qtyPer])).toEqual([[seeded.component.sku, '2']]);
      const planned = (await t.client('planner').ok(WorkOrdersDocument, { filter: { itemId: finished.id } })).workOrders.edges.map(
        (e) => e.node,
      );
      expect(planned.map((w) => w.state)).toEqual(['PLANNED']);
    });

    test('a second pull takes only what changed since the cursor', async () => {
      await partner.renameComponent('Renamed at the partner');
      const run = await partner.sync(t);
      expect(run).toMatchObject({ imported: 1, failed: 0 });
      if (partner.pulls) expect(run.cursorBefore).toBe(firstCursor);
      expect((await items()).find((i) => i.sku === seeded.component.sku)?.name).toBe('Renamed at the partner');
      expect(await partner.sync(t)).toMatchObject({ imported: 0, failed: 0 });
    });

    test('pushes the completion and every journal entry, each booked once at the partner', async () => {
      const planner = t.client('planner');
      const operator = t.client('operator');
      const [component, finished] = await items().then((is) => [
        is.find((i) => i.sku === seeded.component.sku)!,
        is.find((i) => i.sku === seeded.finished.sku)!,
      ]);
      const wc = (await planner.ok(CreateWorkCenterDocument, { input: { code: 'ASM', name: 'Assembly' } })).createWorkCenter.workCenter;
      await planner.ok(CreateRoutingDocument, {
        input: { itemId: finished.id, operations: [{ sequence: 10, name: 'Assemble', workCenterId: wc.id, runMinutesPerUnit: '5' }] },
      });
      const stock = (await planner.ok(CreateLocationDocument, { input: { code: 'STOCK', name: 'Store', type: 'STORAGE' } })).createLocation
        .location;
      await planner.ok(CreateLocationDocument, { input: { code: 'FG', name: 'Finished goods', type: 'FINISHED_GOODS' } });
      await planner.ok(ReceiveStockDocument, { input: { itemId: component.id, locationId: stock.id, qty: '10' } });
      const [planned] = (await planner.ok(WorkOrdersDocument, { filter: { itemId: finished.id } })).workOrders.edges.map((e) => e.node);
      const wo = (await planner.ok(ReleaseWorkOrderDocument, { input: { workOrderId: planned.id } })).releaseWorkOrder.workOrder;
      workOrderCode = wo.code;
      await operator.ok(IssueMaterialDocument, {
        input: { workOrderId: wo.id, itemId: component.id, qty: '10', fromLocationId: stock.id },
      });
      const op = wo.operations[0].id;
      await operator.ok(RecordExecutionEventDocument, { input: { operationId: op, type: 'START', clientEventId: randomUUID() } });
      await operator.ok(RecordExecutionEventDocument, {
        input: { operationId: op, type: 'COMPLETE', qty: seeded.saleQty, clientEventId: randomUUID() },
      });

      const sent = await settled();
      expect(sent.filter((d) => d.state === 'DEAD').map((d) => d.lastError)).toEqual([]);
      expect(sent.map((d) => d.eventType).sort()).toEqual([
        'JournalEntryPosted',
        'JournalEntryPosted',
        'JournalEntryPosted',
        'WorkOrderCompleted',
      ]);
      expect(await partner.completions(wo.code)).toEqual([{ qty: Number(seeded.saleQty), done: true }]);
      const entries = (await t.client('finance').ok(JournalEntriesDocument, {})).journalEntries.edges.map((e) => e.node);
      expect(entries.map((e) => e.source).sort()).toEqual(['COMPLETION', 'ISSUE', 'RECEIPT']);
      for (const e of entries) expect(await partner.journal(e.code)).toEqual([{ posted: true }]);
    });

    test('a push repeated after a lost answer books nothing twice', async () => {
      const em = t.em();
      for (const d of await deliveries()) {
        const [{ seq }] = await em.execute<{ seq: string }[]>('select seq from event_log where id = ?', [d.eventId]);
        const logged = (await eventsAt(em, [String(seq)])).get(String(seq))!;
        const event: OutboundEvent = { ...logged, occurredAt: logged.occurredAt.toISOString() };
        expect(await outcomeOf(adapter(), event)).toBe('delivered');
      }
      expect(await partner.completions(workOrderCode)).toHaveLength(1);
      const entries = (await t.client('finance').ok(JournalEntriesDocument, {})).journalEntries.edges.map((e) => e.node);
      for (const e of entries) expect(await partner.journal(e.code)).toHaveLength(1);
    });

    test('an unreachable partner is a retryable failure; a refusal is permanent', async () => {
      const completion = () =>
        synthetic('WorkOrderCompleted', {
          code: `WO-X${randomUUID().slice(0, 6)}`,
          sku: seeded.finished.sku,
          unit: 'pcs',
          qtyCompleted: '1',
        });
      await partner.proxy.cut();
      try {
        expect(await outcomeOf(adapter(), completion())).toBe('retryable');
      } finally {
        await partner.proxy.restore();
      }
      // Connections kept alive from before the cut are dead; the partner is back once a call gets through.
      await eventually(
        () => adapter().health(),
        (h) => h.ok,
      );
      // An unbalanced entry: the ERP's own rule refuses it (the webhook's receiver is told to refuse).
      await partner.refuse?.inject();
      try {
        const unbalanced = synthetic('JournalEntryPosted', {
          code: `JE-X${randomUUID().slice(0, 6)}`,
          memo: 'unbalanced on purpose',
          postingDate: today(),
          lines: [
            { account: '1400', debit: '10', credit: '0' },
            { account: '2100', debit: '0', credit: '9' },
          ],
        });
        expect(await outcomeOf(adapter(), unbalanced)).toBe('permanent');
      } finally {
        await partner.refuse?.clear();
      }
      for (const fault of partner.faults) {
        await fault.inject();
        let outcome: Awaited<ReturnType<typeof outcomeOf>>;
        try {
          outcome = await outcomeOf(adapter(), completion());
        } finally {
          await fault.clear();
        }
        expect([fault.name, outcome]).toEqual([fault.name, fault.expect === 'recovers' ? 'delivered' : fault.expect]);
      }
    });
  });
});
