import {readFileSync} from 'node:fs'
import {createServer, type Server} from 'node:http'
import type {AddressInfo} from 'node:net'

/** One answer of the admin API, as Envoy would send it. */
export interface AdminAnswer {
  status: number
  contentType: string
  body: Buffer
}

export interface EnvoyFiles {
  /** a real /config_dump (as saved, possibly with ?include_eds=true) */
  configDump: string
  /** a real /clusters?format=json */
  clustersJson?: string
  /** Envoy's POST /logging answer, to seed the loggers */
  logging?: string
  /** /stats text output */
  stats?: string
  /** what /ready answers (default LIVE; Envoy says PRE_INITIALIZING, INITIALIZING, DRAINING… otherwise, with 503) */
  ready?: string
  /**
   * Serve the dump re-printed the way Envoy prints it (protobuf's JSON printer: one space per level) instead
   * of byte for byte as saved: some fixtures are hand-edited istioctl test data (`"active_state" :{`).
   */
  reprint?: boolean
}

type Json = Record<string, unknown>

const EDS_TYPE = /EndpointsConfigDump$/
const LEVELS = ['trace', 'debug', 'info', 'warning', 'warn', 'error', 'critical', 'off']

/**
 * A fake Envoy admin API over real fixture files. It answers the paths meshscope and istioctl use, with
 * Envoy's query semantics: `mask` (a field mask applied to every top-level dump), `resource` (one repeated
 * field, each element as its own config), `include_eds`, `format=json`; plus POST /logging.
 */
export class FakeEnvoyAdmin {
  readonly requests: string[] = []
  private readonly dump: Buffer
  private readonly loggers = new Map<string, string>()
  /** answers of the paths that depend only on the files, which never change: a fleet of 1,000 pods asks the same */
  private readonly fileAnswers = new Map<string, AdminAnswer>()

  constructor(readonly files: EnvoyFiles) {
    const saved = readFileSync(files.configDump)
    this.dump = files.reprint ? Buffer.from(JSON.stringify(JSON.parse(saved.toString('utf8')), null, 1)) : saved
    const logging = files.logging ? readFileSync(files.logging, 'utf8') : 'active loggers:\n  admin: info\n  config: info\n'
    for (const m of logging.matchAll(/^ {2}([\w.]+): (\w+)$/gm)) this.loggers.set(m[1], m[2])
  }

  handle(method: string, target: string): AdminAnswer {
    this.requests.push(`${method} ${target}`)
    const url = new URL(target.startsWith('/') ? target : `/${target}`, 'http://envoy')
    const q = url.searchParams
    const mutating = url.pathname === '/logging'
    if (mutating && method !== 'POST') return text(405, 'This endpoint requires POST.\n')
    const fromFiles = {'/config_dump': () => this.configDump(q), '/clusters': () => this.clusters(q)}[url.pathname]
    if (fromFiles) {
      const answer = this.fileAnswers.get(target) ?? fromFiles()
      this.fileAnswers.set(target, answer)
      return answer
    }
    switch (url.pathname) {
      case '/logging':
        return this.logging(q)
      case '/stats':
        return this.stats(q)
      case '/stats/prometheus':
        return text(200, toPrometheus(this.statsText()))
      case '/ready': {
        const state = this.files.ready ?? 'LIVE'
        return text(state === 'LIVE' ? 200 : 503, `${state}\n`)
      }
      case '/certs':
        return json(200, Buffer.from('{\n "certificates": []\n}\n'))
      case '/server_info':
        return json(200, Buffer.from(JSON.stringify({version: 'fake/1.0/Clean/RELEASE/BoringSSL', state: this.files.ready ?? 'LIVE'}, null, 1)))
      default:
        return text(404, `invalid path: ${url.pathname}\n`)
    }
  }

  /** The full dump as parsed JSON (what -f reads), for tests that compare. */
  dumpJson(): Json {
    return JSON.parse(this.dump.toString('utf8'))
  }

  private configDump(q: URLSearchParams): AdminAnswer {
    const includeEds = q.has('include_eds') && q.get('include_eds') !== 'false'
    const mask = q.get('mask')
    const resource = q.get('resource')
    let configs = (this.dumpJson().configs ?? []) as Json[]
    if (!includeEds) configs = configs.filter((c) => !EDS_TYPE.test(String(c['@type'])))
    if (!mask && !resource) {
      // unchanged: the file as saved, byte for byte
      if (configs.length === ((this.dumpJson().configs ?? []) as Json[]).length) return json(200, this.dump)
      return json(200, Buffer.from(JSON.stringify({configs}, null, 1)))
    }
    if (resource) {
      const items: Json[] = []
      for (const c of configs) {
        const field = fieldOf(c, resource)
        if (!Array.isArray(field)) continue
        for (const item of field) items.push({'@type': `${String(c['@type'])}.${resourceTypeName(resource)}`, ...(item as Json)})
      }
      if (items.length === 0) return text(404, `${resource} not found in config dump\n`)
      return json(200, Buffer.from(JSON.stringify({configs: items.map((i) => maskObject(i, mask))}, null, 1)))
    }
    return json(200, Buffer.from(JSON.stringify({configs: configs.map((c) => maskObject(c, mask))}, null, 1)))
  }

  private clusters(q: URLSearchParams): AdminAnswer {
    if (!this.files.clustersJson) return text(200, '')
    const body = readFileSync(this.files.clustersJson)
    if (q.get('format') === 'json') return json(200, body)
    return text(200, clustersText(JSON.parse(body.toString('utf8'))))
  }

  private logging(q: URLSearchParams): AdminAnswer {
    for (const [name, level] of q) {
      if (!LEVELS.includes(level)) return text(404, `error: unknown logger level\n`)
      if (name === 'level') for (const key of this.loggers.keys()) this.loggers.set(key, level)
      else if (this.loggers.has(name)) this.loggers.set(name, level)
      else return text(404, `error: unknown logger name\n`)
    }
    const lines = [...this.loggers.entries()].map(([k, v]) => `  ${k}: ${v}`)
    return text(200, `active loggers:\n${lines.join('\n')}\n`)
  }

  private statsText(): string {
    return this.files.stats ? readFileSync(this.files.stats, 'utf8') : ''
  }

  private stats(q: URLSearchParams): AdminAnswer {
    const lines = this.statsText().split('\n').filter(Boolean)
    if (q.get('format') === 'json') {
      const stats = lines.map((l) => {
        const i = l.indexOf(': ')
        const value = l.slice(i + 2)
        return /^\d+$/.test(value) ? {name: l.slice(0, i), value: Number(value)} : {name: l.slice(0, i), value}
      })
      return json(200, Buffer.from(JSON.stringify({stats}, null, 1)))
    }
    return text(200, `${lines.join('\n')}\n`)
  }

  /** A real loopback HTTP server over this admin, for --admin-url. */
  listen(): Promise<{url: string; server: Server}> {
    return listenLoopback((method, url) => this.handle(method, url))
  }
}

const text = (status: number, body: string): AdminAnswer => ({status, contentType: 'text/plain', body: Buffer.from(body)})
const json = (status: number, body: Buffer): AdminAnswer => ({status, contentType: 'application/json', body})

const camel = (snake: string) => snake.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())

function fieldOf(obj: Json, snake: string): unknown {
  return obj[snake] ?? obj[camel(snake)]
}

/** A FieldMask applied to one dump: keep @type and the listed top-level fields (Envoy's TrimMessage). */
function maskObject(obj: Json, mask: string | null): Json {
  if (!mask) return obj
  const keep = new Set(mask.split(',').flatMap((f) => [f, camel(f)]))
  return Object.fromEntries(Object.entries(obj).filter(([k]) => k === '@type' || keep.has(k)))
}

const RESOURCE_TYPES: Record<string, string> = {
  dynamic_active_clusters: 'DynamicCluster',
  dynamic_warming_clusters: 'DynamicCluster',
  static_clusters: 'StaticCluster',
  dynamic_listeners: 'DynamicListener',
  static_listeners: 'StaticListener',
  dynamic_route_configs: 'DynamicRouteConfig',
  static_route_configs: 'StaticRouteConfig',
  dynamic_active_secrets: 'DynamicSecret',
  dynamic_warming_secrets: 'DynamicSecret',
}
const resourceTypeName = (field: string) => RESOURCE_TYPES[field] ?? 'Resource'

/** /clusters text format (`name::host:port::stat::value`), derived from the same /clusters?format=json data. */
function clustersText(doc: Json): string {
  const out: string[] = []
  for (const c of (doc.cluster_statuses ?? doc.clusterStatuses ?? []) as Json[]) {
    const name = String(c.name)
    out.push(`${name}::observability_name::${name}`)
    for (const h of (c.host_statuses ?? c.hostStatuses ?? []) as Json[]) {
      const sa = ((h.address as Json)?.socket_address ?? (h.address as Json)?.socketAddress ?? {}) as Json
      const host = `${sa.address}:${sa.port_value ?? sa.portValue}`
      for (const s of (h.stats ?? []) as Json[]) out.push(`${name}::${host}::${s.name}::${s.value ?? 0}`)
    }
  }
  return `${out.join('\n')}\n`
}

/** Prometheus exposition of `name: value` counters (what /stats/prometheus serves), for the fake only. */
function toPrometheus(stats: string): string {
  const out: string[] = []
  for (const line of stats.split('\n')) {
    const m = /^([\w.]+): (\d+)$/.exec(line)
    if (m) out.push(`# TYPE envoy_${m[1].replace(/\./g, '_')} counter`, `envoy_${m[1].replace(/\./g, '_')}{} ${m[2]}`)
  }
  return `${out.join('\n')}\n`
}

/** Serves a fake's answers on a real loopback HTTP server (for --admin-url / --istiod-url). */
export async function listenLoopback(handle: (method: string, url: string) => AdminAnswer): Promise<{url: string; server: Server}> {
  const server = createServer((req, res) => {
    const answer = handle(req.method ?? 'GET', req.url ?? '/')
    res.writeHead(answer.status, {'content-type': answer.contentType, 'content-length': answer.body.length})
    res.end(answer.body)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server}
}
