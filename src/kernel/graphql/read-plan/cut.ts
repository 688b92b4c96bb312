import type { FieldNode } from 'graphql';

/**
 * The field nodes a spliced read (spliced-reads.ts) cut down to `{ id }`, carried on the request's context
 * while the cut-down query runs: the read planner (plan-reads.ts) leaves the entities under them as the
 * resolvers returned them, since the database writes their JSON afterwards.
 */
const CUT = Symbol('mom-hub.spliced-cut');

export function markCut(context: object, cut: ReadonlySet<FieldNode> | undefined): void {
  Object.defineProperty(context, CUT, { value: cut, enumerable: false, configurable: true, writable: true });
}

export const cutOf = (context: unknown): ReadonlySet<FieldNode> | undefined =>
  (context as { [CUT]?: ReadonlySet<FieldNode> } | undefined)?.[CUT];
