import { currentLang } from './i18n.js';

/**
 * The plan's explanations in the page's language. The server says each cause and hint in English (`text`)
 * and gives what it says as named values (`params`, by `kind`); English shows the server's text, Chinese
 * is said here from the values. A kind or a plan this page does not know falls back to the text.
 */

interface Explanation {
  kind: string;
  text: string;
  behind?: readonly string[];
  params: readonly { name: string; value: string }[];
}

type Params = Record<string, string>;

/** Minutes as a planner reads them, in the page's language. */
export function span(minutes: number): string {
  const zh = currentLang() === 'zh';
  if (minutes < 60) return zh ? `${minutes} 分钟` : `${minutes} min`;
  if (minutes < 1440) {
    const [hrs, min] = [Math.floor(minutes / 60), Math.round(minutes % 60)];
    if (!min) return zh ? `${hrs} 小时` : `${hrs} h`;
    return zh ? `${hrs} 小时 ${min} 分钟` : `${hrs} h ${min} min`;
  }
  const d = Math.floor(minutes / 1440);
  const hrs = Math.round((minutes % 1440) / 60);
  return zh ? `${d} 天 ${hrs} 小时` : `${d} d ${hrs} h`;
}

/** Times as the server's text gives them (UTC), so both languages name the same moment. */
const at = (iso: string) => iso.slice(0, 16).replace('T', ' ');
const day = (iso: string) => iso.slice(0, 10);

/** The work-center states the scheduler gives as a reason; anything else is a person's own words. */
const REASONS: Record<string, string> = { down: '故障', maintenance: '维护', breakdown: '故障' };

function orders(codes: readonly string[]): string {
  return codes.length > 3 ? `${codes.slice(0, 3).join('、')} 等 ${codes.length} 个订单` : codes.join('、');
}

const causesZh: Record<string, (p: Params, behind: readonly string[]) => string | null> = {
  CAPACITY: (p, behind) =>
    `${p.operation} 在 ${p.workCenter} 等待产能 ${span(Number(p.minutes))}，排在 ${orders(behind.length ? behind : p.behind.split(', '))} 之后`,
  MATERIAL: (p) =>
    p.commitment
      ? `物料 ${p.item} 短缺（${p.qtyShort}），按供应承诺 ${p.commitment} 要到 ${day(p.until)} 才到`
      : `物料 ${p.item} 短缺（${p.qtyShort}），尚无供应商确认；按 ${day(p.until)} 前采购到位计划`,
  DOWN: (p) => `${p.workCenter} 停机（${REASONS[p.reason] ?? p.reason}）至 ${at(p.until)}，${p.operation} 因此等待`,
  CLOSED: (p) => `${p.workCenter} 不开工（${REASONS[p.reason] ?? p.reason}）至 ${at(p.until)}，${p.operation} 因此等待`,
  WORK: (p) =>
    `${p.order} 自 ${at(p.from)} 起需要 ${span(Number(p.minutes))} 的加工（主要是 ${p.workCenter} 的 ${p.operation}），交期前的工作时间不够`,
};

const hintsZh: Record<string, (p: Params) => string | null> = {
  OVERTIME: (p) => `在 ${at(p.before)} 之前给 ${p.workCenter} 加一个加班班次，${p.operation} 就能提前开工`,
  ALTERNATIVE: (p) => `${p.operation} 可改在 ${p.workCenter} 加工，它自 ${at(p.freeFrom)} 起空闲`,
  SPLIT: (p) => `拆分 ${p.order}，把 ${p.qty} 件中的一部分放到第二台设备${p.orWorkCenter === 'true' ? '或工作中心' : ''}上`,
  EXPEDITE: (p) => (p.commitment ? `请供应商提前交付承诺 ${p.commitment}` : p.item ? `现在就向供应商采购 ${p.item}` : null),
  PRIORITY: (p) => `提高 ${p.order} 的优先级，排在 ${p.before} 之前`,
};

function say(e: Explanation, zh: ((p: Params, behind: readonly string[]) => string | null) | undefined): string {
  if (currentLang() !== 'zh' || !zh || e.params.length === 0) return e.text;
  const p: Params = Object.fromEntries(e.params.map((x) => [x.name, x.value]));
  try {
    return zh(p, e.behind ?? []) ?? e.text;
  } catch {
    // A value this page expected is missing (a plan from another version): the server's text still says it.
    return e.text;
  }
}

/** What happened, by the event that set a re-plan off; the subject (a code) stays as it is. */
const EVENTS_ZH: Record<string, string> = {
  WorkCenterStateChanged: '工作中心状态变更',
  DowntimeStarted: '设备停机',
  DowntimeEnded: '设备恢复',
  MaintenanceOrderChanged: '维护工单变更',
  CommitmentConfirmed: '供应承诺已确认',
  CommitmentShipped: '供应承诺已发货',
  CommitmentReceived: '供应承诺已收货',
  OperationScrapped: '工序报废',
  OperationStarted: '工序开工',
  OperationDone: '工序完工',
  WorkOrderCreated: '新建工单',
  WorkOrderReleased: '工单下达',
  WorkOrderCancelled: '工单取消',
  WorkOrderCompleted: '工单完成',
  SalesOrderLineChanged: '销售订单行变更',
  WorkOrderChanged: '工单变更',
};
const STATES_ZH: Record<string, string> = { UP: '运行', DOWN: '停机', MAINTENANCE: '维护' };

const triggerZh: Record<string, (p: Params) => string | null> = {
  PLANNER: (p) => (p.by ? `由 ${p.by} 重新排程` : '由计划员重新排程'),
  // A planner's own words are shown as written.
  REASON: (p) => p.reason,
  MORE: (p) => `等另外 ${p.count} 项`,
};

function sayTriggerPart(part: Explanation): string {
  const event = EVENTS_ZH[part.kind];
  if (!event) return say(part, triggerZh[part.kind]);
  return say(part, (p) => {
    const state = p.state ? ` → ${STATES_ZH[p.state] ?? p.state}` : '';
    const times = Number(p.count) > 1 ? ` ×${p.count}` : '';
    return `${event} ${p.subject}${state}${times}`;
  });
}

/** What set a plan off, in the page's language; plans made before it had parts show the server's text. */
export function sayTrigger(trigger: { trigger: string; triggerParts: readonly Explanation[] }): string {
  if (currentLang() !== 'zh' || trigger.triggerParts.length === 0) return trigger.trigger;
  const parts = trigger.triggerParts.filter((p) => p.kind !== 'MORE').map(sayTriggerPart);
  const more = trigger.triggerParts.find((p) => p.kind === 'MORE');
  return parts.join('；') + (more ? ` ${sayTriggerPart(more)}` : '');
}

/** One link of why an order is late, in the page's language. */
export const sayCause = (c: Explanation) => say(c, causesZh[c.kind]);

/** Something that could help, in the page's language. */
export const sayHint = (hint: Explanation) => say(hint, hintsZh[hint.kind]);
