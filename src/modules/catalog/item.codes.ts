import type { CodeKind } from '../../kernel/codes/code-book';

/** An item by its SKU, typed or from a GS1 label's (240) additional product id (with a (10) lot, the label names the lot). */
export const itemCode: CodeKind = {
  kind: 'item',
  what: 'item',
  example: 'BOLT-M8 (its SKU)',
  find: (em, scan) => {
    const sku = scan.gs1 ? (scan.gs1['10'] ? undefined : scan.gs1['240']) : scan.text;
    return sku ? em.execute('select id, sku as label from item where sku = ?', [sku]) : Promise.resolve([]);
  },
};
