import {DIFF_KINDS, type DiffResult} from '../diff/compare.js'

const show = (v: unknown) => (v === undefined ? '(absent)' : JSON.stringify(v))

/** `meshscope diff`'s text: per kind, resources only in A (-), only in B (+), and changed ones (~) with each field. */
export function diffText(d: DiffResult): string {
  if (d.same) return `No differences between ${d.a} and ${d.b} (clusters, listeners, routes, endpoints; version_info, last_updated and key order ignored).\n`
  const out = [`--- ${d.a}\n+++ ${d.b}\n`]
  for (const kind of DIFF_KINDS) {
    const k = d.kinds[kind]
    if (k.onlyInA.length + k.onlyInB.length + k.changed.length === 0) continue
    out.push(`\n${kind}: ${k.onlyInA.length} only in A, ${k.onlyInB.length} only in B, ${k.changed.length} changed\n`)
    for (const n of k.onlyInA) out.push(`- ${n}\n`)
    for (const n of k.onlyInB) out.push(`+ ${n}\n`)
    for (const c of k.changed) {
      out.push(`~ ${c.name}\n`)
      for (const f of c.changes) out.push(`    ${f.path}: ${show(f.a)} → ${show(f.b)}\n`)
    }
  }
  return out.join('')
}
