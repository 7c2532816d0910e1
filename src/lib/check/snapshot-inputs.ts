import {field} from '../envoy/proto-json.js'

/** The `*.update_rejected` counters of /stats?format=json ({stats: [{name, value}]}), whatever filter was applied. */
export function rejectedCountersFrom(doc: unknown): Map<string, number> {
  const out = new Map<string, number>()
  const stats = field<unknown[]>(doc, 'stats')
  for (const s of Array.isArray(stats) ? stats : []) {
    const name = field<string>(s, 'name')
    const value = Number(field(s, 'value'))
    if (typeof name === 'string' && name.endsWith('.update_rejected') && Number.isFinite(value)) out.set(name, value)
  }
  return out
}
