import type {Draft, Rule} from '../types.js'

/** istioctl proxy-status words for a type that is not in sync. */
const PROBLEMS: Record<string, {severity: Draft['severity']; why: string}> = {
  STALE: {severity: 'warning', why: 'istiod pushed a newer version that the proxy has not acknowledged'},
  // often normal (a proxy that does not subscribe to ECDS, a gateway without HTTP routes): information only
  'NOT SENT': {severity: 'info', why: 'istiod has not sent this type to the proxy'},
  NACK: {severity: 'error', why: 'the proxy rejected (NACKed) the last push'},
}

/** istiod's view of the proxy (syncz): STALE, NOT SENT or NACKed xDS types. Without istiod the rule is skipped, not failed. */
export const istiodSync: Rule = {
  id: 'istiod-sync',
  title: 'xDS types STALE, NOT SENT or NACKed according to istiod',
  run(s, ctx) {
    if (!s.sync) return {skipped: ctx.syncUnavailable ?? s.missing?.syncz ?? 'istiod was not asked (its sync status is not available)'}
    const findings: Draft[] = []
    for (const [type, status] of Object.entries(s.sync.types)) {
      const upper = status.toUpperCase()
      // CSDS says ERROR for a NACK; syncz nonces say STALE or STALE (Never Acknowledged)
      const key = upper.startsWith('NACK') || upper === 'ERROR' ? 'NACK' : upper.startsWith('STALE') ? 'STALE' : upper
      const problem = PROBLEMS[key]
      if (!problem) continue
      findings.push({
        severity: problem.severity,
        resource: `xds/${type}`,
        message: `${type} is ${status}${s.sync.istiod ? ` (istiod ${s.sync.istiod})` : ''}: ${problem.why}`,
        suggestion: key === 'NACK' ? 'Read the rejection in the proxy logs and fix the config istiod generates from (istioctl analyze)' : 'Check the connection to istiod; if it persists, restart the pod',
      })
    }
    return {findings}
  },
}
