/**
 * Seeded generator of large, realistic Istio sidecar config dumps (`/config_dump?include_eds`), written the
 * way Envoy writes them: snake_case, 2-space indented, sections in Envoy's order. Streams to disk, so a
 * 10,000-service dump (well over 100 MB) never exists as one string.
 *
 *   node --import tsx bench/generate-dump.ts --services 1000 [--seed 1] [--out dump.json]
 */
import {closeSync, openSync, writeSync} from 'node:fs'
import {pathToFileURL} from 'node:url'
import {
  bootstrap,
  bootstrapClusters,
  httpListener,
  loadAssignment,
  outboundCluster,
  routeConfiguration,
  secrets,
  specialClusters,
  staticListeners,
  tcpListener,
  virtualHost,
  virtualInbound,
  virtualOutbound,
} from './envoy-resources.js'
import {buildMesh, type Mesh, prng, type Service} from './mesh-model.js'

/** Bump when the output changes, so cached dumps in .bench-data/ are regenerated. */
export const GENERATOR_VERSION = 2

export interface GenerateOptions {
  services: number
  seed?: number
}

/** What was generated, and a request the trace benchmark can follow through it. */
export interface DumpManifest {
  generatorVersion: number
  seed: number
  services: number
  /** Dynamic clusters (the bootstrap's static clusters aside) */
  clusters: number
  endpointConfigs: number
  endpoints: number
  listeners: number
  routeConfigs: number
  virtualHosts: number
  bytes: number
  /** An HTTP request that crosses LDS → RDS (header match) → CDS → EDS: the last vhost of the biggest route config. */
  trace: {url: string; headers: string[]; expectCluster: string}
}

const ADMIN = 'type.googleapis.com/envoy.admin.v3.'

/** An array streamed item by item (the big resource lists). */
class Many {
  constructor(readonly items: Iterable<unknown>) {}
}
/** An object that holds a `Many` somewhere below it, so it must be written key by key. */
class Obj {
  constructor(readonly fields: Record<string, unknown>) {}
}

/** Pretty-prints like Envoy's admin handler (2 spaces), streaming through `Many` and `Obj`. */
function* render(v: unknown, pad: string): Generator<string> {
  if (v instanceof Many || Array.isArray(v)) {
    const items = v instanceof Many ? v.items : v
    let first = true
    yield '['
    for (const x of items) {
      yield `${first ? '' : ','}\n${pad}  `
      yield* render(x, `${pad}  `)
      first = false
    }
    yield first ? ']' : `\n${pad}]`
    return
  }
  if (v instanceof Obj) {
    const entries = Object.entries(v.fields).filter(([, x]) => x !== undefined)
    yield '{'
    let first = true
    for (const [k, x] of entries) {
      yield `${first ? '' : ','}\n${pad}  ${JSON.stringify(k)}: `
      yield* render(x, `${pad}  `)
      first = false
    }
    yield first ? '}' : `\n${pad}}`
    return
  }
  yield JSON.stringify(v, null, 2).replaceAll('\n', `\n${pad}`)
}

interface Clock {
  version: string
  at: () => string
}

/** Deterministic xDS version and last_updated stamps spread over a few seconds of one push. */
function clock(rnd: () => number): Clock {
  const base = Date.UTC(2026, 10, 20, 9, 30, 0)
  return {
    version: `${new Date(base).toISOString().replace('.000', '')}/${1 + Math.floor(rnd() * 90)}`,
    at: () => new Date(base + Math.floor(rnd() * 5000)).toISOString(),
  }
}

function httpPorts(mesh: Mesh): Map<number, Service[]> {
  const byPort = new Map<number, Service[]>()
  for (const svc of mesh.services) {
    for (const p of svc.ports) {
      if (p.protocol === 'TCP') continue
      byPort.set(p.port, [...(byPort.get(p.port) ?? []), svc])
    }
  }
  return new Map([...byPort].sort(([a], [b]) => a - b))
}

/** The whole dump as a stream of text chunks, plus counts filled in as it is produced. */
export function dumpChunks(opts: GenerateOptions): {chunks: Iterable<string>; manifest: DumpManifest} {
  const seed = opts.seed ?? 1
  const mesh = buildMesh(opts.services, seed)
  const rnd = prng(seed ^ 0x5eed)
  const t = clock(rnd)
  const byPort = httpPorts(mesh)
  const manifest: DumpManifest = {
    generatorVersion: GENERATOR_VERSION,
    seed,
    services: mesh.services.length,
    clusters: 0,
    endpointConfigs: 0,
    endpoints: 0,
    listeners: 0,
    routeConfigs: byPort.size,
    virtualHosts: 0,
    bytes: 0,
    trace: traceSample(mesh, byPort),
  }

  const dynamicCluster = (cluster: unknown) => ({version_info: t.version, cluster, last_updated: t.at()})
  function* clusters() {
    for (const c of specialClusters(mesh)) {
      manifest.clusters++
      yield dynamicCluster(c)
    }
    for (const svc of mesh.services) {
      for (const p of svc.ports) {
        for (const subset of ['', ...svc.subsets]) {
          manifest.clusters++
          yield dynamicCluster(outboundCluster(svc, p, subset))
        }
      }
    }
  }
  function* endpoints() {
    for (const svc of mesh.services) {
      if (svc.external) continue
      for (const p of svc.ports) {
        for (const subset of ['', ...svc.subsets]) {
          const cla = loadAssignment(svc, p.port, subset)
          manifest.endpointConfigs++
          manifest.endpoints += subset ? svc.pods.filter((x) => x.version === subset).length : svc.pods.length
          yield {endpoint_config: cla}
        }
      }
    }
  }
  const dynamicListener = (listener: {name: string}) => {
    manifest.listeners++
    return {name: listener.name, active_state: {version_info: t.version, listener, last_updated: t.at()}}
  }
  function* listeners() {
    for (const port of byPort.keys()) yield dynamicListener(httpListener(port) as {name: string})
    for (const svc of mesh.services) {
      if (svc.external) continue
      for (const p of svc.ports) if (p.protocol === 'TCP') yield dynamicListener(tcpListener(svc, p.port) as {name: string})
    }
    yield dynamicListener(virtualOutbound() as {name: string})
    yield dynamicListener(virtualInbound(mesh) as {name: string})
  }
  function* routes() {
    for (const [port, svcs] of byPort) {
      manifest.virtualHosts += svcs.length
      const vhosts = svcs.map((s) => virtualHost(s, port, mesh.self.namespace))
      yield {version_info: t.version, route_config: routeConfiguration(port, vhosts), last_updated: t.at()}
    }
  }

  const doc = new Obj({
    configs: [
      {'@type': `${ADMIN}BootstrapConfigDump`, bootstrap: bootstrap(mesh), last_updated: t.at()},
      new Obj({
        '@type': `${ADMIN}ClustersConfigDump`,
        version_info: t.version,
        static_clusters: bootstrapClusters().map((cluster) => ({cluster, last_updated: t.at()})),
        dynamic_active_clusters: new Many(clusters()),
      }),
      new Obj({
        '@type': `${ADMIN}EndpointsConfigDump`,
        dynamic_endpoint_configs: new Many(endpoints()),
      }),
      new Obj({
        '@type': `${ADMIN}ListenersConfigDump`,
        version_info: t.version,
        static_listeners: staticListeners().map((listener) => ({listener, last_updated: t.at()})),
        dynamic_listeners: new Many(listeners()),
      }),
      {'@type': `${ADMIN}ScopedRoutesConfigDump`},
      new Obj({'@type': `${ADMIN}RoutesConfigDump`, dynamic_route_configs: new Many(routes())}),
      {'@type': `${ADMIN}SecretsConfigDump`, dynamic_active_secrets: secrets(rnd, t.at())},
    ].map((s) => (s instanceof Obj ? s : new Obj(s))),
  })
  const chunks = (function* () {
    for (const c of render(doc, '')) {
      manifest.bytes += Buffer.byteLength(c)
      yield c
    }
    manifest.bytes += 1
    yield '\n'
  })()
  return {chunks, manifest}
}

/** The last versioned service on the busiest HTTP port (worst case for a vhost scan), with its header match. */
function traceSample(mesh: Mesh, byPort: Map<number, Service[]>): DumpManifest['trace'] {
  for (const [port, svcs] of [...byPort].sort(([, a], [, b]) => b.length - a.length)) {
    const svc = [...svcs].reverse().find((s) => s.routing)
    if (!svc?.routing) continue
    const {header} = svc.routing
    return {
      url: `http://${svc.fqdn}:${port}/api/items`,
      headers: [`${header.name}: ${header.value}`],
      expectCluster: `outbound|${port}|${header.subset}|${svc.fqdn}`,
    }
  }
  const svc = mesh.self
  return {url: `http://${svc.fqdn}:${svc.ports[0].port}/`, headers: [], expectCluster: `outbound|${svc.ports[0].port}||${svc.fqdn}`}
}

/** The dump as one string (small sizes: tests). */
export function generateDump(opts: GenerateOptions): {text: string; manifest: DumpManifest} {
  const {chunks, manifest} = dumpChunks(opts)
  return {text: [...chunks].join(''), manifest}
}

/** Writes the dump to `path` in ~4 MB writes and returns its manifest. */
export function writeDump(path: string, opts: GenerateOptions): DumpManifest {
  const {chunks, manifest} = dumpChunks(opts)
  const fd = openSync(path, 'w')
  try {
    let buf: string[] = []
    let size = 0
    for (const c of chunks) {
      buf.push(c)
      size += c.length
      if (size > 4 << 20) {
        writeSync(fd, buf.join(''))
        buf = []
        size = 0
      }
    }
    writeSync(fd, buf.join(''))
  } finally {
    closeSync(fd)
  }
  return manifest
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(`--${name}`)
    return i > 0 ? process.argv[i + 1] : undefined
  }
  const services = Number(arg('services') ?? 1000)
  const out = arg('out') ?? `dump-${services}.json`
  const manifest = writeDump(out, {services, seed: Number(arg('seed') ?? 1)})
  process.stdout.write(`${out}: ${JSON.stringify(manifest)}\n`)
}
