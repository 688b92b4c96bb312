/**
 * How the hub reads machine data: the broker, its session and the topic mapping. Read from the
 * environment by src/app/config.ts (MQTT_*, MACHINE_DATA_*, PLANT_*), documented in the README.
 */
export interface MachineDataSettings {
  /** mqtt://host:port of the broker; without it the hub does not subscribe (HTTP ingest still works). */
  mqttUrl?: string;
  /** The fixed client id of the persistent session: messages published while the hub is away wait under it. */
  clientId: string;
  /** e.g. `plant/{workCenter}/{machine}/{kind}/{name}`; kind is state, count or param. */
  topicPattern: string;
  /** How long the broker keeps the session (and queues messages) after the hub disconnects, in seconds. */
  sessionExpirySeconds: number;
  /** QoS 1 messages the broker may send before the hub acknowledges (MQTT 5 Receive Maximum). */
  receiveMaximum: number;
  /** Messages stored per transaction at most, and how long the first of a batch waits for more. */
  batchSize: number;
  flushMs: number;
  /** Shifts in plant time, e.g. `A=06:00-14:00,B=14:00-22:00,C=22:00-06:00`, and the plant's offset from UTC in minutes. */
  shifts: readonly Shift[];
  utcOffsetMinutes: number;
  /** How often maintenance plans are checked for falling due (node-cron, seconds allowed; every minute by default). */
  maintenanceCheckSchedule: string;
  /** How long a stored message's key is kept to recognise it delivered again, in hours (see `messageRetentionRule`). */
  messageRetentionHours: number;
}

/**
 * A duplicate can still arrive as long as the broker keeps the hub's session (a message stored but not
 * yet acknowledged comes again when the hub reconnects, at most the session expiry after it went away)
 * or as long as an HTTP client retries a request (a gateway that buffers through a network outage: we
 * allow a day). So keys are kept at least a day, and with MQTT at least the session expiry plus an hour
 * (the time between storing and the disconnect); by default the session expiry plus a day.
 */
export const MIN_MESSAGE_RETENTION_HOURS = 24;
export const defaultMessageRetentionHours = (sessionExpirySeconds: number) => Math.ceil(sessionExpirySeconds / 3600) + 24;

/** Why a retention is too short for these settings, or null when it is long enough. */
export function messageRetentionProblem(hours: number, sessionExpirySeconds: number, mqtt: boolean): string | null {
  if (hours < MIN_MESSAGE_RETENTION_HOURS)
    return `${hours} hours is shorter than a day, the longest an HTTP client is expected to retry a message; use at least ${MIN_MESSAGE_RETENTION_HOURS}`;
  const least = Math.ceil(sessionExpirySeconds / 3600) + 1;
  if (mqtt && hours < least)
    return `${hours} hours is shorter than MQTT_SESSION_EXPIRY (${sessionExpirySeconds} s) plus an hour: a message the broker redelivers after a restart could be stored twice; use at least ${least} (or lower MQTT_SESSION_EXPIRY)`;
  return null;
}

export interface Shift {
  name: string;
  /** Minutes after plant midnight; a shift that ends before it starts runs past midnight. */
  start: number;
  end: number;
}

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;
const minutes = (hhmm: string) => {
  const m = HHMM.exec(hhmm);
  if (!m) throw new Error(`"${hhmm}" is not a time of day (HH:MM)`);
  return Number(m[1]) * 60 + Number(m[2]);
};

/** `A=06:00-14:00,B=14:00-22:00` → shifts; throws a message naming the bad part. */
export function parseShifts(text: string): Shift[] {
  return text.split(',').map((part) => {
    const m = /^\s*([\w-]{1,20})=(\d\d:\d\d)-(\d\d:\d\d)\s*$/.exec(part);
    if (!m) throw new Error(`"${part}" is not NAME=HH:MM-HH:MM`);
    const shift = { name: m[1], start: minutes(m[2]), end: minutes(m[3]) };
    if (shift.start === shift.end) throw new Error(`shift ${shift.name} has no length`);
    return shift;
  });
}

/** `+08:00` → 480. */
export function parseUtcOffset(text: string): number {
  const m = /^([+-])(\d\d):(\d\d)$/.exec(text);
  if (!m || Number(m[2]) > 14 || Number(m[3]) > 59) throw new Error(`"${text}" is not an offset such as +08:00`);
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}

export const TOPIC_PLACEHOLDERS = ['workCenter', 'machine', 'kind', 'name'] as const;

/** Checks a topic pattern: every level literal or one placeholder, `{machine}` and `{kind}` present. */
export function checkTopicPattern(pattern: string): string {
  const levels = pattern.split('/');
  for (const level of levels) {
    if (/[+#]/.test(level)) throw new Error('use {placeholders}, not MQTT wildcards');
    const p = /^\{(\w+)\}$/.exec(level);
    if (p && !(TOPIC_PLACEHOLDERS as readonly string[]).includes(p[1]))
      throw new Error(`{${p[1]}} is not one of ${TOPIC_PLACEHOLDERS.join(', ')}`);
    if (!p && /[{}]/.test(level)) throw new Error(`"${level}": a placeholder fills a whole level`);
  }
  if (!levels.includes('{machine}') || !levels.includes('{kind}')) throw new Error('must contain {machine} and {kind}');
  if (levels.includes('{name}') && levels[levels.length - 1] !== '{name}') throw new Error('{name} must be the last level');
  return pattern;
}
