/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
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

export type ItemTracking =
  | 'LOT'
  | 'NONE'
  | 'SERIAL';

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

export type PlannerBoardQueryVariables = Exact<{
  from: string;
  to: string;
}>;


export type PlannerBoardQuery = { publishedPlan: { id: string, version: number, state: PlanState, trigger: string, origin: string, lateOrderCount: number, tardinessMinutes: number, publishedAt: string | null, operations: Array<{ workOrderCode: string, name: string, workCenterId: string, workCenterCode: string, machine: number, start: string, end: string, late: boolean }>, orders: Array<{ code: string, dueDate: string, lateMinutes: number, causes: Array<{ text: string }>, hints: Array<{ text: string }> }>, load: Array<{ workCenterId: string, code: string, machines: number, load: number }> } | null, plans: { edges: Array<{ node: { version: number, state: PlanState, trigger: string, lateOrderCount: number } }> } };

export type PlannerPlanChangedSubscriptionVariables = Exact<{
  fromSeq?: string | null | undefined;
}>;


export type PlannerPlanChangedSubscription = { planChanged: { seq: string, type: string, version: number } };

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

export type PortalSupplierFeedSubscriptionVariables = Exact<{
  fromSeq?: string | null | undefined;
}>;


export type PortalSupplierFeedSubscription = { supplierPlanChanged: { seq: string, type: string, commitmentCode: string | null } };

export type PortalCustomerOrdersQueryVariables = Exact<{ [key: string]: never; }>;


export type PortalCustomerOrdersQuery = { salesOrders: { edges: Array<{ node: { id: string, code: string, state: SalesOrderState, customerReference: string | null, shipments: Array<{ code: string, shippedAt: string, carrier: string | null, trackingRef: string | null }>, lines: Array<{ lineNo: number, qty: string, dueDate: string, qtyShipped: string, qtyShortClosed: string, shortCloseReason: string | null, item: { sku: string, name: string, unit: string }, progress: { state: string, qtyDone: string, qtyShort: string, percentDone: number, currentOperation: string | null, promisedDate: string, expectedDate: string | null, milestones: Array<{ key: string, label: string, operation: string | null, inspection: boolean, done: boolean, at: string | null, qty: string | null }> } }> } }> } };

export type PortalCustomerFeedSubscriptionVariables = Exact<{
  fromSeq?: string | null | undefined;
}>;


export type PortalCustomerFeedSubscription = { orderProgress: { seq: string, type: string, salesOrderId: string | null, percentDone: number | null } };

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

export const PlannerBoardDocument = new TypedDocumentString(`
    query PlannerBoard($from: DateTimeISO!, $to: DateTimeISO!) {
  publishedPlan {
    id
    version
    state
    trigger
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
        text
      }
      hints {
        text
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
            }
          }
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<PortalCustomerOrdersQuery, PortalCustomerOrdersQueryVariables>;
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