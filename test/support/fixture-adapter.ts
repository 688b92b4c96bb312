import { RetryableDeliveryError, type Adapter, type AdapterFactory, type OutboundEvent } from '../../src/contract/adapter';

/**
 * A fixture twin of an ERP adapter: keeps what it was sent, in order, and fails on request — once for
 * some event types (a flaky partner), or always for others (a poison event).
 */
export class RecordingPartner {
  readonly received: OutboundEvent[] = [];
  readonly attempts: string[] = [];
  failOnce = new Set<string>();
  alwaysFail = new Set<string>();
  private failed = new Set<string>();

  factory(events: string[]): AdapterFactory {
    return ({ name }) => {
      const adapter: Adapter = {
        name,
        kind: 'erp',
        events,
        deliver: async (event) => {
          this.attempts.push(event.type);
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
