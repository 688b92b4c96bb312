/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type ExecutionEventType =
  | 'COMPLETE'
  | 'PAUSE'
  | 'RESUME'
  | 'SCRAP'
  | 'START';

export type IssueMaterialInput = {
  /** The location by its code, e.g. LS-01; instead of the id */
  fromLocationCode?: string | null | undefined;
  /** Or fromLocationCode */
  fromLocationId?: string | number | null | undefined;
  /** A replay of the same request with the same key returns the first result; the key with another operation or input is CONFLICT (IDEMPOTENCY_KEY_REUSED) */
  idempotencyKey?: string | null | undefined;
  /** Or itemSku */
  itemId?: string | number | null | undefined;
  /** The component by its SKU; instead of the id */
  itemSku?: string | null | undefined;
  /** The lot by its code within the component, or a lot label's GS1 payload (240)SKU(10)LOT; instead of the id */
  lotCode?: string | null | undefined;
  /** Required for lot-tracked components (or lotCode) */
  lotId?: string | number | null | undefined;
  qty: string;
  /** The work order by its code, WO-000123 (an operation code WO-000123/20 names its work order too); instead of the id */
  workOrderCode?: string | null | undefined;
  /** Or workOrderCode */
  workOrderId?: string | number | null | undefined;
};

export type OperationState =
  | 'DONE'
  | 'PAUSED'
  | 'PENDING'
  | 'RUNNING';

/** Goods received from a supplier into a physical location */
export type ReceiveStockInput = {
  /** A replay of the same request with the same key returns the first result; the key with another operation or input is CONFLICT (IDEMPOTENCY_KEY_REUSED) */
  idempotencyKey?: string | null | undefined;
  /** Or itemSku */
  itemId?: string | number | null | undefined;
  /** The item by its SKU; instead of the id */
  itemSku?: string | null | undefined;
  /** The location by its code, e.g. RCV-01; instead of the id */
  locationCode?: string | null | undefined;
  /** Or locationCode */
  locationId?: string | number | null | undefined;
  /** Required for lot-tracked items; the lot is created if new */
  lotCode?: string | null | undefined;
  /** The lot's expiry date (ISO, e.g. 2027-06-30), recorded on the lot */
  lotExpiresOn?: string | null | undefined;
  qty: string;
  reference?: string | null | undefined;
};

/** A scan on the shop floor: start, pause, resume, complete (with qty) or scrap (with qty and reason) */
export type RecordExecutionEventInput = {
  /** Unique per event on the device; a retry of the same scan with the same id is counted once, the id with another scan is CONFLICT (IDEMPOTENCY_KEY_REUSED) */
  clientEventId: string;
  deviceId?: string | null | undefined;
  /** When it happened on the device; defaults to now */
  occurredAt?: string | null | undefined;
  /** The operation as printed on the traveller: work order code / sequence, WO-000123/20; instead of the id */
  operationCode?: string | null | undefined;
  /** Or operationCode */
  operationId?: string | number | null | undefined;
  /** Good qty for COMPLETE, scrapped qty for SCRAP */
  qty?: string | null | undefined;
  /** Why, for SCRAP */
  reason?: string | null | undefined;
  type: ExecutionEventType;
};

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

export type TransferStockInput = {
  /** The location by its code; instead of the id */
  fromLocationCode?: string | null | undefined;
  /** Or fromLocationCode */
  fromLocationId?: string | number | null | undefined;
  /** A replay of the same request with the same key returns the first result; the key with another operation or input is CONFLICT (IDEMPOTENCY_KEY_REUSED) */
  idempotencyKey?: string | null | undefined;
  /** Or itemSku */
  itemId?: string | number | null | undefined;
  /** The item by its SKU; instead of the id */
  itemSku?: string | null | undefined;
  /** The lot by its code within the item, or a lot label's GS1 payload (240)SKU(10)LOT; instead of the id */
  lotCode?: string | null | undefined;
  /** Or lotCode */
  lotId?: string | number | null | undefined;
  qty: string;
  reference?: string | null | undefined;
  /** The location by its code; instead of the id */
  toLocationCode?: string | null | undefined;
  /** Or toLocationCode */
  toLocationId?: string | number | null | undefined;
};

export type WorkOrderState =
  | 'CANCELLED'
  | 'CLOSED'
  | 'COMPLETED'
  | 'IN_PROGRESS'
  | 'PLANNED'
  | 'RELEASED';

export type StationMeQueryVariables = Exact<{ [key: string]: never; }>;


export type StationMeQuery = { me: { subject: string, role: Role, expiresAt: string | null } };

export type StationWorkCentersQueryVariables = Exact<{ [key: string]: never; }>;


export type StationWorkCentersQuery = { workCenters: { edges: Array<{ node: { id: string, code: string, name: string } }> } };

export type StationDispatchQueryVariables = Exact<{
  workCenterId: string | number;
}>;


export type StationDispatchQuery = { workOrderOperations: { edges: Array<{ node: { id: string, sequence: number, name: string, state: OperationState, qtyGood: string, qtyScrap: string, plannedStart: string | null, workOrder: { code: string, qty: string, state: WorkOrderState, item: { sku: string, name: string } } } }> } };

export type StationScanMutationVariables = Exact<{
  input: RecordExecutionEventInput;
}>;


export type StationScanMutation = { recordExecutionEvent: { replayed: boolean, operation: { sequence: number, state: OperationState, qtyGood: string, qtyScrap: string }, workOrder: { code: string, state: WorkOrderState } } };

export type StationIssueMutationVariables = Exact<{
  input: IssueMaterialInput;
}>;


export type StationIssueMutation = { issueMaterial: { stockMove: { qty: string, item: { sku: string } }, workOrder: { code: string } } };

export type StationMoveMutationVariables = Exact<{
  input: TransferStockInput;
}>;


export type StationMoveMutation = { transferStock: { stockMove: { qty: string, item: { sku: string } } } };

export type StationReceiveMutationVariables = Exact<{
  input: ReceiveStockInput;
}>;


export type StationReceiveMutation = { receiveStock: { stockMove: { qty: string, item: { sku: string } } } };

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

export const StationMeDocument = new TypedDocumentString(`
    query StationMe {
  me {
    subject
    role
    expiresAt
  }
}
    `) as unknown as TypedDocumentString<StationMeQuery, StationMeQueryVariables>;
export const StationWorkCentersDocument = new TypedDocumentString(`
    query StationWorkCenters {
  workCenters(first: 100) {
    edges {
      node {
        id
        code
        name
      }
    }
  }
}
    `) as unknown as TypedDocumentString<StationWorkCentersQuery, StationWorkCentersQueryVariables>;
export const StationDispatchDocument = new TypedDocumentString(`
    query StationDispatch($workCenterId: ID!) {
  workOrderOperations(
    filter: {workCenterId: $workCenterId, states: [PENDING, RUNNING, PAUSED]}
    first: 50
  ) {
    edges {
      node {
        id
        sequence
        name
        state
        qtyGood
        qtyScrap
        plannedStart
        workOrder {
          code
          qty
          state
          item {
            sku
            name
          }
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<StationDispatchQuery, StationDispatchQueryVariables>;
export const StationScanDocument = new TypedDocumentString(`
    mutation StationScan($input: RecordExecutionEventInput!) {
  recordExecutionEvent(input: $input) {
    replayed
    operation {
      sequence
      state
      qtyGood
      qtyScrap
    }
    workOrder {
      code
      state
    }
  }
}
    `) as unknown as TypedDocumentString<StationScanMutation, StationScanMutationVariables>;
export const StationIssueDocument = new TypedDocumentString(`
    mutation StationIssue($input: IssueMaterialInput!) {
  issueMaterial(input: $input) {
    stockMove {
      qty
      item {
        sku
      }
    }
    workOrder {
      code
    }
  }
}
    `) as unknown as TypedDocumentString<StationIssueMutation, StationIssueMutationVariables>;
export const StationMoveDocument = new TypedDocumentString(`
    mutation StationMove($input: TransferStockInput!) {
  transferStock(input: $input) {
    stockMove {
      qty
      item {
        sku
      }
    }
  }
}
    `) as unknown as TypedDocumentString<StationMoveMutation, StationMoveMutationVariables>;
export const StationReceiveDocument = new TypedDocumentString(`
    mutation StationReceive($input: ReceiveStockInput!) {
  receiveStock(input: $input) {
    stockMove {
      qty
      item {
        sku
      }
    }
  }
}
    `) as unknown as TypedDocumentString<StationReceiveMutation, StationReceiveMutationVariables>;