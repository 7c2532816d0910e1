import {MeshscopeError} from '../cli/errors.js'

/** Finding severities, most severe first. */
export const SEVERITIES = ['error', 'warning', 'info'] as const
export type Severity = (typeof SEVERITIES)[number]

/** --fail-on values: a severity, or `none` (never fail on findings). */
export const FAIL_ON = [...SEVERITIES, 'none'] as const
export type FailOn = (typeof FAIL_ON)[number]

/** Higher is more severe. */
export const severityRank = (s: Severity): number => SEVERITIES.length - SEVERITIES.indexOf(s)

/** Whether a finding of severity `s` fails a run with `--fail-on failOn`. */
export function atOrAbove(s: Severity, failOn: FailOn): boolean {
  return failOn !== 'none' && severityRank(s) >= severityRank(failOn)
}

export function parseFailOn(v: string): FailOn {
  if ((FAIL_ON as readonly string[]).includes(v)) return v as FailOn
  throw new MeshscopeError('USAGE', `--fail-on ${v} is not one of ${FAIL_ON.join(', ')}`, ['meshscope check --fail-on warning'])
}

/** Sort order of findings: severity (most severe first), then proxy, rule, resource. */
export function compareFindings(a: {severity: Severity; proxy: string; rule: string; resource: string}, b: typeof a): number {
  return severityRank(b.severity) - severityRank(a.severity) || cmp(a.proxy, b.proxy) || cmp(a.rule, b.rule) || cmp(a.resource, b.resource)
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)
