/** Shipping events: what the shipping module writes to the log. Adapters and subscriptions select by these names. */
export const ShippingEvent = {
  /** Goods left for the customer; the payload is the shipment as posted, with the order's lines after it. */
  ShipmentPosted: 'ShipmentPosted',
} as const;
