import { PermanentDeliveryError, textOf, type OutboundEvent } from '../../src/contract/adapter';
import type { KingdeeClient, Page } from './kingdee-client';

export interface PushPaths {
  productionReceipt: string;
  voucher: string;
}

interface Bill {
  id: string;
  bill_no?: string;
  remark?: string;
  bill_status: 'Z' | 'C';
}

/**
 * Kingdee documents are saved (unaudited, status Z) and then audited (C); a completion or a voucher is
 * done when it is audited. Each is found again by what the hub wrote on it — the receipt's bill number,
 * the voucher's remark — so a re-sent delivery audits what an interrupted try saved instead of saving
 * a second one.
 */
async function saveThenAudit(
  k: KingdeeClient,
  path: string,
  found: Bill | undefined,
  body: Record<string, unknown>,
  what: string,
): Promise<string> {
  if (found?.bill_status === 'C') return `${what} ${found.id} already audited`;
  let id = found?.id;
  if (!id) {
    const saved = await k.post<{ ids?: string[] }>(path, body);
    id = saved.ids?.[0];
    if (!id) throw new PermanentDeliveryError(`Kingdee saved the ${what} but answered no id`);
  }
  await k.post(`${path}/audit`, { ids: [id] });
  return `${what} ${id} audited`;
}

/** A completed work order becomes an audited production receipt (产品入库) of the finished quantity. */
export async function pushCompletion(k: KingdeeClient, event: OutboundEvent, paths: PushPaths): Promise<string> {
  const code = textOf(event.data.code);
  const qty = textOf(event.data.qtyCompleted, '0');
  const found = await k.get<Page<Bill>>(paths.productionReceipt, { bill_no: code, page: 1, page_size: 10 });
  const bill = found.rows.find((r) => r.bill_no === code);
  if (!bill && !(Number(qty) > 0)) return 'nothing completed; no receipt';
  return saveThenAudit(
    k,
    paths.productionReceipt,
    bill,
    {
      bill_no: code,
      bill_date: textOf(event.occurredAt).slice(0, 10),
      remark: `MOM Hub work order ${code}`,
      material_entity: [{ material_number: textOf(event.data.sku), qty, unit_name: textOf(event.data.unit) || undefined }],
    },
    'production receipt',
  );
}

interface JournalData {
  code: string;
  memo: string;
  postingDate: string;
  lines: { account: string; debit: string; credit: string }[];
}

/** A journal entry becomes an audited voucher (凭证, word 记) whose remark starts with the entry code. */
export async function pushVoucher(
  k: KingdeeClient,
  event: OutboundEvent,
  paths: PushPaths,
  accounts: Record<string, string>,
): Promise<string> {
  const d = event.data as unknown as JournalData;
  const remark = `${d.code} ${d.memo}`.slice(0, 200);
  const found = await k.get<Page<Bill>>(paths.voucher, { search: d.code, page: 1, page_size: 10 });
  return saveThenAudit(
    k,
    paths.voucher,
    found.rows.find((r) => r.remark === remark),
    {
      voucher_date: d.postingDate,
      word: '记',
      remark,
      entries: d.lines.map((l) => ({
        explanation: d.memo || d.code,
        account_number: accounts[l.account] ?? l.account,
        debit_amount: l.debit,
        credit_amount: l.credit,
      })),
    },
    'voucher',
  );
}
