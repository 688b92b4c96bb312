import { GraphQLInt, GraphQLObjectType, GraphQLSchema, GraphQLString, parse, type ExecutionResult } from 'graphql';
import { sharedSubscribe } from '../src/kernel/graphql/shared-subscriptions';

// One event, many subscribers: resolved once per audience (role and partner).
function ticks() {
  let resolutions = 0;
  const feeds: ((e: { seq: string; n: number } | null) => void)[] = [];
  const tick = new GraphQLObjectType({
    name: 'Tick',
    fields: {
      seq: { type: GraphQLString },
      n: {
        type: GraphQLInt,
        resolve: (e: { n: number }) => {
          resolutions += 1;
          return e.n;
        },
      },
    },
  });
  const schema = new GraphQLSchema({
    query: new GraphQLObjectType({ name: 'Query', fields: { ok: { type: GraphQLString } } }),
    subscription: new GraphQLObjectType({
      name: 'Subscription',
      fields: {
        ticked: {
          type: tick,
          resolve: (e: unknown) => e,
          subscribe: () => {
            const queue: ({ seq: string; n: number } | null)[] = [];
            let wake: (() => void) | null = null;
            feeds.push((e) => {
              queue.push(e);
              wake?.();
            });
            return (async function* () {
              for (;;) {
                while (!queue.length) await new Promise<void>((r) => (wake = r));
                const e = queue.shift()!;
                if (e === null) return;
                yield e;
              }
            })();
          },
        },
      },
    }),
  });
  return { schema, feeds, resolutions: () => resolutions };
}

// One instance per hub, as in src/app/server.ts: its memory of answers is what subscribers share.
const hubSubscribe = sharedSubscribe((c) => {
  const a = (c as { actor?: { role: string; partnerId?: string } }).actor;
  return a ? `${a.role}/${a.partnerId ?? ''}` : null;
});
const subscribe = (t: ReturnType<typeof ticks>, role: string, partnerId?: string) =>
  hubSubscribe({
    schema: t.schema,
    document: parse('subscription { ticked { seq n } }'),
    contextValue: { actor: { role, partnerId } },
  }) as Promise<AsyncIterableIterator<ExecutionResult>>;

test('subscribers of one audience share one resolution per event; another role or partner gets its own', async () => {
  const t = ticks();
  const planners = await Promise.all([subscribe(t, 'planner'), subscribe(t, 'planner'), subscribe(t, 'planner')]);
  const customerA = await subscribe(t, 'customer', 'A');
  const customerB = await subscribe(t, 'customer', 'B');
  for (const feed of t.feeds) feed({ seq: '1', n: 7 });
  const answers = await Promise.all([...planners, customerA, customerB].map((s) => s.next()));
  expect(answers.map((a) => a.value)).toEqual(Array.from({ length: 5 }, () => ({ data: { ticked: { seq: '1', n: 7 } } })));
  // Three audiences: the planners, customer A, customer B.
  expect(t.resolutions()).toBe(3);
  // The planners got the very same answer object.
  expect(answers[0].value).toBe(answers[2].value);

  for (const feed of t.feeds) feed({ seq: '2', n: 8 });
  await Promise.all([...planners, customerA, customerB].map((s) => s.next()));
  expect(t.resolutions()).toBe(6);
  // Ending one subscriber ends its own source only.
  expect(await planners[0].return!()).toEqual({ value: undefined, done: true });
  for (const feed of t.feeds) feed({ seq: '3', n: 9 });
  expect((await planners[1].next()).value).toEqual({ data: { ticked: { seq: '3', n: 9 } } });
});

test('a caller without an audience is resolved alone', async () => {
  const t = ticks();
  const lone = (await sharedSubscribe(() => null)({
    schema: t.schema,
    document: parse('subscription { ticked { n } }'),
    contextValue: {},
  })) as AsyncIterableIterator<ExecutionResult>;
  const other = (await sharedSubscribe(() => null)({
    schema: t.schema,
    document: parse('subscription { ticked { n } }'),
    contextValue: {},
  })) as AsyncIterableIterator<ExecutionResult>;
  for (const feed of t.feeds) feed({ seq: '1', n: 1 });
  await Promise.all([lone.next(), other.next()]);
  expect(t.resolutions()).toBe(2);
});
