import type { EntityClass } from '@mikro-orm/core';
import type { Router } from 'express';
import type { ClassType } from 'type-graphql';
import type { Logger } from 'pino';
import type { Orm } from './db/orm';
import type { Actor } from './auth/actor';
import type { PermissionGrants } from './auth/permissions';
import type { LoaderFactory } from './graphql/loaders';
import type { DeclaredRelation } from './graphql/read-plan/relations';
import type { Ctx } from './unit-of-work/context';
import type { LoggedEvent } from './events/event-types';
import type { HubRuntime } from './unit-of-work/runtime';
import type { CodeKind } from './codes/code-book';

/**
 * What the app hands to a module's routes and jobs. Orchestration modules that need more (the loaded
 * adapters) add fields by declaration merging, and the app must then provide them.
 */
export interface HubServices {
  orm: Orm;
  runtime: HubRuntime;
  log: Logger;
  /** The actor of an `Authorization: Bearer …` header; null without one; UNAUTHENTICATED for a bad one. */
  authenticate: (header: unknown) => Actor | null;
  /** The largest request body a route should accept, e.g. "1mb". */
  requestSizeLimit: string;
}

/** A task the app runs on a cron schedule in every hub process, under a database lock so one runs it. */
export interface ScheduledJob {
  id: string;
  /** node-cron syntax, seconds allowed. */
  schedule: string;
  execute(ctx: Ctx): Promise<void>;
}

/**
 * A long-running task of a module (a broker client, a listener), started with the hub once it serves
 * requests and stopped before the database closes. `stop` must leave nothing half-done: what it has
 * taken in is finished or left for the next start to take again.
 */
export interface HubWorker {
  name: string;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A module's reaction to events in the log (scheduling re-plans on a breakdown): the app feeds it the
 * events of these types as they commit, gathered over `debounceMs` into one call, one call at a time,
 * under a database lock so one hub process runs it at a time (a call that finds it busy waits, and so
 * every process handles every event: handle the state events leave, not a count of them). Types no
 * module writes are allowed; they never come.
 */
export interface EventReactor {
  id: string;
  types: readonly string[];
  /**
   * A finer choice among events of those types, asked in log order as each arrives and before anything
   * is read: an event it refuses never wakes the reactor. Synchronous and without the database.
   */
  wants?(e: LoggedEvent): boolean;
  debounceMs: number;
  handle(ctx: Ctx, events: readonly LoggedEvent[]): Promise<void>;
}

/**
 * One module declares itself in one object: the app assembles the hub from a list of these, so a new
 * module is one folder plus one line in `src/app/modules.ts`, and nothing central names its internals.
 */
export interface HubModule {
  /** The module's folder name; also the prefix of its log lines. */
  name: string;
  entities?: readonly EntityClass<unknown>[];
  resolvers?: readonly ClassType[];
  loaders?: LoaderFactory;
  /** Relations the module adds to other modules' entities, joined by the read planner (see DeclaredRelation). */
  relations?: readonly DeclaredRelation[];
  /** The event types the module writes; adapters may subscribe to exactly these names. */
  events?: readonly string[];
  permissions?: PermissionGrants;
  /** The kinds of code (on paper and labels) that name this module's records. */
  codes?: readonly CodeKind[];
  /** HTTP routes beside /graphql, by mount path ("/b2mml"). */
  routes?: (services: HubServices) => Record<string, Router>;
  jobs?: (services: HubServices) => readonly ScheduledJob[];
  workers?: (services: HubServices) => readonly HubWorker[];
  reactors?: (services: HubServices) => readonly EventReactor[];
}
