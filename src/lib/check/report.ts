import {FLEET_RULES, RULES} from './rules/index.js'
import {compareFindings, type FailOn, atOrAbove, SEVERITIES, type Severity} from './severity.js'
import type {CheckContext, Finding, ProxySnapshot, RuleRun} from './types.js'

/** A rule's verdict on one proxy (one JUnit testcase). */
export interface RuleStatus {
  rule: string
  status: 'pass' | 'fail' | 'skipped'
  /** why it was skipped */
  reason?: string
}

/** One proxy's outcome: checked (rule verdicts and findings), or not checked and why. */
export interface ProxyReport {
  proxy: string
  checked: boolean
  /** why the proxy could not be checked */
  error?: {code: string; message: string}
  rules: RuleStatus[]
  findings: Finding[]
}

export interface CheckResult {
  proxies: ProxyReport[]
  /** every finding, most severe first */
  findings: Finding[]
  summary: {
    proxies: number
    checked: number
    unchecked: number
    failOn: FailOn
    findings: Record<Severity, number>
    /** findings at or above --fail-on */
    failing: number
  }
}

function record(report: ProxyReport, rule: string, run: RuleRun): void {
  if ('skipped' in run) {
    report.rules.push({rule, status: 'skipped', reason: run.skipped})
    return
  }
  report.rules.push({rule, status: run.findings.length > 0 ? 'fail' : 'pass'})
  for (const d of run.findings) report.findings.push({...d, proxy: report.proxy, rule})
}

/**
 * Collects per-proxy results as the fleet streams them in: each snapshot is checked and dropped at once,
 * so only findings and a few bytes per proxy for the fleet rules are kept.
 */
export class CheckReport {
  private readonly reports: ProxyReport[] = []
  private readonly fleetValues = FLEET_RULES.map(() => new Map<string, string>())

  constructor(private readonly ctx: CheckContext) {}

  /** Runs every rule over one proxy's snapshot. */
  addSnapshot(s: ProxySnapshot): ProxyReport {
    const report: ProxyReport = {proxy: s.proxy, checked: true, rules: [], findings: []}
    for (const rule of RULES) record(report, rule.id, rule.run(s, this.ctx))
    FLEET_RULES.forEach((rule, i) => {
      const v = rule.collect(s, this.ctx.now)
      if (v !== undefined) this.fleetValues[i].set(s.proxy, v)
    })
    this.reports.push(report)
    return report
  }

  addUnchecked(proxy: string, error: {code: string; message: string}): ProxyReport {
    const report: ProxyReport = {proxy, checked: false, error, rules: [], findings: []}
    this.reports.push(report)
    return report
  }

  /** Applies the fleet rules and sorts: proxies by name, findings by severity. */
  finish(failOn: FailOn): CheckResult {
    FLEET_RULES.forEach((rule, i) => {
      const values = this.fleetValues[i]
      const runs = rule.judge(values)
      for (const report of this.reports) {
        if (!report.checked) continue
        const run = runs.get(report.proxy) ?? {skipped: values.size === 0 ? 'no proxy holds a root CA certificate' : 'the proxy holds no root CA certificate'}
        record(report, rule.id, run)
      }
    })
    const proxies = [...this.reports].sort((a, b) => (a.proxy < b.proxy ? -1 : a.proxy > b.proxy ? 1 : 0))
    const findings = proxies.flatMap((p) => p.findings).sort(compareFindings)
    const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>
    for (const f of findings) counts[f.severity]++
    const checked = proxies.filter((p) => p.checked).length
    return {
      proxies,
      findings,
      summary: {
        proxies: proxies.length,
        checked,
        unchecked: proxies.length - checked,
        failOn,
        findings: counts,
        failing: findings.filter((f) => atOrAbove(f.severity, failOn)).length,
      },
    }
  }
}
