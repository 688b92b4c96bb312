import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { textOf } from '../../src/contract/adapter';
import { appSignature, requestSignature, SIGN_HEADERS } from '../../adapters/kingdee/kingdee-sign';

/**
 * Kingdee Cloud Xingchen's open API (v2) on loopback, in process, as its public material describes it:
 *
 * - The gateway checks `X-Api-ClientID`, `X-Api-Auth-Version: 2.0`, `X-Api-TimeStamp` (ms, within 10
 *   minutes), `X-Api-Nonce` (once only), `X-Api-SignHeaders` and `X-Api-Signature` (kingdee-sign.ts).
 * - `GET /jdyconnector/app_management/kingdee_auth_token?app_key&app_signature` answers
 *   `{errcode: 0, description: "成功", data: {"app-token", access_token, domain, expires}}`; business
 *   calls carry `app-token` and `X-GW-Router-Addr: <domain>`.
 * - Everything answers HTTP 200 with `{errcode, description, data}`; errcode 0 is success. Lists take
 *   `modify_start_time` / `modify_end_time` (ms), `page`, `page_size` and answer `{count, total_page,
 *   page, page_size, rows}` (qeasy.cloud's copies of the Xingchen V2 API pages for /jdy/v2/bd/material,
 *   /jdy/v2/bd/customer, /jdy/v2/scm/sal_out_bound; the JDY client samples on GitHub).
 * - Bills are saved unaudited (`bill_status` Z) and audited (C) with `<path>/audit {ids}`.
 *
 * The public pages do not list the gateway's errcodes; this server uses 1010101 (bad signature),
 * 1010102 (stale timestamp or reused nonce), 1010103 (app-token invalid or expired), 429 (rate limit,
 * also as HTTP 429 with Retry-After when `fault` is `throttle`) and 2000xxx for business refusals.
 */
export type KingdeeFault = 'unreachable' | 'down' | 'throttle' | 'expire-token' | 'reject' | null;

export interface KingdeeMaterial {
  id: string;
  number: string;
  name: string;
  base_unit_name: string;
  is_batch: boolean;
  is_serial: boolean;
  cost_price: string;
  modify_time: string;
}
export interface KingdeeBom {
  id: string;
  number: string;
  material_id: string;
  material_number: string;
  qty: string;
  modify_time: string;
  entry: { material_id: string; material_number: string; qty: string; loss_rate: string }[];
}
export interface KingdeeSalesOrder {
  id: string;
  bill_no: string;
  bill_date: string;
  bill_status: 'Z' | 'C';
  customer_id: string;
  customer_number: string;
  customer_name: string;
  delivery_date: string;
  modify_time: string;
  material_entity: { material_id: string; material_number: string; qty: string; delivery_date: string }[];
}
export interface KingdeeBill {
  id: string;
  bill_no: string;
  bill_status: 'Z' | 'C';
  modify_time: string;
  remark?: string;
  [field: string]: unknown;
}

class Refusal extends Error {
  constructor(
    readonly errcode: number,
    message: string,
  ) {
    super(message);
  }
}

export class KingdeeServer {
  readonly clientId = '283411';
  readonly clientSecret = randomBytes(16).toString('hex');
  readonly appKey = 'mXk2rT9q';
  readonly appSecret = randomBytes(20).toString('hex');
  readonly accountNumbers = new Set(['1403', '5001', '2202', '6711']);
  fault: KingdeeFault = null;
  readonly materials: KingdeeMaterial[] = [];
  readonly boms: KingdeeBom[] = [];
  readonly salesOrders: KingdeeSalesOrder[] = [];
  readonly receipts: KingdeeBill[] = [];
  readonly vouchers: KingdeeBill[] = [];
  /** Every request's method and path, for tests that count what the adapter asked. */
  readonly requests: string[] = [];
  tokensIssued = 0;
  url = '';
  private server?: Server;
  private nextId = 900_000_001;
  private token = '';
  private readonly nonces = new Set<string>();
  private lastModify = 0;

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((r) => this.server?.close(r));
  }

  id(): string {
    return String(this.nextId++);
  }

  /** A modification time after every earlier one, as the ERP stamps a save. */
  touch(): string {
    this.lastModify = Math.max(Date.now(), this.lastModify + 1);
    return String(this.lastModify);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const reply = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
      res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8', ...headers }).end(JSON.stringify(body));
    if (this.fault === 'unreachable') {
      req.socket.resetAndDestroy();
      return;
    }
    if (this.fault === 'down') {
      res.writeHead(502, { 'content-type': 'text/html' }).end('<html><body>502 Bad Gateway</body></html>');
      return;
    }
    const url = new URL(req.url ?? '/', 'http://gateway');
    const query = Object.fromEntries(url.searchParams.entries());
    this.requests.push(`${req.method} ${url.pathname}`);
    try {
      this.checkSignature(req, url.pathname, query);
      if (this.fault === 'throttle') {
        reply({ errcode: 429, description: '请求过于频繁，请稍后再试' }, 429, { 'retry-after': '1' });
        return;
      }
      if (url.pathname === '/jdyconnector/app_management/kingdee_auth_token') {
        reply({ errcode: 0, description: '成功', data: this.issueToken(query) });
        return;
      }
      this.checkToken(req);
      const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
      reply({ errcode: 0, description: '成功', data: this.route(String(req.method), url.pathname, query, body) });
    } catch (e) {
      if (e instanceof Refusal) reply({ errcode: e.errcode, description: e.message });
      else reply({ errcode: 1000000, description: `系统繁忙: ${(e as Error).message}` });
    }
  }

  private checkSignature(req: IncomingMessage, path: string, query: Record<string, string>): void {
    const h = (name: string) => String(req.headers[name.toLowerCase()] ?? '');
    if (h('X-Api-ClientID') !== this.clientId) throw new Refusal(1010101, `无效的 clientId ${h('X-Api-ClientID')}`);
    if (h('X-Api-Auth-Version') !== '2.0' || h('X-Api-SignHeaders') !== SIGN_HEADERS) throw new Refusal(1010101, '签名版本或签名头不正确');
    const ts = h('X-Api-TimeStamp');
    if (!/^\d{13}$/.test(ts) || Math.abs(Date.now() - Number(ts)) > 600_000) throw new Refusal(1010102, '时间戳已过期');
    const nonce = h('X-Api-Nonce');
    if (!nonce || this.nonces.has(nonce)) throw new Refusal(1010102, 'nonce 重复');
    this.nonces.add(nonce);
    const expected = requestSignature(this.clientSecret, String(req.method), path, query, nonce, ts);
    if (h('X-Api-Signature') !== expected) throw new Refusal(1010101, '授权密钥校验失败，请获取最新密钥加密');
  }

  private issueToken(query: Record<string, string>) {
    if (query.app_key !== this.appKey || query.app_signature !== appSignature(this.appKey, this.appSecret)) {
      throw new Refusal(1010101, 'app_key 或 app_signature 不正确');
    }
    this.tokensIssued++;
    this.token = randomBytes(24).toString('hex');
    return { 'app-token': this.token, access_token: randomBytes(16).toString('hex'), domain: this.url, expires: Date.now() + 86_400_000 };
  }

  private checkToken(req: IncomingMessage): void {
    if (this.fault === 'expire-token') {
      // The token expires once; the adapter is expected to fetch a new one and resend.
      this.fault = null;
      this.token = 'expired';
    }
    if (!this.token || req.headers['app-token'] !== this.token) throw new Refusal(1010103, 'app-token 无效或已过期');
    if (req.headers['x-gw-router-addr'] !== this.url) throw new Refusal(1010101, 'X-GW-Router-Addr 不正确');
  }

  private route(method: string, path: string, q: Record<string, string>, body: Record<string, unknown>): unknown {
    const lists: Record<string, { modify_time: string }[]> = {
      '/jdy/v2/bd/material': this.materials,
      '/jdy/v2/bd/bom': this.boms,
      '/jdy/v2/scm/sal_order': this.salesOrders,
      '/jdy/v2/mfg/prd_in_bound': this.receipts,
      '/jdy/v2/fi/voucher': this.vouchers,
    };
    if (method === 'GET' && lists[path]) return this.page(lists[path], q);
    if (this.fault === 'reject') throw new Refusal(2000105, '当前会计期间已结账，不能保存单据');
    if (method === 'POST' && path === '/jdy/v2/mfg/prd_in_bound') return this.saveReceipt(body);
    if (method === 'POST' && path === '/jdy/v2/fi/voucher') return this.saveVoucher(body);
    if (method === 'POST' && path === '/jdy/v2/mfg/prd_in_bound/audit') return this.audit(this.receipts, body);
    if (method === 'POST' && path === '/jdy/v2/fi/voucher/audit') return this.audit(this.vouchers, body);
    throw new Refusal(2000404, `接口不存在: ${method} ${path}`);
  }

  private page<T extends { modify_time: string }>(all: T[], q: Record<string, string>) {
    const page = Math.max(1, Number(q.page ?? 1));
    const size = Math.min(100, Math.max(1, Number(q.page_size ?? 10)));
    const from = q.modify_start_time ? Number(q.modify_start_time) : -Infinity;
    const to = q.modify_end_time ? Number(q.modify_end_time) : Infinity;
    const rows = all.filter((r) => {
      const row = r as unknown as Record<string, unknown>;
      const t = Number(r.modify_time);
      if (t < from || t > to) return false;
      if (q.bill_status && row.bill_status !== q.bill_status) return false;
      if (q.bill_no && row.bill_no !== q.bill_no) return false;
      if (q.search && !JSON.stringify(row).includes(q.search)) return false;
      return true;
    });
    return {
      count: String(rows.length),
      total_page: Math.ceil(rows.length / size),
      page,
      page_size: size,
      rows: rows.slice((page - 1) * size, page * size),
    };
  }

  private saveReceipt(body: Record<string, unknown>) {
    const entries = (body.material_entity ?? []) as { material_number?: string; qty?: string }[];
    if (!entries.length) throw new Refusal(2000101, '商品分录不能为空');
    for (const e of entries) {
      if (!this.materials.some((m) => m.number === e.material_number)) throw new Refusal(2000102, `商品编码 ${e.material_number} 不存在`);
      if (!(Number(e.qty) > 0)) throw new Refusal(2000103, '数量必须大于 0');
    }
    const billNo = textOf(body.bill_no) || `SCRK${this.nextId}`;
    if (this.receipts.some((r) => r.bill_no === billNo)) throw new Refusal(2000104, `单据编号 ${billNo} 已存在`);
    const id = this.id();
    this.receipts.push({ ...body, id, bill_no: billNo, bill_status: 'Z', modify_time: this.touch() });
    return { ids: [id], success_count: 1 };
  }

  private saveVoucher(body: Record<string, unknown>) {
    const entries = (body.entries ?? []) as { account_number?: string; debit_amount?: string; credit_amount?: string }[];
    if (entries.length < 2) throw new Refusal(2000101, '凭证分录至少两行');
    for (const e of entries)
      if (!this.accountNumbers.has(String(e.account_number))) throw new Refusal(2000106, `科目 ${e.account_number} 不存在`);
    const sum = (k: 'debit_amount' | 'credit_amount') => entries.reduce((s, e) => s + Math.round(Number(e[k] ?? 0) * 100), 0);
    if (sum('debit_amount') !== sum('credit_amount')) throw new Refusal(2000107, '借贷不平衡');
    const id = this.id();
    this.vouchers.push({ ...body, id, bill_no: `记-${this.vouchers.length + 1}`, bill_status: 'Z', modify_time: this.touch() });
    return { ids: [id], success_count: 1 };
  }

  private audit(bills: KingdeeBill[], body: Record<string, unknown>) {
    const ids = (body.ids ?? []) as string[];
    for (const id of ids) {
      const bill = bills.find((b) => b.id === id);
      if (!bill) throw new Refusal(2000108, `单据 ${id} 不存在`);
      if (bill.bill_status === 'C') throw new Refusal(2000109, `单据 ${bill.bill_no} 已审核`);
      bill.bill_status = 'C';
      bill.modify_time = this.touch();
    }
    return { ids, success_count: ids.length };
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let data = '';
    req.on('data', (c: Buffer) => (data += c.toString()));
    req.on('end', () => resolve(data));
  });
}
