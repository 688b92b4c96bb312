import { MachineState } from './machine.entity';

/** One fact from a machine, whichever way it came (MQTT topic + payload, or the HTTP ingest body). */
export type MachineRecord = {
  /** What recognises the message when it is delivered again (topic + id or timestamp); null: no deduplication. */
  key: string | null;
  machine: string;
  at: Date;
} & (
  | { kind: 'state'; state: MachineState; reason?: string; expectedEnd?: Date }
  | { kind: 'count'; name: 'good' | 'reject'; value: number }
  | { kind: 'param'; name: string; value: number }
);

export class MachineDataError extends Error {}

const STATE_WORDS: Record<string, MachineState> = {
  running: MachineState.RUNNING,
  run: MachineState.RUNNING,
  '1': MachineState.RUNNING,
  idle: MachineState.IDLE,
  '0': MachineState.IDLE,
  down: MachineState.DOWN,
  stopped: MachineState.DOWN,
  fault: MachineState.DOWN,
  maintenance: MachineState.MAINTENANCE,
  pm: MachineState.MAINTENANCE,
};

/** What a topic names, by the configured pattern; null for a topic the pattern does not match. */
export function parseTopic(pattern: string, topic: string): { machine: string; kind: string; name?: string; workCenter?: string } | null {
  const want = pattern.split('/');
  const got = topic.split('/');
  // {name} is optional: `plant/WC/M1/state` has none.
  const optionalName = want[want.length - 1] === '{name}';
  if (got.length !== want.length && !(optionalName && got.length === want.length - 1)) return null;
  const out: Record<string, string> = {};
  for (const [i, level] of got.entries()) {
    const p = /^\{(\w+)\}$/.exec(want[i]);
    if (p) {
      if (!level) return null;
      out[p[1]] = level;
    } else if (want[i] !== level) return null;
  }
  if (!out.machine || !out.kind) return null;
  return { machine: out.machine, kind: out.kind, name: out.name, workCenter: out.workCenter };
}

/** The MQTT subscription for a pattern: every placeholder a `+`, an optional last {name} a `#`. */
export function subscriptionFor(pattern: string): string {
  const levels = pattern.split('/');
  if (levels[levels.length - 1] === '{name}') return [...levels.slice(0, -1).map((l) => (l.startsWith('{') ? '+' : l)), '#'].join('/');
  return levels.map((l) => (l.startsWith('{') ? '+' : l)).join('/');
}

interface Payload {
  value: unknown;
  ts?: unknown;
  id?: unknown;
  reason?: unknown;
  expectedEnd?: unknown;
}

/** A payload is a bare value (`42.5`, `RUNNING`) or JSON `{ "v": …, "ts": …, "id": …, "reason": …, "expectedEnd": … }`. */
function parsePayload(text: string): Payload {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    let json: Record<string, unknown>;
    try {
      json = JSON.parse(trimmed) as Record<string, unknown>;
    } catch {
      throw new MachineDataError('the payload starts with { but is not JSON');
    }
    return { value: json.v ?? json.value, ts: json.ts, id: json.id, reason: json.reason, expectedEnd: json.expectedEnd };
  }
  return { value: trimmed };
}

function time(v: unknown, what: string): Date | undefined {
  if (v === undefined || v === null) return undefined;
  const d = typeof v === 'number' ? new Date(v) : typeof v === 'string' ? new Date(v) : new Date(NaN);
  if (Number.isNaN(d.getTime())) throw new MachineDataError(`${what} is not a time (ISO 8601 or epoch milliseconds)`);
  return d;
}

function number(v: unknown, what: string): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  if (!Number.isFinite(n)) throw new MachineDataError(`${what} must be a number`);
  return n;
}

export interface RawFact {
  machine: string;
  kind: string;
  name?: string;
  value: unknown;
  ts?: unknown;
  id?: unknown;
  reason?: unknown;
  expectedEnd?: unknown;
}

/**
 * Turns a fact into a record, or throws MachineDataError saying what is wrong. `origin` (the topic)
 * scopes the deduplication key: the same id or timestamp on another topic is another message.
 */
/** A scalar of a payload as text; an object or array is not a value. */
function scalar(v: unknown, what: string): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw new MachineDataError(`${what} must be a string or a number`);
}

export function toRecord(fact: RawFact, origin: string, receivedAt: Date): MachineRecord {
  const at = time(fact.ts, 'ts') ?? receivedAt;
  const idPart =
    fact.id !== undefined && fact.id !== null ? `id:${scalar(fact.id, 'id')}` : fact.ts !== undefined ? `ts:${at.getTime()}` : null;
  const key = idPart ? `${origin}|${idPart}` : null;
  const base = { key, machine: fact.machine, at };
  switch (fact.kind) {
    case 'state': {
      const word = scalar(fact.value ?? '', 'a state').toLowerCase();
      const state = STATE_WORDS[word] ?? (Object.values(MachineState) as string[]).find((s) => s.toLowerCase() === word);
      if (!state) throw new MachineDataError(`state "${word}" is not one of RUNNING, IDLE, DOWN, MAINTENANCE`);
      const reason = fact.reason === undefined || fact.reason === null ? undefined : scalar(fact.reason, 'reason').slice(0, 64);
      return { ...base, kind: 'state', state: state, reason, expectedEnd: time(fact.expectedEnd, 'expectedEnd') };
    }
    case 'count': {
      const name = fact.name ?? 'good';
      if (name !== 'good' && name !== 'reject') throw new MachineDataError(`count/${name}: counts are good or reject`);
      const value = number(fact.value, 'a count');
      if (value < 0) throw new MachineDataError('a count is the units made since the last message, never negative');
      return { ...base, kind: 'count', name, value };
    }
    case 'param': {
      if (!fact.name) throw new MachineDataError('a parameter needs its name (param/<name>)');
      return { ...base, kind: 'param', name: fact.name.slice(0, 64), value: number(fact.value, `parameter ${fact.name}`) };
    }
    default:
      throw new MachineDataError(`"${fact.kind}" is not a kind of machine data (state, count, param)`);
  }
}

/** An MQTT message as a record. */
export function mqttRecord(pattern: string, topic: string, payload: Buffer, receivedAt: Date): MachineRecord {
  const where = parseTopic(pattern, topic);
  if (!where) throw new MachineDataError(`the topic ${topic} does not match ${pattern}`);
  const p = parsePayload(payload.toString('utf8'));
  return toRecord({ ...where, ...p }, topic, receivedAt);
}
