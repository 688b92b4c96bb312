import type { ApolloArmor } from '@escape.tech/graphql-armor';
import type { ParseOptions } from 'graphql';
import type { HubConfig } from './config';

type ArmorConfig = NonNullable<ConstructorParameters<typeof ApolloArmor>[0]>;

/**
 * The query limits, the same over HTTP and WebSocket: depth, aliases, cost (graphql-armor's validation
 * rules) and tokens (graphql-js's own parser limit).
 */
export function armorConfig(g: HubConfig['graphql']): ArmorConfig {
  return {
    maxDepth: { n: g.maxDepth },
    // graphql-armor lets `__typename` aliases through by default (allowList ['__typename']); here every
    // alias counts, so `a1: __typename … a5000: __typename` is refused like any other alias flood.
    maxAliases: { n: g.maxAliases, allowList: [] },
    costLimit: { maxCost: g.maxCost },
    blockFieldSuggestion: { enabled: !g.introspection },
    // graphql-armor's token plugin parses a second time in a hook, so its refusal (and any syntax error)
    // comes out as a 500. The limit is enforced by graphql-js's parser instead (`parseOptions`): one
    // parse, and an over-long document is a GRAPHQL_PARSE_FAILED like any syntax error (400).
    maxTokens: { enabled: false },
  };
}

/** Options for every parse of a client's document: stops after `maxTokens` tokens. */
export function parseOptions(g: HubConfig['graphql']): ParseOptions {
  return { maxTokens: g.maxTokens };
}
