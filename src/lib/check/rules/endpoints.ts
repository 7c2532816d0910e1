import type {HealthFlag} from '../../envoy/clusters-status.js'
import type {Cluster} from '../../envoy/types.js'
import {clusterType} from '../../summary/clusters.js'
import {dumpEndpointSource, endpointFieldsOf, endpointVerdict} from '../../trace/endpoints.js'
import {hostPort} from '../../trace/net.js'
import type {Draft, ProxySnapshot, Rule, RuleRun} from '../types.js'

/** One upstream host of a cluster and why it cannot take traffic (empty: it can). */
interface Host {
  address: string
  problems: string[]
}

/** Health flags that take a host out of load balancing, and how to say so. */
const UNHEALTHY_FLAGS: Partial<Record<HealthFlag, string>> = {
  failed_outlier_check: 'ejected by outlier detection',
  failed_active_hc: 'failing active health checks',
  active_hc_timeout: 'active health check timed out',
  excluded_via_immediate_hc_fail: 'failed an immediate health check',
  failed_eds_health: 'unhealthy in EDS',
  eds_status_draining: 'draining in EDS',
}
const UNUSABLE_EDS = new Set(['UNHEALTHY', 'DRAINING', 'TIMEOUT'])

/**
 * The clusters worth checking: EDS ones, and STATIC ones that list hosts (an empty static cluster, e.g.
 * BlackHoleCluster, is empty on purpose). Only the fields that say where their hosts are: a dump of 18,000
 * clusters is mostly their TLS settings, which no endpoint rule reads.
 */
function checkedClusters(s: ProxySnapshot): Cluster[] {
  return s.dump.clusters.filter((c) => c.state === 'ACTIVE' && ['EDS', 'STATIC'].includes(clusterType(c.raw))).map((c) => endpointFieldsOf(c.raw))
}

/**
 * Each checked cluster's hosts: from live /clusters when there (it has outlier and active health-check
 * state), else from the dump's EDS section (health as the control plane reported it).
 */
// several rules judge the same hosts: work them out once per snapshot
const hostsMemo = new WeakMap<ProxySnapshot, Map<string, Host[]> | string>()

function hostsByCluster(s: ProxySnapshot): Map<string, Host[]> | string {
  let hosts = hostsMemo.get(s)
  if (hosts === undefined) {
    hosts = computeHostsByCluster(s)
    hostsMemo.set(s, hosts)
  }
  return hosts
}

function computeHostsByCluster(s: ProxySnapshot): Map<string, Host[]> | string {
  const out = new Map<string, Host[]>()
  if (s.clusters) {
    const live = new Map(s.clusters.clusters.map((c) => [c.name, c]))
    for (const c of checkedClusters(s)) {
      const hosts = (live.get(c.name ?? '')?.hosts ?? []).map((h) => ({
        address: hostPort(h.address.socketAddress?.address, h.address.socketAddress?.portValue),
        problems: h.healthFlags.flatMap((f) => UNHEALTHY_FLAGS[f] ?? []),
      }))
      if (clusterType(c) === 'STATIC' && hosts.length === 0) continue
      out.set(c.name ?? '', hosts)
    }
    return out
  }
  if (!s.dump.has('endpoints')) return s.missing?.clusters ?? 'needs endpoints: a dump saved with /config_dump?include_eds, or /clusters from a live proxy or a bundle'
  const source = dumpEndpointSource(s.dump)
  for (const c of checkedClusters(s)) {
    const verdict = endpointVerdict(c, source, {destPort: 0})
    const hosts = verdict.endpoints.map((e) => ({address: e.address, problems: UNUSABLE_EDS.has(e.health) ? [`${e.health} in EDS`] : []}))
    if (clusterType(c) === 'STATIC' && hosts.length === 0) continue
    out.set(c.name ?? '', hosts)
  }
  return out
}

function perCluster(s: ProxySnapshot, judge: (cluster: string, hosts: Host[]) => Draft | undefined): RuleRun {
  const hosts = hostsByCluster(s)
  if (typeof hosts === 'string') return {skipped: hosts}
  const findings: Draft[] = []
  for (const [cluster, list] of hosts) {
    const f = judge(cluster, list)
    if (f) findings.push(f)
  }
  return {findings}
}

const list = (hosts: Host[]) => hosts.map((h) => `${h.address} (${h.problems.join(', ')})`).join('; ')

export const noEndpoints: Rule = {
  id: 'no-endpoints',
  title: 'clusters with zero endpoints',
  run: (s) =>
    perCluster(s, (cluster, hosts) =>
      hosts.length > 0
        ? undefined
        : {
            severity: 'warning',
            resource: `cluster/${cluster}`,
            message: 'the cluster has no endpoints: requests to it get 503 (no healthy upstream)',
            suggestion: 'Check that the service has ready pods (kubectl get endpointslices -l kubernetes.io/service-name=NAME) and that the subset labels match them',
          },
    ),
}

export const noHealthyEndpoints: Rule = {
  id: 'no-healthy-endpoints',
  title: 'clusters whose endpoints are all unhealthy',
  run: (s) =>
    perCluster(s, (cluster, hosts) =>
      hosts.length === 0 || hosts.some((h) => h.problems.length === 0)
        ? undefined
        : {
            severity: 'error',
            resource: `cluster/${cluster}`,
            message: `none of its ${hosts.length} endpoint(s) is healthy: ${list(hosts)}`,
            suggestion: 'Check the backend pods (readiness, logs); outlier ejections end after baseEjectionTime, so look at why they returned 5xx',
          },
    ),
}

export const unhealthyEndpoints: Rule = {
  id: 'unhealthy-endpoints',
  title: 'endpoints ejected by outlier detection or failing health checks',
  run: (s) =>
    perCluster(s, (cluster, hosts) => {
      const bad = hosts.filter((h) => h.problems.length > 0)
      // all unhealthy is no-healthy-endpoints' finding
      if (bad.length === 0 || bad.length === hosts.length) return undefined
      return {
        severity: 'warning',
        resource: `cluster/${cluster}`,
        message: `${bad.length} of ${hosts.length} endpoints cannot take traffic: ${list(bad)}`,
        suggestion: 'Look at those pods (logs, readiness); an outlier-ejected host returns after baseEjectionTime if it recovers',
      }
    }),
}
