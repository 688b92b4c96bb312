import {
  execute,
  getNamedType,
  GraphQLError,
  OperationTypeNode,
  isInputObjectType,
  printSchema,
  typeFromAST,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { getVariableValues } from 'graphql/execution/values';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import { LRUCache } from 'lru-cache';
import type { GatewayInterface } from '@apollo/server-gateway-interface';
import { KnownReads, type KnownRead } from './known-reads';
import type { SplicedRead } from '../kernel/graphql/read-plan/spliced-reads';

/** The spliced form of a known read, if it has one (spliced-reads.ts). */
type SplicePlanner = (document: DocumentNode, operation: OperationDefinitionNode) => SplicedRead | undefined;

/**
 * Reads over HTTP run through graphql-jit: each distinct query is compiled once into a function that
 * walks its own selection, instead of graphql-js interpreting the document for every field of every
 * answer (on the order-tracking read that interpretation was most of the hub's CPU). Resolvers,
 * authorization, the read planner and the schema are the same; Apollo still parses, validates and runs
 * its plugins. Apollo Server 4+ takes a custom executor only through its gateway interface, which is
 * what this is: one fixed schema, and an executor.
 *
 * graphql-jit coerces variables its own way and, unlike graphql-js, does not fill in the defaults of
 * fields inside input objects. So only queries whose variables are all scalars or enums are compiled,
 * and only once graphql-js has accepted their variables; mutations, input-object variables and bad
 * variables go through graphql-js, answering exactly as they always have.
 */
export function compiledExecution(
  schema: GraphQLSchema,
  options: {
    compile: boolean;
    cacheSize?: number;
    known?: KnownReads;
    splice?: SplicePlanner;
  },
): GatewayInterface {
  const compiled = new LRUCache<string, CompiledQuery | ExecutionResult>({ max: options.cacheSize ?? 1000 });
  return {
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: printSchema(schema) });
      return () => undefined;
    },
    load() {
      return Promise.resolve({
        executor: async (request) => {
          // The fast path already ran this request and its result has errors: Apollo formats them (graphql-post.ts).
          const handed = KnownReads.takeHandedOver(request.context);
          if (handed) {
            if ('thrown' in handed) throw handed.thrown;
            const { result } = handed;
            return result.errors ? { ...result, errors: result.errors.map(asGraphQLError) } : result;
          }
          const variables = request.request.variables ?? {};
          const interpreted = () =>
            execute({
              schema,
              document: request.document,
              contextValue: request.context,
              variableValues: variables,
              operationName: request.operationName ?? undefined,
            });
          // Apollo passes no operation when the document names none it can pick (several operations and no
          // operationName): graphql-js then answers with the error Apollo turns into a 400.
          const operation = request.operation as OperationDefinitionNode | undefined;
          if (!options.compile || !operation || !compilable(schema, operation)) return interpreted();
          if (getVariableValues(schema, operation.variableDefinitions ?? [], variables).errors) return interpreted();
          const key = `${request.queryHash}\u0000${request.operationName ?? ''}`;
          let query = compiled.get(key);
          if (!query) {
            query = compileQuery(schema, request.document, request.operationName ?? undefined);
            compiled.set(key, query);
          }
          if (!isCompiledQuery(query)) return interpreted();
          const known = options.known;
          if (request.source !== undefined && known && !known.find(request.source, request.request.operationName ?? undefined)) {
            const read = knownRead(schema, request.document, request.operationName ?? undefined, operation, query, options.splice);
            known.remember(request.source, request.request.operationName ?? undefined, read);
          }
          const result = await query.query(undefined, request.context, variables);
          return result.errors ? { ...result, errors: result.errors.map(asGraphQLError) } : result;
        },
      });
    },
    stop: () => Promise.resolve(),
  };
}

function knownRead(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | undefined,
  operation: OperationDefinitionNode,
  compiled: CompiledQuery,
  splice: SplicePlanner | undefined,
): KnownRead {
  const read = splice?.(document, operation);
  const cut = read && compileQuery(schema, read.document, operationName);
  return { operation, compiled, spliced: read && cut && isCompiledQuery(cut) ? { read, compiled: cut } : undefined };
}

/**
 * graphql-jit reports errors with its own error class; Apollo, the error formatter and the outage check
 * (availability.ts) expect graphql-js's, with `extensions` and the thrown error as `originalError`.
 */
interface ReportedError {
  message: string;
  locations?: readonly { line: number; column: number }[];
  path?: readonly (string | number)[];
  originalError?: Error | null;
  extensions?: Record<string, unknown>;
}

function asGraphQLError(reported: GraphQLError): GraphQLError {
  // jit's class passes `instanceof GraphQLError` but may leave `extensions` undefined, which Apollo's formatting trips on.
  if (reported instanceof GraphQLError && typeof reported.extensions === 'object') return reported;
  const error = reported as ReportedError;
  const converted = new GraphQLError(error.message, {
    path: error.path,
    originalError: error.originalError ?? undefined,
    extensions: error.extensions,
  });
  if (error.locations) Object.defineProperty(converted, 'locations', { value: error.locations, enumerable: true });
  return converted;
}

function compilable(schema: GraphQLSchema, operation: OperationDefinitionNode): boolean {
  if (operation.operation !== OperationTypeNode.QUERY) return false;
  return (operation.variableDefinitions ?? []).every((v) => {
    const type = typeFromAST(schema, v.type);
    return type !== undefined && !isInputObjectType(getNamedType(type));
  });
}
