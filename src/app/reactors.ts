import { forkEm } from '../kernel/db/orm';
import { SYSTEM_ACTOR } from '../kernel/auth/actor';
import type { ExclusiveLocks } from '../kernel/db/exclusive-lock';
import type { EventStream } from '../kernel/events/event-stream';
import type { LoggedEvent } from '../kernel/events/event-types';
import type { EventReactor, HubServices } from '../kernel/module';

/** What feeding reactors needs of the hub. */
type ReactorServices = Pick<HubServices, 'orm' | 'runtime' | 'log'>;

/** How soon a batch whose lock was busy (another hub process reacting) is tried again. */
const BUSY_RETRY_MS = 250;

/**
 * Feeds each module reactor the events it wants, live from the log: a burst within the reactor's
 * debounce becomes one call; calls never overlap; a failure is logged and the next burst runs as usual;
 * a burst that finds the reactor's lock busy waits for it rather than being dropped.
 * A reactor that falls too far behind resubscribes from the last event it saw.
 */
export function startReactors(reactors: readonly EventReactor[], stream: EventStream, services: ReactorServices, locks: ExclusiveLocks) {
  const stops = reactors.map((reactor) => run(reactor, stream, services, locks));
  return {
    async stop() {
      await Promise.all(stops.map((s) => s()));
    },
  };
}

function run(reactor: EventReactor, stream: EventStream, services: ReactorServices, locks: ExclusiveLocks): () => Promise<void> {
  const types = new Set(reactor.types);
  const wanted = (e: LoggedEvent) => types.has(e.type) && (reactor.wants?.(e) ?? true);
  let stopped = false;
  let pending: LoggedEvent[] = [];
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let iterator: AsyncIterableIterator<LoggedEvent> | undefined;
  let lastSeq: string | null = null;

  const flush = () => {
    timer = undefined;
    const batch = pending;
    pending = [];
    if (batch.length === 0 || stopped) return;
    running = running.then(async () => {
      const ctx = { em: forkEm(services.orm), actor: { ...SYSTEM_ACTOR, subject: `reactor:${reactor.id}` }, runtime: services.runtime };
      const ran = await locks
        .run(`reactor:${reactor.id}`, async () => {
          await reactor.handle(ctx, batch);
          return true;
        })
        .catch((err) => {
          services.log.error({ err, reactor: reactor.id }, 'event reactor failed');
          return true;
        });
      // Busy: another hub process is reacting to its own batch, which need not hold these events (it may
      // have read the log earlier). Dropping them would lose them; they wait, ahead of newer ones, and
      // go in the next call. With several processes an event may so be handled by more than one of them:
      // reactors react to the state the events leave behind, so a repeat costs a call, never a wrong result.
      if (ran === null && !stopped) {
        pending = [...batch, ...pending];
        timer ??= setTimeout(flush, Math.max(reactor.debounceMs, BUSY_RETRY_MS));
      }
    });
  };

  const consume = async () => {
    while (!stopped) {
      iterator = stream.subscribe(wanted, lastSeq);
      try {
        for await (const e of iterator) {
          lastSeq = e.seq;
          pending.push(e);
          timer ??= setTimeout(flush, reactor.debounceMs);
        }
      } catch (err) {
        if (!stopped) services.log.warn({ err, reactor: reactor.id }, 'event reactor resubscribes');
      }
      if (!stopped) await new Promise((r) => setTimeout(r, 100));
    }
  };
  const consuming = consume();

  return async () => {
    stopped = true;
    clearTimeout(timer);
    await iterator?.return?.();
    await consuming;
    await running;
  };
}
