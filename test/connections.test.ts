import { hubWithFactory } from './support/suite';
import { uniq } from './support/factory';
import { CreateWorkCenterDocument } from './generated/graphql';

/** `totalCount` is counted only when a query selects it; when it does, it counts every match, on any page. */

const s = hubWithFactory();

interface Page {
  totalCount?: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { node: { code: string } }[];
}

test('totalCount counts every match on every page, and a page without it is the same page', async () => {
  const planner = s.t.client('planner');
  for (let i = 0; i < 3; i++) await planner.ok(CreateWorkCenterDocument, { input: { code: uniq('WC'), name: `Cell ${i}` } });
  const page = async (fields: string, after?: string) => {
    const res = await planner.raw({
      query: `query ($after: String) { workCenters(first: 2, after: $after) { ${fields} pageInfo { hasNextPage endCursor } edges { node { code } } } }`,
      variables: { after },
    });
    expect(res.body.errors).toBeUndefined();
    return (res.body.data as { workCenters: Page }).workCenters;
  };
  const all = (await planner.raw({ query: '{ workCenters(first: 200) { edges { node { code } } } }' })).body.data as {
    workCenters: Page;
  };
  const total = all.workCenters.edges.length;
  expect(total).toBe(5); // the factory's two and these three

  const first = await page('totalCount');
  expect(first.totalCount).toBe(total);
  expect(first.pageInfo.hasNextPage).toBe(true);
  const second = await page('totalCount', first.pageInfo.endCursor!);
  expect(second.totalCount).toBe(total);
  expect(await page('', first.pageInfo.endCursor!)).toEqual({ pageInfo: second.pageInfo, edges: second.edges });
  expect([...first.edges, ...second.edges].map((e) => e.node.code)).toEqual(all.workCenters.edges.slice(0, 4).map((e) => e.node.code));
});
