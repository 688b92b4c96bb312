import mqtt, { type IPublishPacket, type MqttClient, type Packet } from 'mqtt';
import { forkEm } from '../../kernel/db/orm';
import { Role } from '../../kernel/auth/permissions';
import type { HubServices, HubWorker } from '../../kernel/module';
import { StateSource } from './machine.entity';
import { MachineDataError, mqttRecord, subscriptionFor, type MachineRecord } from './machine-data';
import { storeMachineData, type StoreResult } from './machine-data.store';
import type { MachineDataSettings } from './machine-data.settings';

interface Held {
  record: MachineRecord | null;
  messageId?: number;
  /** The PUBACK, sent once the batch holding this message has committed. */
  ack?: () => void;
}

export interface IngestStats {
  received: number;
  stored: number;
  duplicates: number;
  rejected: number;
  batches: number;
}

/**
 * Reads machine data from the broker: QoS 1 over a persistent session (fixed client id, clean start
 * off, a session expiry), so what machines publish while the hub is away waits at the broker. A
 * message is acknowledged only after the transaction that stored it commits; a message stored but
 * not yet acknowledged when the hub stops comes again and is recognised by its key. Messages are
 * stored in batches, one transaction each, in the order they arrived.
 */
export class MqttIngestWorker implements HubWorker {
  readonly name = 'mqtt-ingest';
  readonly stats: IngestStats = { received: 0, stored: 0, duplicates: 0, rejected: 0, batches: 0 };
  private client?: MqttClient;
  private batch: Held[] = [];
  private byMessageId = new Map<number, Held>();
  private timer?: NodeJS.Timeout;
  private flushing?: Promise<void>;
  private stopping = false;
  /** Bumped on every (re)connection: acknowledgements of an earlier connection are never sent on a later one. */
  private epoch = 0;
  /** For the bench: called after each commit with the records stored. */
  onStored?: (records: readonly MachineRecord[], result: StoreResult) => void;

  constructor(
    private readonly services: HubServices,
    private readonly settings: MachineDataSettings,
  ) {}

  async start(): Promise<void> {
    const { mqttUrl, clientId, sessionExpirySeconds, receiveMaximum } = this.settings;
    const client = mqtt.connect(mqttUrl!, {
      clientId,
      clean: false,
      protocolVersion: 5,
      properties: { sessionExpiryInterval: sessionExpirySeconds, receiveMaximum },
      reconnectPeriod: 1000,
      connectTimeout: 10_000,
    });
    this.client = client;
    this.holdAcks(client);
    client.handleMessage = (packet, done) => {
      this.take(packet);
      done();
    };
    let subscribed: () => void = () => undefined;
    client.on('connect', () => {
      this.epoch++;
      client.subscribe(subscriptionFor(this.settings.topicPattern), { qos: 1 }, (err) => {
        if (err) this.services.log.error({ err }, 'machine data: subscribing failed');
        else subscribed();
      });
    });
    client.on('close', () => {
      // Whatever was waiting for an acknowledgement comes again on the next connection.
      this.epoch++;
    });
    client.on('error', (err) => this.services.log.warn({ err: err.message }, 'machine data: broker connection error'));
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timeout);
        subscribed = () => undefined;
        resolve();
      };
      subscribed = done;
      // A broker that is not there yet does not stop the hub; the client keeps trying.
      const timeout = setTimeout(() => {
        this.services.log.warn({ url: mqttUrl }, 'machine data: broker not reachable yet; retrying in the background');
        done();
      }, 10_000);
    });
  }

  /** The client sends a PUBACK as soon as a message is handed over; hold it until the message is stored. */
  private holdAcks(client: MqttClient) {
    const internals = client as unknown as { _sendPacket: (packet: Packet, cb?: () => void, ...rest: unknown[]) => void };
    const send = internals._sendPacket.bind(client);
    internals._sendPacket = (packet, cb, ...rest) => {
      const held = packet.cmd === 'puback' && packet.messageId !== undefined ? this.byMessageId.get(packet.messageId) : undefined;
      if (!held) return send(packet, cb, ...rest);
      this.byMessageId.delete(packet.messageId!);
      const epoch = this.epoch;
      held.ack = () => {
        if (epoch === this.epoch && client.connected) send(packet, undefined, ...rest);
      };
      // The client may go on reading; the acknowledgement itself waits.
      cb?.();
    };
  }

  private take(packet: IPublishPacket) {
    if (this.stopping) {
      // Held without a way to send it: the message stays unacknowledged and comes again after the restart.
      if (packet.qos > 0 && packet.messageId !== undefined) this.byMessageId.set(packet.messageId, { record: null });
      return;
    }
    this.stats.received++;
    let record: MachineRecord | null = null;
    try {
      record = mqttRecord(this.settings.topicPattern, packet.topic, packet.payload as Buffer, new Date());
    } catch (e) {
      if (!(e instanceof MachineDataError)) throw e;
      // A message that can never be stored is acknowledged, or it would come back forever.
      this.stats.rejected++;
      this.services.log.warn({ topic: packet.topic, reason: e.message }, 'machine data: message refused');
    }
    const held: Held = { record, messageId: packet.qos > 0 ? packet.messageId : undefined };
    if (held.messageId !== undefined) this.byMessageId.set(held.messageId, held);
    this.batch.push(held);
    this.next();
  }

  /** A full batch is stored now, a partial one after flushMs; while a batch is being stored, the next waits for it. */
  private next() {
    if (this.flushing || this.stopping || !this.batch.length) return;
    if (this.batch.length >= this.settings.batchSize) void this.flush();
    else
      this.timer ??= setTimeout(() => {
        this.timer = undefined;
        void this.flush();
      }, this.settings.flushMs);
  }

  /** Stores the batch (one at a time, in order), then sends its acknowledgements. A failure is retried with backoff. */
  private flush(): Promise<void> {
    if (this.flushing) return this.flushing;
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.batch;
    if (!batch.length) return Promise.resolve();
    this.batch = [];
    this.flushing = (async () => {
      const records = batch.flatMap((h) => (h.record ? [h.record] : []));
      for (let attempt = 0; ; attempt++) {
        try {
          const ctx = {
            em: forkEm(this.services.orm),
            actor: { subject: 'machine-data:mqtt', role: Role.integration },
            runtime: this.services.runtime,
          };
          const result = await storeMachineData(ctx, records, StateSource.MQTT);
          this.stats.stored += result.stored;
          this.stats.duplicates += result.duplicates;
          this.stats.batches++;
          if (result.unknownMachines.length) this.services.log.warn({ machines: result.unknownMachines }, 'machine data: unknown machines');
          this.onStored?.(records, result);
          this.services.log.debug({ records: records.length, ...result }, 'machine data: batch stored');
          break;
        } catch (err) {
          this.services.log.error({ err, attempt }, 'machine data: storing a batch failed; retrying');
          if (this.stopping) return;
          await new Promise((r) => setTimeout(r, Math.min(5000, 100 * 2 ** attempt)));
        }
      }
      for (const held of batch) held.ack?.();
    })().finally(() => {
      this.flushing = undefined;
      this.next();
    });
    return this.flushing;
  }

  /** Stores what has arrived, acknowledges it, and leaves; anything later stays at the broker for the next start. */
  async stop(): Promise<void> {
    if (!this.client) return;
    await this.flushing;
    await this.flush();
    this.stopping = true;
    clearTimeout(this.timer);
    await this.client.endAsync(false);
  }
}
