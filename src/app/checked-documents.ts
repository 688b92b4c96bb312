import { GraphQLError, parse, validate, type DocumentNode, type GraphQLSchema, type ParseOptions, type ValidationRule } from 'graphql';
import { LRUCache } from 'lru-cache';

/** A query's text, parsed and validated: the document to run, or why it cannot run. */
export type CheckedDocument = { document: DocumentNode } | { parseError: GraphQLError } | { validationErrors: readonly GraphQLError[] };

/** Query text kept, in characters: a few hundred distinct operations of ordinary size. */
const KEPT_CHARACTERS = 2_000_000;

/**
 * Parses and validates each distinct query text once. Ten thousand screens subscribing with the same text
 * then share one document (a parsed document with its tokens is several KiB, held for as long as the
 * subscription lives), and a reconnect storm parses nothing twice. The answer depends only on the text, the
 * schema and the rules, so it is the same for every caller. Apollo keeps its own cache for HTTP.
 */
export function checkedDocuments(schema: GraphQLSchema, rules: readonly ValidationRule[], parseOptions: ParseOptions) {
  const known = new LRUCache<string, CheckedDocument>({
    maxSize: KEPT_CHARACTERS,
    sizeCalculation: (_v, query) => Math.max(1, query.length),
  });
  return (query: string): CheckedDocument => {
    let checked = known.get(query);
    if (!checked) {
      checked = check(query);
      if (query.length <= KEPT_CHARACTERS / 100) known.set(query, checked);
    }
    return checked;
  };

  function check(query: string): CheckedDocument {
    let document: DocumentNode;
    try {
      document = parse(query, parseOptions);
    } catch (e) {
      if (e instanceof GraphQLError) return { parseError: e };
      throw e;
    }
    const validationErrors = validate(schema, document, rules);
    return validationErrors.length ? { validationErrors } : { document };
  }
}
