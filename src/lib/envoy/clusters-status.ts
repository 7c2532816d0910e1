import {MeshscopeError} from '../cli/errors.js'
import type {InputText} from '../source/input.js'
import {configDumpFrom} from './config-dump.js'
import {parseDocument, parseJson} from './parse-document.js'
import {field, toProtoJson} from './proto-json.js'
import type {Address, CircuitBreakerThresholds, Locality} from './types.js'

/**
 * Envoy's live upstream view, from the admin API's `/clusters` (text) or `/clusters?format=json`
 * (envoy.admin.v3.Clusters): per active cluster, its hosts with health flags, outlier state, weight, locality
 * and counters. Both inputs give the same model; `resource` keeps the protojson ClusterStatus / HostStatus
 * (as Envoy wrote it, or rebuilt from the text) for `-o json`.
 */
export interface ClusterStatusDump {
  readonly format: 'json' | 'text'
  readonly clusters: readonly ClusterStatus[]
  /** why there are no clusters when the input was not /clusters output after all (a config dump) */
  readonly notice?: string
}

export interface ClusterStatus {
  readonly name: string
  readonly addedViaApi: boolean
  readonly observabilityName?: string
  readonly edsServiceName?: string
  /** outlier detection: success-rate ejection thresholds (absent, or -1 in the text, when not computed) */
  readonly successRateEjectionThreshold?: number
  readonly localOriginSuccessRateEjectionThreshold?: number
  readonly circuitBreakers: readonly CircuitBreakerThresholds[]
  readonly hosts: readonly HostStatus[]
  readonly resource: Record<string, unknown>
}

export type EdsHealthStatus = 'UNKNOWN' | 'HEALTHY' | 'UNHEALTHY' | 'DRAINING' | 'TIMEOUT' | 'DEGRADED'

/** Envoy's host health flags, in the order `health_flags` prints them (HostUtility::healthFlagsToString). */
export const HEALTH_FLAGS = [
  'failed_active_hc',
  'failed_outlier_check',
  'failed_eds_health',
  'degraded_active_hc',
  'degraded_eds_health',
  'pending_dynamic_removal',
  'pending_active_hc',
  'excluded_via_immediate_hc_fail',
  'active_hc_timeout',
  'eds_status_draining',
] as const
export type HealthFlag = (typeof HEALTH_FLAGS)[number]

export interface HostStatus {
  readonly address: Address
  /** EDS health as the control plane reported it (HEALTHY when it said nothing) */
  readonly edsHealthStatus: EdsHealthStatus
  /** set flags, in Envoy's order; none means `healthy` */
  readonly healthFlags: readonly HealthFlag[]
  readonly failedOutlierCheck: boolean
  readonly weight?: number
  readonly hostname?: string
  readonly locality?: Locality
  readonly priority?: number
  readonly successRate?: number
  readonly localOriginSuccessRate?: number
  /** counters and gauges (cx_total, rq_error, cx_active, …) */
  readonly stats: Readonly<Record<string, number>>
  readonly resource: Record<string, unknown>
}

type Raw = Record<string, unknown>

/**
 * Reads what a user saved for `proxy-config endpoint`: `/clusters` output (JSON or text). A config dump (JSON or
 * YAML) reads as a /clusters document without clusters, as istioctl reads it, with a notice that says why.
 */
export async function readClustersStatus(input: InputText): Promise<ClusterStatusDump> {
  const first = input.text.trimStart()[0]
  if (first !== '{' && first !== '[' && input.text.trimStart().split('\n', 1)[0].includes('::')) return parseClustersText(input.text, input.label)
  const doc = await parseDocument(input)
  const dump = clustersStatusFromJson(doc)
  if (dump) return dump
  if (!isConfigDump(doc, input.label)) throw notClusters(input.label)
  return {
    format: 'json',
    clusters: [],
    notice: `${input.label} is a config dump, which has no live endpoint status: save /clusters?format=json for this command, or use proxy-config eds for the EDS endpoints of a dump taken with ?include_eds`,
  }
}

function isConfigDump(doc: unknown, label: string): boolean {
  try {
    configDumpFrom(doc, label)
    return true
  } catch {
    return false
  }
}

/** Parses `/clusters` output: JSON (`?format=json`) when it starts with `{`, else Envoy's text format. */
export function parseClustersStatus(text: string, label: string): ClusterStatusDump {
  if (text.trimStart().startsWith('{')) {
    const doc = parseJson({text, label}, 'Expected the output of the Envoy admin API /clusters?format=json')
    const dump = clustersStatusFromJson(doc)
    if (!dump) throw notClusters(label)
    return dump
  }
  return parseClustersText(text, label)
}

function notClusters(label: string): MeshscopeError {
  return new MeshscopeError('INPUT_INVALID', `${label} is not Envoy /clusters output: expected {"cluster_statuses": [...]} or lines like NAME::ADDRESS::health_flags::healthy`, [
    'Save it with: kubectl exec POD -c istio-proxy -- pilot-agent request GET "clusters?format=json" > clusters.json',
  ])
}

/** The model of parsed `/clusters?format=json` (envoy.admin.v3.Clusters), or undefined if `doc` is not one. */
export function clustersStatusFromJson(doc: unknown): ClusterStatusDump | undefined {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return undefined
  const statuses = field<unknown>(doc, 'cluster_statuses')
  if (statuses === undefined && Object.keys(doc).length > 0) return undefined
  const list = Array.isArray(statuses) ? statuses.filter(isRaw) : []
  return {format: 'json', clusters: list.map((c) => clusterFromJson(toProtoJson<Raw>(c)))}
}

const isRaw = (v: unknown): v is Raw => v !== null && typeof v === 'object' && !Array.isArray(v)

function clusterFromJson(c: Raw): ClusterStatus {
  const hosts = Array.isArray(c.hostStatuses) ? c.hostStatuses.filter(isRaw) : []
  const thresholds = (c.circuitBreakers as {thresholds?: CircuitBreakerThresholds[]} | undefined)?.thresholds
  return {
    name: str(c.name) ?? '',
    addedViaApi: c.addedViaApi === true,
    observabilityName: str(c.observabilityName),
    edsServiceName: str(c.edsServiceName),
    successRateEjectionThreshold: percent(c.successRateEjectionThreshold),
    localOriginSuccessRateEjectionThreshold: percent(c.localOriginSuccessRateEjectionThreshold),
    circuitBreakers: Array.isArray(thresholds) ? thresholds : [],
    hosts: hosts.map(hostFromJson),
    resource: c,
  }
}

function hostFromJson(h: Raw): HostStatus {
  const hs = isRaw(h.healthStatus) ? h.healthStatus : {}
  const eds = (str(hs.edsHealthStatus) ?? 'UNKNOWN') as EdsHealthStatus
  const set: Record<HealthFlag, boolean> = {
    failed_active_hc: hs.failedActiveHealthCheck === true,
    failed_outlier_check: hs.failedOutlierCheck === true,
    failed_eds_health: eds === 'UNHEALTHY' || eds === 'DRAINING' || eds === 'TIMEOUT',
    degraded_active_hc: hs.failedActiveDegradedCheck === true,
    degraded_eds_health: eds === 'DEGRADED',
    pending_dynamic_removal: hs.pendingDynamicRemoval === true,
    pending_active_hc: hs.pendingActiveHc === true,
    excluded_via_immediate_hc_fail: hs.excludedViaImmediateHcFail === true,
    active_hc_timeout: hs.activeHcTimeout === true,
    eds_status_draining: false,
  }
  const stats: Record<string, number> = {}
  for (const s of Array.isArray(h.stats) ? h.stats.filter(isRaw) : []) {
    if (typeof s.name === 'string') stats[s.name] = Number(s.value ?? 0)
  }
  return {
    address: (isRaw(h.address) ? h.address : {}) as Address,
    edsHealthStatus: eds,
    healthFlags: HEALTH_FLAGS.filter((f) => set[f]),
    failedOutlierCheck: set.failed_outlier_check,
    weight: num(h.weight),
    hostname: str(h.hostname),
    locality: isRaw(h.locality) ? (h.locality as Locality) : undefined,
    priority: num(h.priority),
    successRate: percent(h.successRate),
    localOriginSuccessRate: percent(h.localOriginSuccessRate),
    stats,
    resource: h,
  }
}

const str = (v: unknown) => (typeof v === 'string' ? v : undefined)
const num = (v: unknown) => (typeof v === 'number' ? v : typeof v === 'string' && v !== '' && Number.isFinite(Number(v)) ? Number(v) : undefined)
/** envoy.type.v3.Percent: {"value": N} */
const percent = (v: unknown) => (isRaw(v) ? num(v.value) : undefined)

// ---- text ------------------------------------------------------------------------------------------

/** Per-host lines that are not counters or gauges. */
const HOST_FIELDS = new Set(['hostname', 'health_flags', 'weight', 'region', 'zone', 'sub_zone', 'canary', 'priority', 'success_rate', 'local_origin_success_rate'])
/** The host stats that are gauges (SimpleMetric.type GAUGE in the JSON form); the others are counters. */
const GAUGES = new Set(['cx_active', 'rq_active'])
const CLUSTER_LINE = /^(observability_name|added_via_api|eds_service_name)::(.*)$/
const CLUSTER_STAT = /^(outlier|default_priority|high_priority)::([a-z_]+)::(.*)$/
/** `HOST::STAT::VALUE`: the host is the shortest prefix followed by a stat name (IPv6 hosts are bracketed). */
const HOST_LINE = /^(.+?)::([a-z][a-z0-9_.]*)::(.*)$/

interface TextCluster {
  name: string
  fields: Map<string, string>
  stats: Map<string, Map<string, string>>
  hosts: Map<string, Map<string, string>>
}

/**
 * Parses `/clusters` text (envoy-semantics.md §1.2): `CLUSTER::observability_name::…`, `CLUSTER::outlier::…`,
 * `CLUSTER::default_priority::…`, `CLUSTER::added_via_api::…` and `CLUSTER::HOST::STAT::VALUE` lines. Cluster
 * names are learnt from their `added_via_api` lines (every cluster has one), so names and hosts that contain
 * `::` still split right; without such lines the name ends at the first `::`.
 */
export function parseClustersText(text: string, label: string): ClusterStatusDump {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '' && !l.startsWith('version_info::'))
  const known = [...new Set(lines.map((l) => /^(.*)::added_via_api::(true|false)$/.exec(l)?.[1]).filter((n): n is string => !!n))]
  known.sort((a, b) => b.length - a.length)
  const clusters = new Map<string, TextCluster>()
  for (const line of lines) {
    const name = known.find((n) => line.startsWith(`${n}::`)) ?? line.slice(0, Math.max(0, line.indexOf('::')))
    if (!name) throw notClusters(label)
    let c = clusters.get(name)
    if (!c) {
      c = {name, fields: new Map(), stats: new Map(), hosts: new Map()}
      clusters.set(name, c)
    }
    const rest = line.slice(name.length + 2)
    const cl = CLUSTER_LINE.exec(rest)
    if (cl) {
      c.fields.set(cl[1], cl[2])
      continue
    }
    const cs = CLUSTER_STAT.exec(rest)
    if (cs) {
      const group = c.stats.get(cs[1]) ?? new Map<string, string>()
      group.set(cs[2], cs[3])
      c.stats.set(cs[1], group)
      continue
    }
    const hl = HOST_LINE.exec(rest)
    if (!hl) throw notClusters(label)
    const host = c.hosts.get(hl[1]) ?? new Map<string, string>()
    host.set(hl[2], hl[3])
    c.hosts.set(hl[1], host)
  }
  if (clusters.size === 0) throw notClusters(label)
  return {format: 'text', clusters: [...clusters.values()].map(clusterFromText)}
}

function clusterFromText(c: TextCluster): ClusterStatus {
  const outlier = c.stats.get('outlier')
  const thresholds: CircuitBreakerThresholds[] = []
  for (const [group, priority] of [
    ['default_priority', undefined],
    ['high_priority', 'HIGH'],
  ] as const) {
    const g = c.stats.get(group)
    if (!g) continue
    const t: CircuitBreakerThresholds = priority ? {priority} : {}
    for (const [k, v] of g) {
      const key = ({max_connections: 'maxConnections', max_pending_requests: 'maxPendingRequests', max_requests: 'maxRequests', max_retries: 'maxRetries'} as const)[k]
      if (key) t[key] = Number(v)
    }
    thresholds.push(t)
  }
  const hosts = [...c.hosts].map(([addr, f]) => hostFromText(addr, f))
  const successRateEjectionThreshold = rate(outlier?.get('success_rate_ejection_threshold'))
  const localOriginSuccessRateEjectionThreshold = rate(outlier?.get('local_origin_success_rate_ejection_threshold'))
  const addedViaApi = c.fields.get('added_via_api') === 'true'
  // the protojson ClusterStatus Envoy would have written, in field order
  const resource: Raw = {name: c.name}
  if (addedViaApi) resource.addedViaApi = true
  if (successRateEjectionThreshold !== undefined) resource.successRateEjectionThreshold = {value: successRateEjectionThreshold}
  if (hosts.length > 0) resource.hostStatuses = hosts.map((h) => h.resource)
  if (localOriginSuccessRateEjectionThreshold !== undefined) resource.localOriginSuccessRateEjectionThreshold = {value: localOriginSuccessRateEjectionThreshold}
  if (thresholds.length > 0) resource.circuitBreakers = {thresholds}
  if (c.fields.has('observability_name')) resource.observabilityName = c.fields.get('observability_name')
  if (c.fields.has('eds_service_name')) resource.edsServiceName = c.fields.get('eds_service_name')
  return {
    name: c.name,
    addedViaApi,
    observabilityName: c.fields.get('observability_name'),
    edsServiceName: c.fields.get('eds_service_name'),
    successRateEjectionThreshold,
    localOriginSuccessRateEjectionThreshold,
    circuitBreakers: thresholds,
    hosts,
    resource,
  }
}

/** -1 is how the text says "not computed" */
function rate(v: string | undefined): number | undefined {
  if (v === undefined) return undefined
  const n = Number(v)
  return Number.isFinite(n) && n >= 0 ? n : undefined
}

function hostFromText(addr: string, f: Map<string, string>): HostStatus {
  const address = parseAddressString(addr)
  const flags = (f.get('health_flags') ?? 'healthy')
    .split('/')
    .filter((x): x is HealthFlag => (HEALTH_FLAGS as readonly string[]).includes(x))
  const has = (x: HealthFlag) => flags.includes(x)
  // the text keeps only "failed EDS health"; UNHEALTHY stands for UNHEALTHY/TIMEOUT, and draining says so itself
  const eds: EdsHealthStatus = has('eds_status_draining') ? 'DRAINING' : has('failed_eds_health') ? 'UNHEALTHY' : has('degraded_eds_health') ? 'DEGRADED' : 'HEALTHY'
  const stats: Record<string, number> = {}
  for (const [k, v] of f) if (!HOST_FIELDS.has(k)) stats[k] = Number(v)
  const locality: Locality = {}
  if (f.get('region')) locality.region = f.get('region')
  if (f.get('zone')) locality.zone = f.get('zone')
  if (f.get('sub_zone')) locality.subZone = f.get('sub_zone')
  const weight = num(f.get('weight'))
  const priority = num(f.get('priority'))
  const successRate = rate(f.get('success_rate'))
  const localOriginSuccessRate = rate(f.get('local_origin_success_rate'))
  const hostname = f.get('hostname') || undefined
  const healthStatus: Raw = {}
  if (has('failed_active_hc')) healthStatus.failedActiveHealthCheck = true
  if (has('failed_outlier_check')) healthStatus.failedOutlierCheck = true
  healthStatus.edsHealthStatus = eds
  if (has('degraded_active_hc')) healthStatus.failedActiveDegradedCheck = true
  if (has('pending_dynamic_removal')) healthStatus.pendingDynamicRemoval = true
  if (has('pending_active_hc')) healthStatus.pendingActiveHc = true
  if (has('excluded_via_immediate_hc_fail')) healthStatus.excludedViaImmediateHcFail = true
  if (has('active_hc_timeout')) healthStatus.activeHcTimeout = true
  const resource: Raw = {address}
  resource.stats = Object.entries(stats).map(([name, value]) => {
    const s: Raw = GAUGES.has(name) ? {type: 'GAUGE'} : {}
    if (value !== 0) s.value = String(value)
    s.name = name
    return s
  })
  resource.healthStatus = healthStatus
  if (successRate !== undefined) resource.successRate = {value: successRate}
  if (weight) resource.weight = weight
  if (hostname) resource.hostname = hostname
  if (priority) resource.priority = priority
  if (localOriginSuccessRate !== undefined) resource.localOriginSuccessRate = {value: localOriginSuccessRate}
  if (Object.keys(locality).length > 0) resource.locality = locality
  return {
    address,
    edsHealthStatus: eds,
    healthFlags: flags,
    failedOutlierCheck: has('failed_outlier_check'),
    weight,
    hostname,
    locality: Object.keys(locality).length > 0 ? locality : undefined,
    priority,
    successRate,
    localOriginSuccessRate,
    stats,
    resource,
  }
}

/**
 * Reads Envoy's Address::asString() back into an Address: `ip:port`, `[ipv6]:port`, `envoy://listener/id`
 * (internal address), else a pipe path (`/path`, `@abstract`, `unix://…`).
 */
export function parseAddressString(s: string): Address {
  const v6 = /^\[([^\]]*)\]:(\d+)$/.exec(s)
  if (v6) return {socketAddress: {address: v6[1], portValue: Number(v6[2])}}
  const v4 = /^([^:/@[\]]+):(\d+)$/.exec(s)
  if (v4) return {socketAddress: {address: v4[1], portValue: Number(v4[2])}}
  const internal = /^envoy:\/\/([^/]*)\/(.*)$/.exec(s)
  if (internal) return {envoyInternalAddress: {serverListenerName: internal[1], endpointId: internal[2]}}
  return {pipe: {path: s.replace(/^unix:\/\//, '')}}
}
