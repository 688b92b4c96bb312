import {
  RetryableDeliveryError,
  type Adapter,
  type AdapterFactory,
  type DeliveryLimits,
  type OutboundEvent,
} from '../../src/contract/adapter';

/**
 * A fixture twin of an ERP adapter: keeps what it was sent, in order, and fails on request — once for
 * some event types (a flaky partner), or always for others (a poison event).
 */
export class RecordingPartner {
  readonly received: OutboundEvent[] = [];
  readonly attempts: string[] = [];
  failOnce = new Set<string>();
  alwaysFail = new Set<string>();
  /** Each delivery takes this long (to see how many run at once). */
  holdMs = 0;
  /** Most deliveries of one event type seen under way at once. */
  readonly mostAtOnce = new Map<string, number>();
  private readonly underWay = new Map<string, number>();
  private failed = new Set<string>();

  factory(events: string[], limits?: DeliveryLimits): AdapterFactory {
    return ({ name }) => {
      const adapter: Adapter = {
        name,
        kind: 'erp',
        events,
        ...(limits ? { limits } : {}),
        deliver: async (event) => {
          this.attempts.push(event.type);
          const now = (this.underWay.get(event.type) ?? 0) + 1;
          this.underWay.set(event.type, now);
          this.mostAtOnce.set(event.type, Math.max(now, this.mostAtOnce.get(event.type) ?? 0));
          try {
            if (this.holdMs) await new Promise((r) => setTimeout(r, this.holdMs));
          } finally {
            this.underWay.set(event.type, now - 1);
          }
          if (this.alwaysFail.has(event.type)) throw new Error(`cannot map ${event.type}`);
          if (this.failOnce.has(event.type) && !this.failed.has(event.id)) {
            this.failed.add(event.id);
            throw new RetryableDeliveryError('ERP busy');
          }
          this.received.push(event);
          return { response: 'ok' };
        },
        health: async () => ({ ok: true }),
      };
      return adapter;
    };
  }
}
