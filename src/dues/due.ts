// A member's monthly amount for a year, and why it is that amount, from the category and the DuesBase row.
import { yuan } from '../lib/money.ts'
import { duesRule, FLAT_FEN, monthlyDuesFen, rateLabel, type DuesCategory } from './rates.ts'

export const OVERRIDES = ['none', 'voluntary', 'reduced', 'waived'] as const
export type Override = (typeof OVERRIDES)[number]
export const OVERRIDE_LABELS: Record<Override, string> = { none: '按规定缴纳', voluntary: '自愿多交', reduced: '批准少交', waived: '批准免交' }

export type BaseRow = { year: number; baseFen: number; fixedFen: number | null; override: string; overrideFen: number | null; approvedBy: string | null; approvedOn: string | null; note: string }

/** dueFen null: not known until the year's base is entered. `why` names the base; `whyPublic` does not */
export type Due = { dueFen: number | null; ruleFen: number | null; rate: string; why: string; whyPublic: string }

const BAND_WORDS: Record<string, Record<number, string>> = {
  employed: { 5: '3000 元及以下', 10: '3000–5000 元（含）', 15: '5000–10000 元（含）', 20: '10000 元以上' },
  retired: { 5: '5000 元及以下', 10: '5000 元以上' },
}
const needsBase = (category: string) => category === 'employed' || category === 'retired' || category === 'other'

/** the rule's amount before any override; null when the rule needs a figure the row does not have */
function ruleOf(category: DuesCategory, base: BaseRow | null): { fen: number; rate: string; why: string; whyPublic: string } | null {
  if (category === 'student' || category === 'unemployed') {
    const who = category === 'student' ? '学生党员' : '失业、领取最低生活保障金的党员'
    return { fen: FLAT_FEN, rate: '定额', why: `${who}每月交纳 ${yuan(FLAT_FEN)} 元`, whyPublic: `${who}每月交纳 ${yuan(FLAT_FEN)} 元` }
  }
  if (!base || (category === 'farmer' && base.fixedFen === null)) return null
  const rule = duesRule({ category, baseFen: base.baseFen, fixedFen: base.fixedFen })
  if (rule.kind === 'fixed') {
    const text = `农民党员每月交纳 0.20–1.00 元，本支部核定 ${yuan(rule.fen)} 元`
    return { fen: rule.fen, rate: '定额', why: text, whyPublic: text }
  }
  const fen = monthlyDuesFen({ category, baseFen: base.baseFen })
  const who = rule.bands === 'retired' ? '离退休党员，以每月养老金' : `${category === 'other' ? '其他党员（按在职标准）' : '在职党员'}，以每月税后固定工资收入`
  return {
    fen,
    rate: rateLabel(rule.permille),
    why: `${who} ${yuan(base.baseFen)} 元为基数，属“${BAND_WORDS[rule.bands][rule.permille]}”档，按 ${rateLabel(rule.permille)} 交纳：${yuan(base.baseFen)} × ${rateLabel(rule.permille)} = ${yuan(fen)} 元（四舍五入到分）`,
    whyPublic: `按${rule.bands === 'retired' ? '离退休' : '在职'}党员标准 ${rateLabel(rule.permille)} 交纳，每月 ${yuan(fen)} 元`,
  }
}

const approval = (b: BaseRow) => [b.approvedBy ? `经${b.approvedBy}` : '', b.approvedOn ? `于 ${b.approvedOn} ` : ''].join('') + '批准'

/** the monthly amount due for one year, with the explanation the member's page shows */
export function memberDue(category: string, base: BaseRow | null): Due {
  const rule = ruleOf(category as DuesCategory, base)
  const year = base?.year
  if (!rule) {
    const missing = category === 'farmer' ? '尚未核定每月定额' : needsBase(category) ? `尚未填写${year ?? '本'}年度党费基数` : '人员类别有误'
    return { dueFen: null, ruleFen: null, rate: '—', why: missing, whyPublic: missing }
  }
  const override = (base?.override ?? 'none') as Override
  if (!base || override === 'none' || (override !== 'waived' && base.overrideFen === null)) return { dueFen: rule.fen, ruleFen: rule.fen, ...pick(rule) }
  const then = override === 'waived' ? 0 : base.overrideFen!
  const tail =
    override === 'voluntary' ? `；本人自愿多交，每月交纳 ${yuan(then)} 元`
    : override === 'reduced' ? `；${approval(base)}减为每月 ${yuan(then)} 元`
    : `；${approval(base)}免交`
  return { dueFen: then, ruleFen: rule.fen, rate: rule.rate, why: rule.why + tail, whyPublic: rule.whyPublic + tail }
}

const pick = (r: { rate: string; why: string; whyPublic: string }) => ({ rate: r.rate, why: r.why, whyPublic: r.whyPublic })

/** an override the rules allow: voluntary only above the rule, reduced below it and approved, waived approved */
export function overrideError(o: { override: Override; overrideFen: number | null; approvedBy: string | null; approvedOn: string | null }, ruleFen: number | null): Record<string, string> {
  const errors: Record<string, string> = {}
  if (o.override === 'voluntary' || o.override === 'reduced') {
    if (o.overrideFen === null) errors.overrideYuan = '请填写每月交纳的金额'
    else if (ruleFen !== null && o.override === 'voluntary' && o.overrideFen <= ruleFen) errors.overrideYuan = `自愿多交的金额须高于按规定应缴的 ${yuan(ruleFen)} 元`
    else if (ruleFen !== null && o.override === 'reduced' && o.overrideFen >= ruleFen) errors.overrideYuan = `少交的金额须低于按规定应缴的 ${yuan(ruleFen)} 元`
  }
  if (o.override === 'reduced' || o.override === 'waived') {
    if (!o.approvedBy) errors.approvedBy = '少交或免交须经批准，请填写批准人（或批准的党组织）'
    if (!o.approvedOn) errors.approvedOn = '请填写批准日期'
  }
  return errors
}
