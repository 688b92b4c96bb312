import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import cron from 'node-cron';
import {
  checkTopicPattern,
  defaultMessageRetentionHours,
  messageRetentionProblem,
  parseShifts,
  parseUtcOffset,
  type MachineDataSettings,
} from '../modules/equipment/machine-data.settings';

/**
 * Every setting the hub reads, in one place. A bad value stops start-up with a message that names the
 * variable, because a hub that starts half-configured fails later in ways that are much harder to read.
 */
const schema = z.object({
  PORT: z.coerce.number().int().min(0, 'must be a port number (0 picks a free one)').max(65535).default(4000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  DATA_DIR: z.string().min(1).default('./.data'),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  JWT_ISSUER: z.string().min(1).default('mom-hub'),
  JWT_AUDIENCE: z.string().min(1).default('mom-hub'),
  DEMO_DATA: z.enum(['true', 'false']).default('true'),
  NODE_ENV: z.string().default('development'),
  // Default: `true` (anyone, anonymous included), except `authenticated` when NODE_ENV=production.
  GRAPHQL_INTROSPECTION: z.enum(['true', 'authenticated', 'false']).optional(),
  GRAPHQL_MAX_DEPTH: z.coerce.number().int().min(2).max(50).default(10),
  GRAPHQL_MAX_ALIASES: z.coerce.number().int().min(1).max(1000).default(30),
  GRAPHQL_MAX_COST: z.coerce.number().int().min(100).default(100000),
  GRAPHQL_MAX_TOKENS: z.coerce.number().int().min(200).default(2000),
  REQUEST_SIZE_LIMIT: z
    .string()
    .regex(/^\d+(b|kb|mb)$/i, 'must look like 100kb or 1mb')
    .default('1mb'),
  HUB_CONFIG: z.string().min(1).optional(),
  PUBLIC_URL: z.url('must be a URL such as https://mom.example.com').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  METRICS: z.enum(['true', 'false']).default('true'),
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  GRAPHIQL: z.enum(['true', 'false']).default('true'),
  MQTT_URL: z
    .string()
    .regex(/^mqtts?:\/\/[^/]+$/, 'must look like mqtt://127.0.0.1:1883')
    .optional(),
  MQTT_CLIENT_ID: z
    .string()
    .regex(/^[\w.:-]{1,64}$/, '1 to 64 letters, digits, dots, colons, dashes or underscores')
    .default('mom-hub'),
  MQTT_TOPIC_PATTERN: z.string().default('plant/{workCenter}/{machine}/{kind}/{name}').transform(refine(checkTopicPattern)),
  MQTT_SESSION_EXPIRY: z.coerce.number().int().min(60).max(4294967295).default(604800),
  MQTT_RECEIVE_MAXIMUM: z.coerce.number().int().min(1).max(65535).default(20000),
  MACHINE_DATA_BATCH: z.coerce.number().int().min(1).max(10000).default(1000),
  MACHINE_DATA_FLUSH_MS: z.coerce.number().int().min(1).max(10000).default(50),
  PLANT_SHIFTS: z.string().default('A=06:00-14:00,B=14:00-22:00,C=22:00-06:00').transform(refine(parseShifts)),
  PLANT_UTC_OFFSET: z.string().default('+00:00').transform(refine(parseUtcOffset)),
  MAINTENANCE_CHECK_SCHEDULE: z
    .string()
    .default('0 * * * * *')
    .refine((s) => cron.validate(s), 'is not a cron schedule (node-cron syntax, seconds allowed)'),
  // Default: MQTT_SESSION_EXPIRY in hours plus a day; the least allowed depends on it (see `checked`).
  MACHINE_MESSAGE_RETENTION_HOURS: z.coerce.number().int('must be a whole number of hours').max(87600).optional(),
});

/** Rules between settings, reported like the others under the variable to change. */
const checked = schema.superRefine((e, ctx) => {
  if (e.MACHINE_MESSAGE_RETENTION_HOURS === undefined) return;
  const problem = messageRetentionProblem(e.MACHINE_MESSAGE_RETENTION_HOURS, e.MQTT_SESSION_EXPIRY, e.MQTT_URL !== undefined);
  if (problem) ctx.addIssue({ code: 'custom', path: ['MACHINE_MESSAGE_RETENTION_HOURS'], message: problem });
});

/** A parser that throws as a zod issue, so a bad setting is reported with its variable's name. */
function refine<T>(parse: (text: string) => T) {
  return (text: string, ctx: z.RefinementCtx): T => {
    try {
      return parse(text);
    } catch (e) {
      ctx.addIssue({ code: 'custom', message: (e as Error).message });
      return z.NEVER;
    }
  };
}

export interface HubConfig {
  port: number;
  host: string;
  databaseUrl?: string;
  dataDir: string;
  jwt: {
    secret: string;
    issuer: string;
    audience: string;
    /** The local key's file, when JWT_SECRET is not set; `secretFileMade` when this call made it. */
    secretFile?: string;
    secretFileMade?: boolean;
  };
  demoData: boolean;
  /** NODE_ENV; `production` turns anonymous introspection off by default. */
  nodeEnv: string;
  graphql: {
    /** Introspection is answered at all (with a token, or anonymously when `anonymousIntrospection`). */
    introspection: boolean;
    anonymousIntrospection: boolean;
    maxDepth: number;
    maxAliases: number;
    maxCost: number;
    maxTokens: number;
  };
  requestSizeLimit: string;
  logLevel: string;
  /** The adapters, deliveries and finance settings file (JSON), if any. */
  hubConfigPath?: string;
  /** Where partners reach the hub (portal links); defaults to http://localhost:PORT. */
  publicUrl?: string;
  /** GET /metrics (Prometheus); with a token, scrapers must send it as a bearer token. */
  metrics: { enabled: boolean; token?: string };
  /** The GraphiQL IDE at GET /graphql (browsers) and /graphiql, served from installed packages. */
  graphiql: boolean;
  /** The MQTT broker, topic mapping and shifts of the equipment module. */
  machineData: MachineDataSettings;
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): HubConfig {
  // An empty variable (`DATABASE_URL=`) means "not set", as shells and CI files commonly write it.
  const given = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = checked.safeParse(given);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid settings:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const introspection = e.GRAPHQL_INTROSPECTION ?? (e.NODE_ENV === 'production' ? 'authenticated' : 'true');
  const dataDir = resolve(e.DATA_DIR);
  const jwt = e.JWT_SECRET
    ? { secret: e.JWT_SECRET, issuer: e.JWT_ISSUER, audience: e.JWT_AUDIENCE }
    : { ...localJwtSecret(dataDir), issuer: e.JWT_ISSUER, audience: e.JWT_AUDIENCE };
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir,
    jwt,
    demoData: e.DEMO_DATA === 'true',
    nodeEnv: e.NODE_ENV,
    graphql: {
      introspection: introspection !== 'false',
      anonymousIntrospection: introspection === 'true',
      maxDepth: e.GRAPHQL_MAX_DEPTH,
      maxAliases: e.GRAPHQL_MAX_ALIASES,
      maxCost: e.GRAPHQL_MAX_COST,
      maxTokens: e.GRAPHQL_MAX_TOKENS,
    },
    requestSizeLimit: e.REQUEST_SIZE_LIMIT,
    logLevel: e.LOG_LEVEL,
    hubConfigPath: e.HUB_CONFIG ? resolve(e.HUB_CONFIG) : undefined,
    publicUrl: e.PUBLIC_URL,
    metrics: { enabled: e.METRICS === 'true', token: e.METRICS_TOKEN },
    graphiql: e.GRAPHIQL === 'true',
    machineData: {
      mqttUrl: e.MQTT_URL,
      clientId: e.MQTT_CLIENT_ID,
      topicPattern: e.MQTT_TOPIC_PATTERN,
      sessionExpirySeconds: e.MQTT_SESSION_EXPIRY,
      receiveMaximum: e.MQTT_RECEIVE_MAXIMUM,
      batchSize: e.MACHINE_DATA_BATCH,
      flushMs: e.MACHINE_DATA_FLUSH_MS,
      shifts: e.PLANT_SHIFTS,
      utcOffsetMinutes: e.PLANT_UTC_OFFSET,
      maintenanceCheckSchedule: e.MAINTENANCE_CHECK_SCHEDULE,
      messageRetentionHours: e.MACHINE_MESSAGE_RETENTION_HOURS ?? defaultMessageRetentionHours(e.MQTT_SESSION_EXPIRY),
    },
  };
}

/**
 * Without JWT_SECRET a local key is made once and kept in DATA_DIR, so `npm start` needs no setting and
 * `npm run token` signs with the same key as the running hub. Production sets JWT_SECRET.
 */
function localJwtSecret(dataDir: string): { secret: string; secretFile: string; secretFileMade: boolean } {
  const secretFile = join(dataDir, 'jwt-secret');
  const secretFileMade = !existsSync(secretFile);
  if (secretFileMade) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(secretFile, randomBytes(48).toString('base64url'), { mode: 0o600 });
  }
  return { secret: readFileSync(secretFile, 'utf8').trim(), secretFile, secretFileMade };
}
