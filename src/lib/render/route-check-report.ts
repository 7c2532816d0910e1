import type {RouteCheckResult} from '../routecheck/evaluate.js'

/**
 * route-check's text report, line for line as Envoy's router_check_tool prints it: test names (with
 * --details, or only the failing ones with --only-show-failures), each failure as
 * `expected: [X], actual: [Y], test type: T`, then, when every test passed, the untested routes and
 * `Current route coverage: N%`.
 */

export interface ReportOptions {
  details?: boolean
  onlyShowFailures?: boolean
  /** --detailed-coverage: untested routes by name */
  detailedCoverage?: boolean
  /** --covall: untested routes by match */
  comprehensive?: boolean
  failUnder?: number
}

/** A percentage as C++ iostream prints a double (6 significant digits): 66.6667, 100, 7.44863. */
export function formatPercent(p: number): string {
  return String(Number(p.toPrecision(6)))
}

export function routeCheckReport(result: RouteCheckResult, opts: ReportOptions): string {
  const lines: string[] = []
  for (const t of result.tests) {
    const show = opts.onlyShowFailures ? !t.passed : opts.details === true
    if (!show) continue
    lines.push(t.name)
    for (const f of t.failures) lines.push(f.message)
  }
  if (result.summary.failed === 0) {
    if (opts.detailedCoverage) {
      for (const m of result.coverage.missing) lines.push(`Missing test for host: ${m.virtualHost}, route name: ${m.routeName}`)
    } else if (opts.comprehensive) {
      for (const m of result.coverage.missing) lines.push(`Missing test for host: ${m.virtualHost}, route: ${m.match}`)
    }
    lines.push(`Current route coverage: ${formatPercent(result.coverage.percent)}%`)
    if (opts.failUnder !== undefined && result.coverage.percent < opts.failUnder) {
      lines.push(`Failed to meet coverage requirement: ${formatPercent(opts.failUnder)}%`)
    }
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : ''
}

/** The stderr hint when tests failed but the report shows no test lines. */
export function hiddenFailuresHint(result: RouteCheckResult): string {
  return `${result.summary.failed} of ${result.summary.total} tests failed; rerun with --details or --only-show-failures to see which\n`
}
