import { hubWithFactory } from './support/suite';
import { uniq } from './support/factory';

/**
 * Root query fields answer through the read planner (src/kernel/graphql/read-plan): the entities their
 * resolvers return are swapped for rows fetched with every selected relation in one statement. A
 * mutation's payload is still resolved from the ORM's entities, field by field. The same selection must
 * read the same through both — with fragments, aliases, relations resolved by code (activeBom) below
 * planned ones, and pages whose selection is columns only.
 */

const s = hubWithFactory();

const ROUTING_FIELDS = `
  id version createdAt
  item { sku unit preferredSupplier { code kind } }
  operations { sequence name setupMinutes runMinutesPerUnit inspection workCenter { code name } }
`;

interface Routing {
  id: string;
}

test('a planned read answers exactly as the entities do, fragments and aliases included', async () => {
  const planner = s.t.client('planner');
  const created = await planner.raw({
    query: `mutation R($input: CreateRoutingInput!) { createRouting(input: $input) { routing { ${ROUTING_FIELDS} } } }`,
    variables: {
      input: {
        itemId: s.f.plate.id,
        operations: [
          { sequence: 10, name: 'Cut', workCenterId: s.f.wc1.id, setupMinutes: '0', runMinutesPerUnit: '1.125', inspection: true },
          { sequence: 20, name: 'Deburr', workCenterId: s.f.wc2.id, setupMinutes: '5', runMinutesPerUnit: '0.25' },
        ],
      },
    },
  });
  expect(created.body.errors).toBeUndefined();
  const fromEntities = (created.body.data as { createRouting: { routing: Routing } }).createRouting.routing;

  const read = await planner.raw({
    query: `
      fragment RoutingFields on Routing { ${ROUTING_FIELDS} }
      query {
        plain: routings(first: 200) { edges { node { ${ROUTING_FIELDS} } } }
        viaFragment: routings(first: 200) { edges { node { ...RoutingFields } } }
        split: routings(first: 200) { edges { node { id item { sku } ... on Routing { item { unit } operations { sequence } } operations { name } } } }
      }`,
  });
  expect(read.body.errors).toBeUndefined();
  type Page = { edges: { node: Routing & Record<string, unknown> }[] };
  const data = read.body.data as { plain: Page; viaFragment: Page; split: Page };
  const find = (page: Page) => page.edges.map((e) => e.node).find((n) => n.id === fromEntities.id);
  expect(find(data.plain)).toEqual(fromEntities);
  expect(find(data.viaFragment)).toEqual(fromEntities);
  expect(find(data.split)).toEqual({
    id: fromEntities.id,
    item: { sku: s.f.plate.sku, unit: 'pcs' },
    operations: [
      { sequence: 10, name: 'Cut' },
      { sequence: 20, name: 'Deburr' },
    ],
  });
});

test('relations resolved by code below planned rows, and pages of columns only', async () => {
  const planner = s.t.client('planner');
  const code = uniq('WC');
  await planner.raw({ query: `mutation { createWorkCenter(input: { code: "${code}", name: "Paint shop" }) { workCenter { id } } }` });
  const read = await planner.raw({
    query: `{
      workCenters(first: 200) { edges { node { code name calendar } } }
      items(first: 200) { edges { node { sku preferredSupplier { code } activeBom { item { sku } lines { qtyPer component { sku preferredSupplier { code } } } } } } }
    }`,
  });
  expect(read.body.errors).toBeUndefined();
  const data = read.body.data as {
    workCenters: { edges: { node: { code: string; name: string; calendar: string } }[] };
    items: { edges: { node: { sku: string; preferredSupplier: { code: string } | null; activeBom: unknown } }[] };
  };
  expect(data.workCenters.edges.map((e) => e.node).find((n) => n.code === code)).toEqual({
    code,
    name: 'Paint shop',
    calendar: expect.any(String) as string,
  });
  const product = data.items.edges.map((e) => e.node).find((n) => n.sku === s.f.product.sku);
  expect(product).toEqual({
    sku: s.f.product.sku,
    preferredSupplier: null,
    activeBom: {
      item: { sku: s.f.product.sku },
      lines: [
        { qtyPer: '2', component: { sku: s.f.plate.sku, preferredSupplier: { code: s.f.supplier.code } } },
        { qtyPer: '0.25', component: { sku: s.f.resin.sku, preferredSupplier: { code: s.f.supplier.code } } },
      ],
    },
  });
});
