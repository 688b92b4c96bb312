/** Catalog events: what the catalog module writes to the log. Adapters and subscriptions select by these names. */
export const CatalogEvent = {
  ItemCreated: 'ItemCreated',
  WorkCenterCreated: 'WorkCenterCreated',
  WorkCenterRatesChanged: 'WorkCenterRatesChanged',
  BomCreated: 'BomCreated',
  RoutingCreated: 'RoutingCreated',
} as const;
