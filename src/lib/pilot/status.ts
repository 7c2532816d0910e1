import {type SyncState, type SyncStatus, syncState, XDS_TYPES, type XdsType} from './syncz.js'

/** One istiod's answer to /debug/syncz. */
export interface IstiodSyncz {
  istiod: string
  /** istiod's own version (from /version), when known */
  version?: string
  statuses: SyncStatus[]
}

/** A row of `proxy-status`: one proxy as one istiod sees it. */
export interface ProxyStatusRow {
  name: string
  cluster: string
  states: Record<XdsType, SyncState>
  istiod: string
  version: string
}

/**
 * The rows of every istiod's syncz, sorted by proxy ID as istioctl sorts them. VERSION is ISTIO_VERSION, or
 * (Pilot 1.1, which did not report it) the proxy version marked with `*`. `namespace` keeps proxies whose ID
 * (`<pod>.<ns>`) ends in that namespace.
 */
export function statusRows(answers: readonly IstiodSyncz[], namespace?: string): ProxyStatusRow[] {
  const rows: ProxyStatusRow[] = []
  for (const a of answers) {
    for (const s of a.statuses) {
      if (namespace !== undefined && !inNamespace(s.proxy, namespace)) continue
      const states = Object.fromEntries(XDS_TYPES.map((t) => [t, syncState(s, t)])) as Record<XdsType, SyncState>
      rows.push({name: s.proxy, cluster: s.clusterId ?? '', states, istiod: a.istiod, version: versionOf(s)})
    }
  }
  return rows.sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0))
}

/** Proxy IDs are `<pod>.<ns>`; an ID without a dot cannot be placed, so istiod's own ?namespace= filter decides. */
const inNamespace = (proxy: string, ns: string) => !proxy.includes('.') || proxy.endsWith(`.${ns}`)

function versionOf(s: SyncStatus): string {
  if (s.istioVersion) return s.istioVersion
  return s.proxyVersion ? `${s.proxyVersion}*` : ''
}

/** Whether a row has a type that is not in sync (what --fail-on-stale counts). */
export const isStale = (row: ProxyStatusRow): boolean => XDS_TYPES.some((t) => row.states[t].startsWith('STALE'))

const TYPE_URLS: [XdsType, string][] = [
  ['CDS', 'type.googleapis.com/envoy.config.cluster.v3.Cluster'],
  ['LDS', 'type.googleapis.com/envoy.config.listener.v3.Listener'],
  ['RDS', 'type.googleapis.com/envoy.config.route.v3.RouteConfiguration'],
  ['EDS', 'type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment'],
  ['ECDS', 'type.googleapis.com/envoy.config.core.v3.TypedExtensionConfig'],
]
const CLIENT_CONFIG = 'type.googleapis.com/envoy.service.status.v3.ClientConfig'
const CSDS_STATUS: Record<SyncState, string> = {
  SYNCED: 'SYNCED',
  'NOT SENT': 'NOT_SENT',
  STALE: 'STALE',
  'STALE (Never Acknowledged)': 'STALE',
  ERROR: 'ERROR',
  IGNORED: 'UNKNOWN',
}

/**
 * `-o json|yaml`: one CSDS-style DiscoveryResponse per istiod, the shape istioctl prints since 2026
 * (multiXdsStatusSinglePilot.json): ClientConfig resources with node metadata and a configStatus per type.
 */
export function csdsResponse(answer: IstiodSyncz, namespace?: string): Record<string, unknown> {
  const version = answer.version ?? ''
  const resources = statusRows([answer], namespace).map((row) => {
    const status = answer.statuses.find((s) => s.proxy === row.name)
    const metadata: Record<string, string> = {}
    if (row.cluster) metadata.CLUSTER_ID = row.cluster
    if (status?.istioVersion) metadata.ISTIO_VERSION = status.istioVersion
    const ns = row.name.includes('.') ? row.name.slice(row.name.indexOf('.') + 1) : namespace
    if (ns !== undefined) metadata.NAMESPACE = ns
    return {
      '@type': CLIENT_CONFIG,
      node: {id: row.name, metadata},
      genericXdsConfigs: TYPE_URLS.map(([t, typeUrl]) => ({typeUrl, configStatus: CSDS_STATUS[row.states[t]]})),
    }
  })
  const info = {version, revision: '', golang_version: '', status: '', tag: ''}
  return {
    versionInfo: version,
    resources,
    typeUrl: CLIENT_CONFIG,
    controlPlane: {identifier: JSON.stringify({Component: 'istiod', ID: answer.istiod, Info: info})},
  }
}
