import type { EntityManager } from '../db/orm';
import { badInput, DomainError, ErrorCode } from '../common/errors';
import { isUuid } from '../db/lookup';
import { readScan, type ScanText } from './scan-text';

/** One thing a code can name; `find` answers the ids it names (two or more: the code is ambiguous). */
export interface CodeMatch {
  id: string;
  /** How people write it, e.g. "WO-000123/20" or "L-0042 (BOLT-M8)". */
  label: string;
}

/**
 * A kind of code the shop floor uses (operation, work order, item SKU, lot, location), declared by the
 * module that owns the records it names. `within` is the id of what the code is read inside: a lot code
 * is unique per item, so a lot is looked up within its item when the item is known.
 */
export interface CodeKind {
  kind: string;
  /** For messages: "operation", "lot". */
  what: string;
  /** How such a code looks, for messages: "WO-000123/20". */
  example: string;
  find(em: EntityManager, scan: ScanText, within?: string): Promise<CodeMatch[]>;
}

/** Every kind of code the hub reads, assembled by the app from the modules' declarations. */
export type CodeBook = ReadonlyMap<string, CodeKind>;

/** What resolving needs of a service Ctx (named here so the runtime, which holds the code book, can be below). */
interface Ctx {
  em: EntityManager;
  runtime: { codes: CodeBook };
}

/** One id field of an input and the code field that may stand for it. */
export interface CodeRef {
  id: string;
  code: string;
  kind: string;
  /** The input field (already resolved to an id) this code is read within, e.g. a lot within `itemId`. */
  within?: string;
  /** When neither is given the field stays empty instead of being refused. */
  optional?: boolean;
  /** Another code field whose GS1 payload may carry this code (a lot label's (240) SKU names the item). */
  impliedBy?: { field: string; ai: string };
}

export interface Resolved {
  kind: string;
  id: string;
  label: string;
}

/**
 * The one place a code becomes an id: NOT_FOUND naming the field and the code when nothing has it,
 * BAD_USER_INPUT when it names two things (a lot code of two items, without the item).
 */
export async function resolveCode(ctx: Ctx, kind: string, field: string, raw: string, within?: string): Promise<Resolved> {
  const k = codeKind(ctx, kind);
  const scan = readScan(raw);
  if (!scan.text) throw badInput(field, `the ${k.what} code is empty`);
  const found = await k.find(ctx.em, scan, within);
  if (!found.length) {
    throw new DomainError(
      ErrorCode.NOT_FOUND,
      `${field}: no ${k.what} has the code "${scan.text}" (${k.what} codes look like ${k.example})`,
      {
        field,
        value: raw,
      },
    );
  }
  if (found.length > 1) {
    throw new DomainError(
      ErrorCode.BAD_USER_INPUT,
      `${field}: "${scan.text}" names more than one ${k.what} (${found.map((f) => f.label).join(', ')}); say which`,
      { field, value: raw },
    );
  }
  return { kind, ...found[0] };
}

/**
 * An input with its codes turned into ids: for each ref, the id if given, else the code resolved; the
 * code fields are dropped, so a request by code and the same request by id are one request (the same
 * idempotency fingerprint). Inputs without codes are answered as they are, without a query.
 */
export async function resolveRefs<T extends object, K extends keyof T = never>(
  ctx: Ctx,
  input: T,
  refs: readonly CodeRef[],
  path = '',
): Promise<T & { [P in K]-?: NonNullable<T[P]> }> {
  const fields = input as Record<string, unknown>;
  if (!refs.some((r) => fields[r.code] != null) && refs.every((r) => r.optional || fields[r.id] != null)) {
    return input as T & { [P in K]-?: NonNullable<T[P]> };
  }
  const out: Record<string, unknown> = { ...fields };
  for (const r of refs) {
    const id = out[r.id] as string | undefined | null;
    const code = (out[r.code] as string | undefined | null) ?? (id == null ? implied(fields, r) : undefined);
    delete out[r.code];
    if (id != null && code != null) throw badInput(`${path}${r.code}`, `give ${r.id} or ${r.code}, not both`);
    if (code != null) {
      const within = r.within ? (out[r.within] as string | undefined) : undefined;
      out[r.id] = (await resolveCode(ctx, r.kind, `${path}${r.code}`, code, within && isUuid(within) ? within : undefined)).id;
    } else if (id == null && !r.optional) {
      throw badInput(`${path}${r.id}`, `give ${r.id} or ${r.code}`);
    }
  }
  return Object.assign(Object.create(Object.getPrototypeOf(input) as object) as object, out) as T & { [P in K]-?: NonNullable<T[P]> };
}

/** Every kind a scanned text names, for a station that must first learn what was scanned. */
export async function identify(ctx: Ctx, raw: string): Promise<Resolved[]> {
  if (raw.length > 200) throw badInput('code', 'a code has at most 200 characters');
  const scan = readScan(raw);
  if (!scan.text) return [];
  const out: Resolved[] = [];
  for (const k of ctx.runtime.codes.values()) out.push(...(await k.find(ctx.em, scan)).map((m) => ({ kind: k.kind, ...m })));
  return out;
}

function implied(fields: Record<string, unknown>, r: CodeRef): string | undefined {
  const from = r.impliedBy && fields[r.impliedBy.field];
  return typeof from === 'string' ? readScan(from).gs1?.[r.impliedBy!.ai] : undefined;
}

function codeKind(ctx: Ctx, kind: string): CodeKind {
  const k = ctx.runtime.codes.get(kind);
  if (!k) throw new Error(`no module reads ${kind} codes`);
  return k;
}
