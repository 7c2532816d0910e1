import {readdirSync, readFileSync} from 'node:fs'
import {expect} from 'chai'
import {MeshscopeError} from '../../../src/lib/cli/errors.js'
import {type ConfigDump, configDumpFrom} from '../../../src/lib/envoy/config-dump.js'
import {filterChainsOf, httpConnectionManagerOf, networkFilterKind, tcpProxyOf} from '../../../src/lib/envoy/filters.js'
import type {Listener, NetworkFilter} from '../../../src/lib/envoy/types.js'
import {listenerTable, listenerTypeTable} from '../../../src/lib/render/listener-table.js'
import {routeCountTable, routeTable} from '../../../src/lib/render/route-table.js'
import {
  describeFilterChainMatch,
  listenerRows,
  listenerType,
  listenerTypeRows,
  matchesListener,
  parseListenerType,
  selectListeners,
} from '../../../src/lib/summary/listeners.js'
import {routeCountRows, routeRows, selectRouteConfigs} from '../../../src/lib/summary/routes.js'
import {FIXTURES, fixture} from '../../helpers/cli.js'

const text = (path: string) => readFileSync(fixture(path), 'utf8')
const load = (path: string) => configDumpFrom(JSON.parse(text(path)), path)
const rowsOf = (dump: ConfigDump, filter = {}) => listenerRows(selectListeners(dump, filter))

const SUMMARY = 'istio/istioctl/pkg/proxyconfig/testdata'
const OLD = 'istio/history/istio-2020-05/istioctl/pkg/writer/envoy/configdump/testdata'
const PRODUCTPAGE_13 = 'istio/history/istio-2020-05/istioctl/cmd/testdata/describe/productpage-v1-7bbd79f8fd-k6j79.json'
const EG_TRANSLATE = 'envoy/envoy-gateway_egctl_translate_from-gateway-api-to-xds.all.json'

describe('summary/listeners', () => {
  describe('verbose table', () => {
    it('matches the listener section of config_dump_summary.txt with the listener/ NAME prefix of `all`', () => {
      const expected = text(`${SUMMARY}/config_dump_summary.txt`)
        .split('\n\n')
        .find((s) => s.startsWith('NAME') && s.includes('ADDRESSES'))
      expect(listenerTable(rowsOf(load(`${SUMMARY}/config_dump.json`)), true)).to.equal(`${expected}\n`)
    })

    it('prints the same rows without the NAME column for `proxy-config listener`', () => {
      // main_internal (no address, port 0) lists its 4 chains by destination, descending; its
      // filter_chain_matcher is not what this table shows (istioctl shows it only with --waypoint)
      expect(listenerTable(rowsOf(load(`${SUMMARY}/config_dump.json`)))).to.equal(
        [
          'ADDRESSES PORT  MATCH DESTINATION',
          '          0     ALL   Cluster: inbound-vip|8100|http|httpbin.default.svc.cluster.local',
          '          0     ALL   Cluster: inbound-vip|8000|http|httpbin.default.svc.cluster.local',
          '          0     ALL   Cluster: encap',
          '          0     ALL   Cluster: encap',
          '0.0.0.0   15021 ALL   Inline Route: /healthz/ready*',
          '',
        ].join('\n'),
      )
    })

    it('shows the productpage sidecar rows read from its dump (Istio 1.3, v2 filter types)', () => {
      const rows = rowsOf(load(PRODUCTPAGE_13), {port: 9080}).map((r) => [r.addresses, r.port, r.match, r.destination])
      expect(rows).to.deep.include.members([
        // 0.0.0.0_9080: an HCM with rds 9080, and a chain for the pod's own IPs to BlackHoleCluster
        ['0.0.0.0', '9080', 'ALL', 'Route: 9080'],
        ['0.0.0.0', '9080', 'Addr: 172.30.150.216/32,fe80::863:a7ff:fe55:26a9/128', 'BlackHoleCluster'],
        // the inbound listener: mTLS chain (ALPN istio) and plaintext chain, each with an inline route to the inbound cluster
        ['172.30.150.216', '9080', 'App: istio', 'Cluster: inbound|9080|http|productpage.default.svc.cluster.local'],
        ['172.30.150.216', '9080', 'ALL', 'Cluster: inbound|9080|http|productpage.default.svc.cluster.local'],
      ])
      // ports ascending, then addresses: 0.0.0.0 < 172.21.95.172 < 172.30.150.216
      expect(rows.map((r) => r[0])).to.deep.equal(['0.0.0.0', '0.0.0.0', '172.21.95.172', '172.21.95.172', '172.30.150.216', '172.30.150.216'])
    })

    it('reads SNI matches and default_filter_chain (Envoy Gateway, camelCase dump)', () => {
      const rows = rowsOf(load(EG_TRANSLATE)).map((r) => [r.name, r.port, r.match, r.destination])
      expect(rows).to.deep.equal([
        ['default/eg/tcp', '1234', 'ALL', 'Cluster: tcproute/default/backend/rule/-1'],
        ['default/eg/grpc', '8080', 'ALL', 'Route: default/eg/grpc'],
        ['default/eg/tls-passthrough', '8443', 'SNI: foo.com', 'Cluster: tlsroute/default/backend/rule/-1'],
        ['default/eg/http', '10080', 'ALL', 'Route: default/eg/http'],
        // a direct_response route on / is not "everything to one cluster"
        ['envoy-gateway-proxy-ready-0.0.0.0-19003', '19003', 'ALL', 'Inline Route: /*'],
      ])
      // the UDP listener has no filter chains: it has no verbose row, but a --verbose=false row
      expect(listenerTypeRows(selectListeners(load(EG_TRANSLATE), {port: 1234})).map((r) => [r.name, r.type])).to.deep.equal([
        ['default/eg/tcp', 'TCP'],
        ['default/eg/udp', 'UNKNOWN'],
      ])
    })

    it('describes the Istio 0.8 v1 TCP proxy (deprecated_v1 routes) by its route cluster', () => {
      const rows = rowsOf(load(`${OLD}/configdump.json`), {port: 443})
      expect(rows.map((r) => r.destination)).to.deep.equal(['Cluster: outbound|443||istio-galley.istio-system.svc.cluster.local'])
    })
  })

  describe('--verbose=false table against istioctl ≤ 1.6 goldens (same cells; then ADDRESS and padding 5, today ADDRESSES and padding 1)', () => {
    /** A table as its cells (no cell in these tables holds a space), with the header spelled as today. */
    const cells = (table: string) =>
      table
        .trimEnd()
        .split('\n')
        .map((line) => line.trim().split(/\s+/))
        .map((row, i) => (i === 0 && row[0] === 'ADDRESS' ? ['ADDRESSES', ...row.slice(1)] : row))
    const old = (name: string) => cells(text(`${OLD}/${name}`))

    it('matches listenersummary.txt', () => {
      expect(cells(listenerTypeTable(listenerTypeRows(selectListeners(load(`${OLD}/configdump.json`), {}))))).to.deep.equal(old('listenersummary.txt'))
    })

    for (const [flag, filter] of [
      ['--address 172.21.134.116', {address: '172.21.134.116'}],
      ['--port 443', {port: 443}],
      ['--type tcp', {type: parseListenerType('tcp')}],
    ] as const) {
      it(`matches listenersummaryfiltered.txt with ${flag}`, () => {
        const rows = listenerTypeRows(selectListeners(load(`${OLD}/configdump.json`), filter))
        expect(cells(listenerTypeTable(rows))).to.deep.equal(old('listenersummaryfiltered.txt'))
      })
    }

    it('matches the details-v1 listeners of proxyconfig_inline_goldens.txt', () => {
      const inline = text('istio/history/istio-2020-05/istioctl/cmd/testdata/proxyconfig_inline_goldens.txt')
      const expected = inline.split('### istioctl proxy-config listeners --file ')[1].split('\n\n')[0].split('\n').slice(1).join('\n')
      const dump = load('istio/history/istio-2020-05/istioctl/pkg/writer/compare/testdata/envoyconfigdump.json')
      expect(cells(listenerTypeTable(listenerTypeRows(selectListeners(dump, {}))))).to.deep.equal(cells(expected))
    })

    it('prefixes names with listener/ for `all`', () => {
      expect(listenerTypeTable([{name: 'virtualInbound', addresses: '0.0.0.0', port: '15006', type: 'HTTP+TCP'}], true)).to.equal(
        'NAME                    ADDRESSES PORT  TYPE\nlistener/virtualInbound 0.0.0.0   15006 HTTP+TCP\n',
      )
    })
  })

  describe('filters', () => {
    const dual: Listener = {
      name: 'dual',
      address: {socketAddress: {address: '10.0.0.1', portValue: 80}},
      additionalAddresses: [{address: {socketAddress: {address: 'FD00::1', portValue: 80}}}],
      filterChains: [{filters: [{name: 'envoy.filters.network.tcp_proxy', typedConfig: {'@type': 'x', cluster: 'c'}}]}],
    }

    it('matches --address exactly and case-insensitively, on additional addresses too', () => {
      expect(matchesListener(dual, {address: 'fd00::1'})).to.equal(true)
      expect(matchesListener(dual, {address: '10.0.0.1'})).to.equal(true)
      expect(matchesListener(dual, {address: '10.0.0'})).to.equal(false)
      expect(listenerRows([dual])[0].addresses).to.equal('10.0.0.1,FD00::1')
    })

    it('matches --port on the main address and --type on the listener type', () => {
      expect(matchesListener(dual, {port: 80, type: 'TCP'})).to.equal(true)
      expect(matchesListener(dual, {port: 81})).to.equal(false)
      expect(matchesListener(dual, {type: 'HTTP'})).to.equal(false)
    })

    it('reads --type case-insensitively and rejects other values with a usage error', () => {
      expect(parseListenerType('http+tcp')).to.equal('HTTP+TCP')
      expect(() => parseListenerType('grpc')).to.throw(MeshscopeError, /not a listener type/)
    })

    it('does not count a TCP proxy to BlackHoleCluster as TCP', () => {
      const l: Listener = {filterChains: [{filters: [{name: 'envoy.tcp_proxy', config: {stat_prefix: 'BlackHoleCluster', cluster: 'BlackHoleCluster'}}]}]}
      expect(listenerType(l)).to.equal('UNKNOWN')
      expect(listenerRows([l])[0].destination).to.equal('BlackHoleCluster')
    })
  })

  describe('MATCH cell', () => {
    it('names the ALPN sets Istio uses and joins the parts with "; "', () => {
      expect(describeFilterChainMatch({transportProtocol: 'tls', applicationProtocols: ['istio-peer-exchange', 'istio'], destinationPort: 9080})).to.equal(
        'Trans: tls; App: TCP TLS; Addr: *:9080',
      )
      expect(describeFilterChainMatch({applicationProtocols: ['http/1.0', 'http/1.1', 'h2c']})).to.equal('App: HTTP')
      expect(describeFilterChainMatch({applicationProtocols: ['http/1.1', 'http/1.0']})).to.equal('App: http/1.1,http/1.0')
      expect(describeFilterChainMatch({serverNames: ['a.com', 'b.com'], prefixRanges: [{addressPrefix: '10.0.0.0', prefixLen: 8}], destinationPort: 443})).to.equal(
        'SNI: a.com,b.com; Addr: 10.0.0.0/8:443',
      )
      expect(describeFilterChainMatch(undefined)).to.equal('ALL')
    })
  })

  describe('envoy/filters', () => {
    const filtersOf = (path: string, listenerName: string): NetworkFilter[] => {
      const l = load(path).listener(listenerName)?.resource
      if (!l) throw new Error(`no listener ${listenerName}`)
      return filterChainsOf(l).flatMap((c) => c.filters ?? [])
    }

    it('decodes an HCM from a v2 typed_config (Istio 1.3)', () => {
      const hcm = filtersOf(PRODUCTPAGE_13, '0.0.0.0_9080').map(httpConnectionManagerOf).find((h) => h !== undefined)
      expect(hcm?.rds?.routeConfigName).to.equal('9080')
      expect(hcm?.statPrefix).to.equal('0.0.0.0_9080')
    })

    it('decodes an HCM and a TCP proxy from the v2 `config` Struct, with snake_case names (Istio 0.8)', () => {
      const filters = filtersOf(`${OLD}/configdump.json`, '0.0.0.0_8080')
      expect(filters.map((f) => networkFilterKind(f))).to.deep.equal(['http_connection_manager'])
      expect(httpConnectionManagerOf(filters[0])?.routeConfig?.name).to.equal('8080')
      // the model may keep a Struct's keys as written (they are data): the decoder reads them either way
      const snake: NetworkFilter = {name: 'envoy.http_connection_manager', config: {stat_prefix: 'x', rds: {route_config_name: '80'}}}
      expect(httpConnectionManagerOf(snake)?.rds?.routeConfigName).to.equal('80')
      const tcp = filtersOf(`${OLD}/configdump.json`, '172.21.134.116_443').map(tcpProxyOf).find((t) => t !== undefined)
      expect(tcp).to.deep.equal({
        statPrefix: 'outbound|tcp|443',
        deprecatedV1: {
          routes: [{cluster: 'outbound|443||istio-galley.istio-system.svc.cluster.local', destinationIpList: [{addressPrefix: '172.21.134.116', prefixLen: 32}], destinationPorts: undefined}],
        },
      })
    })

    it('recognises a filter by the @type of its typed_config when its name is not a well-known one', () => {
      const f: NetworkFilter = {name: 'my-tcp', typedConfig: {'@type': 'type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy', cluster: 'x'}}
      expect(networkFilterKind(f)).to.equal('tcp_proxy')
      expect(tcpProxyOf(f)?.cluster).to.equal('x')
      expect(httpConnectionManagerOf(f)).to.equal(undefined)
      expect(networkFilterKind({name: 'constructor'})).to.equal(undefined)
    })
  })

  describe('every real dump under test/fixtures', () => {
    const dumps: [string, ConfigDump][] = []
    for (const rel of readdirSync(FIXTURES, {recursive: true, encoding: 'utf8'})) {
      if (!rel.endsWith('.json')) continue
      try {
        const dump = load(rel)
        if (dump.has('listeners') || dump.has('routes')) dumps.push([rel, dump])
      } catch {
        // not a config dump (clusters?format=json output, goldens): other commands read those
      }
    }

    it('finds the dumps (2018 – 2024 formats)', () => {
      expect(dumps.length).to.be.greaterThanOrEqual(20)
    })

    it('renders both listener and both route tables of each without a hole in any cell', () => {
      for (const [rel, dump] of dumps) {
        const listeners = selectListeners(dump, {})
        const routes = selectRouteConfigs(dump, {})
        const chains = listeners.reduce((n, l) => n + filterChainsOf(l).length, 0)
        const tables = [
          listenerTable(listenerRows(listeners), true),
          listenerTypeTable(listenerTypeRows(listeners)),
          routeTable(routeRows(routes)),
          routeCountTable(routeCountRows(routes), true),
        ]
        expect(tables[0].split('\n').length - 2, `${rel}: one verbose row per filter chain`).to.equal(chains)
        expect(tables[1].split('\n').length - 2, `${rel}: one row per listener`).to.equal(listeners.length)
        for (const t of tables) expect(t, rel).to.not.match(/undefined|NaN|\[object Object\]/)
      }
    })
  })
})
