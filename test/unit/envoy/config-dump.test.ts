import {readFileSync} from 'node:fs'
import {expect} from 'chai'
import {MeshscopeError} from '../../../src/lib/cli/errors.js'
import {ConfigDump, configDumpFrom, type DumpEntry} from '../../../src/lib/envoy/config-dump.js'
import {fixture} from '../../helpers/cli.js'

type Raw = Record<string, unknown>

const load = (...parts: string[]): Raw => JSON.parse(readFileSync(fixture(...parts), 'utf8'))
const dumpOf = (...parts: string[]): ConfigDump => configDumpFrom(load(...parts), parts.join('/'))
const names = <T>(entries: readonly DumpEntry<T>[]) => entries.map((e) => e.name)
const states = <T>(entries: readonly DumpEntry<T>[]) => entries.map((e) => `${e.origin}/${e.state}/${e.name}`)

const PRODUCTPAGE = ['istio', 'history', 'istio-2020-05', 'istioctl', 'cmd', 'testdata', 'describe', 'productpage-v1-7bbd79f8fd-k6j79.json']
const WAYPOINT = ['istio', 'istioctl', 'pkg', 'proxyconfig', 'testdata', 'config_dump.json']
const EGCTL_MIXED = ['envoy', 'envoy-gateway_egctl_in.all.json']
const EGCTL_CAMEL = ['envoy', 'envoy-gateway_egctl_translate_from-gateway-api-to-xds.all.json']
const STATES = ['meshscope', 'model', 'states.json']
const V2ALPHA = ['meshscope', 'model', 'v2alpha.json']
const ECDS = ['istio', 'istioctl', 'pkg', 'writer', 'envoy', 'configdump', 'testdata', 'ecds', 'configdump.json']
const SECRETS = ['istio', 'istioctl', 'pkg', 'writer', 'envoy', 'configdump', 'testdata', 'secret', 'istio', 'config_dump.json']

/** Everything the model exposes, as plain data, to compare two dumps of the same config. */
function summary(d: ConfigDump) {
  return {
    clusters: states(d.clusters),
    listeners: states(d.listeners),
    routes: states(d.routeConfigs),
    endpoints: states(d.endpointConfigs),
    secrets: states(d.secrets),
    ecds: states(d.ecdsFilters),
    bootstrapNode: d.bootstrap?.bootstrap.node?.id,
  }
}

/** Deterministic Fisher-Yates with a tiny LCG so that a failure names the same order every run. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items]
  let s = seed
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2 ** 31
    const j = s % (i + 1)
    ;[out[i], out[j]] = [out[j], out[i]]
  }
  return out
}

describe('ConfigDump model', () => {
  describe('sections are chosen by @type, never by position', () => {
    for (const path of [PRODUCTPAGE, WAYPOINT, EGCTL_MIXED]) {
      it(`${path.at(-1)}: every shuffle of configs gives the same model`, () => {
        const doc = load(...path)
        const configs = doc.configs as Raw[]
        const expected = summary(new ConfigDump(configs))
        expect(expected.clusters.length).to.be.greaterThan(0)
        for (const seed of [1, 2, 3, 4, 5]) {
          const order = shuffled(configs, seed)
          expect(summary(new ConfigDump(order)), `seed ${seed}`).to.deep.equal(expected)
        }
        // reversed as well: the bootstrap is no longer first
        expect(summary(new ConfigDump([...configs].reverse()))).to.deep.equal(expected)
      })
    }

    it('reads a real full dump (Istio 1.3 productpage): 80 clusters, 51 listeners, 33 route configs', () => {
      const d = dumpOf(...PRODUCTPAGE)
      expect(d.clusters.filter((c) => c.origin === 'dynamic')).to.have.length(80)
      expect(d.listeners.filter((l) => l.origin === 'dynamic')).to.have.length(51)
      expect(d.routeConfigs.filter((r) => r.origin === 'dynamic')).to.have.length(26)
      expect(d.routeConfigs.filter((r) => r.origin === 'static')).to.have.length(7)
      const dynamic = d.listeners.filter((l) => l.origin === 'dynamic')
      expect(dynamic.filter((l) => l.name === '' || l.resource.name !== l.name)).to.deep.equal([])
      // Istio's static prometheus listener really has no name
      expect(states(d.listeners.filter((l) => l.origin === 'static'))).to.deep.equal(['static/ACTIVE/'])
      expect(d.warnings).to.deep.equal([])
    })
  })

  describe('versions and spellings', () => {
    it('v2alpha section types and per-state listener lists', () => {
      const d = dumpOf(...V2ALPHA)
      expect(d.unknownTypes).to.deep.equal([])
      expect(d.sectionTypes.every((t) => t.includes('envoy.admin.v2alpha.'))).to.equal(true)
      expect(states(d.listeners)).to.deep.equal([
        'dynamic/ACTIVE/172.30.150.195_9080',
        'dynamic/WARMING/172.30.150.195_9443',
        'dynamic/DRAINING/172.30.150.195_9080',
      ])
      // the api.v2 resource is kept as it is, in protojson spelling
      const active = d.listener('172.30.150.195_9080')!
      expect(active.state).to.equal('ACTIVE')
      expect(active.versionInfo).to.equal('2020-03-06T21:51:30Z/46')
      expect(active.resource['@type' as keyof typeof active.resource]).to.equal('type.googleapis.com/envoy.api.v2.Listener')
      expect(active.resource.address?.socketAddress?.portValue).to.equal(9080)
      expect(d.clusters).to.have.length(1)
      expect(d.bootstrap?.bootstrap.node?.id).to.match(/^sidecar~172\.30\.150\.195~details-v1/)
    })

    it('a bare v2alpha BootstrapConfigDump section (istioctl ≤1.6 golden) is a dump with only a bootstrap', () => {
      const d = dumpOf('istio', 'history', 'istio-2020-05', 'istioctl', 'pkg', 'writer', 'envoy', 'configdump', 'testdata', 'bootstrapdump.json')
      expect(d.sectionTypes).to.deep.equal(['type.googleapis.com/envoy.admin.v2alpha.BootstrapConfigDump'])
      expect(d.bootstrap?.bootstrap.staticResources).to.be.an('object')
      expect(d.clusters).to.deep.equal([])
    })

    it('snake_case and camelCase in one dump (egctl in.all.json) read the same way', () => {
      const d = dumpOf(...EGCTL_MIXED)
      expect(states(d.clusters)).to.deep.equal(['static/ACTIVE/xds_cluster', 'dynamic/ACTIVE/default-backend-rule-0-match-0-www.example.com'])
      expect(states(d.listeners)).to.deep.equal(['dynamic/ACTIVE/default-eg-http'])
      expect(states(d.routeConfigs)).to.deep.equal(['dynamic/ACTIVE/default-eg-http'])
      expect(states(d.secrets)).to.deep.equal(['dynamic/ACTIVE/xds_certificate', 'dynamic/ACTIVE/xds_trusted_ca'])
      // the EndpointsConfigDump in this file is camelCase (staticEndpointConfigs/endpointConfig/clusterName)
      expect(states(d.endpointConfigs)).to.deep.equal(['static/ACTIVE/xds_cluster'])
      const cla = d.endpointConfig('xds_cluster')!.resource
      expect(cla.endpoints?.[0].lbEndpoints?.[0].endpoint?.address?.socketAddress).to.deep.equal({address: '10.106.37.54', portValue: 18000})
      // and the snake_case cluster is converted to the same protojson spelling
      expect(d.cluster('xds_cluster')!.resource.connectTimeout).to.be.a('string')
      expect(d.cluster('xds_cluster')!.resource).to.not.have.property('connect_timeout')
    })

    it('an all-camelCase dump wrapped in {"xds": {...}} (egctl translate)', () => {
      const d = dumpOf(...EGCTL_CAMEL)
      expect(d.clusters).to.have.length(5)
      expect(d.endpointConfigs).to.have.length(5)
      expect(names(d.routeConfigs)).to.deep.equal(['default/eg/http', 'default/eg/grpc'])
      // its dynamicListeners carry no name of their own: the model takes the listener's name
      expect(names(d.listeners)).to.deep.equal([
        'envoy-gateway-proxy-ready-0.0.0.0-19003',
        'default/eg/http',
        'default/eg/grpc',
        'default/eg/tcp',
        'default/eg/tls-passthrough',
        'default/eg/udp',
      ])
      expect(d.listener('default/eg/tcp')?.state).to.equal('ACTIVE')
    })

    it('a bare dynamic_active_clusters array (Envoy docs `jq .configs[1].dynamic_active_clusters`)', () => {
      const d = dumpOf('envoy', 'envoy-docs_dynamic-config-cp_response-config-active-clusters.json')
      expect(states(d.clusters)).to.deep.equal(['dynamic/ACTIVE/example_proxy_cluster'])
    })
  })

  describe('missing and unknown sections', () => {
    it('a dump with only secrets has no clusters, listeners, routes or bootstrap, and no warnings', () => {
      const d = dumpOf(...SECRETS)
      expect(d.has('secrets')).to.equal(true)
      expect(d.has('clusters')).to.equal(false)
      expect(d.clusters).to.deep.equal([])
      expect(d.listeners).to.deep.equal([])
      expect(d.routeConfigs).to.deep.equal([])
      expect(d.bootstrap).to.equal(undefined)
      expect(d.section('clusters')).to.equal(undefined)
      expect(d.warnings).to.deep.equal([])
    })

    it('unknown @types are kept and reported, not fatal', () => {
      const doc = load(...WAYPOINT)
      const configs = doc.configs as Raw[]
      const extra = {'@type': 'type.googleapis.com/envoy.admin.v3.FutureThingsConfigDump', things: [{name: 'x'}]}
      const odd = {'@type': 'type.googleapis.com/acme.Custom', value: 1}
      const d = configDumpFrom({configs: [extra, ...configs, odd]}, 'dump.json')
      expect(d.unknownTypes).to.deep.equal([extra['@type'], odd['@type']])
      expect(d.unknownSections).to.deep.equal([extra, odd])
      expect(d.warnings).to.deep.equal([
        'ignored config_dump section of unknown type type.googleapis.com/envoy.admin.v3.FutureThingsConfigDump',
        'ignored config_dump section of unknown type type.googleapis.com/acme.Custom',
      ])
      expect(summary(d)).to.deep.equal(summary(new ConfigDump(configs)))
    })

    it('a section without @type is unknown, not a crash', () => {
      const d = new ConfigDump([{dynamic_active_clusters: []}])
      expect(d.unknownTypes).to.deep.equal(['(no @type)'])
    })

    it('a dump of ONLY unknown @types is INPUT_INVALID, naming the types found', () => {
      const doc = {configs: [{'@type': 'type.googleapis.com/acme.A'}, {'@type': 'type.googleapis.com/acme.B'}, {'@type': 'type.googleapis.com/acme.A'}]}
      expect(() => configDumpFrom(doc, 'x.json'))
        .to.throw(MeshscopeError, 'x.json holds no config dump section meshscope knows (found type.googleapis.com/acme.A, type.googleapis.com/acme.B)')
        .with.property('code', 'INPUT_INVALID')
    })

    for (const [what, doc] of [
      ['an object without configs', {a: 1}],
      ['an empty array', []],
      ['an array of non-clusters', [1, 2]],
      ['a string', 'str'],
      ['a number', 42],
      ['null', null],
    ] as const) {
      it(`${what} is INPUT_INVALID`, () => {
        expect(() => configDumpFrom(doc, 'x.json')).to.throw(MeshscopeError, 'x.json is not an Envoy config dump').with.property('exitCode', 4)
      })
    }
  })

  describe('static vs dynamic and resource states', () => {
    const d = dumpOf(...STATES)

    it('clusters: static, dynamic active and dynamic warming', () => {
      expect(states(d.clusters)).to.deep.equal([
        'static/ACTIVE/agent',
        'static/ACTIVE/prometheus_stats',
        'dynamic/ACTIVE/inbound-vip|8000|http|httpbin.default.svc.cluster.local',
        'dynamic/WARMING/inbound-vip|8000|http|httpbin.default.svc.cluster.local',
        'dynamic/WARMING/inbound-vip|8000|grpc|httpbin.default.svc.cluster.local',
      ])
      expect(d.clusters[3].versionInfo).to.equal('2023-12-26T06:10:00Z/4')
      expect(d.clusters[2].lastUpdated).to.be.a('string')
    })

    it('listeners: active, warming, draining and error states of v3 dynamic_listeners', () => {
      expect(states(d.listeners)).to.deep.equal([
        'static/ACTIVE/',
        'dynamic/ACTIVE/main_internal',
        'dynamic/WARMING/main_internal',
        'dynamic/DRAINING/main_internal_previous',
        'dynamic/WARMING/main_internal_warming',
        'dynamic/ERROR/main_internal_rejected',
      ])
      const rejected = d.listeners[5]
      expect(rejected.errorState).to.deep.include({
        lastUpdateAttempt: '2023-12-26T06:10:01.000Z',
        details: 'Error adding/updating listener(s) main_internal_rejected: duplicate listener name',
      })
      // the rejected config is the resource, in protojson spelling
      expect(rejected.resource.name).to.equal('main_internal_rejected')
      expect(rejected.resource.trafficDirection).to.equal('INBOUND')
      expect(d.listeners[3].versionInfo).to.equal('2023-12-26T05:50:00Z/0')
    })

    it('indexes by name: active wins over warming, else the warming/draining/error one', () => {
      const active = d.listener('main_internal')!
      expect(active.state).to.equal('ACTIVE')
      expect(active.resource.filterChains).to.be.an('array').that.is.not.empty
      expect(d.listener('main_internal_warming')?.state).to.equal('WARMING')
      expect(d.listener('main_internal_previous')?.state).to.equal('DRAINING')
      expect(d.listener('main_internal_rejected')?.state).to.equal('ERROR')
      expect(d.listener('nope')).to.equal(undefined)

      const c = d.cluster('inbound-vip|8000|http|httpbin.default.svc.cluster.local')!
      expect(c.state).to.equal('ACTIVE')
      expect(c.resource.connectTimeout).to.equal(undefined)
      expect(d.clusters[3].resource.connectTimeout).to.equal('5s')
      expect(d.cluster('inbound-vip|8000|grpc|httpbin.default.svc.cluster.local')?.state).to.equal('WARMING')
      expect(d.cluster('agent')?.origin).to.equal('static')
    })

    it('active wins even when the warming entry comes first in the dump (a repeated section)', () => {
      const doc = load(...STATES)
      const clusters = (doc.configs as Raw[])[1]
      const type = clusters['@type']
      const warmingFirst = [
        {'@type': type, dynamic_warming_clusters: clusters.dynamic_warming_clusters},
        {'@type': type, dynamic_active_clusters: clusters.dynamic_active_clusters},
      ]
      const d2 = new ConfigDump(warmingFirst)
      expect(d2.clusters.map((c) => c.state)).to.deep.equal(['WARMING', 'WARMING', 'ACTIVE'])
      expect(d2.cluster('inbound-vip|8000|http|httpbin.default.svc.cluster.local')?.state).to.equal('ACTIVE')
    })

    it('route configs: the static one, by name', () => {
      expect(states(d.routeConfigs)).to.deep.equal(['static/ACTIVE/inbound-vip|8000|http|httpbin.default.svc.cluster.local'])
      expect(d.routeConfig('inbound-vip|8000|http|httpbin.default.svc.cluster.local')?.resource.virtualHosts).to.be.an('array')
      expect(d.routeConfig('nope')).to.equal(undefined)
    })
  })

  describe('secrets, ECDS and include_eds endpoints', () => {
    it('secrets: active and warming, by name', () => {
      const d = dumpOf(...SECRETS)
      expect(states(d.secrets)).to.deep.equal(['dynamic/ACTIVE/default', 'dynamic/ACTIVE/ROOTCA', 'dynamic/WARMING/configmap://some/thing'])
      expect(d.secret('ROOTCA')?.resource.validationContext).to.be.an('object')
      expect(d.secret('configmap://some/thing')?.state).to.equal('WARMING')
    })

    it('ECDS: three EcdsConfigDump sections are all read (6 filters)', () => {
      const d = dumpOf(...ECDS)
      expect(names(d.ecdsFilters)).to.deep.equal([
        'default.httpbin-rate-limiting',
        'default.display-metadata',
        'istio.io/telemetry/stats/prometheus/sidecar/Outbound/HTTP',
        'istio.io/telemetry/stats/prometheus/sidecar/Inbound/HTTP',
        'istio.io/telemetry/stats/prometheus/sidecar/Inbound/TCP',
        'istio.io/telemetry/stats/prometheus/sidecar/Outbound/TCP',
      ])
      expect(d.ecdsFilters[0].versionInfo).to.be.a('string')
      // merged into one section for -o json
      expect(d.section('ecds')?.ecdsFilters).to.be.an('array').with.length(6)
    })

    it('include_eds endpoints are keyed by cluster_name (static and dynamic)', () => {
      const d = dumpOf(...WAYPOINT)
      expect(states(d.endpointConfigs)).to.deep.equal(['static/ACTIVE/prometheus_stats', 'dynamic/ACTIVE/inbound-vip|8100|http|httpbin.default.svc.cluster.local'])
      const cla = d.endpointConfig('inbound-vip|8100|http|httpbin.default.svc.cluster.local')!.resource
      expect(cla.endpoints?.[0].lbEndpoints?.[0].endpoint?.address?.envoyInternalAddress).to.deep.equal({
        serverListenerName: 'connect_originate',
        endpointId: '192.168.195.248:800',
      })
      // filter_metadata keys are data: kept as Envoy wrote them
      const md = cla.endpoints?.[0].lbEndpoints?.[0].metadata?.filterMetadata
      expect(Object.keys(md ?? {})).to.deep.equal(['envoy.filters.listener.original_dst', 'istio'])
    })

    it('EDS assignments keyed by eds service name in an all-camelCase dump', () => {
      const d = dumpOf(...EGCTL_CAMEL)
      for (const c of d.clusters) {
        const service = c.resource.edsClusterConfig?.serviceName ?? c.name
        expect(d.endpointConfig(service), service).to.not.equal(undefined)
      }
    })
  })
})
