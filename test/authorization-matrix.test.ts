import { randomUUID } from 'node:crypto';
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';
import { hubSchema } from '../src/app/schema';
import { Role } from '../src/kernel/auth/permissions';
import { startTestHub, type TestHub } from './support/hub';
import { wsClient } from './support/client';
import { uniq } from './support/factory';
import { CreatePartnerDocument } from './generated/graphql';

/**
 * DESIGN.md §5 as a table: for every query, mutation and subscription, the roles that may call it.
 * Every other role must get FORBIDDEN. A new root field without a row here fails the test.
 */
const INTERNAL = ['admin', 'planner', 'operator', 'quality', 'finance', 'integration', 'viewer'];
const READERS = INTERNAL.filter((r) => r !== 'operator');
const rows: [string[], string[]][] = [
  [
    [
      'items',
      'item',
      'workCenters',
      'boms',
      'routings',
      'workOrders',
      'workOrder',
      'executionEvents',
      'workOrderOperations',
      'locations',
      'lots',
      'stockBalances',
      'stockMoves',
      'workOrderChanged',
      'stockChanged',
      'workOrderPerformanceB2mml',
      'scanCode',
    ],
    INTERNAL,
  ],
  [['partners', 'partner'], READERS],
  [
    ['salesOrders', 'salesOrder', 'orderProgress', 'shipments', 'shipment', 'shipmentChanged'],
    [...READERS, 'customer'],
  ],
  [
    ['supplierRequirements', 'supplierCommitments', 'supplierCommitment', 'suppliedItems', 'supplierPlanChanged'],
    [...READERS, 'supplier'],
  ],
  [['events'], ['admin', 'planner', 'finance', 'integration']],
  [['journalEntries'], ['admin', 'finance', 'integration']],
  [
    ['workOrderCost', 'setWorkCenterRates'],
    ['admin', 'planner', 'finance'],
  ],
  [['cycleCount', 'cycleCounts'], INTERNAL],
  [
    ['reverseExecutionEvent', 'reverseMaterialIssue', 'reverseStockMove', 'reverseCommitmentReceipt', 'adjustStock', 'postCycleCount'],
    ['admin', 'planner'],
  ],
  [
    ['startCycleCount', 'recordCycleCount'],
    ['admin', 'planner', 'operator'],
  ],
  [['returnMaterial'], ['admin', 'operator', 'integration']],
  [
    ['deliveries', 'adapterHealth', 'syncRuns', 'importRecords', 'importSalesOrders'],
    ['admin', 'integration'],
  ],
  [['replayDeliveries', 'runSync', 'createPortalAccess'], ['admin']],
  [['createStationAccess'], ['admin', 'planner']],
  [['me'], [...INTERNAL, 'supplier', 'customer']],
  [['importProductionSchedule'], ['admin', 'planner', 'integration']],
  [
    ['createItem', 'setOverIssueTolerance', 'createWorkCenter', 'createBom', 'createRouting', 'createPartner', 'createSalesOrder'],
    ['admin', 'planner', 'integration'],
  ],
  [
    [
      'createWorkOrder',
      'createWorkOrdersForSalesOrder',
      'releaseWorkOrder',
      'cancelWorkOrder',
      'closeWorkOrder',
      'requestCommitment',
      'shipSalesOrder',
      // The planner's answers to a sales order line that finished short.
      'shortCloseSalesOrderLine',
      'makeUpShortfall',
    ],
    ['admin', 'planner'],
  ],
  [
    ['issueMaterial', 'recordExecutionEvent'],
    ['admin', 'operator', 'integration'],
  ],
  [
    ['createLocation', 'receiveStock', 'transferStock', 'receiveCommitment'],
    ['admin', 'planner', 'operator', 'integration'],
  ],
  [
    ['confirmCommitment', 'shipCommitment'],
    ['admin', 'planner', 'supplier'],
  ],
  [
    [
      'machine',
      'machines',
      'machineReliability',
      'parameterSeries',
      'downtimes',
      'downtimeReasons',
      'parameterAlerts',
      'equipmentChanged',
      'oee',
      'downtimePareto',
    ],
    INTERNAL,
  ],
  [
    ['createMachine', 'createDowntimeReason', 'setParameterLimits'],
    ['admin', 'planner', 'integration'],
  ],
  [
    ['setMachineState', 'setMachineJob', 'confirmDowntimeReason'],
    ['admin', 'planner', 'operator', 'integration'],
  ],
  // The plant view (the floor now and what moves it): every internal role, operators included; never partners.
  [['plantView', 'plantChanged'], INTERNAL],
  // Analysis: KPIs for every internal reader (their money fields need CostsRead, checked in test/analysis.test.ts).
  [['kpis', 'parameterYield'], READERS],
  // Maintenance: everyone inside reads it; planners plan, schedule, assign and cancel; operators do the work.
  [['maintenancePlans', 'maintenanceOrder', 'maintenanceOrders'], INTERNAL],
  [
    ['createMaintenancePlan', 'scheduleMaintenanceOrder', 'assignMaintenanceOrder', 'cancelMaintenanceOrder'],
    ['admin', 'planner'],
  ],
  [
    ['createMaintenanceOrder', 'startMaintenanceOrder', 'completeMaintenanceOrder'],
    ['admin', 'planner', 'operator'],
  ],
  [['plan', 'plans', 'publishedPlan', 'planDiff', 'whatIf', 'schedulingPolicy', 'planChanged'], INTERNAL],
  [
    [
      'replan',
      'publishPlan',
      'setWorkCenterPlanning',
      'addCalendarException',
      'removeCalendarException',
      'setWorkOrderPriority',
      'setSchedulingPolicy',
    ],
    ['admin', 'planner'],
  ],
  [['setWorkCenterState'], ['admin', 'planner', 'operator', 'integration']],
  // Quality and traceability: the floor reads holds and traces; quality alone holds and releases lots.
  [['lotHolds', 'lotTrace', 'recallImpact'], INTERNAL],
  [
    ['holdLot', 'releaseLotHold', 'holdForRecall'],
    ['admin', 'quality'],
  ],
  [['inspectionPlans', 'inspectionTasks', 'inspectionTask', 'controlChart', 'defectPareto', 'firstPassYield', 'qualityAlerts'], INTERNAL],
  [
    ['orderInspections', 'certificateOfConformance'],
    [...INTERNAL, 'customer'],
  ],
  [
    ['nonconformances', 'nonconformance'],
    [...INTERNAL, 'supplier'],
  ],
  [
    ['createInspectionPlan', 'updateNonconformance', 'dispositionNonconformance', 'approveNonconformance'],
    ['admin', 'quality'],
  ],
  [
    ['recordInspectionResult', 'reportNonconformance'],
    ['admin', 'quality', 'operator'],
  ],
  [['respondToNonconformance'], ['admin', 'supplier']],
];
const allowed = new Map(rows.flatMap(([fields, roles]) => fields.map((f) => [f, new Set(roles)] as const)));

/** A value of the right type for an argument: enough to get past validation to the permission check. */
function sample(type: GraphQLInputType): unknown {
  if (isNonNullType(type)) return sample(type.ofType);
  if (isListType(type)) return [sample(type.ofType)];
  if (isEnumType(type)) return type.getValues()[0].value;
  if (isInputObjectType(type)) {
    return Object.fromEntries(
      Object.values(type.getFields())
        .filter((f) => isNonNullType(f.type))
        .map((f) => [f.name, sample(f.type)]),
    );
  }
  if (isScalarType(type)) {
    return (
      (
        { ID: randomUUID(), Int: 1, Float: 1, Boolean: true, Decimal: '1', Sequence: '0', DateTimeISO: new Date().toISOString() } as Record<
          string,
          unknown
        >
      )[type.name] ?? '2030-01-01'
    );
  }
  throw new Error(`no sample for ${String(type)}`);
}

function operation(kind: 'query' | 'mutation' | 'subscription', field: GraphQLField<unknown, unknown>) {
  const args = field.args.filter((a: GraphQLArgument) => isNonNullType(a.type));
  const vars = args.map((a) => `$${a.name}: ${String(a.type)}`).join(', ');
  const call = args.map((a) => `${a.name}: $${a.name}`).join(', ');
  const selection = isObjectType(getNamedType(field.type)) ? ' { __typename }' : '';
  return {
    query: `${kind}${vars ? `(${vars})` : ''} { ${field.name}${call ? `(${call})` : ''}${selection} }`,
    variables: Object.fromEntries(args.map((a) => [a.name, sample(a.type)])),
  };
}

let t: TestHub;
let schema: GraphQLSchema;
let partnerId: string;
beforeAll(async () => {
  t = await startTestHub();
  schema = await hubSchema();
  partnerId = (await t.client('admin').ok(CreatePartnerDocument, { input: { code: uniq('P'), name: 'Partner', kind: 'SUPPLIER' } }))
    .createPartner.partner.id;
});
afterAll(() => t?.close());

const roles = Object.values(Role);
const tokenFor = (role: Role) => t.token(role, role === Role.supplier || role === Role.customer ? partnerId : undefined);

test('every root field has a row in the matrix', () => {
  const fields = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].flatMap((type) =>
    Object.keys(type!.getFields()),
  );
  expect(fields.filter((f) => !allowed.has(f))).toEqual([]);
});

test.each(['query', 'mutation'] as const)('every %s: allowed roles get past the check, the others get FORBIDDEN', async (kind) => {
  const root = kind === 'query' ? schema.getQueryType()! : schema.getMutationType()!;
  const wrong: string[] = [];
  for (const field of Object.values(root.getFields())) {
    for (const role of roles) {
      const res = await fetch(t.hub.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${tokenFor(role)}` },
        body: JSON.stringify(operation(kind, field)),
      }).then((r) => r.json() as Promise<{ errors?: { extensions?: { code?: string } }[] }>);
      const forbidden = res.errors?.some((e) => e.extensions?.code === 'FORBIDDEN') ?? false;
      const unexpected = res.errors?.find((e) => ['GRAPHQL_VALIDATION_FAILED', 'UNAUTHENTICATED'].includes(String(e.extensions?.code)));
      if (unexpected) wrong.push(`${field.name} as ${role}: ${JSON.stringify(unexpected)}`);
      if (forbidden === allowed.get(field.name)!.has(role)) wrong.push(`${field.name} as ${role}: ${forbidden ? 'FORBIDDEN' : 'allowed'}`);
    }
  }
  expect(wrong).toEqual([]);
});

test('every subscription: allowed roles are subscribed, the others get FORBIDDEN', async () => {
  // An allowed subscription answers nothing until an event comes, so "subscribed" is the absence of a
  // refusal for a while (or an event); every pair waits at once so that while can be long enough for a loaded machine.
  const SILENCE_MS = 5000;
  const pairs = Object.values(schema.getSubscriptionType()!.getFields()).flatMap((field) => roles.map((role) => ({ field, role })));
  const outcomes = await Promise.all(
    pairs.map(async ({ field, role }) => {
      const client = wsClient(t.hub.wsUrl, tokenFor(role));
      const outcome = await new Promise<string>((resolve) => {
        const timer = setTimeout(() => resolve('subscribed'), SILENCE_MS);
        client.subscribe(operation('subscription', field), {
          next: (v) => {
            clearTimeout(timer);
            // An event without errors is an allowed subscription at work: on a database other test files share
            // (PostgreSQL in CI), their changes reach it (planChanged, when another file publishes a plan).
            if (!v.errors) return resolve('subscribed');
            resolve(v.errors.some((e) => e.extensions?.code === 'FORBIDDEN') ? 'FORBIDDEN' : `answered ${JSON.stringify(v.errors)}`);
          },
          error: (e) => {
            clearTimeout(timer);
            resolve(`error ${JSON.stringify(e)}`);
          },
          complete: () => undefined,
        });
      });
      await client.dispose();
      const expected = allowed.get(field.name)!.has(role) ? 'subscribed' : 'FORBIDDEN';
      return outcome === expected ? null : `${field.name} as ${role}: ${outcome}, expected ${expected}`;
    }),
  );
  expect(outcomes.filter((o) => o !== null)).toEqual([]);
});

/** HTTP routes beside /graphql that take the same bearer tokens: each path and the roles that may call it. */
const routeRows: [string[], string[]][] = [[['/labels/label.svg?code=NO-SUCH-CODE', '/labels/sheet.html?code=NO-SUCH-CODE'], INTERNAL]];

test('every route: allowed roles get past the check, the others get 403, no token 401', async () => {
  const base = t.hub.url.replace(/\/graphql$/, '');
  const wrong: string[] = [];
  for (const [paths, allowedRoles] of routeRows) {
    for (const path of paths) {
      const anonymous = await fetch(`${base}${path}`);
      if (anonymous.status !== 401) wrong.push(`${path} without a token: ${anonymous.status}`);
      for (const role of roles) {
        const res = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${tokenFor(role)}` } });
        const refused = res.status === 403;
        if (res.status === 401 || refused === allowedRoles.includes(role)) wrong.push(`${path} as ${role}: ${res.status}`);
      }
    }
  }
  expect(wrong).toEqual([]);
});
