/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type CharacteristicKind =
  | 'ATTRIBUTE'
  | 'NUMERIC';

export type ChartKind =
  | 'I_MR'
  | 'XBAR_R';

export type CommitmentState =
  | 'CANCELLED'
  | 'CONFIRMED'
  | 'RECEIVED'
  | 'REQUESTED'
  | 'SHIPPED';

export type ConfirmCommitmentInput = {
  commitmentId: string | number;
  /** The date you will ship by (YYYY-MM-DD), not in the past */
  promisedDate: string;
  /** At most what was requested */
  qty: string;
};

/** Western Electric rules, and Nelson’s trend of six */
export type ControlRule =
  | 'BEYOND_3_SIGMA'
  | 'EIGHT_ON_ONE_SIDE'
  | 'FOUR_OF_FIVE_BEYOND_1_SIGMA'
  | 'SIX_TRENDING'
  | 'TWO_OF_THREE_BEYOND_2_SIGMA';

export type Disposition =
  | 'RETURN_TO_SUPPLIER'
  | 'REWORK'
  | 'SCRAP'
  | 'USE_AS_IS';

export type InspectionState =
  | 'FAILED'
  | 'OPEN'
  | 'PASSED'
  | 'SKIPPED';

export type ItemTracking =
  | 'LOT'
  | 'NONE'
  | 'SERIAL';

export type MachineState =
  | 'DOWN'
  | 'IDLE'
  | 'MAINTENANCE'
  | 'RUNNING';

export type NonconformanceState =
  | 'AWAITING_APPROVAL'
  | 'AWAITING_SUPPLIER'
  | 'CLOSED'
  | 'IN_REWORK'
  | 'OPEN';

export type OperationState =
  | 'DONE'
  | 'PAUSED'
  | 'PENDING'
  | 'RUNNING';

export type PartnerKind =
  | 'CUSTOMER'
  | 'SUPPLIER';

export type PlanState =
  | 'DISCARDED'
  | 'DRAFT'
  | 'PUBLISHED'
  | 'SUPERSEDED';

export type Role =
  | 'admin'
  | 'customer'
  | 'finance'
  | 'integration'
  | 'operator'
  | 'planner'
  | 'quality'
  | 'supplier'
  | 'viewer';

export type SalesOrderState =
  | 'CANCELLED'
  | 'COMPLETED'
  | 'IN_PRODUCTION'
  | 'OPEN'
  | 'SHIPPED';

/** The advance shipping notice */
export type ShipCommitmentInput = {
  commitmentId: string | number;
  /** YYYY-MM-DD, not in the past */
  expectedArrival: string;
  lines: Array<ShippingNoticeLineInput>;
  shipmentRef: string;
};

export type ShippingNoticeLineInput = {
  /** Your lot number; required for lot-tracked items, not allowed for others */
  lotCode?: string | null | undefined;
  qty: string;
};

/** The supplier's answer to goods returned to it */
export type SupplierResponseInput = {
  nonconformanceId: string | number;
  response: string;
};

export type WhereFound =
  | 'CUSTOMER'
  | 'OPERATION'
  | 'RECEIPT'
  | 'STOCK';

export type WorkCenterState =
  | 'DOWN'
  | 'MAINTENANCE'
  | 'UP';

export type PlannerBoardQueryVariables = Exact<{
  from: string;
  to: string;
}>;


export type PlannerBoardQuery = { publishedPlan: { id: string, version: number, state: PlanState, trigger: string, origin: string, lateOrderCount: number, tardinessMinutes: number, publishedAt: string | null, triggerParts: Array<{ kind: string, text: string, params: Array<{ name: string, value: string }> }>, operations: Array<{ workOrderCode: string, name: string, workCenterId: string, workCenterCode: string, machine: number, start: string, end: string, late: boolean }>, orders: Array<{ code: string, dueDate: string, lateMinutes: number, causes: Array<{ kind: string, text: string, behind: Array<string>, params: Array<{ name: string, value: string }> }>, hints: Array<{ kind: string, text: string, params: Array<{ name: string, value: string }> }> }>, load: Array<{ workCenterId: string, code: string, machines: number, load: number }> } | null, plans: { edges: Array<{ node: { version: number, state: PlanState, trigger: string, lateOrderCount: number, triggerParts: Array<{ kind: string, text: string, params: Array<{ name: string, value: string }> }> } }> } };

export type PlannerPlanChangedSubscriptionVariables = Exact<{
  fromSeq?: string | null | undefined;
}>;


export type PlannerPlanChangedSubscription = { planChanged: { seq: string, type: string, version: number } };

export type PlantOperationFieldsFragment = { operationId: string, workOrderCode: string, sku: string, itemName: string, sequence: number, name: string, state: OperationState, qty: string, qtyGood: string, qtyScrap: string, qtyReceived: string, reworkQty: string | null, dueDate: string, plannedStart: string | null, actualStart: string | null };

export type PlantPageQueryVariables = Exact<{
  from: string;
  to: string;
}>;


export type PlantPageQuery = { plantView: { at: string, workCenters: Array<{ id: string, code: string, name: string, state: WorkCenterState, wipCount: number, queueCount: number, upcomingCount: number, machines: Array<{ id: string, code: string, name: string, state: MachineState, stateSince: string | null, reasonCode: string | null, reasonName: string | null, expectedEnd: string | null, lotCode: string | null, job: { operationId: string, workOrderCode: string, sku: string, itemName: string, sequence: number, name: string, state: OperationState, qty: string, qtyGood: string, qtyScrap: string, qtyReceived: string, reworkQty: string | null, dueDate: string, plannedStart: string | null, actualStart: string | null } | null }>, wip: Array<{ operationId: string, workOrderCode: string, sku: string, itemName: string, sequence: number, name: string, state: OperationState, qty: string, qtyGood: string, qtyScrap: string, qtyReceived: string, reworkQty: string | null, dueDate: string, plannedStart: string | null, actualStart: string | null }>, queue: Array<{ operationId: string, workOrderCode: string, sku: string, itemName: string, sequence: number, name: string, state: OperationState, qty: string, qtyGood: string, qtyScrap: string, qtyReceived: string, reworkQty: string | null, dueDate: string, plannedStart: string | null, actualStart: string | null }> }> }, oee: { workCenters: Array<{ workCenterId: string, label: string, start: string, end: string, availability: number | null, performance: number | null, quality: number | null, oee: number | null }>, machines: Array<{ machineId: string | null, label: string, start: string, end: string, availability: number | null, performance: number | null, quality: number | null, oee: number | null }> } };

export type PlantFeedSubscriptionVariables = Exact<{
  fromSeq?: string | null | undefined;
}>;


export type PlantFeedSubscription = { plantChanged: { seq: string, type: string, workCenterId: string | null, machineId: string | null } };

export type PortalMeQueryVariables = Exact<{ [key: string]: never; }>;


export type PortalMeQuery = { me: { subject: string, role: Role, expiresAt: string | null, partner: { id: string, code: string, name: string, kind: PartnerKind } | null } };

export type PortalSupplierPlanQueryVariables = Exact<{ [key: string]: never; }>;


export type PortalSupplierPlanQuery = { supplierRequirements: Array<{ itemId: string, onHand: string, committed: string, requested: string, demand: string, shortage: string, shortFrom: string | null, buckets: Array<{ needBy: string, qty: string, shortBy: string }>, item: { sku: string, name: string, unit: string } }>, supplierCommitments: { edges: Array<{ node: { id: string, code: string, state: CommitmentState, qtyRequested: string, neededBy: string, qtyConfirmed: string | null, promisedDate: string | null, shipmentRef: string | null, expectedArrival: string | null, qtyReceived: string, item: { sku: string, name: string, unit: string, tracking: ItemTracking } } }> } };

export type PortalConfirmMutationVariables = Exact<{
  input: ConfirmCommitmentInput;
}>;


export type PortalConfirmMutation = { confirmCommitment: { commitment: { id: string, state: CommitmentState } } };

export type PortalShipMutationVariables = Exact<{
  input: ShipCommitmentInput;
}>;


export type PortalShipMutation = { shipCommitment: { commitment: { id: string, state: CommitmentState } } };

export type PortalSupplierNonconformancesQueryVariables = Exact<{ [key: string]: never; }>;


export type PortalSupplierNonconformancesQuery = { nonconformances: { edges: Array<{ node: { id: string, code: string, state: NonconformanceState, sku: string, lotCode: string | null, qty: string, defectCodes: Array<string>, description: string, createdAt: string, dispositionAt: string | null, dispositionNote: string | null, supplierResponse: string | null, supplierRespondedAt: string | null } }> } };

export type PortalRespondToNonconformanceMutationVariables = Exact<{
  input: SupplierResponseInput;
}>;


export type PortalRespondToNonconformanceMutation = { respondToNonconformance: { nonconformance: { id: string, state: NonconformanceState, supplierResponse: string | null } } };

export type PortalSupplierFeedSubscriptionVariables = Exact<{
  fromSeq?: string | null | undefined;
}>;


export type PortalSupplierFeedSubscription = { supplierPlanChanged: { seq: string, type: string, commitmentCode: string | null } };

export type PortalCustomerOrdersQueryVariables = Exact<{ [key: string]: never; }>;


export type PortalCustomerOrdersQuery = { salesOrders: { edges: Array<{ node: { id: string, code: string, state: SalesOrderState, customerReference: string | null, shipments: Array<{ id: string, code: string, shippedAt: string, carrier: string | null, trackingRef: string | null }>, lines: Array<{ lineNo: number, qty: string, dueDate: string, qtyShipped: string, qtyShortClosed: string, shortCloseReason: string | null, item: { sku: string, name: string, unit: string }, progress: { state: string, qtyDone: string, qtyShort: string, percentDone: number, currentOperation: string | null, promisedDate: string, expectedDate: string | null, milestones: Array<{ key: string, label: string, operation: string | null, inspection: boolean, done: boolean, at: string | null, qty: string | null, result: string | null }> } }> } }> } };

export type PortalOrderInspectionsQueryVariables = Exact<{ [key: string]: never; }>;


export type PortalOrderInspectionsQuery = { salesOrders: { edges: Array<{ node: { id: string, inspections: Array<{ id: string, code: string, state: InspectionState, sku: string, lotCode: string | null, workOrderCode: string | null, operationName: string | null, inspectedAt: string | null }> } }> } };

export type PortalCertificateQueryVariables = Exact<{
  shipmentId: string | number;
}>;


export type PortalCertificateQuery = { certificateOfConformance: { shipmentId: string, deliveryNote: string, salesOrderCode: string, customerReference: string | null, customerName: string, shippedAt: string, issuedAt: string, conforms: boolean, statement: string, lines: Array<{ sku: string, lotCode: string | null, qty: string, inspections: Array<{ code: string, step: string, state: InspectionState, inspectedAt: string | null }> }> } };

export type PortalCustomerFeedSubscriptionVariables = Exact<{
  fromSeq?: string | null | undefined;
}>;


export type PortalCustomerFeedSubscription = { orderProgress: { seq: string, type: string, salesOrderId: string | null, percentDone: number | null } };

export type QualityBoardQueryVariables = Exact<{ [key: string]: never; }>;


export type QualityBoardQuery = { nonconformances: { totalCount: number, edges: Array<{ node: { id: string, code: string, state: NonconformanceState, whereFound: WhereFound, sku: string, lotCode: string | null, workOrderCode: string | null, qty: string, defectCodes: Array<string>, description: string, disposition: Disposition | null, createdAt: string, supplierResponse: string | null } }> }, lotHolds: { totalCount: number, edges: Array<{ node: { id: string, code: string, reason: string, sourceType: string | null, heldBy: string | null, createdAt: string, lot: { code: string, item: { sku: string } } } }> }, inspectionPlans: { edges: Array<{ node: { id: string, name: string, characteristics: Array<{ id: string, name: string, kind: CharacteristicKind, unit: string | null }> } }> } };

export type QualityChartQueryVariables = Exact<{
  characteristicId: string | number;
  kind: ChartKind;
}>;


export type QualityChartQuery = { controlChart: { characteristicId: string, name: string, unit: string | null, kind: ChartKind, lowerSpec: string | null, upperSpec: string | null, target: string | null, center: number | null, ucl: number | null, lcl: number | null, rangeCenter: number | null, rangeUcl: number | null, rangeLcl: number | null, sigma: number | null, cp: number | null, cpk: number | null, points: Array<{ index: number, value: number, range: number | null, taskCode: string, at: string, violations: Array<ControlRule> }> } };

export type QualityBoardFeedSubscriptionVariables = Exact<{
  fromSeq?: string | null | undefined;
}>;


export type QualityBoardFeedSubscription = { qualityAlerts: { seq: string, type: string, subject: string } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const PlantOperationFieldsFragmentDoc = new TypedDocumentString(`
    fragment PlantOperationFields on PlantOperation {
  operationId
  workOrderCode
  sku
  itemName
  sequence
  name
  state
  qty
  qtyGood
  qtyScrap
  qtyReceived
  reworkQty
  dueDate
  plannedStart
  actualStart
}
    `, {"fragmentName":"PlantOperationFields"}) as unknown as TypedDocumentString<PlantOperationFieldsFragment, unknown>;
export const PlannerBoardDocument = new TypedDocumentString(`
    query PlannerBoard($from: DateTimeISO!, $to: DateTimeISO!) {
  publishedPlan {
    id
    version
    state
    trigger
    triggerParts {
      kind
      text
      params {
        name
        value
      }
    }
    origin
    lateOrderCount
    tardinessMinutes
    publishedAt
    operations(from: $from, to: $to) {
      workOrderCode
      name
      workCenterId
      workCenterCode
      machine
      start
      end
      late
    }
    orders(lateOnly: true) {
      code
      dueDate
      lateMinutes
      causes {
        kind
        text
        behind
        params {
          name
          value
        }
      }
      hints {
        kind
        text
        params {
          name
          value
        }
      }
    }
    load(from: $from, to: $to) {
      workCenterId
      code
      machines
      load
    }
  }
  plans(first: 1) {
    edges {
      node {
        version
        state
        trigger
        triggerParts {
          kind
          text
          params {
            name
            value
          }
        }
        lateOrderCount
      }
    }
  }
}
    `) as unknown as TypedDocumentString<PlannerBoardQuery, PlannerBoardQueryVariables>;
export const PlannerPlanChangedDocument = new TypedDocumentString(`
    subscription PlannerPlanChanged($fromSeq: Sequence) {
  planChanged(fromSeq: $fromSeq) {
    seq
    type
    version
  }
}
    `) as unknown as TypedDocumentString<PlannerPlanChangedSubscription, PlannerPlanChangedSubscriptionVariables>;
export const PlantPageDocument = new TypedDocumentString(`
    query PlantPage($from: DateTimeISO!, $to: DateTimeISO!) {
  plantView(listed: 5) {
    at
    workCenters {
      id
      code
      name
      state
      wipCount
      queueCount
      upcomingCount
      machines {
        id
        code
        name
        state
        stateSince
        reasonCode
        reasonName
        expectedEnd
        lotCode
        job {
          ...PlantOperationFields
        }
      }
      wip {
        ...PlantOperationFields
      }
      queue {
        ...PlantOperationFields
      }
    }
  }
  oee(from: $from, to: $to, granularity: SHIFT) {
    workCenters {
      workCenterId
      label
      start
      end
      availability
      performance
      quality
      oee
    }
    machines {
      machineId
      label
      start
      end
      availability
      performance
      quality
      oee
    }
  }
}
    fragment PlantOperationFields on PlantOperation {
  operationId
  workOrderCode
  sku
  itemName
  sequence
  name
  state
  qty
  qtyGood
  qtyScrap
  qtyReceived
  reworkQty
  dueDate
  plannedStart
  actualStart
}`) as unknown as TypedDocumentString<PlantPageQuery, PlantPageQueryVariables>;
export const PlantFeedDocument = new TypedDocumentString(`
    subscription PlantFeed($fromSeq: Sequence) {
  plantChanged(fromSeq: $fromSeq) {
    seq
    type
    workCenterId
    machineId
  }
}
    `) as unknown as TypedDocumentString<PlantFeedSubscription, PlantFeedSubscriptionVariables>;
export const PortalMeDocument = new TypedDocumentString(`
    query PortalMe {
  me {
    subject
    role
    expiresAt
    partner {
      id
      code
      name
      kind
    }
  }
}
    `) as unknown as TypedDocumentString<PortalMeQuery, PortalMeQueryVariables>;
export const PortalSupplierPlanDocument = new TypedDocumentString(`
    query PortalSupplierPlan {
  supplierRequirements {
    itemId
    onHand
    committed
    requested
    demand
    shortage
    shortFrom
    buckets {
      needBy
      qty
      shortBy
    }
    item {
      sku
      name
      unit
    }
  }
  supplierCommitments(first: 100) {
    edges {
      node {
        id
        code
        state
        qtyRequested
        neededBy
        qtyConfirmed
        promisedDate
        shipmentRef
        expectedArrival
        qtyReceived
        item {
          sku
          name
          unit
          tracking
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<PortalSupplierPlanQuery, PortalSupplierPlanQueryVariables>;
export const PortalConfirmDocument = new TypedDocumentString(`
    mutation PortalConfirm($input: ConfirmCommitmentInput!) {
  confirmCommitment(input: $input) {
    commitment {
      id
      state
    }
  }
}
    `) as unknown as TypedDocumentString<PortalConfirmMutation, PortalConfirmMutationVariables>;
export const PortalShipDocument = new TypedDocumentString(`
    mutation PortalShip($input: ShipCommitmentInput!) {
  shipCommitment(input: $input) {
    commitment {
      id
      state
    }
  }
}
    `) as unknown as TypedDocumentString<PortalShipMutation, PortalShipMutationVariables>;
export const PortalSupplierNonconformancesDocument = new TypedDocumentString(`
    query PortalSupplierNonconformances {
  nonconformances(first: 100) {
    edges {
      node {
        id
        code
        state
        sku
        lotCode
        qty
        defectCodes
        description
        createdAt
        dispositionAt
        dispositionNote
        supplierResponse
        supplierRespondedAt
      }
    }
  }
}
    `) as unknown as TypedDocumentString<PortalSupplierNonconformancesQuery, PortalSupplierNonconformancesQueryVariables>;
export const PortalRespondToNonconformanceDocument = new TypedDocumentString(`
    mutation PortalRespondToNonconformance($input: SupplierResponseInput!) {
  respondToNonconformance(input: $input) {
    nonconformance {
      id
      state
      supplierResponse
    }
  }
}
    `) as unknown as TypedDocumentString<PortalRespondToNonconformanceMutation, PortalRespondToNonconformanceMutationVariables>;
export const PortalSupplierFeedDocument = new TypedDocumentString(`
    subscription PortalSupplierFeed($fromSeq: Sequence) {
  supplierPlanChanged(fromSeq: $fromSeq) {
    seq
    type
    commitmentCode
  }
}
    `) as unknown as TypedDocumentString<PortalSupplierFeedSubscription, PortalSupplierFeedSubscriptionVariables>;
export const PortalCustomerOrdersDocument = new TypedDocumentString(`
    query PortalCustomerOrders {
  salesOrders(first: 100) {
    edges {
      node {
        id
        code
        state
        customerReference
        shipments {
          id
          code
          shippedAt
          carrier
          trackingRef
        }
        lines {
          lineNo
          qty
          dueDate
          item {
            sku
            name
            unit
          }
          qtyShipped
          qtyShortClosed
          shortCloseReason
          progress {
            state
            qtyDone
            qtyShort
            percentDone
            currentOperation
            promisedDate
            expectedDate
            milestones {
              key
              label
              operation
              inspection
              done
              at
              qty
              result
            }
          }
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<PortalCustomerOrdersQuery, PortalCustomerOrdersQueryVariables>;
export const PortalOrderInspectionsDocument = new TypedDocumentString(`
    query PortalOrderInspections {
  salesOrders(first: 100) {
    edges {
      node {
        id
        inspections {
          id
          code
          state
          sku
          lotCode
          workOrderCode
          operationName
          inspectedAt
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<PortalOrderInspectionsQuery, PortalOrderInspectionsQueryVariables>;
export const PortalCertificateDocument = new TypedDocumentString(`
    query PortalCertificate($shipmentId: ID!) {
  certificateOfConformance(shipmentId: $shipmentId) {
    shipmentId
    deliveryNote
    salesOrderCode
    customerReference
    customerName
    shippedAt
    issuedAt
    conforms
    statement
    lines {
      sku
      lotCode
      qty
      inspections {
        code
        step
        state
        inspectedAt
      }
    }
  }
}
    `) as unknown as TypedDocumentString<PortalCertificateQuery, PortalCertificateQueryVariables>;
export const PortalCustomerFeedDocument = new TypedDocumentString(`
    subscription PortalCustomerFeed($fromSeq: Sequence) {
  orderProgress(fromSeq: $fromSeq) {
    seq
    type
    salesOrderId
    percentDone
  }
}
    `) as unknown as TypedDocumentString<PortalCustomerFeedSubscription, PortalCustomerFeedSubscriptionVariables>;
export const QualityBoardDocument = new TypedDocumentString(`
    query QualityBoard {
  nonconformances(
    first: 100
    filter: {states: [OPEN, AWAITING_APPROVAL, AWAITING_SUPPLIER, IN_REWORK]}
  ) {
    totalCount
    edges {
      node {
        id
        code
        state
        whereFound
        sku
        lotCode
        workOrderCode
        qty
        defectCodes
        description
        disposition
        createdAt
        supplierResponse
      }
    }
  }
  lotHolds(first: 100, filter: {active: true}) {
    totalCount
    edges {
      node {
        id
        code
        reason
        sourceType
        heldBy
        createdAt
        lot {
          code
          item {
            sku
          }
        }
      }
    }
  }
  inspectionPlans(first: 100) {
    edges {
      node {
        id
        name
        characteristics {
          id
          name
          kind
          unit
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<QualityBoardQuery, QualityBoardQueryVariables>;
export const QualityChartDocument = new TypedDocumentString(`
    query QualityChart($characteristicId: ID!, $kind: ChartKind!) {
  controlChart(characteristicId: $characteristicId, kind: $kind) {
    characteristicId
    name
    unit
    kind
    lowerSpec
    upperSpec
    target
    center
    ucl
    lcl
    rangeCenter
    rangeUcl
    rangeLcl
    sigma
    cp
    cpk
    points {
      index
      value
      range
      taskCode
      at
      violations
    }
  }
}
    `) as unknown as TypedDocumentString<QualityChartQuery, QualityChartQueryVariables>;
export const QualityBoardFeedDocument = new TypedDocumentString(`
    subscription QualityBoardFeed($fromSeq: Sequence) {
  qualityAlerts(fromSeq: $fromSeq) {
    seq
    type
    subject
  }
}
    `) as unknown as TypedDocumentString<QualityBoardFeedSubscription, QualityBoardFeedSubscriptionVariables>;