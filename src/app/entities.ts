import { Item } from '../modules/catalog/item.entity';
import { Bom, BomLine } from '../modules/catalog/bom.entity';
import { Routing, RoutingOperation } from '../modules/catalog/routing.entity';
import { WorkCenter } from '../modules/catalog/work-center.entity';
import { Partner } from '../modules/partners/partner.entity';
import { SalesOrder, SalesOrderLine } from '../modules/sales/sales-order.entity';
import { WorkOrder } from '../modules/production/work-order.entity';
import { WorkOrderOperation } from '../modules/production/work-order-operation.entity';
import { MaterialRequirement } from '../modules/production/material-requirement.entity';
import { ExecutionEvent } from '../modules/production/execution-event.entity';
import { Location } from '../modules/inventory/location.entity';
import { Lot } from '../modules/inventory/lot.entity';
import { StockMove } from '../modules/inventory/stock-move.entity';
import { StockBalance } from '../modules/inventory/stock-balance.entity';
import { EventLog } from '../kernel/events/event-log.entity';
import { Delivery, DeliveryAttempt } from '../kernel/outbox/delivery.entity';
import { ExternalRefLink } from '../kernel/external-refs/external-ref.entity';
import { InboundMessage, SyncRun, SyncState } from '../orchestration/integration/sync.entity';
import { JournalEntry, JournalLine } from '../modules/finance/journal-entry.entity';
import { ShippingNoticeLine, SupplierCommitment } from '../modules/purchasing/supplier-commitment.entity';

export const entities = [
  Item, Bom, BomLine, Routing, RoutingOperation, WorkCenter, Partner, SalesOrder, SalesOrderLine,
  WorkOrder, WorkOrderOperation, MaterialRequirement, ExecutionEvent, Location, Lot, StockMove,
  StockBalance, EventLog, Delivery, DeliveryAttempt, ExternalRefLink, SyncState, SyncRun, InboundMessage,
  JournalEntry, JournalLine, SupplierCommitment, ShippingNoticeLine,
];
