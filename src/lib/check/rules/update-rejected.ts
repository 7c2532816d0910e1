import type {Rule} from '../types.js'

/** Envoy counts every xDS update it refused in `<prefix>.update_rejected` (cluster_manager.cds, listener_manager.lds, http.*.rds.*). */
export const updateRejected: Rule = {
  id: 'update-rejected',
  title: 'update_rejected counters above zero',
  run(s) {
    if (!s.rejectedCounters) return {skipped: s.missing?.stats ?? 'needs /stats from a live proxy or a bundle'}
    return {
      findings: [...s.rejectedCounters]
        .filter(([, value]) => value > 0)
        .map(([name, value]) => ({
          severity: 'error' as const,
          resource: `stat/${name}`,
          message: `${name} is ${value}: Envoy rejected ${value === 1 ? 'an xDS update' : `${value} xDS updates`} since it started`,
          suggestion: 'Find the rejected config in the proxy logs (kubectl logs POD -c istio-proxy | grep -i rejected) and in istiod\'s NACK log',
        })),
    }
  },
}
