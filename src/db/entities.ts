import { Item } from '../catalog/item.entity';
import { Bom, BomLine } from '../catalog/bom.entity';
import { Routing, RoutingOperation } from '../catalog/routing.entity';
import { WorkCenter } from '../catalog/work-center.entity';
import { Partner } from '../partners/partner.entity';
import { SalesOrder, SalesOrderLine } from '../sales/sales-order.entity';
import { WorkOrder } from '../production/work-order.entity';
import { WorkOrderOperation } from '../production/work-order-operation.entity';
import { MaterialRequirement } from '../production/material-requirement.entity';
import { ExecutionEvent } from '../production/execution-event.entity';
import { Location } from '../inventory/location.entity';
import { Lot } from '../inventory/lot.entity';
import { StockMove } from '../inventory/stock-move.entity';
import { StockBalance } from '../inventory/stock-balance.entity';
import { EventLog } from '../events/event-log.entity';
import { Delivery, DeliveryAttempt } from '../integration/delivery.entity';
import { ExternalRefLink } from '../integration/external-ref.entity';
import { InboundMessage, SyncRun, SyncState } from '../integration/sync.entity';
import { JournalEntry, JournalLine } from '../finance/journal-entry.entity';
import { ShippingNoticeLine, SupplierCommitment } from '../purchasing/supplier-commitment.entity';

export const entities = [
  Item, Bom, BomLine, Routing, RoutingOperation, WorkCenter, Partner, SalesOrder, SalesOrderLine,
  WorkOrder, WorkOrderOperation, MaterialRequirement, ExecutionEvent, Location, Lot, StockMove,
  StockBalance, EventLog, Delivery, DeliveryAttempt, ExternalRefLink, SyncState, SyncRun, InboundMessage,
  JournalEntry, JournalLine, SupplierCommitment, ShippingNoticeLine,
];
