import { randomBytes } from 'node:crypto';
import mqtt, { type MqttClient } from 'mqtt';

export const BROKER = process.env.MQTT_TEST_URL ?? 'mqtt://127.0.0.1:1883';

/**
 * A topic prefix and client id of this test run's own, so parallel runs on the shared broker never
 * see each other's messages, and the settings that point a hub at them.
 */
export function mqttRun(name: string) {
  const run = `${name}-${randomBytes(4).toString('hex')}`;
  const prefix = `momtest/${run}`;
  const clientId = `mom-hub-${run}`;
  return {
    prefix,
    clientId,
    env: {
      MQTT_URL: BROKER,
      MQTT_CLIENT_ID: clientId,
      MQTT_TOPIC_PATTERN: `${prefix}/{workCenter}/{machine}/{kind}/{name}`,
      MQTT_SESSION_EXPIRY: '300',
      MACHINE_DATA_FLUSH_MS: '20',
    },
    topic: (workCenter: string, machine: string, kind: string, name?: string) =>
      [prefix, workCenter, machine, kind, ...(name ? [name] : [])].join('/'),
    /** Ends the hub's persistent session at the broker, so nothing is left queued after the test. */
    async forgetSession() {
      const c = await mqtt.connectAsync(BROKER, { clientId, clean: true, protocolVersion: 5, properties: { sessionExpiryInterval: 0 } });
      await c.endAsync();
    },
  };
}

/** A simulated machine: publishes QoS 1 messages with a timestamp (and an id), as real gateways do. */
export class MachinePublisher {
  private seq = 0;
  private constructor(readonly client: MqttClient) {}

  static async connect(clientId: string): Promise<MachinePublisher> {
    return new MachinePublisher(await mqtt.connectAsync(BROKER, { clientId, protocolVersion: 5, clean: true }));
  }

  async publish(topic: string, value: string | number, extra: Record<string, unknown> = {}, at = new Date()) {
    const payload = JSON.stringify({ v: value, ts: at.toISOString(), id: ++this.seq, ...extra });
    await this.client.publishAsync(topic, payload, { qos: 1 });
  }

  async publishRaw(topic: string, payload: string) {
    await this.client.publishAsync(topic, payload, { qos: 1 });
  }

  end() {
    return this.client.endAsync();
  }
}

/** Polls until `check` returns a value that is not undefined (a condition, never a fixed sleep). */
export async function eventually<T>(check: () => Promise<T | undefined>, what: string, timeoutMs = 30_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}${last instanceof Error ? `: ${last.message}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
