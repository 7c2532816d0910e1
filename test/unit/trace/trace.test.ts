import {readFileSync} from 'node:fs'
import {expect} from 'chai'
import {MeshscopeError} from '../../../src/lib/cli/errors.js'
import {type ConfigDump, configDumpFrom} from '../../../src/lib/envoy/config-dump.js'
import {parseTraceTarget, type TraceOptions} from '../../../src/lib/trace/target.js'
import {traceRoute} from '../../../src/lib/trace/trace.js'
import type {Trace} from '../../../src/lib/trace/types.js'
import {fixture} from '../../helpers/cli.js'

const DESCRIBE = ['istio', 'history', 'istio-2020-05', 'istioctl', 'cmd', 'testdata', 'describe']
const DUMPS = {
  productpage13: fixture(...DESCRIBE, 'productpage-v1-7bbd79f8fd-k6j79.json'),
  ratings12: fixture(...DESCRIBE, 'ratings-v1-f745cf57b-vfwcv.json'),
  ingress13: fixture(...DESCRIBE, 'istio-ingressgateway-5bf6c9887-vvvmj.json'),
  productpage11: fixture('istio', 'history', 'istio-2020-05', 'istioctl', 'cmd', 'testdata', 'authz', 'productpage_config_dump.json'),
  egctlIn: fixture('envoy', 'envoy-gateway_egctl_in.all.json'),
  egctlXds: fixture('envoy', 'envoy-gateway_egctl_translate_from-gateway-api-to-xds.all.json'),
  edge: fixture('meshscope', 'trace', 'eg-edge-cases.json'),
}

const loaded = new Map<string, ConfigDump>()
function trace(dump: keyof typeof DUMPS, opts: TraceOptions): Trace {
  const path = DUMPS[dump]
  let d = loaded.get(path)
  if (!d) {
    d = configDumpFrom(JSON.parse(readFileSync(path, 'utf8')), path)
    loaded.set(path, d)
  }
  return traceRoute(d, parseTraceTarget(opts))
}
/** `kind:resource` per hop: the path the trace took. */
const path = (t: Trace) => t.hops.map((h) => `${h.kind}:${h.resource ?? '-'}`)
const hop = (t: Trace, kind: string) => t.hops.find((h) => h.kind === kind)

describe('traceRoute on real dumps', () => {
  describe('Istio 1.3 productpage sidecar', () => {
    it('http://reviews:9080/ ends at outbound|9080||reviews.default.svc.cluster.local, through the per-service listener', () => {
      const t = trace('productpage13', {url: 'http://reviews:9080/'})
      expect(t.connection).to.include({destIp: '172.21.95.172', destIpSource: 'inferred'})
      expect(t.connection.destIpNote).to.contain('lists reviews and the IP 172.21.95.172')
      expect(path(t)).to.deep.equal([
        'listener:virtualOutbound',
        'listener:172.21.95.172_9080',
        'filter-chain:#1 (application_protocols=http/1.1,http/1.0)',
        'network-filter:envoy.http_connection_manager',
        'route-config:reviews.default.svc.cluster.local:9080',
        'virtual-host:reviews.default.svc.cluster.local:9080',
        'route:default (#0)',
        'action:outbound|9080||reviews.default.svc.cluster.local',
        'cluster:outbound|9080||reviews.default.svc.cluster.local',
        'endpoints:outbound|9080||reviews.default.svc.cluster.local',
      ])
      expect(t.hops.map((h) => h.stage).join(' ')).to.equal('LDS LDS LDS LDS RDS RDS RDS RDS CDS EDS')
      expect(t.hops.map((h) => h.step)).to.deep.equal([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
      expect(hop(t, 'virtual-host')?.details).to.include({rule: 'exact', matchedDomain: 'reviews:9080'})
      expect(hop(t, 'action')?.details).to.include({timeout: '0s'})
      expect(hop(t, 'cluster')?.details).to.deep.include({type: 'EDS', tls: {mode: 'tls', sni: 'outbound_.9080_._.reviews.default.svc.cluster.local', alpn: ['istio'], certificates: ['/etc/certs/cert-chain.pem']}})
      // the dump has no EDS section: exit 0 with a caveat, not 15
      expect(hop(t, 'endpoints')?.details.status).to.equal('unknown')
      expect(hop(t, 'endpoints')?.caveats.join()).to.contain('unknown from this dump')
      expect(t.outcome).to.include({kind: 'routed', code: 'OK', exitCode: 0, cluster: 'outbound|9080||reviews.default.svc.cluster.local'})
    })

    it('with --protocol tcp the same service is a raw TCP connection: the http_inspector-less chain → tcp_proxy', () => {
      const t = trace('productpage13', {url: 'http://reviews:9080/', protocol: 'tcp'})
      expect(hop(t, 'filter-chain')?.resource).to.equal('#0')
      expect(hop(t, 'network-filter')?.details).to.include({kind: 'tcp_proxy', how: 'cluster'})
      expect(t.outcome.cluster).to.equal('outbound|9080||reviews.default.svc.cluster.local')
    })

    it('a TCP service by destination IP: kube-dns 172.21.0.10:53', () => {
      const t = trace('productpage13', {url: 'tcp://172.21.0.10:53'})
      expect(path(t)).to.deep.equal([
        'listener:virtualOutbound',
        'listener:172.21.0.10_53',
        'filter-chain:#0',
        'network-filter:envoy.tcp_proxy',
        'cluster:outbound|53||kube-dns.kube-system.svc.cluster.local',
        'endpoints:outbound|53||kube-dns.kube-system.svc.cluster.local',
      ])
      expect(hop(t, 'network-filter')?.details.before).to.deep.equal(['mixer'])
      expect(t.outcome.exitCode).to.equal(0)
    })

    it('an unknown IP on a known HTTP port: wildcard 0.0.0.0_9080, "*" vhost allow_any → PassthroughCluster (ORIGINAL_DST)', () => {
      const t = trace('productpage13', {url: 'http://10.9.9.9:9080/'})
      expect(hop(t, 'listener')?.resource).to.equal('virtualOutbound')
      expect(t.hops[1].rule).to.contain('wildcard 0.0.0.0:9080')
      expect(hop(t, 'filter-chain')?.nearMisses[0].why).to.contain('do not contain 10.9.9.9')
      expect(hop(t, 'virtual-host')?.details).to.include({rule: 'catch-all'})
      expect(hop(t, 'endpoints')?.rule).to.contain('original destination address (ip:port) itself, 10.9.9.9:9080')
      expect(t.outcome).to.include({kind: 'routed', cluster: 'PassthroughCluster'})
    })

    it('no listener for the port: the connection stays on virtualOutbound → PassthroughCluster', () => {
      const t = trace('productpage13', {url: 'tcp://10.9.9.9:5432'})
      expect(path(t).slice(0, 2)).to.deep.equal(['listener:virtualOutbound', 'listener:virtualOutbound'])
      expect(t.hops[1].details.how).to.equal('stay')
      expect(t.outcome.cluster).to.equal('PassthroughCluster')
    })

    it('traffic to the pod itself on a wildcard port is BlackHoleCluster: exit 16', () => {
      const t = trace('productpage13', {url: 'tcp://172.30.150.216:8888'})
      expect(hop(t, 'filter-chain')?.details.decidedBy).to.deep.equal(['prefix_ranges∋172.30.150.216 (/32)'])
      expect(t.outcome).to.include({kind: 'blocked', code: 'TRACE_BLOCKED', exitCode: 16, cluster: 'BlackHoleCluster'})
    })

    it('inbound: virtualInbound 15006, the destination_port sub-tree, then ALPN (no backtracking to port-less chains)', () => {
      const t = trace('productpage13', {url: 'http://productpage:9080/', direction: 'inbound'})
      expect(t.connection).to.include({destIp: '172.30.150.216', destIpSource: 'inferred'})
      const fc = hop(t, 'filter-chain')
      expect(fc?.resource).to.equal('#5 (destination_port=9080 prefix_ranges=172.30.150.216/32)')
      expect(fc?.details.decidedBy).to.deep.equal(['destination_port=9080', 'prefix_ranges∋172.30.150.216 (/32)', 'application_protocols unspecified (no chain lists http/1.1)'])
      expect(fc?.nearMisses.find((m) => m.resource.startsWith('#4'))?.why).to.contain('application_protocols istio')
      expect(t.outcome).to.include({kind: 'routed', cluster: 'inbound|9080|http|productpage.default.svc.cluster.local'})
      expect(hop(t, 'endpoints')?.details.endpoints).to.deep.equal([{address: '127.0.0.1:9080', health: 'UNKNOWN', usable: true, priority: 0}])
    })
  })

  describe('Istio 1.2 ratings sidecar, inbound', () => {
    it('captured by 15001 (no 15006 yet), handed off to the pod-IP listener, inline route → inbound cluster', () => {
      const t = trace('ratings12', {url: 'http://ratings:9080/ratings/0', direction: 'inbound'})
      expect(t.connection.destIp).to.equal('172.30.144.156')
      expect(path(t)).to.deep.equal([
        'listener:virtual',
        'listener:172.30.144.156_9080',
        'filter-chain:#1',
        'network-filter:envoy.http_connection_manager',
        'route-config:inbound|9080|http|ratings.bookinfo.svc.cluster.local',
        'virtual-host:inbound|http|9080',
        'route:#0',
        'action:inbound|9080|http|ratings.bookinfo.svc.cluster.local',
        'cluster:inbound|9080|http|ratings.bookinfo.svc.cluster.local',
        'endpoints:inbound|9080|http|ratings.bookinfo.svc.cluster.local',
      ])
      expect(t.hops[0].caveats.join()).to.contain('before 1.3')
      expect(hop(t, 'route-config')?.details.source).to.equal('inline')
      expect(t.outcome.exitCode).to.equal(0)
    })
    it('as an mTLS peer would connect (tls, ALPN istio): the istio chain', () => {
      const t = trace('ratings12', {url: 'http://ratings:9080/', direction: 'inbound', protocol: 'tls', alpn: 'istio'})
      expect(hop(t, 'filter-chain')?.resource).to.equal('#0 (application_protocols=istio)')
      expect(t.outcome.cluster).to.equal('inbound|9080|http|ratings.bookinfo.svc.cluster.local')
    })
  })

  describe('Istio 1.3 ingress gateway', () => {
    it('http://bookinfo/productpage: the bound 0.0.0.0:80 listener, RDS http.80, path route → productpage v1', () => {
      const t = trace('ingress13', {url: 'http://bookinfo.example.com/productpage'})
      expect(path(t)).to.deep.equal([
        'listener:0.0.0.0_80',
        'filter-chain:#0',
        'network-filter:envoy.http_connection_manager',
        'route-config:http.80',
        'virtual-host:*:80',
        'route:#0',
        'action:outbound|9080|v1|productpage.default.svc.cluster.local',
        'cluster:outbound|9080|v1|productpage.default.svc.cluster.local',
        'endpoints:outbound|9080|v1|productpage.default.svc.cluster.local',
      ])
      expect(t.hops[0].details).to.include({how: 'bound', bindToPort: true})
    })
    it('a path no route matches: 404, exit 12', () => {
      const t = trace('ingress13', {url: 'http://bookinfo.example.com/nope'})
      expect(hop(t, 'route')?.resource).to.equal(undefined)
      expect(t.outcome).to.include({kind: 'no-route', exitCode: 12})
    })
    it('a port nothing listens on: exit 10', () => {
      const t = trace('ingress13', {url: 'http://bookinfo.example.com:81/'})
      expect(t.hops).to.have.length(1)
      expect(t.hops[0].rule).to.contain('listening ports: 80, 15090, 31400')
      expect(t.outcome).to.include({kind: 'no-listener', exitCode: 10})
    })
  })

  describe('Istio 1.1 productpage (old layout: virtual 15001, per-port 0.0.0.0_9080, RDS "9080", v2 config Structs)', () => {
    it('http://reviews:9080/ → 0.0.0.0_9080 → RDS 9080 → outbound|9080||reviews', () => {
      const t = trace('productpage11', {url: 'http://reviews:9080/'})
      expect(t.connection.destIp).to.equal('10.0.9.20')
      expect(path(t)).to.deep.equal([
        'listener:virtual',
        'listener:0.0.0.0_9080',
        'filter-chain:#0',
        'network-filter:envoy.http_connection_manager',
        'route-config:9080',
        'virtual-host:reviews.default.svc.cluster.local:9080',
        'route:#0',
        'action:outbound|9080||reviews.default.svc.cluster.local',
        'cluster:outbound|9080||reviews.default.svc.cluster.local',
        'endpoints:outbound|9080||reviews.default.svc.cluster.local',
      ])
      expect(t.outcome.exitCode).to.equal(0)
    })
    it('a TCP service by IP: 10.0.0.10:53 (tcp_proxy from the v2 config Struct)', () => {
      const t = trace('productpage11', {url: 'tcp://10.0.0.10:53'})
      expect(t.outcome.cluster).to.equal('outbound|53||kube-dns.kube-system.svc.cluster.local')
    })
    it('inbound plaintext into the STRICT mTLS chain (tls_context) is blocked; as mTLS it is routed', () => {
      expect(trace('productpage11', {url: 'http://productpage:9080/', direction: 'inbound'}).outcome).to.include({kind: 'blocked', exitCode: 16})
      const t = trace('productpage11', {url: 'http://productpage:9080/', direction: 'inbound', protocol: 'tls', alpn: 'istio'})
      expect(hop(t, 'network-filter')?.details.downstreamTls).to.equal(true)
      expect(t.outcome.cluster).to.equal('inbound|9080|http|productpage.default.svc.cluster.local')
    })
  })

  describe('Envoy Gateway dumps', () => {
    it('egctl in.all.json: default_filter_chain → RDS → STATIC cluster with its load_assignment endpoint', () => {
      const t = trace('egctlIn', {url: 'http://www.example.com:10080/', headers: ['Host: www.example.com']})
      expect(hop(t, 'filter-chain')?.rule).to.equal('the listener has only a default_filter_chain')
      expect(hop(t, 'endpoints')?.details.endpoints).to.deep.equal([{address: '10.96.159.190:3000', health: 'UNKNOWN', usable: true, priority: 0, weight: 1}])
      expect(t.outcome).to.include({exitCode: 0, cluster: 'default-backend-rule-0-match-0-www.example.com'})
    })
    it('the Host with :10080 matches no domain ("www.example.com" only): 404', () => {
      expect(trace('egctlIn', {url: 'http://www.example.com:10080/'}).outcome.exitCode).to.equal(12)
    })
    it('tcp_proxy on 0.0.0.0:1234 (the UDP listener on the same port is skipped) → EDS endpoint', () => {
      const t = trace('egctlXds', {url: 'tcp://10.0.0.1:1234'})
      expect(t.hops[0].resource).to.equal('default/eg/tcp')
      expect(hop(t, 'endpoints')?.details.endpoints).to.deep.equal([
        {address: '1.1.1.1:3000', health: 'UNKNOWN', usable: true, priority: 0, weight: 1, locality: 'tcproute/default/backend/rule/-1/backend/0'},
      ])
      expect(t.outcome.cluster).to.equal('tcproute/default/backend/rule/-1')
    })
    it('TLS passthrough by SNI: foo.com matches server_names; bar.com has no chain (exit 11)', () => {
      const t = trace('egctlXds', {url: 'https://foo.com:8443/'})
      expect(hop(t, 'filter-chain')?.details).to.include({transportProtocol: 'tls', serverName: 'foo.com'})
      expect(t.outcome.cluster).to.equal('tlsroute/default/backend/rule/-1')
      const miss = trace('egctlXds', {url: 'https://bar.com:8443/'})
      expect(miss.outcome).to.include({kind: 'no-filter-chain', exitCode: 11})
      expect(hop(miss, 'filter-chain')?.nearMisses).to.deep.equal([{resource: 'tlsroute/default/backend', why: 'server_names foo.com do not match SNI bar.com'}])
    })
    it('ignore_port_in_host_matching: www.grpc-example.com:8080 still matches its vhost', () => {
      const t = trace('egctlXds', {url: 'http://www.grpc-example.com:8080/com.example.Things/DoThing'})
      expect(t.outcome.cluster).to.equal('grpcroute/default/backend/rule/0')
    })
    it('the readiness listener answers by itself: direct_response 500, exit 13', () => {
      const t = trace('egctlXds', {url: 'http://localhost:19003/ready'})
      expect(hop(t, 'action')?.details).to.include({kind: 'direct_response', status: 500})
      expect(t.outcome).to.include({kind: 'direct-response', exitCode: 13})
    })
  })

  describe('edge cases (test/fixtures/meshscope/trace/eg-edge-cases.json)', () => {
    it('filter_chain_matcher on SNI picks the named chain; a name the listener lacks → no chain (no default)', () => {
      const t = trace('edge', {url: 'https://foo.com:8443/'})
      expect(hop(t, 'filter-chain')?.rule).to.equal('filter_chain_matcher: ServerNameInput=foo.com matches foo.com → chain tlsroute/default/backend')
      expect(t.outcome.exitCode).to.equal(0)
      const gone = trace('edge', {url: 'https://gone.com:8443/'})
      expect(gone.outcome.exitCode).to.equal(11)
      expect(hop(gone, 'filter-chain')?.caveats).to.include('filter_chain_matcher names chain "no-such-chain", which the listener does not have')
    })
    it('a route to a cluster the proxy does not have: exit 14', () => {
      const t = trace('edge', {url: 'http://www.example.com:10080/missing', headers: ['Host: www.example.com']})
      expect(hop(t, 'cluster')?.resource).to.equal(undefined)
      expect(t.outcome).to.include({kind: 'unknown-cluster', exitCode: 14, cluster: 'httproute/default/missing/rule/0'})
    })
    it('weighted clusters 30/70: --random picks the interval; every choice is listed with its share', () => {
      const at = (random: number) => trace('edge', {url: 'http://www.example.com:10080/split', headers: ['x-canary: yes'], random})
      const t = at(29)
      expect(hop(t, 'action')?.details.weighted).to.deep.equal([
        {name: 'httproute/default/backend/rule/0', weight: 30, share: 0.3, range: [0, 30]},
        {name: 'grpcroute/default/backend/rule/0', weight: 70, share: 0.7, range: [30, 100]},
      ])
      expect(t.outcome.cluster).to.equal('httproute/default/backend/rule/0')
      expect(at(30).outcome.cluster).to.equal('grpcroute/default/backend/rule/0')
      expect(at(129).outcome.cluster).to.equal('httproute/default/backend/rule/0')
    })
    it('the weighted route needs x-canary: without it the route is a near miss and the catch-all wins', () => {
      const t = trace('edge', {url: 'http://www.example.com:10080/split'})
      expect(hop(t, 'route')?.nearMisses).to.deep.equal([{resource: 'httproute/default/split/rule/0 (#1)', why: 'failed on header x-canary exact "yes" (missing)'}])
      expect(t.outcome.cluster).to.equal('httproute/default/backend/rule/0')
    })
    it('the only endpoint is UNHEALTHY: exit 15', () => {
      const t = trace('edge', {url: 'tcp://10.0.0.1:1234'})
      expect(hop(t, 'endpoints')?.details.endpoints).to.deep.include({address: '1.1.1.1:3000', health: 'UNHEALTHY', usable: false, priority: 0, weight: 1, locality: 'tcproute/default/backend/rule/-1/backend/0'})
      expect(t.outcome).to.include({kind: 'no-healthy-endpoint', exitCode: 15})
    })
  })

  it('a dump with no listeners is an INPUT_INVALID error, not a trace', () => {
    const d = configDumpFrom(JSON.parse(readFileSync(fixture('envoy', 'envoy-docs_dynamic-config-cp_response-config-active-clusters.json'), 'utf8')), 'x')
    expect(() => traceRoute(d, parseTraceTarget({url: 'http://a/'}))).to.throw(MeshscopeError, 'no listeners').with.property('exitCode', 4)
  })
})
