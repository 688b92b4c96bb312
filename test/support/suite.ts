import { startTestHub, type TestHub } from './hub';
import { buildFactory, type Factory } from './factory';
import { stockConservationViolations } from './invariants';

/**
 * The usual test file: one hub over its own database, a small factory made through the API, and after
 * every test the check that stock is conserved. Read `suite.t` and `suite.f` inside tests.
 */
export function hubWithFactory(): { t: TestHub; f: Factory } {
  const suite = {} as { t: TestHub; f: Factory };
  beforeAll(async () => {
    suite.t = await startTestHub();
    suite.f = await buildFactory(suite.t.client('planner'));
  });
  afterAll(() => suite.t?.close());
  afterEach(async () => expect(await stockConservationViolations(suite.t.em())).toEqual([]));
  return suite;
}
