import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TrytonError, TrytonRpc, trytonDate, trytonDecimal, type TrytonValue } from '../../adapters/tryton/tryton-rpc';

/** What the adapters touch; `--activate-dependencies` brings company, party, product, account_invoice... */
export const TRYTON_MODULES = [
  'sale',
  'purchase',
  'production',
  'production_routing',
  'production_work',
  'stock_lot',
  'account',
  // Lets a production's origin be the sale line it serves (the adapter links them).
  'sale_supply_production',
];
const DATABASE = 'momhub';
// Fixed so that a database initialised once can be reused from the cache below; the server only
// listens on 127.0.0.1 and lives for one test file.
const ADMIN_PASSWORD = 'admin';

/** Tryton tests run wherever trytond is installed; on CI its absence is a failure, not a skip. */
export function trytonAvailable(): boolean {
  const found = spawnSync('trytond', ['--version'], { stdio: 'ignore' }).status === 0;
  if (found) return true;
  if (process.env.CI) throw new Error('trytond is not installed: .ci/install-tryton.sh should have installed it');
  console.warn('Skipping Tryton tests: trytond is not installed (run .ci/install-tryton.sh as root)');
  return false;
}

export interface TrytonServer {
  url: string;
  database: string;
  adminPassword: string;
  /** Logged in as admin. */
  rpc: TrytonRpc;
  /** Stops trytond (SIGTERM) and keeps its database: an outage. */
  halt(): Promise<void>;
  /** Starts trytond again on the same port and database, and waits until it answers. */
  resume(): Promise<void>;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const keep = (d: Buffer) => {
      out = (out + d.toString()).slice(-8000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(' ')} exited with ${code}:\n${out}`))));
  });
}

/**
 * `--all` plus activating the modules takes ~20 s, so the initialised database is kept in tmpdir,
 * keyed by the trytond version and module list: later test files (and runs) copy it in ~50 ms.
 * TRYTON_FRESH_DB=1 skips the cache.
 */
function templatePath(): string | undefined {
  if (process.env.TRYTON_FRESH_DB === '1') return undefined;
  const version = spawnSync('trytond', ['--version'], { encoding: 'utf8' }).stdout.trim();
  const key = createHash('sha256')
    .update(`${version}|${TRYTON_MODULES.join(',')}|${ADMIN_PASSWORD}`)
    .digest('hex')
    .slice(0, 16);
  return join(tmpdir(), `mom-hub-tryton-${key}.sqlite`);
}

async function initDatabase(dir: string, conf: string): Promise<void> {
  const dbFile = join(dir, `${DATABASE}.sqlite`);
  const template = templatePath();
  if (template && existsSync(template)) {
    copyFileSync(template, dbFile);
    return;
  }
  // trytond's SQLite backend opens an existing file only: the empty file is what "creates" the database.
  writeFileSync(dbFile, '');
  const passFile = join(dir, 'admin-password');
  writeFileSync(passFile, ADMIN_PASSWORD);
  const env = { ...process.env, TRYTONPASSFILE: passFile };
  await run('trytond-admin', ['-c', conf, '-d', DATABASE, '--all', '--email', 'admin@example.com'], env);
  await run('trytond-admin', ['-c', conf, '-d', DATABASE, '-u', ...TRYTON_MODULES, '--activate-dependencies'], env);
  if (template) {
    // Two jest workers may race to fill the cache: copy aside, then rename, which is atomic.
    const partial = `${template}.${process.pid}`;
    copyFileSync(dbFile, partial);
    renameSync(partial, template);
  }
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));
}

/** A real Tryton 6.0 on SQLite in a temp folder, on a free port, with admin logged in. */
export async function startTryton(): Promise<TrytonServer> {
  if (!trytonAvailable()) throw new Error('trytond is not installed (run .ci/install-tryton.sh)');
  const dir = mkdtempSync(join(tmpdir(), 'tryton-'));
  const port = await freePort();
  const conf = join(dir, 'trytond.conf');
  writeFileSync(conf, `[database]\nuri = sqlite://\npath = ${dir}\n\n[web]\nlisten = 127.0.0.1:${port}\n`);
  let child: ChildProcess | undefined;
  const killOnExit = () => child?.kill('SIGKILL');
  const stop = async () => {
    process.off('exit', killOnExit);
    if (child) {
      const done = exited(child);
      child.kill('SIGTERM');
      const timer = setTimeout(() => child?.kill('SIGKILL'), 5000);
      await done;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const url = `http://127.0.0.1:${port}`;
  const rpc = new TrytonRpc({ url, database: DATABASE, timeoutMs: 60000 });
  const launch = async () => {
    const proc = spawn('trytond', ['-c', conf], { stdio: ['ignore', 'pipe', 'pipe'] });
    child = proc;
    let log = '';
    const keep = (d: Buffer) => {
      log = (log + d.toString()).slice(-8000);
    };
    proc.stdout?.on('data', keep);
    proc.stderr?.on('data', keep);
    // The first request also loads the module pool (a few seconds); until the port is bound, login
    // fails as a network error.
    const deadline = Date.now() + 60000;
    for (;;) {
      if (proc.exitCode !== null) throw new Error(`trytond exited with ${proc.exitCode}:\n${log}`);
      try {
        await rpc.login('admin', ADMIN_PASSWORD);
        break;
      } catch (err) {
        if (!(err instanceof TrytonError && err.kind === 'Network') || Date.now() > deadline) {
          throw new Error(`trytond did not answer on ${url}: ${String(err)}\n${log}`, { cause: err });
        }
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  };
  const halt = async () => {
    const proc = child;
    child = undefined;
    if (!proc) return;
    const done = exited(proc);
    proc.kill('SIGTERM');
    const timer = setTimeout(() => proc.kill('SIGKILL'), 5000);
    await done;
    clearTimeout(timer);
  };
  try {
    await initDatabase(dir, conf);
    process.once('exit', killOnExit);
    await launch();
    return { url, database: DATABASE, adminPassword: ADMIN_PASSWORD, rpc, stop, halt, resume: launch };
  } catch (err) {
    await stop();
    throw err;
  }
}

export interface TrytonProductIds {
  id: number;
  templateId: number;
  code: string;
}

export interface TrytonFactory {
  companyId: number;
  companyPartyId: number;
  currencyId: number;
  accounts: { receivable: number; payable: number; revenue: number; expense: number; cash: number };
  fiscalYearId: number;
  /** The standard period holding today. */
  periodId: number;
  /** A general journal for hand-made moves. */
  journalId: number;
  customerId: number;
  customerAddressId: number;
  uom: { unit: number };
  productCategoryId: number;
  products: { component: TrytonProductIds; finishedGood: TrytonProductIds };
  bomId: number;
  sale: { id: number; number: string; lineId: number; state: string };
  locations: { warehouse: number; storage: number; input: number; output: number; production: number; customer: number; supplier: number };
  /** Today as Tryton sees it (the server's local date), "YYYY-MM-DD". */
  today: string;
}

/** Python's date.today() is local time, so ours must be too, or a move near midnight lands in no period. */
export function localToday(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

async function one(rpc: TrytonRpc, model: string, domain: TrytonValue[], what: string): Promise<number> {
  const [id] = await rpc.search(model, domain, { limit: 1 });
  if (id === undefined) throw new Error(`seed: no ${model} for ${what}`);
  return id;
}

/**
 * A small factory in a fresh Tryton database, through JSON-RPC only: company, chart of accounts, fiscal
 * year, customer, a component and a finished good with a BOM, and a confirmed sale of 5 finished goods.
 * Leaves `rpc.context` set to `{ company }`, which company-dependent calls need.
 */
export async function seedTrytonFactory(rpc: TrytonRpc): Promise<TrytonFactory> {
  const today = localToday();
  const year = Number(today.slice(0, 4));

  const [currencyId] = await rpc.create('currency.currency', [
    { name: 'Euro', code: 'EUR', symbol: '€', digits: 2, rounding: trytonDecimal('0.01') },
  ]);
  const [companyPartyId] = await rpc.create('party.party', [{ name: 'MOM Hub Test Factory' }]);
  const [companyId] = await rpc.create('company.company', [{ party: companyPartyId, currency: currencyId }]);
  if (rpc.userId === undefined) throw new Error('seed: log in first');
  // A user's company must be among its companies; the context then scopes every company-dependent read.
  await rpc.write('res.user', [rpc.userId], { companies: [['add', [companyId]]], company: companyId });
  rpc.context = { ...rpc.context, company: companyId };

  const wizard = 'account.create_chart';
  const { sessionId } = await rpc.wizardCreate(wizard);
  const template = await one(
    rpc,
    'account.account.template',
    [
      ['parent', '=', null],
      ['name', '=', 'Minimal Account Chart'],
    ],
    'the minimal chart',
  );
  await rpc.wizardExecute(wizard, sessionId, { account: { company: companyId, account_template: template } }, 'create_account');
  const byName = new Map((await rpc.searchRead<{ id: number; name: string }>('account.account', [], ['name'])).map((a) => [a.name, a.id]));
  const account = (name: string) => {
    const id = byName.get(name);
    if (id === undefined) throw new Error(`seed: the minimal chart has no "${name}"`);
    return id;
  };
  const accounts = {
    receivable: account('Main Receivable'),
    payable: account('Main Payable'),
    revenue: account('Main Revenue'),
    expense: account('Main Expense'),
    cash: account('Main Cash'),
  };
  await rpc.wizardExecute(
    wizard,
    sessionId,
    {
      properties: {
        company: companyId,
        account_receivable: accounts.receivable,
        account_payable: accounts.payable,
        category_account_revenue: accounts.revenue,
        category_account_expense: accounts.expense,
      },
    },
    'create_properties',
  );
  await rpc.wizardDelete(wizard, sessionId);

  const seqType = (name: string) => one(rpc, 'ir.sequence.type', [['name', '=', name]], `sequence type ${name}`);
  const [moveSeq] = await rpc.create('ir.sequence', [
    { name: `Account Move ${year}`, sequence_type: await seqType('Account Move'), company: companyId },
  ]);
  // sale activates account_invoice, whose fiscal years must also number invoices (strict sequences).
  const [invoiceSeq] = await rpc.create('ir.sequence.strict', [
    { name: `Invoice ${year}`, sequence_type: await seqType('Invoice'), company: companyId },
  ]);
  const [fiscalYearId] = await rpc.create('account.fiscalyear', [
    {
      name: String(year),
      company: companyId,
      start_date: trytonDate(`${year}-01-01`),
      end_date: trytonDate(`${year}-12-31`),
      post_move_sequence: moveSeq,
      invoice_sequences: [
        [
          'create',
          [
            {
              company: companyId,
              out_invoice_sequence: invoiceSeq,
              in_invoice_sequence: invoiceSeq,
              out_credit_note_sequence: invoiceSeq,
              in_credit_note_sequence: invoiceSeq,
            },
          ],
        ],
      ],
    },
  ]);
  await rpc.button('account.fiscalyear', 'create_period', [fiscalYearId]);
  const periodId = await one(
    rpc,
    'account.period',
    [
      ['fiscalyear', '=', fiscalYearId],
      ['type', '=', 'standard'],
      ['start_date', '<=', trytonDate(today)],
      ['end_date', '>=', trytonDate(today)],
    ],
    `today (${today})`,
  );
  const [existingJournal] = await rpc.search(
    'account.journal',
    [
      ['type', '=', 'general'],
      ['code', 'in', ['MISC', 'STO']],
    ],
    { limit: 1 },
  );
  const journalId = existingJournal ?? (await rpc.create('account.journal', [{ name: 'Miscellaneous', code: 'MISC', type: 'general' }]))[0];

  const [customerId] = await rpc.create('party.party', [
    {
      name: 'Customer One',
      addresses: [['create', [{ street: '1 Rue de la Paix', postal_code: '69001', city: 'Lyon' }]]],
    },
  ]);
  const customerAddressId = await one(rpc, 'party.address', [['party', '=', customerId]], 'the customer address');
  const unit = await one(rpc, 'product.uom', [['name', '=', 'Unit']], 'Unit');
  // Sale and purchase lines need revenue/expense accounts, which products get from an accounting category.
  const [productCategoryId] = await rpc.create('product.category', [
    {
      name: 'Manufactured goods',
      accounting: true,
      account_revenue: accounts.revenue,
      account_expense: accounts.expense,
    },
  ]);
  const product = async (
    name: string,
    code: string,
    listPrice: string,
    cost: string,
    kind: 'purchasable' | 'producible',
  ): Promise<TrytonProductIds> => {
    const [templateId] = await rpc.create('product.template', [
      {
        name,
        type: 'goods',
        default_uom: unit,
        list_price: trytonDecimal(listPrice),
        account_category: productCategoryId,
        salable: true,
        sale_uom: unit,
        purchasable: kind === 'purchasable',
        purchase_uom: unit,
        producible: kind === 'producible',
        // product.product.code is computed from the template's prefix and this suffix.
        products: [['create', [{ suffix_code: code, cost_price: trytonDecimal(cost) }]]],
      },
    ]);
    const [p] = await rpc.searchRead<{ id: number; code: string }>('product.product', [['template', '=', templateId]], ['code']);
    if (!p || p.code !== code) throw new Error(`seed: product ${name} has code ${p?.code}, not ${code}`);
    return { id: p.id, templateId: templateId, code };
  };
  const component = await product('Component', 'COMP-1', '5', '3', 'purchasable');
  const finishedGood = await product('Finished Good', 'FG-1', '150', '40', 'producible');
  const [bomId] = await rpc.create('production.bom', [
    {
      name: 'FG-1 from 2 COMP-1',
      inputs: [['create', [{ product: component.id, quantity: 2, uom: unit }]]],
      outputs: [['create', [{ product: finishedGood.id, quantity: 1, uom: unit }]]],
    },
  ]);
  await rpc.write('product.product', [finishedGood.id], { boms: [['create', [{ bom: bomId }]]] });

  const [saleId] = await rpc.create('sale.sale', [
    {
      party: customerId,
      invoice_address: customerAddressId,
      shipment_address: customerAddressId,
      lines: [
        [
          'create',
          [{ type: 'line', product: finishedGood.id, description: 'Finished Good', quantity: 5, unit, unit_price: trytonDecimal('150') }],
        ],
      ],
    },
  ]);
  await rpc.button('sale.sale', 'quote', [saleId]);
  await rpc.button('sale.sale', 'confirm', [saleId]);
  const [sale] = await rpc.read<{ id: number; number: string; state: string; lines: number[] }>(
    'sale.sale',
    [saleId],
    ['number', 'state', 'lines'],
  );

  const [warehouse] = await rpc.searchRead<{
    id: number;
    storage_location: number;
    input_location: number;
    output_location: number;
    production_location: number;
  }>('stock.location', [['type', '=', 'warehouse']], ['storage_location', 'input_location', 'output_location', 'production_location'], {
    limit: 1,
  });
  if (!warehouse) throw new Error('seed: the stock module made no warehouse');
  const customerLocation = await one(rpc, 'stock.location', [['type', '=', 'customer']], 'customers');
  const supplierLocation = await one(rpc, 'stock.location', [['type', '=', 'supplier']], 'suppliers');

  return {
    companyId: companyId,
    companyPartyId: companyPartyId,
    currencyId: currencyId,
    accounts,
    fiscalYearId: fiscalYearId,
    periodId,
    journalId,
    customerId: customerId,
    customerAddressId,
    uom: { unit },
    productCategoryId: productCategoryId,
    products: { component, finishedGood },
    bomId: bomId,
    sale: { id: sale.id, number: sale.number, lineId: sale.lines[0], state: sale.state },
    locations: {
      warehouse: warehouse.id,
      storage: warehouse.storage_location,
      input: warehouse.input_location,
      output: warehouse.output_location,
      production: warehouse.production_location,
      customer: customerLocation,
      supplier: supplierLocation,
    },
    today,
  };
}
