import type {CheckResult, ProxyReport} from '../check/report.js'
import {atOrAbove} from '../check/severity.js'

/**
 * JUnit XML of a check run: one <testsuite> per proxy, one <testcase> per rule. A rule with findings at or
 * above --fail-on is a <failure>; findings below it are listed in <system-out> of a passing testcase; a
 * skipped rule is <skipped>; a proxy that could not be checked is one testcase with an <error>.
 */
export function junitXml(result: CheckResult): string {
  const suites = result.proxies.map((p) => suite(p, result))
  const count = (k: keyof Counts) => suites.reduce((n, s) => n + s.counts[k], 0)
  const head = `<testsuites name="meshscope check" tests="${count('tests')}" failures="${count('failures')}" errors="${count('errors')}" skipped="${count('skipped')}">`
  return `<?xml version="1.0" encoding="UTF-8"?>\n${head}\n${suites.map((s) => s.xml).join('')}</testsuites>\n`
}

interface Counts {
  tests: number
  failures: number
  errors: number
  skipped: number
}

function suite(p: ProxyReport, result: CheckResult): {xml: string; counts: Counts} {
  const name = attr(p.proxy)
  if (!p.checked) {
    const e = p.error ?? {code: 'INTERNAL', message: 'unknown error'}
    const body = `    <testcase classname="${name}" name="reachable">\n      <error type="${attr(e.code)}" message="${attr(e.message)}">${text(e.message)}</error>\n    </testcase>\n`
    return {xml: `  <testsuite name="${name}" tests="1" failures="0" errors="1" skipped="0">\n${body}  </testsuite>\n`, counts: {tests: 1, failures: 0, errors: 1, skipped: 0}}
  }
  const counts: Counts = {tests: 0, failures: 0, errors: 0, skipped: 0}
  const cases: string[] = []
  for (const r of p.rules) {
    counts.tests++
    const open = `    <testcase classname="${name}" name="${attr(r.rule)}">`
    if (r.status === 'skipped') {
      counts.skipped++
      cases.push(`${open}\n      <skipped message="${attr(r.reason ?? '')}"/>\n    </testcase>\n`)
      continue
    }
    const findings = p.findings.filter((f) => f.rule === r.rule)
    const lines = findings.map((f) => `${f.severity.toUpperCase()} ${f.resource}: ${f.message}\n  fix: ${f.suggestion}`).join('\n')
    const failing = findings.filter((f) => atOrAbove(f.severity, result.summary.failOn))
    if (failing.length > 0) {
      counts.failures++
      const message = `${failing.length} finding(s) at or above ${result.summary.failOn}`
      cases.push(`${open}\n      <failure type="${attr(failing[0].severity)}" message="${attr(message)}">${text(lines)}</failure>\n    </testcase>\n`)
    } else if (findings.length > 0) cases.push(`${open}\n      <system-out>${text(lines)}</system-out>\n    </testcase>\n`)
    else cases.push(`${open}</testcase>\n`)
  }
  const head = `  <testsuite name="${name}" tests="${counts.tests}" failures="${counts.failures}" errors="0" skipped="${counts.skipped}">\n`
  return {xml: `${head}${cases.join('')}  </testsuite>\n`, counts}
}

// XML 1.0 cannot carry most control characters, even escaped
// biome-ignore lint/suspicious/noControlCharactersInRegex: this strips them
const INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g
const text = (s: string) => s.replace(INVALID, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
const attr = (s: string) => text(s).replace(/"/g, '&quot;').replace(/\n/g, '&#10;')
