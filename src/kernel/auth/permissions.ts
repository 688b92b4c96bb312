import { registerEnumType } from 'type-graphql';

/** What a caller may do. Operations and sensitive fields name a permission; roles grant sets of them. */
export enum Permission {
  CatalogRead = 'CatalogRead',
  CatalogWrite = 'CatalogWrite',
  PartnersRead = 'PartnersRead',
  PartnersWrite = 'PartnersWrite',
  SalesRead = 'SalesRead',
  SalesWrite = 'SalesWrite',
  ProductionRead = 'ProductionRead',
  ProductionPlan = 'ProductionPlan',
  ProductionExecute = 'ProductionExecute',
  InventoryRead = 'InventoryRead',
  InventoryMove = 'InventoryMove',
  CostsRead = 'CostsRead',
  EventsRead = 'EventsRead',
  /** Deliveries and sync runs: what went out to partner systems and what came in. */
  IntegrationRead = 'IntegrationRead',
  /** Replaying dead deliveries, running a sync now. */
  IntegrationAdmin = 'IntegrationAdmin',
  /** Pushing orders, items and BOMs in through the API (imports). */
  ImportData = 'ImportData',
  FinanceRead = 'FinanceRead',
  /** Supplier requirements and commitments, all suppliers. */
  PurchasingRead = 'PurchasingRead',
  /** Requesting commitments from suppliers (and acting for them). */
  PurchasingWrite = 'PurchasingWrite',
  /** A supplier's own requirements, commitments and items: confirm and ship. */
  SupplierPortal = 'SupplierPortal',
  /** Minting portal access links for partners. */
  PortalAdmin = 'PortalAdmin',
  /** A customer reads its own sales orders and their progress, nothing else. */
  OwnOrdersRead = 'OwnOrdersRead',
}

export enum Role {
  admin = 'admin',
  planner = 'planner',
  operator = 'operator',
  quality = 'quality',
  finance = 'finance',
  integration = 'integration',
  viewer = 'viewer',
  supplier = 'supplier',
  customer = 'customer',
}
registerEnumType(Role, { name: 'Role' });

const P = Permission;
const READ_ALL = [P.CatalogRead, P.PartnersRead, P.SalesRead, P.ProductionRead, P.InventoryRead, P.PurchasingRead];

export const ROLE_PERMISSIONS: Record<Role, ReadonlySet<Permission>> = {
  admin: new Set(Object.values(Permission)),
  planner: new Set([
    ...READ_ALL, P.CatalogWrite, P.PartnersWrite, P.SalesWrite, P.ProductionPlan, P.InventoryMove, P.CostsRead,
    P.EventsRead, P.PurchasingWrite,
  ]),
  operator: new Set([P.CatalogRead, P.ProductionRead, P.InventoryRead, P.ProductionExecute, P.InventoryMove]),
  quality: new Set([...READ_ALL]),
  finance: new Set([...READ_ALL, P.CostsRead, P.EventsRead, P.FinanceRead]),
  integration: new Set([
    ...READ_ALL, P.CatalogWrite, P.PartnersWrite, P.SalesWrite, P.ProductionExecute, P.InventoryMove, P.EventsRead,
    P.IntegrationRead, P.ImportData, P.FinanceRead,
  ]),
  viewer: new Set([...READ_ALL]),
  supplier: new Set([P.SupplierPortal]),
  customer: new Set([P.OwnOrdersRead]),
};

/** Roles whose tokens must name the partner they act for. */
export const PARTNER_ROLES: ReadonlySet<Role> = new Set([Role.supplier, Role.customer]);

export const hasPermission = (role: Role, p: Permission) => ROLE_PERMISSIONS[role].has(p);
