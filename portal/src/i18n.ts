/** The portal's words, in English and Chinese. Keys are what the code asks for; text is what people read. */
const en = {
  title: 'MOM Hub portal',
  signedInAs: 'Signed in as',
  language: '中文',
  loading: 'Loading…',
  expired: 'Your access link has expired or is not valid. Ask your contact at the factory for a new link.',
  noToken: 'Open the portal with the access link the factory sent you.',
  offline: 'Connection lost — reconnecting… Updates will resume where they stopped.',
  online: 'Live',
  error: 'Something went wrong:',
  supplierHeading: 'What we will need from you',
  commitmentsHeading: 'Your commitments',
  timelineHeading: 'Shortages over time',
  item: 'Item',
  onHand: 'On hand',
  committed: 'Committed',
  requested: 'Requested',
  demand: 'Demand',
  shortage: 'Short',
  shortFrom: 'Short from',
  code: 'Commitment',
  state: 'State',
  neededBy: 'Needed by',
  qty: 'Qty',
  promised: 'Promised',
  arrival: 'Arrival',
  confirm: 'Confirm',
  ship: 'Ship',
  lot: 'Lot',
  shipmentRef: 'Delivery note no.',
  save: 'Send',
  cancel: 'Cancel',
  nothingShort: 'Nothing is short. Thank you!',
  noCommitments: 'No commitments yet.',
  ordersHeading: 'Your orders',
  noOrders: 'No orders yet.',
  line: 'Line',
  promisedDate: 'Promised',
  expectedDate: 'Expected',
  current: 'Now at',
  done: 'done',
  milestones: 'Milestones',
  milestone: {
    released: 'Released to the shop floor',
    started: 'Production started',
    completed: 'Completed',
    shipped: 'Shipped',
  } as Record<string, string>,
  operationDone: (name: string) => `${name} done`,
  operationInspected: (name: string) => `${name} (inspected)`,
  states: {
    REQUESTED: 'Requested',
    CONFIRMED: 'Confirmed',
    SHIPPED: 'Shipped',
    RECEIVED: 'Received',
    CANCELLED: 'Cancelled',
    OPEN: 'Open',
    IN_PRODUCTION: 'In production',
    COMPLETED: 'Completed',
    RECEIVED_ORDER: 'Received',
    PLANNED: 'Planned',
    RELEASED: 'Released',
  } as Record<string, string>,
};

type Dictionary = typeof en;

const zh: Dictionary = {
  title: 'MOM Hub 门户',
  signedInAs: '当前身份',
  language: 'English',
  loading: '加载中…',
  expired: '您的访问链接已过期或无效。请联系工厂获取新的链接。',
  noToken: '请使用工厂发给您的访问链接打开门户。',
  offline: '连接已断开，正在重新连接… 恢复后将从中断处继续更新。',
  online: '实时',
  error: '出错了：',
  supplierHeading: '我们需要您提供的物料',
  commitmentsHeading: '您的供货承诺',
  timelineHeading: '缺料时间线',
  item: '物料',
  onHand: '现有库存',
  committed: '已承诺',
  requested: '已请求',
  demand: '需求',
  shortage: '缺口',
  shortFrom: '缺料日期',
  code: '承诺单',
  state: '状态',
  neededBy: '需求日期',
  qty: '数量',
  promised: '承诺日期',
  arrival: '预计到货',
  confirm: '确认',
  ship: '发货',
  lot: '批次',
  shipmentRef: '送货单号',
  save: '提交',
  cancel: '取消',
  nothingShort: '目前没有缺料，谢谢！',
  noCommitments: '暂无供货承诺。',
  ordersHeading: '您的订单',
  noOrders: '暂无订单。',
  line: '行',
  promisedDate: '承诺交期',
  expectedDate: '预计完成',
  current: '当前工序',
  done: '已完成',
  milestones: '里程碑',
  milestone: { released: '已下达车间', started: '开始生产', completed: '生产完成', shipped: '已发货' },
  operationDone: (name: string) => `${name} 完成`,
  operationInspected: (name: string) => `${name}（已检验）`,
  states: {
    REQUESTED: '已请求',
    CONFIRMED: '已确认',
    SHIPPED: '已发货',
    RECEIVED: '已收货',
    CANCELLED: '已取消',
    OPEN: '待生产',
    IN_PRODUCTION: '生产中',
    COMPLETED: '已完成',
    RECEIVED_ORDER: '已接单',
    PLANNED: '已计划',
    RELEASED: '已下达',
  },
};

export type Lang = 'en' | 'zh';
const KEY = 'mom-hub-portal-lang';

export function currentLang(): Lang {
  const saved = localStorage.getItem(KEY);
  if (saved === 'en' || saved === 'zh') return saved;
  return navigator.language.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

export function setLang(lang: Lang): void {
  localStorage.setItem(KEY, lang);
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
}

export const t = (): Dictionary => (currentLang() === 'zh' ? zh : en);
export const stateLabel = (state: string) => t().states[state] ?? state;
