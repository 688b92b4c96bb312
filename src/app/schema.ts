import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { buildSchema, type ClassType, type NonEmptyArray } from 'type-graphql';
import { authChecker } from '../kernel/auth/auth-checker';
import { hubEntities, hubRelations, hubResolvers } from './modules';
import { guardTextArguments } from '../kernel/graphql/text-guard';
import { planReads } from '../kernel/graphql/read-plan/plan-reads';
import { inlinePlainFields } from '../kernel/graphql/plain-fields';
import { validateArguments } from '../kernel/graphql/validate-arguments';

let built: Promise<GraphQLSchema> | undefined;

/** The schema is built once per process and shared by HTTP, WebSocket and the schema printer. */
export function hubSchema(): Promise<GraphQLSchema> {
  built ??= buildSchema({
    resolvers: hubResolvers as unknown as NonEmptyArray<ClassType>,
    authChecker,
    authMode: 'error',
    validateFn: validateArguments,
    // Every subscription reads the event log through its own `subscribe`; nothing is published in memory.
    pubSub: {
      publish: () => undefined,
      subscribe: () => {
        throw new Error('subscriptions read the event log; topics are not used');
      },
    },
  })
    .then((schema) => inlinePlainFields(schema, hubEntities))
    .then(guardTextArguments)
    .then((schema) => planReads(schema, hubRelations));
  return built;
}
