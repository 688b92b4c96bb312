import type { TestHub } from './hub';
import { inDays, uniq, type Factory } from './factory';
import { eventually } from './receiver';
import { lotItem } from './production-chain';
import {
  CreateInspectionPlanDocument,
  CreateRoutingWithIdsDocument,
  CreateSalesOrderDocument,
  CreateWorkOrderDocument,
  InspectionTasksDocument,
  RecordExecutionEventDocument,
  RecordInspectionResultDocument,
  ReleaseWorkOrderDocument,
  type InspectionTaskFieldsFragment,
} from '../generated/graphql';

/**
 * Quality scenarios through the API, for the tests of what partners and quality staff see: a lot-tracked
 * gear made in two operations (Turn, then Final check, which the routing marks as inspected) with an
 * inspection plan on the final check (bore in mm, surface as an attribute), ordered by the factory's customer.
 */
export function qualityScenarios(s: { t: TestHub; f: Factory }) {
  const planner = () => s.t.client('planner');
  const quality = () => s.t.client('quality');
  const operator = () => s.t.client('operator');

  async function gearWithPlan(sampling: 'N_PER_LOT' | 'EVERY_UNIT' = 'N_PER_LOT') {
    const sampleSize = sampling === 'N_PER_LOT' ? 1 : undefined;
    const gear = await lotItem(planner(), 'GEAR', 'FINISHED');
    const routing = (
      await planner().ok(CreateRoutingWithIdsDocument, {
        input: {
          itemId: gear.id,
          operations: [
            { sequence: 10, name: 'Turn', workCenterId: s.f.wc1.id, runMinutesPerUnit: '1' },
            { sequence: 20, name: 'Final check', workCenterId: s.f.wc2.id, runMinutesPerUnit: '1', inspection: true },
          ],
        },
      })
    ).createRouting.routing;
    const plan = (
      await quality().ok(CreateInspectionPlanDocument, {
        input: {
          name: uniq('Gear final check'),
          point: 'OPERATION',
          routingOperationId: routing.operations[1].id,
          sampling,
          sampleSize,
          characteristics: [
            { name: 'Bore', kind: 'NUMERIC', target: '20', lowerLimit: '19.95', upperLimit: '20.05', unit: 'mm' },
            { name: 'Surface', kind: 'ATTRIBUTE', defectCodes: ['SCRATCH', 'BURR'] },
          ],
        },
      })
    ).createInspectionPlan.plan;
    return { gear, plan, bore: plan.characteristics[0] };
  }

  /** A sales order of the customer for `qty` gears, and its released work order. */
  async function orderedGear(gearId: string, qty: string) {
    const so = (
      await planner().ok(CreateSalesOrderDocument, {
        input: { customerId: s.f.customer.id, customerReference: uniq('PO'), lines: [{ itemId: gearId, qty, dueDate: inDays(9) }] },
      })
    ).createSalesOrder.salesOrder;
    const wo = (
      await planner().ok(CreateWorkOrderDocument, { input: { itemId: gearId, qty, dueDate: inDays(5), salesOrderLineId: so.lines[0].id } })
    ).createWorkOrder.workOrder;
    const released = (await planner().ok(ReleaseWorkOrderDocument, { input: { workOrderId: wo.id } })).releaseWorkOrder.workOrder;
    return { so, wo: released };
  }

  const scan = (operationId: string, type: 'START' | 'COMPLETE', qty?: string) =>
    operator().ok(RecordExecutionEventDocument, { input: { operationId, type, qty, clientEventId: uniq('scan') } });

  /** Both operations run for `qty` units. */
  async function make(wo: { operations: { id: string }[] }, qty: string) {
    for (const op of wo.operations) {
      await scan(op.id, 'START');
      await scan(op.id, 'COMPLETE', qty);
    }
  }

  /** The open inspection of a work order, once quality's feed has made it. */
  async function openTask(workOrderId: string): Promise<InspectionTaskFieldsFragment> {
    const found = await eventually(
      async () => (await quality().ok(InspectionTasksDocument, { filter: { workOrderId } })).inspectionTasks.edges.map((e) => e.node),
      (tasks) => tasks.length > 0,
    );
    return found[0];
  }

  /** One sample: a bore value, the surface good or with a defect code. */
  const measure = (task: InspectionTaskFieldsFragment, bore: string, defect?: string) =>
    operator().ok(RecordInspectionResultDocument, {
      input: {
        taskId: task.id,
        clientEventId: uniq('insp'),
        measurements: [
          { characteristicId: task.characteristics[0].id, sampleNo: 1, value: bore },
          { characteristicId: task.characteristics[1].id, sampleNo: 1, passed: !defect, defectCode: defect },
        ],
      },
    });

  return { gearWithPlan, orderedGear, make, scan, openTask, measure };
}
