import {mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {expect} from 'chai'
import {parse as parseYaml} from 'yaml'
import {generateDump, writeDump} from '../../../bench/generate-dump.js'
import {configDumpFrom} from '../../../src/lib/envoy/config-dump.js'
import {fixture, runCli} from '../../helpers/cli.js'

type Json = Record<string, unknown>

const ISTIO = (...p: string[]) => fixture('istio', ...p)
/** Real Istio sidecar/waypoint dumps (modern and 2020-era): the shapes the generator must reproduce. */
const REAL = {
  waypoint: ISTIO('istioctl/pkg/proxyconfig/testdata/config_dump.json'),
  listeners2023: ISTIO('istioctl/pkg/authz/testdata/configdump.yaml'),
  productpage14: ISTIO('history/istio-2020-05/istioctl/cmd/testdata/describe/productpage-v1-c7765c886-v99jb.json'),
  eds: ISTIO('istioctl/pkg/writer/envoy/configdump/testdata/endpoint/configdump.json'),
  secrets: ISTIO('istioctl/pkg/writer/envoy/configdump/testdata/secret/istio/config_dump.json'),
  routes: ISTIO('istioctl/pkg/describe/testdata/describe/http_config.json'),
}
/** Every real dump and xDS golden under test/fixtures/{istio,envoy}: together they spell Envoy's field names. */
const ALL_REAL = ['istio', 'envoy']
  .flatMap((dir) => readdirSync(fixture(dir), {recursive: true, encoding: 'utf8'}).map((p) => fixture(dir, p)))
  .filter((p) => /\.(json|yaml)(\.golden)?$/.test(p))
  .filter((p) => !/all-(cds|rds)\.json\.golden$/.test(p)) // bodies are "404: Page Not Found", not JSON
const load = (path: string): Json => (path.endsWith('.yaml') ? parseYaml(readFileSync(path, 'utf8')) : JSON.parse(readFileSync(path, 'utf8')))

/** Keys whose children are data (Struct values, map keys), not proto field names. */
const DATA_PARENTS = new Set(['filter_metadata', 'typed_extension_protocol_options', 'match', 'data'])
function keysOf(v: unknown, out = new Set<string>(), parent = ''): Set<string> {
  if (Array.isArray(v)) for (const x of v) keysOf(x, out, parent)
  else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      if (DATA_PARENTS.has(parent) || (parent === 'metadata' && k === k.toUpperCase())) keysOf(x, out, 'data')
      else {
        out.add(k)
        keysOf(x, out, k)
      }
    }
  }
  return out
}

const section = (dump: Json, type: string): Json => {
  const s = (dump.configs as Json[]).find((c) => c['@type'] === `type.googleapis.com/envoy.admin.v3.${type}`)
  if (!s) throw new Error(`no ${type}`)
  return s
}
const list = (s: Json, key: string) => (s[key] ?? []) as Json[]
const at = (v: unknown, ...path: (string | number)[]): unknown => path.reduce<unknown>((o, k) => (o as Json | undefined)?.[k as string], v)

describe('bench dump generator: shape matches real Istio dumps', () => {
  const {text, manifest} = generateDump({services: 60, seed: 7})
  const dump = JSON.parse(text) as Json
  const clusters = list(section(dump, 'ClustersConfigDump'), 'dynamic_active_clusters').map((e) => e.cluster as Json)
  const listeners = list(section(dump, 'ListenersConfigDump'), 'dynamic_listeners')
  const routeConfigs = list(section(dump, 'RoutesConfigDump'), 'dynamic_route_configs').map((e) => e.route_config as Json)
  const clas = list(section(dump, 'EndpointsConfigDump'), 'dynamic_endpoint_configs').map((e) => e.endpoint_config as Json)
  const clusterNames = new Set(clusters.map((c) => c.name as string))

  it('has the admin sections of a real /config_dump?include_eds, in Envoy order', () => {
    const types = (d: Json) => (d.configs as Json[]).map((c) => c['@type'])
    expect(types(dump)).to.deep.equal(types(load(REAL.waypoint)))
    for (const type of ['ClustersConfigDump', 'ListenersConfigDump', 'RoutesConfigDump']) {
      expect(Object.keys(section(dump, type)), type).to.include.members(
        Object.keys(section(load(REAL.productpage14), type)).filter((k) => !k.startsWith('static_route')),
      )
    }
  })

  it('uses only field names that real dumps use, spelled as Envoy writes them (snake_case)', () => {
    const real = new Set<string>()
    for (const path of ALL_REAL) keysOf(load(path), real)
    const generated = keysOf(dump)
    expect([...generated].filter((k) => !real.has(k))).to.deep.equal([])
    expect([...generated].filter((k) => /[a-z][A-Z]/.test(k))).to.deep.equal([])
  })

  it('wraps resources like real dumps (version_info / last_updated / active_state)', () => {
    const realListener = list(section(load(REAL.listeners2023), 'ListenersConfigDump'), 'dynamic_listeners')[0]
    expect(Object.keys(listeners[0])).to.deep.equal(Object.keys(realListener))
    expect(Object.keys(listeners[0].active_state as Json)).to.deep.equal(Object.keys(realListener.active_state as Json))
    const realCluster = list(section(load(REAL.productpage14), 'ClustersConfigDump'), 'dynamic_active_clusters')[0]
    expect(Object.keys(list(section(dump, 'ClustersConfigDump'), 'dynamic_active_clusters')[0])).to.deep.equal(Object.keys(realCluster))
  })

  it('names clusters outbound|PORT|SUBSET|FQDN and inbound|PORT||, plus the catch-all clusters', () => {
    const special = ['BlackHoleCluster', 'PassthroughCluster', 'InboundPassthroughClusterIpv4']
    for (const name of clusterNames) {
      if (special.includes(name)) continue
      expect(name).to.match(/^(outbound\|\d+\|(v\d)?\|[a-z0-9.-]+|inbound\|\d+\|\|)$/)
    }
    for (const name of special) expect(clusterNames).to.include(name)
    expect([...clusterNames].filter((n) => /^outbound\|\d+\|v\d\|/.test(n))).to.not.be.empty
  })

  it('gives every in-mesh outbound cluster EDS and the Istio mTLS transport_socket_matches', () => {
    const realMatches = at(
      list(section(load(REAL.productpage14), 'ClustersConfigDump'), 'dynamic_active_clusters').find((e) => at(e, 'cluster', 'transport_socket_matches')),
      'cluster',
      'transport_socket_matches',
    ) as Json[]
    const eds = clusters.filter((c) => c.type === 'EDS')
    expect(eds.length).to.be.greaterThan(clusters.length / 2)
    for (const c of eds) {
      expect(at(c, 'eds_cluster_config', 'service_name')).to.equal(c.name)
      const matches = c.transport_socket_matches as Json[]
      expect(matches.map((m) => m.match)).to.deep.equal(realMatches.map((m) => m.match)) // {tlsMode: istio}, then {}
      const [, port, subset, fqdn] = (c.name as string).split('|')
      expect(at(matches[0], 'transport_socket', 'typed_config', 'sni')).to.equal(`outbound_.${port}_.${subset}_.${fqdn}`)
    }
  })

  it('has one EDS assignment per EDS cluster, several endpoints, with tlsMode metadata as in the real EDS dump', () => {
    const byName = new Map(clas.map((c) => [c.cluster_name as string, c]))
    const realEndpoint = at(list(section(load(REAL.eds), 'EndpointsConfigDump'), 'dynamic_endpoint_configs')[0], 'endpoint_config', 'endpoints', 0, 'lb_endpoints', 0) as Json
    for (const c of clusters.filter((x) => x.type === 'EDS')) {
      const cla = byName.get(c.name as string)
      if (!cla) expect.fail(`no ClusterLoadAssignment for ${c.name}`)
      const lbs = (cla.endpoints as Json[]).flatMap((l) => l.lb_endpoints as Json[])
      expect(lbs.length).to.be.greaterThan(0)
      expect(Object.keys(lbs[0])).to.deep.equal(Object.keys(realEndpoint))
      expect(at(lbs[0], 'metadata', 'filter_metadata', 'envoy.transport_socket_match')).to.deep.equal({tlsMode: 'istio'})
    }
    expect(Math.max(...clas.map((c) => (c.endpoints as Json[]).flatMap((l) => l.lb_endpoints as Json[]).length))).to.be.greaterThan(2)
  })

  it('has virtualOutbound/virtualInbound, 0.0.0.0_PORT HTTP listeners on RDS named PORT, and IP_PORT TCP listeners', () => {
    const byName = new Map(listeners.map((l) => [l.name as string, at(l, 'active_state', 'listener') as Json]))
    expect(at(byName.get('virtualOutbound'), 'use_original_dst')).to.equal(true)
    expect(at(byName.get('virtualOutbound'), 'address', 'socket_address', 'port_value')).to.equal(15001)
    expect(at(byName.get('virtualInbound'), 'address', 'socket_address', 'port_value')).to.equal(15006)
    const routeNames = new Set(routeConfigs.map((r) => r.name))
    let http = 0
    let tcp = 0
    for (const [name, l] of byName) {
      if (name.startsWith('virtual')) continue
      const port = at(l, 'address', 'socket_address', 'port_value')
      expect(name).to.equal(`${at(l, 'address', 'socket_address', 'address')}_${port}`)
      const filter = at(l, 'filter_chains', 0, 'filters', 0, 'typed_config') as Json
      if (name.startsWith('0.0.0.0_')) {
        http++
        expect(at(filter, 'rds', 'route_config_name')).to.equal(String(port))
        expect(routeNames).to.include(String(port))
      } else {
        tcp++
        const cluster = at(l, 'filter_chains', 0, 'filters', 1, 'typed_config', 'cluster') as string
        expect(cluster).to.equal(`outbound|${port}||${cluster.split('|')[3]}`)
        expect(clusterNames).to.include(cluster)
      }
    }
    expect(http).to.be.greaterThan(1)
    expect(tcp).to.be.greaterThan(1)
  })

  it('has one vhost per service and port with Istio domain variants, header matches and weighted subsets', () => {
    const realVhost = at(list(section(load(REAL.productpage14), 'RoutesConfigDump'), 'dynamic_route_configs')[0], 'route_config', 'virtual_hosts', 0) as Json
    const vhosts = routeConfigs.flatMap((r) => (r.virtual_hosts as Json[]).map((v) => ({port: r.name as string, v})))
    let headers = 0
    let weighted = 0
    for (const {port, v} of vhosts) {
      if (v.name === 'allow_any') continue
      expect(Object.keys(v)).to.include.members(Object.keys(realVhost))
      const [fqdn] = (v.name as string).split(':')
      expect(v.name).to.equal(`${fqdn}:${port}`)
      expect(v.domains).to.include.members([fqdn, `${fqdn}:${port}`])
      for (const r of v.routes as Json[]) {
        if (at(r, 'match', 'headers')) headers++
        const wc = at(r, 'route', 'weighted_clusters', 'clusters') as Json[] | undefined
        if (wc) weighted++
        for (const name of wc ? wc.map((c) => c.name) : [at(r, 'route', 'cluster')]) expect(clusterNames).to.include(name)
      }
    }
    expect(headers).to.be.greaterThan(0)
    expect(weighted).to.be.greaterThan(0)
  })

  it('has the sidecar secrets (default, ROOTCA) like the real SDS dump, private key redacted', () => {
    const realNames = list(section(load(REAL.secrets), 'SecretsConfigDump'), 'dynamic_active_secrets').map((s) => s.name)
    const secrets = list(section(dump, 'SecretsConfigDump'), 'dynamic_active_secrets')
    expect(realNames).to.include.members(secrets.map((s) => s.name))
    expect(Buffer.from(at(secrets[0], 'secret', 'tls_certificate', 'private_key', 'inline_bytes') as string, 'base64').toString()).to.equal('[redacted]')
  })

  it('reports counts that match the dump, and the trace sample points at a real route', () => {
    expect(manifest.services).to.equal(60)
    expect(manifest.clusters).to.equal(clusters.length)
    expect(manifest.endpointConfigs).to.equal(clas.length)
    expect(manifest.listeners).to.equal(listeners.length)
    expect(manifest.routeConfigs).to.equal(routeConfigs.length)
    expect(manifest.bytes).to.equal(Buffer.byteLength(text))
    expect(clusterNames).to.include(manifest.trace.expectCluster)
  })

  it('is deterministic for a seed and differs across seeds', () => {
    expect(generateDump({services: 60, seed: 7}).text).to.equal(text)
    expect(generateDump({services: 60, seed: 8}).text).to.not.equal(text)
  })

  it('is read by the config-dump model section by section', () => {
    const model = configDumpFrom(dump, 'generated')
    expect(model.unknownTypes).to.deep.equal([])
    expect(model.clusters.length).to.equal(clusters.length + 5) // + bootstrap static clusters
    expect(model.listeners.length).to.equal(listeners.length + 2)
    expect(model.endpointConfigs.length).to.equal(clas.length)
    expect(model.cluster(manifest.trace.expectCluster)?.resource.transportSocketMatches).to.have.length(2)
  })
})

describe('bench dump generator: the CLI reads what it writes', () => {
  let dir: string
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'meshscope-bench-'))
  })
  after(() => rmSync(dir, {recursive: true, force: true}))

  it('proxy-config cluster -f on a generated dump exits 0 and lists every cluster', async () => {
    const path = join(dir, 'dump.json')
    const manifest = writeDump(path, {services: 40, seed: 3})
    const res = await runCli(['proxy-config', 'cluster', '-f', path])
    expect(res.stderr).to.equal('')
    expect(res.code).to.equal(0)
    const rows = res.stdout.trim().split('\n').slice(1)
    const total = configDumpFrom(JSON.parse(readFileSync(path, 'utf8')), path).clusters.length
    expect(rows).to.have.length(total)
    expect(res.stdout).to.include(manifest.trace.expectCluster.split('|')[3])
  })

  it('writes the same bytes as it generates in memory', () => {
    const path = join(dir, 'same.json')
    writeDump(path, {services: 25, seed: 9})
    writeFileSync(join(dir, 'mem.json'), generateDump({services: 25, seed: 9}).text)
    expect(readFileSync(path, 'utf8')).to.equal(readFileSync(join(dir, 'mem.json'), 'utf8'))
  })
})
