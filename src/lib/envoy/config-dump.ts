import {MeshscopeError} from '../cli/errors.js'
import {field, type Shape, toProtoJson} from './proto-json.js'
import type {
  Bootstrap,
  Cluster,
  ClusterLoadAssignment,
  Listener,
  RouteConfiguration,
  Secret,
  TypedExtensionConfig,
} from './types.js'

/** Where a resource came from in the dump and the state Envoy reports for it. */
export type ResourceState = 'ACTIVE' | 'WARMING' | 'DRAINING' | 'ERROR'

export interface DumpEntry<T> {
  readonly name: string
  /** static_* (bootstrap) or dynamic_* (xDS) */
  readonly origin: 'static' | 'dynamic'
  readonly state: ResourceState
  readonly versionInfo?: string
  readonly lastUpdated?: string
  /** For ERROR entries: Envoy's UpdateFailureState (the rejected config and why). */
  readonly errorState?: {details?: string; lastUpdateAttempt?: string; failedConfiguration?: unknown}
  /** The resource in protojson form, converted the first time it is read. */
  readonly resource: T
  /** The resource as the dump spells it (snake_case or camelCase): read it with `field()` where one field is enough. */
  readonly raw: unknown
}

/**
 * An entry whose resource is converted to protojson only when something reads it: a table that needs three
 * fields of 18,000 clusters reads them from `raw`, and a trace converts only the resources it visits.
 */
class LazyEntry<T> implements DumpEntry<T> {
  private converted?: T

  constructor(
    readonly name: string,
    readonly origin: 'static' | 'dynamic',
    readonly state: ResourceState,
    readonly raw: unknown,
    readonly versionInfo?: string,
    readonly lastUpdated?: string,
    readonly errorState?: DumpEntry<T>['errorState'],
  ) {}

  get resource(): T {
    if (this.converted === undefined) this.converted = toProtoJson<T>(this.raw)
    return this.converted
  }
}

export type SectionKind = 'bootstrap' | 'clusters' | 'listeners' | 'routes' | 'scopedRoutes' | 'secrets' | 'endpoints' | 'ecds'

/** The admin ConfigDump message names (v3 and the older v2alpha/api.v2 ones) and the section each holds. */
const SECTION_TYPES: Record<string, SectionKind> = {
  BootstrapConfigDump: 'bootstrap',
  ClustersConfigDump: 'clusters',
  ListenersConfigDump: 'listeners',
  RoutesConfigDump: 'routes',
  ScopedRoutesConfigDump: 'scopedRoutes',
  SecretsConfigDump: 'secrets',
  EndpointsConfigDump: 'endpoints',
  EcdsConfigDump: 'ecds',
}
const ADMIN_TYPE = /^type\.googleapis\.com\/envoy\.admin\.(v2alpha|v3|v4alpha)\.([A-Za-z]+)$/

export function sectionKindOf(typeUrl: unknown): SectionKind | undefined {
  if (typeof typeUrl !== 'string') return undefined
  const m = ADMIN_TYPE.exec(typeUrl)
  return m ? SECTION_TYPES[m[2]] : undefined
}

type Raw = Record<string, unknown>

/**
 * A typed, read-only view of one proxy's /config_dump. Sections are picked by `@type`, never by position.
 * Each section is converted to protojson form the first time it is read, so a command that needs only
 * clusters never pays for listeners (nor parses them: read-dump.ts).
 */
export class ConfigDump {
  /** The admin `@type`s present, in dump order (known and unknown). */
  readonly sectionTypes: readonly string[]
  /** `@type`s this model does not know: kept (see `unknownSections`) and reported, never fatal. */
  readonly unknownTypes: readonly string[]
  readonly unknownSections: readonly Raw[]

  private readonly raw = new Map<SectionKind, Raw[]>()
  private readonly memo = new Map<string, unknown>()

  constructor(private readonly configs: readonly Raw[]) {
    const types: string[] = []
    const unknownTypes: string[] = []
    const unknownSections: Raw[] = []
    for (const section of configs) {
      const type = typeof section['@type'] === 'string' ? section['@type'] : '(no @type)'
      types.push(type)
      const kind = sectionKindOf(type)
      if (kind === undefined) {
        unknownTypes.push(type)
        unknownSections.push(section)
        continue
      }
      const list = this.raw.get(kind) ?? []
      list.push(section)
      this.raw.set(kind, list)
    }
    this.sectionTypes = types
    this.unknownTypes = unknownTypes
    this.unknownSections = unknownSections
  }

  /** Every section, known or not, in dump order and protojson form: the dump as istioctl reprints it. */
  allSections(): Raw[] {
    return this.once('allSections', () => toProtoJson<Raw[]>(this.configs))
  }

  has(kind: SectionKind): boolean {
    return this.raw.has(kind)
  }

  /** Human-readable notes about the dump (unknown section types), for `-v` and `--json` warnings. */
  get warnings(): string[] {
    return this.unknownTypes.map((t) => `ignored config_dump section of unknown type ${t}`)
  }

  get bootstrap(): {bootstrap: Bootstrap; lastUpdated?: string} | undefined {
    return this.once('bootstrap', () => {
      const section = this.raw.get('bootstrap')?.[0]
      if (!section) return undefined
      return {bootstrap: conv<Bootstrap>(field(section, 'bootstrap') ?? {}), lastUpdated: field<string>(section, 'last_updated')}
    })
  }

  /** The raw BootstrapConfigDump section in protojson form (what `proxy-config bootstrap -o json` prints). */
  get bootstrapSection(): unknown {
    return this.once('bootstrapSection', () => {
      const section = this.raw.get('bootstrap')?.[0]
      return section ? toProtoJson(section) : undefined
    })
  }

  get clusters(): readonly DumpEntry<Cluster>[] {
    return this.once('clusters', () => {
      const out: DumpEntry<Cluster>[] = []
      for (const s of this.sections('clusters')) {
        for (const [key, origin, state] of CLUSTER_LISTS) for (const e of list(s, key)) out.push(entry(e, 'cluster', origin, state))
      }
      return out
    })
  }

  get listeners(): readonly DumpEntry<Listener>[] {
    return this.once('listeners', () => {
      const out: DumpEntry<Listener>[] = []
      for (const s of this.sections('listeners')) {
        for (const e of list(s, 'static_listeners')) out.push(entry(e, 'listener', 'static', 'ACTIVE'))
        // v3: one entry per listener name holding its states
        for (const d of list(s, 'dynamic_listeners')) {
          // egctl's protojson dumps leave out the DynamicListener name: fall back to the listener's own
          const named = field(d, 'name')
          const name = typeof named === 'string' && named !== '' ? named : undefined
          for (const [key, state] of LISTENER_STATES) {
            const st = field<Raw>(d, key)
            if (isObject(st)) out.push(entry(st, 'listener', 'dynamic', state, name))
          }
          const err = field<Raw>(d, 'error_state')
          if (isObject(err)) {
            const failed = field<Raw>(err, 'failed_configuration')
            out.push(new LazyEntry<Listener>(name ?? nameOf(failed), 'dynamic', 'ERROR', isObject(failed) ? failed : {name}, undefined, undefined, toProtoJson(err)))
          }
        }
        // v2alpha: one list per state
        for (const e of list(s, 'dynamic_active_listeners')) out.push(entry(e, 'listener', 'dynamic', 'ACTIVE'))
        for (const e of list(s, 'dynamic_warming_listeners')) out.push(entry(e, 'listener', 'dynamic', 'WARMING'))
        for (const e of list(s, 'dynamic_draining_listeners')) out.push(entry(e, 'listener', 'dynamic', 'DRAINING'))
      }
      return out
    })
  }

  /** RDS route configurations (static and dynamic). Inline HCM route configs are in `inlineRouteConfigs`. */
  get routeConfigs(): readonly DumpEntry<RouteConfiguration>[] {
    return this.once('routeConfigs', () => {
      const out: DumpEntry<RouteConfiguration>[] = []
      for (const s of this.sections('routes')) {
        for (const [key, origin, state] of ROUTE_LISTS) for (const e of list(s, key)) out.push(entry(e, 'route_config', origin, state))
      }
      return out
    })
  }

  /** EDS ClusterLoadAssignments (present with `?include_eds`). */
  get endpointConfigs(): readonly DumpEntry<ClusterLoadAssignment>[] {
    return this.once('endpoints', () => {
      const out: DumpEntry<ClusterLoadAssignment>[] = []
      for (const s of this.sections('endpoints')) {
        for (const [key, origin, state] of ENDPOINT_LISTS) for (const e of list(s, key)) out.push(entry(e, 'endpoint_config', origin, state, undefined, 'cluster_name'))
      }
      return out
    })
  }

  get secrets(): readonly DumpEntry<Secret>[] {
    return this.once('secrets', () => {
      const out: DumpEntry<Secret>[] = []
      for (const s of this.sections('secrets')) {
        for (const e of list(s, 'static_secrets')) out.push(entry(e, 'secret', 'static', 'ACTIVE', field(e, 'name')))
        for (const e of list(s, 'dynamic_active_secrets')) out.push(entry(e, 'secret', 'dynamic', 'ACTIVE', field(e, 'name')))
        for (const e of list(s, 'dynamic_warming_secrets')) out.push(entry(e, 'secret', 'dynamic', 'WARMING', field(e, 'name')))
      }
      return out
    })
  }

  get ecdsFilters(): readonly DumpEntry<TypedExtensionConfig>[] {
    return this.once('ecds', () => {
      const out: DumpEntry<TypedExtensionConfig>[] = []
      for (const s of this.sections('ecds')) {
        for (const e of list(s, 'ecds_filters')) out.push(entry(e, 'ecds_filter', 'dynamic', 'ACTIVE'))
      }
      return out
    })
  }

  /** The whole section(s) of a kind in protojson form, merged when a dump repeats a type. */
  section(kind: SectionKind): Raw | undefined {
    return this.once(`section:${kind}`, () => {
      const all = this.sections(kind)
      if (all.length === 0) return undefined
      return toProtoJson<Raw>(all.length === 1 ? all[0] : mergeSections(all))
    })
  }

  // ---- indexes by name -------------------------------------------------------------------------

  /** The active (else warming) listener of that name. */
  listener(name: string): DumpEntry<Listener> | undefined {
    return this.index('listener', () => this.listeners).get(name)
  }

  /** The active (else warming) cluster of that name. */
  cluster(name: string): DumpEntry<Cluster> | undefined {
    return this.index('cluster', () => this.clusters).get(name)
  }

  routeConfig(name: string): DumpEntry<RouteConfiguration> | undefined {
    return this.index('route', () => this.routeConfigs).get(name)
  }

  secret(name: string): DumpEntry<Secret> | undefined {
    return this.index('secret', () => this.secrets).get(name)
  }

  /** The EDS assignment for a service name (a cluster's `eds_cluster_config.service_name`, else its name). */
  endpointConfig(serviceName: string): DumpEntry<ClusterLoadAssignment> | undefined {
    return this.index('eds', () => this.endpointConfigs).get(serviceName)
  }

  private index<T>(key: string, entries: () => readonly DumpEntry<T>[]): Map<string, DumpEntry<T>> {
    return this.once(`index:${key}`, () => {
      const map = new Map<string, DumpEntry<T>>()
      for (const e of entries()) {
        const prev = map.get(e.name)
        // active wins over warming/draining/error: it is what Envoy uses for new connections
        if (!prev || (prev.state !== 'ACTIVE' && e.state === 'ACTIVE')) map.set(e.name, e)
      }
      return map
    })
  }

  private sections(kind: SectionKind): Raw[] {
    return this.raw.get(kind) ?? []
  }

  private once<T>(key: string, compute: () => T): T {
    if (!this.memo.has(key)) this.memo.set(key, compute())
    return this.memo.get(key) as T
  }
}

const LISTENER_STATES: [string, ResourceState][] = [
  ['active_state', 'ACTIVE'],
  ['warming_state', 'WARMING'],
  ['draining_state', 'DRAINING'],
]

function conv<T>(v: unknown): T {
  return toProtoJson<T>(v)
}

function isObject(v: unknown): v is Raw {
  return v !== null && typeof v === 'object' && !Array.isArray(v)
}

function nameOf(resource: unknown): string {
  const n = field(resource, 'name')
  return typeof n === 'string' ? n : ''
}

/** The entry lists of a ClustersConfigDump, an EndpointsConfigDump and a RoutesConfigDump: field, origin, state. */
const CLUSTER_LISTS: [string, 'static' | 'dynamic', ResourceState][] = [
  ['static_clusters', 'static', 'ACTIVE'],
  ['dynamic_active_clusters', 'dynamic', 'ACTIVE'],
  ['dynamic_warming_clusters', 'dynamic', 'WARMING'],
]
const ENDPOINT_LISTS: [string, 'static' | 'dynamic', ResourceState][] = [
  ['static_endpoint_configs', 'static', 'ACTIVE'],
  ['dynamic_endpoint_configs', 'dynamic', 'ACTIVE'],
]
const ROUTE_LISTS: [string, 'static' | 'dynamic', ResourceState][] = [
  ['static_route_configs', 'static', 'ACTIVE'],
  ['dynamic_route_configs', 'dynamic', 'ACTIVE'],
]
/** Per section kind with a shape: its entry lists and the field of an entry that holds the resource. */
const ENTRY_LISTS = {
  clusters: [CLUSTER_LISTS, 'cluster'],
  endpoints: [ENDPOINT_LISTS, 'endpoint_config'],
  routes: [ROUTE_LISTS, 'route_config'],
} as const

/**
 * The shape (see parseConfigDump) of a clusters, endpoints, routes or listeners section whose resources are
 * read only for the fields `resource` names: the section's and the entries' own fields are all kept.
 */
export function entryShape(kind: keyof typeof ENTRY_LISTS | 'listeners', resource: Shape): Shape {
  const section: Shape = {'@type': true, version_info: true}
  if (kind === 'listeners') {
    const entry: Shape = {version_info: true, last_updated: true, listener: resource}
    // v3 keeps a listener's states in one entry (error_state holds the rejected config whole); v2alpha has a list per state
    const dynamic: Shape = {name: true, error_state: true, ...Object.fromEntries(LISTENER_STATES.map(([key]) => [key, entry]))}
    return {...section, static_listeners: entry, dynamic_listeners: dynamic, dynamic_active_listeners: entry, dynamic_warming_listeners: entry, dynamic_draining_listeners: entry}
  }
  const [lists, resourceKey] = ENTRY_LISTS[kind]
  const entry: Shape = {version_info: true, last_updated: true, error_state: true, client_status: true, [resourceKey]: resource}
  return {...section, ...Object.fromEntries(lists.map(([key]) => [key, entry]))}
}

function list(section: Raw, key: string): Raw[] {
  const v = field<unknown>(section, key)
  return Array.isArray(v) ? (v.filter((x) => x !== null && typeof x === 'object') as Raw[]) : []
}

function entry<T>(
  e: Raw,
  resourceKey: string,
  origin: 'static' | 'dynamic',
  state: ResourceState,
  name?: unknown,
  nameField = 'name',
): DumpEntry<T> {
  const raw = field(e, resourceKey) ?? {}
  const named = field(raw, nameField)
  const resolvedName = typeof name === 'string' ? name : typeof named === 'string' ? named : String(named ?? '')
  return new LazyEntry<T>(resolvedName, origin, state, raw, field<string>(e, 'version_info'), field<string>(e, 'last_updated'))
}

function mergeSections(all: Raw[]): Raw {
  const out: Raw = {}
  for (const s of all) {
    for (const [k, v] of Object.entries(s)) {
      const prev = out[k]
      out[k] = Array.isArray(prev) && Array.isArray(v) ? [...prev, ...v] : v
    }
  }
  return out
}

/**
 * Turns parsed JSON into a ConfigDump. Accepted shapes: `{configs: [...]}` (Envoy's /config_dump and
 * istiod's /debug/config_dump), a single admin section object with its `@type`, egctl's
 * `{xds: {"<ns>/<name>": {configs}}}` wrapper, and a bare `dynamic_active_clusters` array as shown in
 * Envoy's docs (`jq '.configs[1].dynamic_active_clusters'`).
 */
export function configDumpFrom(doc: unknown, label: string): ConfigDump {
  const configs = findConfigs(doc)
  if (!configs) {
    throw new MeshscopeError('INPUT_INVALID', `${label} is not an Envoy config dump: expected an object with "configs" (the output of the admin API's /config_dump)`, [
      'Save a dump with: kubectl exec POD -c istio-proxy -- pilot-agent request GET config_dump > dump.json',
      "or: curl -s localhost:15000/config_dump > dump.json",
    ])
  }
  return checkedDump(new ConfigDump(configs), label)
}

/**
 * A dump that holds at least one section this model knows (an empty `configs` is a dump with nothing in
 * it). `types`: every section's `@type` in the document, when the model holds only some of them.
 */
export function checkedDump(dump: ConfigDump, label: string, types: readonly string[] = dump.sectionTypes): ConfigDump {
  if (types.length > 0 && types.every((t) => sectionKindOf(t) === undefined)) {
    throw new MeshscopeError(
      'INPUT_INVALID',
      `${label} holds no config dump section meshscope knows (found ${[...new Set(types)].join(', ')})`,
      ['Expected sections of type type.googleapis.com/envoy.admin.v3.*ConfigDump (or v2alpha)'],
    )
  }
  return dump
}

function findConfigs(doc: unknown): Raw[] | undefined {
  if (Array.isArray(doc)) {
    // a bare list of dynamic/static cluster entries
    if (doc.length > 0 && doc.every((e) => e && typeof e === 'object' && field(e, 'cluster'))) {
      return [{'@type': 'type.googleapis.com/envoy.admin.v3.ClustersConfigDump', dynamic_active_clusters: doc}]
    }
    return undefined
  }
  if (!doc || typeof doc !== 'object') return undefined
  const o = doc as Raw
  const configs = o.configs
  if (Array.isArray(configs)) return configs.filter((c) => c && typeof c === 'object') as Raw[]
  // a `configs` map keyed by type (Envoy < 1.8 wrote {"configs": {"clusters": {...}, "listeners": {...}}})
  if (configs && typeof configs === 'object') return Object.values(configs as Raw).filter((c) => c && typeof c === 'object') as Raw[]
  if (typeof o['@type'] === 'string' && sectionKindOf(o['@type'])) return [o]
  if (o.xds && typeof o.xds === 'object') {
    const first = Object.values(o.xds as Raw)[0]
    return findConfigs(first)
  }
  return undefined
}
