import {readFileSync} from 'node:fs'
import {expect} from 'chai'
import {parse} from 'yaml'
import {configDumpFrom} from '../../../src/lib/envoy/config-dump.js'
import {toProtoJson} from '../../../src/lib/envoy/proto-json.js'
import type {RouteConfiguration} from '../../../src/lib/envoy/types.js'
import {formatPercent, routeCheckReport} from '../../../src/lib/render/route-check-report.js'
import {runRouteCheck} from '../../../src/lib/routecheck/evaluate.js'
import {routeConfigFrom} from '../../../src/lib/routecheck/route-config-source.js'
import {parseRouteCheckTests, type RouteCheckSuite} from '../../../src/lib/routecheck/test-file.js'
import {fixture, normalizeGolden} from '../../helpers/cli.js'

const rcFile = (...p: string[]) => readFileSync(fixture(...p), 'utf8')
const suite = (name: string) => parseRouteCheckTests(parse(rcFile('meshscope', 'route-check', name)), name)
const reviews = toProtoJson<RouteConfiguration>(parse(rcFile('meshscope', 'route-check', 'reviews-routes.yaml')))
const productpage = configDumpFrom(JSON.parse(rcFile('istio', 'history', 'istio-2020-05', 'istioctl', 'cmd', 'testdata', 'describe', 'productpage-v1-7bbd79f8fd-k6j79.json')), 'pp')
const inline = (tests: object[]): RouteCheckSuite => parseRouteCheckTests({tests}, 'inline')

describe('routecheck/evaluate: router_check_tool semantics (envoy-semantics §5.3)', () => {
  it('all 25 tests of reviews-routes.tests.yaml pass, covering every route', () => {
    const r = runRouteCheck(reviews, '9080', suite('reviews-routes.tests.yaml'))
    expect(r.tests.filter((t) => !t.passed).map((t) => [t.name, t.failures.map((f) => f.message)])).to.deep.equal([])
    expect(r.summary).to.deep.equal({total: 25, passed: 25, failed: 0})
    expect(r.coverage).to.include({percent: 100, coveredRoutes: 13, totalRoutes: 13})
  })

  it('the failing file reports exactly the golden lines', () => {
    const r = runRouteCheck(reviews, '9080', suite('reviews-routes.failing.tests.yaml'))
    expect(r.summary).to.deep.equal({total: 7, passed: 1, failed: 6})
    const golden = rcFile('meshscope', 'route-check', 'reviews-routes.failing.details.golden.txt')
    expect(normalizeGolden(routeCheckReport(r, {details: true}))).to.equal(normalizeGolden(golden))
  })

  it('the bookinfo 9080 tests pass on the real dump; coverage misses sleep3 only', () => {
    const rc = routeConfigFrom(JSON.parse(rcFile('istio', 'history', 'istio-2020-05', 'istioctl', 'cmd', 'testdata', 'describe', 'productpage-v1-7bbd79f8fd-k6j79.json')), 'pp', '9080')
    const r = runRouteCheck(rc.config, rc.name, suite('bookinfo-9080.tests.yaml'))
    expect(r.summary.failed).to.equal(0)
    expect(r.coverage.missing).to.deep.equal([{virtualHost: 'sleep3.default.svc.cluster.local:9080', routeIndex: 0, routeName: 'default', match: 'prefix: "/"'}])
    expect(routeCheckReport(r, {detailedCoverage: true})).to.equal(
      'Missing test for host: sleep3.default.svc.cluster.local:9080, route name: default\nCurrent route coverage: 85.7143%\n',
    )
    expect(routeCheckReport(r, {comprehensive: true, failUnder: 90})).to.equal(
      'Missing test for host: sleep3.default.svc.cluster.local:9080, route: prefix: "/"\nCurrent route coverage: 85.7143%\nFailed to meet coverage requirement: 90%\n',
    )
  })

  it('runtime: only the key named in input.runtime is enabled, numerator 0 counts as 1', () => {
    const rc: RouteConfiguration = {
      virtualHosts: [
        {
          name: 'v',
          domains: ['*'],
          routes: [
            {match: {prefix: '/', runtimeFraction: {defaultValue: {numerator: 0}, runtimeKey: 'k0'}}, route: {cluster: 'zero'}},
            {match: {prefix: '/', runtimeFraction: {defaultValue: {numerator: 100}, runtimeKey: 'k100'}}, route: {cluster: 'hundred'}},
            {match: {prefix: '/'}, route: {cluster: 'rest'}},
          ],
        },
      ],
    }
    const t = (input: object) => runRouteCheck(rc, 'x', inline([{test_name: 't', input: {authority: 'a', path: '/', method: 'GET', ...input}, validate: {cluster_name: ''}}])).tests[0].actual.clusterName
    expect(t({})).to.equal('rest')
    expect(t({runtime: 'k0'})).to.equal('zero')
    expect(t({runtime: 'k0', random_value: 1})).to.equal('rest')
    expect(t({runtime: 'k100', random_value: 99})).to.equal('hundred')
  })

  it('virtual cluster: a match, "other", or "" when the vhost has none or the route is not a route entry', () => {
    const r = runRouteCheck(reviews, '9080', suite('reviews-routes.tests.yaml'))
    const vc = (name: string) => r.tests.find((t) => t.name === name)?.actual.virtualClusterName
    expect(vc('jason goes to v2')).to.equal('reviews-api')
    expect(vc('weighted 49 is v1')).to.equal('other')
    expect(vc('TLS request to ratings is routed')).to.equal('')
    expect(vc('path_redirect keeps the request query, FOUND is 302')).to.equal('')
  })

  it('a require_tls redirect is a direct response with no route to cover', () => {
    const r = runRouteCheck(reviews, '9080', suite('reviews-routes.tests.yaml'))
    const t = r.tests.find((x) => x.name === 'external plaintext request to ratings is redirected to https')
    expect(t?.route).to.equal(undefined)
    expect(t?.actual).to.deep.include({pathRedirect: 'https://ratings:9080/ratings/1', codeRedirect: 301, virtualHostName: ''})
  })

  it('no virtual host: everything empty', () => {
    const rc = productpage.routeConfig('inbound|9080|http|productpage.default.svc.cluster.local')!.resource
    expect(rc.virtualHosts?.[0].domains).to.deep.equal(['*'])
    const noStar: RouteConfiguration = {virtualHosts: [{name: 'only', domains: ['only.example'], routes: [{match: {prefix: '/'}, route: {cluster: 'c'}}]}]}
    const r = runRouteCheck(noStar, 'x', inline([{test_name: 't', input: {authority: 'other', path: '/', method: 'GET'}, validate: {cluster_name: ''}}]))
    expect(r.tests[0]).to.include({passed: true})
    expect(r.tests[0].actual).to.deep.equal({clusterName: '', virtualClusterName: '', virtualHostName: '', pathRewrite: '', hostRewrite: '', pathRedirect: '', codeRedirect: 0, timeout: ''})
    expect(r.coverage).to.include({percent: 0})
  })

  it('--covall counts the asserted share of each route\'s fields', () => {
    const rc: RouteConfiguration = {virtualHosts: [{name: 'v', domains: ['*'], routes: [{match: {path: '/r'}, redirect: {pathRedirect: '/x'}}, {match: {prefix: '/'}, route: {cluster: 'c'}}]}]}
    const tests = inline([
      {test_name: 'fwd', input: {authority: 'a', path: '/', method: 'GET'}, validate: {cluster_name: 'c', virtual_host_name: 'v'}},
      {test_name: 'redir', input: {authority: 'a', path: '/r', method: 'GET'}, validate: {code_redirect: 301}},
    ])
    // the redirect: 1 of 2 fields, the forwarding route: 2 of 5 → (0.5 + 0.4) / 2
    expect(runRouteCheck(rc, 'x', tests, {comprehensive: true}).coverage.percent).to.be.closeTo(45, 1e-9)
    expect(runRouteCheck(rc, 'x', tests).coverage.percent).to.equal(100)
  })

  it('formats coverage as C++ iostream does', () => {
    expect([formatPercent(100), formatPercent(200 / 3), formatPercent(7.448634), formatPercent(50)]).to.deep.equal(['100', '66.6667', '7.44863', '50'])
  })

  it('report: --details shows every test, --only-show-failures only failing ones, nothing by default', () => {
    const r = runRouteCheck(reviews, '9080', suite('reviews-routes.failing.tests.yaml'))
    expect(routeCheckReport(r, {})).to.equal('')
    const failuresOnly = routeCheckReport(r, {onlyShowFailures: true})
    expect(failuresOnly.startsWith('wrong cluster, vhost and virtual cluster\n')).to.equal(true)
    expect(failuresOnly).to.not.match(/^passes$/m)
  })
})

describe('routecheck/route-config-source', () => {
  const dumpDoc = JSON.parse(rcFile('istio', 'istioctl', 'pkg', 'writer', 'envoy', 'configdump', 'testdata', 'routes', 'istio-gateway-http-route-prefix', 'configdump.json'))

  it('a bare RouteConfiguration in snake_case or camelCase', () => {
    expect(routeConfigFrom(parse(rcFile('meshscope', 'route-check', 'reviews-routes.yaml')), 'f')).to.deep.include({name: '9080', from: 'route-configuration'})
    const camel = routeConfigFrom(JSON.parse(rcFile('meshscope', 'route-check', 'k8s-gateway-http.80.route.json')), 'f')
    expect(camel.config.virtualHosts?.[0].routes?.[0].match?.pathSeparatedPrefix).to.equal('/get')
  })

  it('a config dump needs --route-name; an unknown name lists the names', () => {
    expect(routeConfigFrom(dumpDoc, 'd', 'http.8080').config.ignorePortInHostMatching).to.equal(true)
    expect(() => routeConfigFrom(dumpDoc, 'd')).to.throw(/--route-name/).with.property('code', 'USAGE')
    expect(() => routeConfigFrom(dumpDoc, 'd', 'nope'))
      .to.throw(/no route configuration named "nope"/)
      .with.property('suggestions')
      .that.deep.equals(['Route configurations in it: http.8080'])
  })
})
