import { createSourceEventStream, execute, print, type DocumentNode, type ExecutionArgs, type ExecutionResult } from 'graphql';
import { LRUCache } from 'lru-cache';

/**
 * Who sees the same answer to the same event: the caller's role and partner. A subscription's answer is a
 * function of the event, the operation with its variables, and these two — field permissions follow the
 * role and scopes follow the partner; nothing on a subscription's path reads who the caller is beyond that.
 * Null: do not share (no caller, or one we cannot place).
 */
export type AudienceOf = (contextValue: unknown) => string | null;

/** How many (audience, event) answers are kept; an event is served to all its subscribers within moments. */
const REMEMBERED = 5000;

/**
 * graphql-ws's `subscribe`: like graphql-js's, except that an event is resolved once per audience and
 * operation rather than once per subscriber. A thousand screens on one stream cost one execution per
 * event, not a thousand. (Each socket's message is still serialised on its own: graphql-ws builds it with
 * the subscriber's own id, and `JSON.rawJSON` takes only primitives, so a shared answer cannot be embedded.) Events are shared
 * by their log sequence (`seq`); anything without one is resolved per subscriber as before.
 */
export function sharedSubscribe(audienceOf: AudienceOf) {
  const answers = new LRUCache<string, Promise<ExecutionResult>>({ max: REMEMBERED });
  return async (args: ExecutionArgs): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> => {
    const source = await createSourceEventStream(args);
    if (!isAsyncIterable(source)) return source;
    const who = audienceOf(args.contextValue);
    // A short number for the (long) operation, so that each event's key per subscriber is short to build and hash.
    const operation =
      who === null
        ? null
        : operationNumber(
            `${who}\u0000${args.operationName ?? ''}\u0000${JSON.stringify(args.variableValues ?? {})}\u0000${printed(args.document)}`,
          );
    const resolve = (event: unknown) => Promise.resolve(execute({ ...args, rootValue: event }));
    return mapEvents(source, (event) => {
      const seq = (event as { seq?: unknown } | null)?.seq;
      if (operation === null || typeof seq !== 'string') return resolve(event);
      const key = `${seq}:${operation}`;
      let answer = answers.get(key);
      if (!answer) {
        answer = resolve(event);
        answers.set(key, answer);
      }
      return answer;
    });
  };
}

/**
 * Operations (audience, name, variables, text) by number. Numbers are never reused, so a number forgotten
 * and given again cannot be confused; the map is bounded like the answers, which outlive it by moments at most.
 */
const operationNumbers = new LRUCache<string, number>({ max: REMEMBERED });
let lastOperationNumber = 0;
function operationNumber(operation: string): number {
  let n = operationNumbers.get(operation);
  if (n === undefined) operationNumbers.set(operation, (n = ++lastOperationNumber));
  return n;
}

/** A document's text, printed once: subscribers that share a document (see app/checked-documents.ts) share it. */
const printedDocuments = new WeakMap<DocumentNode, string>();
function printed(document: DocumentNode): string {
  let text = printedDocuments.get(document);
  if (text === undefined) {
    text = print(document);
    printedDocuments.set(document, text);
  }
  return text;
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof (value as { [Symbol.asyncIterator]?: unknown } | null)?.[Symbol.asyncIterator] === 'function';
}

/** An async iterator of `map(event)`, ending (and ending its source) as graphql-js's own mapping does. */
function mapEvents<T, R>(source: AsyncIterable<T>, map: (event: T) => Promise<R>): AsyncIterableIterator<R> {
  const iterator = source[Symbol.asyncIterator]();
  const end = async () => {
    await iterator.return?.();
    return { value: undefined, done: true } as IteratorReturnResult<undefined>;
  };
  // graphql-ws ends a subscription through return(), and treats an iterator with throw() as a generator.
  const mapped: AsyncIterableIterator<R> & { throw(err: unknown): Promise<never> } = {
    async next() {
      const r = await iterator.next();
      if (r.done) return { value: undefined, done: true };
      try {
        return { value: await map(r.value), done: false };
      } catch (err) {
        await end();
        throw err;
      }
    },
    return: end,
    async throw(err: unknown) {
      await end();
      throw err;
    },
    [Symbol.asyncIterator]() {
      return mapped;
    },
  };
  return mapped;
}
