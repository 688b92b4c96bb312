import { startTestHub, type TestHub } from './hub';
import { buildFactory, type Factory } from './factory';
import { journalViolations, stockConservationViolations } from './invariants';

/**
 * The usual test file: one hub over its own database, a small factory made through the API, and after
 * every test the checks that stock is conserved and the books hold (every journal entry balances, every
 * closed work order's WIP is zero). Read `suite.t` and `suite.f` inside tests.
 */
export function hubWithFactory(): { t: TestHub; f: Factory } {
  const suite = {} as { t: TestHub; f: Factory };
  beforeAll(async () => {
    suite.t = await startTestHub();
    suite.f = await buildFactory(suite.t.client('planner'));
  });
  afterAll(() => suite.t?.close());
  afterEach(async () => {
    expect(await stockConservationViolations(suite.t.em())).toEqual([]);
    expect(await journalViolations(suite.t.em())).toEqual([]);
  });
  return suite;
}
