import type { CodeKind } from '../../kernel/codes/code-book';

export const locationCode: CodeKind = {
  kind: 'location',
  what: 'location',
  example: 'LS-01',
  find: (em, scan) => (scan.gs1 ? Promise.resolve([]) : em.execute('select id, code as label from location where code = ?', [scan.text])),
};

/**
 * A lot by its code, within its item when the item is known (lot codes are unique per item only). A GS1
 * label carries both: (240) the SKU and (10) the lot.
 */
export const lotCode: CodeKind = {
  kind: 'lot',
  what: 'lot',
  example: 'L-0042, or (240)BOLT-M8(10)L-0042 from a lot label',
  find: (em, scan, itemId) => {
    const code = scan.gs1 ? scan.gs1['10'] : scan.text;
    if (!code) return Promise.resolve([]);
    const sku = scan.gs1?.['240'];
    return em.execute(
      `select l.id, l.code || ' (' || i.sku || ')' as label from lot l join item i on i.id = l.item_id
       where l.code = ? ${itemId ? 'and l.item_id = ?' : ''} ${sku ? 'and i.sku = ?' : ''} order by i.sku limit 5`,
      [code, ...(itemId ? [itemId] : []), ...(sku ? [sku] : [])],
    );
  },
};
