import {readFileSync} from 'node:fs'
import {expect} from 'chai'
import {configDumpFrom} from '../../../src/lib/envoy/config-dump.js'
import type {RouteConfiguration} from '../../../src/lib/envoy/types.js'
import {routeCountTable, routeTable} from '../../../src/lib/render/route-table.js'
import {goSortSlice} from '../../../src/lib/summary/go-sort.js'
import {describeMatch, describeRouteDomains, routeCountRows, routeRows, selectRouteConfigs, summaryOrder} from '../../../src/lib/summary/routes.js'
import {fixture, normalizeGolden} from '../../helpers/cli.js'

const text = (path: string) => readFileSync(fixture(path), 'utf8')
const load = (path: string) => configDumpFrom(JSON.parse(text(path)), path)
/** Some goldens end without a newline; normalizeGolden compares them with one. */
const golden = (path: string) => normalizeGolden(`${text(path)}\n`)

const ROUTES_GOLDENS = 'istio/istioctl/pkg/writer/envoy/configdump/testdata/routes'
const SUMMARY = 'istio/istioctl/pkg/proxyconfig/testdata'
const OLD = 'istio/history/istio-2020-05/istioctl/pkg/writer/envoy/configdump/testdata'
const PRODUCTPAGE_13 = 'istio/history/istio-2020-05/istioctl/cmd/testdata/describe/productpage-v1-7bbd79f8fd-k6j79.json'

/** The section of `proxy-config all` output (sections are separated by blank lines) whose header starts so. */
function section(golden: string, header: RegExp): string {
  const found = golden.split('\n\n').find((s) => header.test(s))
  if (!found) throw new Error(`no section ${header} in golden`)
  return `${found.trimEnd()}\n`
}

describe('summary/routes', () => {
  describe('verbose table (istioctl route.go goldens)', () => {
    for (const name of ['empty-gateway', 'istio-gateway-http-route-prefix', 'k8s-gateway-http-route-path-prefix']) {
      it(`matches routes/${name}/output.txt line for line`, () => {
        const dump = load(`${ROUTES_GOLDENS}/${name}/configdump.json`)
        const out = routeTable(routeRows(selectRouteConfigs(dump, {})))
        expect(normalizeGolden(out)).to.equal(golden(`${ROUTES_GOLDENS}/${name}/output.txt`))
      })
    }

    it('matches the route section of config_dump_summary.txt with the route/ NAME prefix of `all`', () => {
      const dump = load(`${SUMMARY}/config_dump.json`)
      const expected = section(text(`${SUMMARY}/config_dump_summary.txt`), /^NAME\s+VHOST NAME/)
      expect(normalizeGolden(routeTable(routeRows(selectRouteConfigs(dump, {})), true))).to.equal(normalizeGolden(expected))
    })

    it('lists RDS route configs before static ones (the gateway golden has its static ones first in the dump)', () => {
      const dump = load(`${ROUTES_GOLDENS}/istio-gateway-http-route-prefix/configdump.json`)
      expect(selectRouteConfigs(dump, {}).map((r) => r.name ?? '')).to.deep.equal(['http.8080', '', ''])
    })
  })

  describe('--verbose=false table (istioctl ≤ 1.6 goldens, without their NOTE line)', () => {
    const withoutNote = (g: string) => g.replace('NOTE: This output only contains routes loaded via RDS.\n', '')

    it('matches routesummary.txt', () => {
      const rows = routeCountRows(selectRouteConfigs(load(`${OLD}/configdump.json`), {}))
      expect(normalizeGolden(routeCountTable(rows))).to.equal(withoutNote(golden(`${OLD}/routesummary.txt`)))
    })

    it('matches routesummaryfiltered.txt with --name 15004', () => {
      const rows = routeCountRows(selectRouteConfigs(load(`${OLD}/configdump.json`), {name: '15004'}))
      expect(normalizeGolden(routeCountTable(rows))).to.equal(withoutNote(golden(`${OLD}/routesummaryfiltered.txt`)))
    })

    it('prefixes names with route/ for `all`', () => {
      expect(routeCountTable([{name: '9080', virtualHosts: '7'}], true)).to.equal('NAME           VIRTUAL HOSTS\nroute/9080     7\n')
    })
  })

  describe('a real sidecar dump (productpage, Istio 1.3)', () => {
    const routes = selectRouteConfigs(load(PRODUCTPAGE_13), {})

    it('holds 26 RDS and 7 static route configs, and --name picks by exact name', () => {
      expect(routes).to.have.length(33)
      expect(selectRouteConfigs(load(PRODUCTPAGE_13), {name: '9080'}).map((r) => r.virtualHosts?.length)).to.deep.equal([7])
      expect(selectRouteConfigs(load(PRODUCTPAGE_13), {name: '908'})).to.deep.equal([])
    })

    it('shortens the 12 domains of details:9080 to the two shortest spellings and a count', () => {
      // domains: details.default.svc.cluster.local(:9080), details(:9080), details.default.svc.cluster(:9080),
      // details.default.svc(:9080), details.default(:9080), 172.21.65.38(:9080)
      const rows = routeRows(routes).filter((r) => r.name === '9080' && r.vhostName === 'details.default.svc.cluster.local:9080')
      expect(rows).to.deep.equal([
        {name: '9080', vhostName: 'details.default.svc.cluster.local:9080', domains: 'details, details.default.svc.cluster + 2 more...', match: '/*', virtualService: ''},
      ])
    })

    it('puts the numeric names in ascending order', () => {
      const numeric = summaryOrder(routes)
        .map((r) => r.name ?? '')
        .filter((n) => /^\d+$/.test(n))
        .slice(0, 12)
      expect(numeric).to.deep.equal(['80', '3000', '8060', '8080', '8084', '8085', '8086', '9080', '9090', '9091', '9901', '15004'])
    })

    it('renders every route config (one row per route, passthrough routes left out)', () => {
      const rows = routeRows(routes)
      expect(rows.every((r) => !r.name.includes('undefined') && r.match !== '')).to.equal(true)
      // 9080 has 7 virtual hosts; the 7th, allow_any, only routes / to PassthroughCluster
      expect(rows.filter((r) => r.name === '9080').map((r) => r.vhostName)).to.have.length(6).and.not.include('allow_any')
      expect(routeCountRows(routes).find((r) => r.name === '80')).to.deep.equal({name: '80', virtualHosts: '10'})
    })
  })

  describe('cells', () => {
    it('describes prefix, path-separated prefix, exact path and regex matches', () => {
      expect(describeMatch({prefix: '/api'})).to.equal('/api*')
      expect(describeMatch({pathSeparatedPrefix: '/get'})).to.equal('PathPrefix:/get')
      expect(describeMatch({path: '/healthz', headers: [{name: 'x-user', exactMatch: 'a'}]})).to.equal('/healthz')
      expect(describeMatch({safeRegex: {googleRe2: {}, regex: '/v[0-9]+/.*'}})).to.equal('regex /v[0-9]+/.*')
      expect(describeMatch({regex: '/old.*'})).to.equal('regex /old.*')
      expect(describeMatch(undefined)).to.equal('')
    })

    it('keeps a lone domain, drops :port and expanded variants, and keeps bare IPv6 addresses', () => {
      expect(describeRouteDomains(['*'])).to.equal('*')
      expect(describeRouteDomains(['a.ns.svc.cluster.local', 'a.ns.svc.cluster.local:80', 'a.ns', 'a.ns:80', 'a.ns.svc', 'a.ns.svc:80'])).to.equal('a.ns')
      expect(describeRouteDomains(['[fd00:10:96::7fc7]', '[fd00:10:96::7fc7]:8090', 'b.ns'])).to.equal('[fd00:10:96::7fc7], b.ns')
      expect(describeRouteDomains(['a', 'b', 'c', 'd'])).to.equal('a, b + 2 more...')
      expect(describeRouteDomains([])).to.equal('')
    })

    it('shows a virtual host without routes as /* → 404 and leaves out PassthroughCluster routes', () => {
      const rc: RouteConfiguration = {
        name: 'r',
        virtualHosts: [
          {name: 'empty', domains: ['x.com']},
          {name: 'allow_any', domains: ['*'], routes: [{match: {prefix: '/'}, route: {cluster: 'PassthroughCluster'}}]},
        ],
      }
      expect(routeRows([rc])).to.deep.equal([{name: 'r', vhostName: 'empty', domains: 'x.com', match: '/*', virtualService: '404'}])
    })
  })

  describe('goSortSlice (Go sort.Slice)', () => {
    // a seeded LCG so that failures reproduce
    let seed = 42
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31
      return seed % n
    }

    it('sorts like Array.prototype.sort for any length (insertion sort, quicksort, and the pattern breaker)', () => {
      for (let len = 0; len < 400; len += 7) {
        for (const range of [3, 1000]) {
          const xs = Array.from({length: len}, () => rand(range))
          const got = goSortSlice([...xs], (a, b) => a < b)
          expect(got).to.deep.equal([...xs].sort((a, b) => a - b), `len ${len} range ${range}`)
        }
      }
      // descending and organ-pipe inputs take the reverse and partial-insertion paths
      const desc = Array.from({length: 300}, (_, i) => 300 - i)
      expect(goSortSlice([...desc], (a, b) => a < b)).to.deep.equal([...desc].sort((a, b) => a - b))
      const pipe = Array.from({length: 300}, (_, i) => Math.min(i, 300 - i))
      expect(goSortSlice([...pipe], (a, b) => a < b)).to.deep.equal([...pipe].sort((a, b) => a - b))
    })

    it('is stable up to 12 elements (Go uses insertion sort there) and not beyond', () => {
      const items = Array.from({length: 12}, (_, i) => ({k: i % 2, i}))
      expect(goSortSlice([...items], (a, b) => a.k < b.k).map((x) => x.i)).to.deep.equal([0, 2, 4, 6, 8, 10, 1, 3, 5, 7, 9, 11])
      const many = Array.from({length: 60}, (_, i) => ({k: i % 2, i}))
      const order = goSortSlice([...many], (a, b) => a.k < b.k).map((x) => x.i)
      expect(order.filter((i) => i % 2 === 0)).to.not.deep.equal(order.filter((i) => i % 2 === 0).sort((a, b) => a - b))
    })
  })
})
