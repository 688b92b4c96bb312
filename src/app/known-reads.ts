import type { ExecutionResult, OperationDefinitionNode } from 'graphql';
import type { CompiledQuery } from 'graphql-jit';
import { LRUCache } from 'lru-cache';
import type { SplicedRead } from '../kernel/graphql/read-plan/spliced-reads';

/** A query Apollo has parsed, validated and compiled once, ready to run again for the same text. */
/** What running a request gave: its result, or what the query threw. */
export type Outcome = { result: ExecutionResult } | { thrown: unknown };

export interface KnownRead {
  operation: OperationDefinitionNode;
  compiled: CompiledQuery;
  /** Its spliced form, when it has one (spliced-reads.ts), compiled too. */
  spliced?: { read: SplicedRead; compiled: CompiledQuery };
}

/** Query text kept, in characters (as checked-documents.ts): a few hundred distinct operations of ordinary size. */
const KEPT_CHARACTERS = 2_000_000;

const HANDED = Symbol('mom-hub.handed-result');

/**
 * The reads the HTTP fast path (graphql-post.ts) may answer itself: queries that went through Apollo's whole
 * pipeline once — parsed with the hub's parse options, validated with graphql-js's and graphql-armor's rules
 * (depth, aliases, cost) by Apollo itself — and then ran compiled (graphql-executor.ts). Only the executor
 * adds to it, so nothing is known that Apollo did not accept; the answer for a text depends only on the
 * text, the operation name, the schema and the rules, so it is the same for every caller.
 *
 * A result the fast path computed that carries errors is handed to Apollo instead of being written
 * (`handOver`): Apollo then formats it, sets the status and runs its hooks as for any other request, and
 * the executor returns that result instead of running the query a second time (`takeHandedOver`).
 */
export class KnownReads {
  // Bounded in count too, as the executor's compiled queries are: each entry holds a compiled query's closures.
  private readonly reads = new LRUCache<string, Map<string | undefined, KnownRead>>({
    max: 1000,
    maxSize: KEPT_CHARACTERS,
    sizeCalculation: (_v, query) => Math.max(1, query.length),
  });
  private open = true;

  remember(query: string, operationName: string | undefined, read: KnownRead): void {
    if (!this.open || query.length > KEPT_CHARACTERS / 100) return;
    let byName = this.reads.get(query);
    if (!byName) this.reads.set(query, (byName = new Map()));
    byName.set(operationName, read);
  }

  find(query: string, operationName: string | undefined): KnownRead | undefined {
    return this.open ? this.reads.get(query)?.get(operationName) : undefined;
  }

  /** Once Apollo is stopping, every request goes to it again (it refuses them once it has stopped). */
  close(): void {
    this.open = false;
    this.reads.clear();
  }

  /**
   * Gives Apollo the result of a request the fast path has already run. The symbol is copied with the
   * context (Apollo copies each request's context with `Object.assign`), and is seen by nothing else.
   */
  static handOver(context: object, outcome: Outcome): void {
    Object.defineProperty(context, HANDED, { value: outcome, enumerable: true, configurable: true });
  }

  static takeHandedOver(context: unknown): Outcome | undefined {
    return (context as { [HANDED]?: Outcome } | undefined)?.[HANDED];
  }
}
