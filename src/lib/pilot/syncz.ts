import {MeshscopeError} from '../cli/errors.js'
import {parseJson} from '../envoy/parse-document.js'

/**
 * istiod's `/debug/syncz`: one entry per connected proxy. Two shapes exist: the current one (Istio 1.1 –
 * 1.21, `cluster_sent`/`cluster_acked`… per xDS type, see istioctl-reference.md §2.2) and Pilot 1.0's
 * (2018: only `proxy`, `sent`, `acked`, one nonce pair for the whole ADS stream).
 */
export interface SyncStatus {
  proxy: string
  clusterId?: string
  proxyType?: string
  proxyVersion?: string
  istioVersion?: string
  /** sent/acked nonce per xDS type (the 2018 shape has one pair for the whole stream) */
  nonces: Record<XdsType, {sent: string; acked: string}>
  /** states istiod reported directly (a CSDS ClientConfig answer), instead of nonces */
  reported?: Record<XdsType, SyncState>
}

export const XDS_TYPES = ['CDS', 'LDS', 'EDS', 'RDS', 'ECDS'] as const
export type XdsType = (typeof XDS_TYPES)[number]

export type SyncState = 'SYNCED' | 'NOT SENT' | 'STALE' | 'STALE (Never Acknowledged)' | 'ERROR' | 'IGNORED'

const FIELD_PREFIX: Record<XdsType, string> = {CDS: 'cluster', LDS: 'listener', EDS: 'endpoint', RDS: 'route', ECDS: 'extensionconfig'}

type Raw = Record<string, unknown>
const str = (v: unknown): string => (typeof v === 'string' ? v : '')

/** Parses a syncz body (either shape). `label` names the istiod for error messages. */
export function parseSyncz(text: string, label: string): SyncStatus[] {
  const doc = parseJson({text, label: `istiod ${label}'s answer to /debug/syncz`}, 'See the raw answer: meshscope pilot debug syncz -o json', 'ADMIN_ERROR')
  if (doc === null) return [] // istiod writes `null` when no proxy is connected
  if (isCsds(doc)) return csdsStatuses(doc, label)
  if (!Array.isArray(doc)) throw malformed(label, 'expected a JSON array of proxy sync statuses')
  return doc.map((e, i) => {
    if (!e || typeof e !== 'object' || typeof (e as Raw).proxy !== 'string') throw malformed(label, `entry ${i} has no "proxy" name`)
    return syncStatusOf(e as Raw)
  })
}

function syncStatusOf(e: Raw): SyncStatus {
  const legacy = !('cluster_sent' in e) && ('sent' in e || 'acked' in e)
  const nonces = {} as SyncStatus['nonces']
  for (const t of XDS_TYPES) {
    nonces[t] = legacy ? {sent: str(e.sent), acked: str(e.acked)} : {sent: str(e[`${FIELD_PREFIX[t]}_sent`]), acked: str(e[`${FIELD_PREFIX[t]}_acked`])}
  }
  return {
    proxy: e.proxy as string,
    clusterId: str(e.cluster_id) || undefined,
    proxyType: str(e.proxy_type) || undefined,
    proxyVersion: str(e.proxy_version) || undefined,
    istioVersion: str(e.istio_version) || undefined,
    nonces,
  }
}

const CSDS_STATES: Record<string, SyncState> = {SYNCED: 'SYNCED', NOT_SENT: 'NOT SENT', STALE: 'STALE', ERROR: 'ERROR', UNKNOWN: 'IGNORED'}
const TYPE_OF_URL: Record<string, XdsType> = {Cluster: 'CDS', Listener: 'LDS', RouteConfiguration: 'RDS', ClusterLoadAssignment: 'EDS', TypedExtensionConfig: 'ECDS'}

const isCsds = (doc: unknown): doc is Raw => !!doc && typeof doc === 'object' && !Array.isArray(doc) && Array.isArray((doc as Raw).resources)

/**
 * istiod's `istio.io/debug/syncz` answer (a CSDS DiscoveryResponse of ClientConfig resources), as istioctl
 * prints it with `-o json`: the states are reported, not derived. A proxy subscribed to nothing is IGNORED.
 */
function csdsStatuses(doc: Raw, label: string): SyncStatus[] {
  return (doc.resources as unknown[]).map((r, i) => {
    const node = (r as Raw)?.node as Raw | undefined
    if (!node || typeof node.id !== 'string') throw malformed(label, `resource ${i} has no node.id`)
    const metadata = (node.metadata ?? {}) as Raw
    const configs = ((r as Raw).genericXdsConfigs ?? []) as Raw[]
    const reported = Object.fromEntries(XDS_TYPES.map((t) => [t, configs.length === 0 ? 'IGNORED' : 'NOT SENT'])) as Record<XdsType, SyncState>
    for (const c of configs) {
      const type = TYPE_OF_URL[str(c.typeUrl).split('.').pop() ?? '']
      if (type) reported[type] = CSDS_STATES[str(c.configStatus)] ?? 'NOT SENT'
    }
    const empty = {sent: '', acked: ''}
    return {
      proxy: node.id,
      clusterId: str(metadata.CLUSTER_ID) || undefined,
      istioVersion: str(metadata.ISTIO_VERSION) || undefined,
      nonces: Object.fromEntries(XDS_TYPES.map((t) => [t, empty])) as SyncStatus['nonces'],
      reported,
    }
  })
}

/** istioctl's xdsStatus rule: not sent, synced (acked == sent), never acknowledged, or stale. */
export function syncState(s: SyncStatus, type: XdsType): SyncState {
  if (s.reported) return s.reported[type]
  const {sent, acked} = s.nonces[type]
  if (sent === '') return s.proxyType === 'ztunnel' ? 'IGNORED' : 'NOT SENT'
  if (sent === acked) return 'SYNCED'
  if (acked === '') return 'STALE (Never Acknowledged)'
  return 'STALE'
}

function malformed(label: string, why: string): MeshscopeError {
  return new MeshscopeError('ADMIN_ERROR', `istiod ${label} answered /debug/syncz with something that is not a sync status list: ${why}`, [
    'Check the istiod version and logs: kubectl logs -n istio-system -l app=istiod',
    'See the raw answer: meshscope pilot debug syncz -o json',
  ])
}
