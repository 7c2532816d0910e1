import type {DumpEntry, ResourceState} from '../../envoy/config-dump.js'
import type {Draft, ProxySnapshot, Rule} from '../types.js'

/**
 * Listeners, clusters and secrets that are not ACTIVE. Envoy keeps a rejected listener in `error_state`
 * (the config it refused and why), a cluster or listener that waits for its dependencies (EDS, SDS, RDS)
 * in `warming_state`, and the previous version of a replaced listener in `draining_state`.
 */
interface Entry {
  kind: 'listener' | 'cluster' | 'secret'
  entry: DumpEntry<unknown>
}

function entriesIn(s: ProxySnapshot, state: ResourceState): Entry[] {
  const out: Entry[] = []
  for (const entry of s.dump.listeners) if (entry.state === state) out.push({kind: 'listener', entry})
  for (const entry of s.dump.clusters) if (entry.state === state) out.push({kind: 'cluster', entry})
  for (const entry of s.dump.secrets) if (entry.state === state) out.push({kind: 'secret', entry})
  return out
}

const since = (e: DumpEntry<unknown>) => (e.lastUpdated ? ` since ${e.lastUpdated}` : '')

export const configRejected: Rule = {
  id: 'config-rejected',
  title: 'xDS resources Envoy rejected (error_state)',
  run: (s) => ({
    findings: entriesIn(s, 'ERROR').map(({kind, entry}): Draft => ({
      severity: 'error',
      resource: `${kind}/${entry.name}`,
      message: `Envoy rejected this ${kind}${entry.errorState?.lastUpdateAttempt ? ` at ${entry.errorState.lastUpdateAttempt}` : ''}: ${entry.errorState?.details ?? 'no details given'}`,
      suggestion: `Fix the config that produces it (istioctl analyze; the istiod logs name the resource), then check again`,
    })),
  }),
}

export const configWarming: Rule = {
  id: 'config-warming',
  title: 'listeners, clusters or secrets still warming',
  run: (s) => ({
    findings: entriesIn(s, 'WARMING').map(({kind, entry}): Draft => ({
      severity: 'warning',
      resource: `${kind}/${entry.name}`,
      message: `${kind} is warming${since(entry)}: Envoy waits for ${kind === 'cluster' ? 'its endpoints (EDS) or secrets (SDS)' : kind === 'listener' ? 'its route configs (RDS) or secrets (SDS)' : 'the secret from SDS'} before using it`,
      suggestion: 'If it stays warming, check that istiod pushes the resources it depends on: meshscope proxy-status, and the proxy logs',
    })),
  }),
}

export const configDraining: Rule = {
  id: 'config-draining',
  title: 'listeners draining after an update',
  run: (s) => ({
    findings: entriesIn(s, 'DRAINING').map(({kind, entry}): Draft => ({
      severity: 'info',
      resource: `${kind}/${entry.name}`,
      message: `an old version of this ${kind} is draining${since(entry)} (open connections finish on the old config)`,
      suggestion: 'Nothing to do unless it lasts longer than the drain time (--drainDuration, 45s by default in Istio)',
    })),
  }),
}
