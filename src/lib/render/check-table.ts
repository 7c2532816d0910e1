import type {CheckResult} from '../check/report.js'
import {table} from './table.js'

/** `meshscope check`'s default output: the findings table, the fixes, the proxies not checked, a summary line. */
export function checkTable(result: CheckResult): string {
  const out: string[] = []
  if (result.findings.length === 0) out.push('No findings.\n')
  else {
    const rows = result.findings.map((f) => [f.severity.toUpperCase(), f.proxy, f.rule, f.resource, f.message])
    out.push(table(['SEVERITY', 'PROXY', 'RULE', 'RESOURCE', 'MESSAGE'], rows, 2))
    const fixes = new Map<string, Set<string>>()
    for (const f of result.findings) fixes.set(f.rule, (fixes.get(f.rule) ?? new Set()).add(f.suggestion))
    out.push('\nSuggested fixes:\n')
    for (const [rule, suggestions] of fixes) for (const s of suggestions) out.push(`  ${rule}: ${s}\n`)
  }
  const unchecked = result.proxies.filter((p) => !p.checked)
  if (unchecked.length > 0) {
    out.push(`\nCould not check ${unchecked.length} ${unchecked.length === 1 ? 'proxy' : 'proxies'}:\n`)
    for (const p of unchecked) out.push(`  ${p.proxy}: ${p.error?.message ?? 'unknown error'}\n`)
  }
  const s = result.summary
  const failOn = s.failOn === 'none' ? '' : ` (${s.failing} at or above ${s.failOn})`
  out.push(`\n${s.proxies} ${s.proxies === 1 ? 'proxy' : 'proxies'}: ${s.checked} checked, ${s.unchecked} not checked; findings: ${s.findings.error} error, ${s.findings.warning} warning, ${s.findings.info} info${failOn}\n`)
  return out.join('')
}
