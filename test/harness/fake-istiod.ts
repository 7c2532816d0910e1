import {readFileSync} from 'node:fs'
import type {Server} from 'node:http'
import {fixture} from '../helpers/cli.js'
import {type AdminAnswer, listenLoopback} from './fake-envoy-admin.js'
import type {FakeKubeApi} from './fake-kube-api.js'

export interface IstiodFiles {
  /** the /debug/syncz body (a SyncStatus array, either shape, or a CSDS answer) */
  syncz?: string
  /** proxyID → the /debug/config_dump?proxyID= body; other proxies get "not connected" */
  configDumps?: Record<string, string>
  /** /version body */
  version?: string
  /** proxyID → the /debug/edsz?proxyID= body; other proxies get "not connected" */
  edsz?: Record<string, string>
  /** path (with query, decoded) → file, for any other endpoint (/debug/registryz, /v1/listeners/…) */
  paths?: Record<string, string>
  /**
   * Pilot v1: the /v1/registration body (all-sds.json.golden). It also answers /v1/registration/{key} for
   * keys `paths` does not name, with that key's hosts written as Pilot wrote them (json.MarshalIndent with
   * prefix and indent " "); a key it does not list gets no hosts, as Pilot answered an unknown key.
   */
  registrations?: string
  /** answer paths matching this with the status (e.g. 503, Pilot's registry failure) */
  fail?: {match: RegExp; status: number; body: string}
}

const NOT_CONNECTED = 'Proxy not connected to this Pilot instance. It may be connected to another instance.\n'

/** A fake istiod debug server (and Pilot v1 REST API) over real payload files; `status` injects a fault. */
export class FakeIstiod {
  readonly requests: string[] = []
  status?: number

  constructor(readonly files: IstiodFiles) {}

  handle(method: string, target: string): AdminAnswer {
    this.requests.push(`${method} ${target}`)
    if (this.status) return text(this.status, this.status === 403 ? 'RBAC: access denied\n' : 'injected istiod failure\n')
    const url = new URL(target.startsWith('/') ? target : `/${target}`, 'http://istiod')
    if (url.pathname === '/debug/syncz' && this.files.syncz) return json(readFileSync(this.files.syncz))
    if (url.pathname === '/version' && this.files.version) return text(200, `${this.files.version}\n`)
    const path = decodeURIComponent(`${url.pathname}${url.search}`)
    if (this.files.fail?.match.test(path)) return text(this.files.fail.status, this.files.fail.body)
    const perProxy: Record<string, Record<string, string> | undefined> = {'/debug/config_dump': this.files.configDumps, '/debug/edsz': this.files.edsz}
    if (url.pathname in perProxy) {
      const file = perProxy[url.pathname]?.[url.searchParams.get('proxyID') ?? '']
      return file ? json(readFileSync(file)) : text(404, NOT_CONNECTED)
    }
    const file = this.files.paths?.[path]
    if (file) return json(readFileSync(file))
    if (path.startsWith('/v1/')) return this.v1Registration(path) ?? text(404, '404: Page Not Found')
    return text(404, '404 page not found\n')
  }

  private v1Registration(path: string): AdminAnswer | undefined {
    if (!this.files.registrations) return undefined
    if (path === '/v1/registration') return json(readFileSync(this.files.registrations))
    const m = /^\/v1\/registration\/([^/]+)$/.exec(path)
    if (!m) return undefined
    const all = JSON.parse(readFileSync(this.files.registrations, 'utf8')) as {'service-key': string; hosts: unknown[]}[]
    const hosts = all.find((r) => r['service-key'] === m[1])?.hosts ?? []
    return json(Buffer.from(JSON.stringify({hosts}, null, ' ').replaceAll('\n', '\n ')))
  }

  /** A real loopback HTTP server over this istiod, for --istiod-url. */
  listen(): Promise<{url: string; server: Server}> {
    return listenLoopback((method, url) => this.handle(method, url))
  }
}

const text = (status: number, body: string): AdminAnswer => ({status, contentType: 'text/plain', body: Buffer.from(body)})
const json = (body: Buffer): AdminAnswer => ({status: 200, contentType: 'application/json', body})

/** A Pilot v1 golden (history/pilot-v1-2018-06, pilot/pkg/proxy/envoy/v1/testdata). */
export const PILOT_V1 = (f: string) => fixture('istio', 'history', 'pilot-v1-2018-06', 'pilot', 'pkg', 'proxy', 'envoy', 'v1', 'testdata', f)
/** The mock proxy of Pilot's v1 tests, which its goldens answer. */
export const V1_NODE = 'sidecar~10.1.1.0~v0.default~default.svc.cluster.local'
export const HELLO_KEY = 'hello.default.svc.cluster.local|http'

/**
 * A Pilot 0.x serving the v1 goldens for one service node: LDS (lds-v0-none), RDS 80 (rds-v0; 81 and 443,
 * which the goldens do not cover, answer the empty rds-v0-tcp-none), CDS (cds), SDS (sds, sds-v1, the rest
 * from all-sds). The node defaults to the goldens' mock proxy.
 */
export function pilotV1Files(node = V1_NODE): IstiodFiles {
  const route = (name: string) => `/v1/routes/${name}/istio-proxy/${node}`
  return {
    registrations: PILOT_V1('all-sds.json.golden'),
    paths: {
      [`/v1/listeners/istio-proxy/${node}`]: PILOT_V1('lds-v0-none.json.golden'),
      [`/v1/clusters/istio-proxy/${node}`]: PILOT_V1('cds.json.golden'),
      [route('80')]: PILOT_V1('rds-v0.json.golden'),
      [route('81')]: PILOT_V1('rds-v0-tcp-none.json.golden'),
      [route('443')]: PILOT_V1('rds-v0-tcp-none.json.golden'),
      [`/v1/registration/${HELLO_KEY}`]: PILOT_V1('sds.json.golden'),
      [`/v1/registration/${HELLO_KEY}|version=v1`]: PILOT_V1('sds-v1.json.golden'),
    },
  }
}

/** An istiod pod of the fake cluster: `port` is its monitoring port, announced by annotation when `annotate`. */
export interface IstiodPod {
  name: string
  istiod: FakeIstiod
  port?: number
  running?: boolean
}

/**
 * Replaces the istiod pods (app=istiod in istio-system) of a fake cluster with these and returns their fakes.
 * `annotatePort` adds the `prometheus.io/port` annotation istioctl reads the monitoring port from.
 */
export function setIstiodPods(api: FakeKubeApi, list: readonly IstiodPod[], opts: {annotatePort?: boolean} = {}): FakeIstiod[] {
  api.pods = api.pods.filter((p) => p.labels?.app !== 'istiod')
  for (const {name, istiod, port, running} of list) {
    api.pods.push({
      name,
      namespace: 'istio-system',
      labels: {app: 'istiod'},
      containers: ['discovery'],
      admin: istiod,
      adminPort: port ?? 15014,
      ...(port && opts.annotatePort ? {annotations: {'prometheus.io/port': String(port)}} : {}),
      ...(running === false ? {phase: 'Pending', ready: false} : {}),
    })
  }
  return list.map((i) => i.istiod)
}
