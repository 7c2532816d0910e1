import {readFileSync} from 'node:fs'
import {expect} from 'chai'
import {CheckReport} from '../../../src/lib/check/report.js'
import {RULE_IDS} from '../../../src/lib/check/rules/index.js'
import {istiodSync} from '../../../src/lib/check/rules/istiod-sync.js'
import {syncByProxy} from '../../../src/lib/check/sync.js'
import {parseExpectation} from '../../../src/lib/check/flag-inputs.js'
import {rejectedCountersFrom} from '../../../src/lib/check/snapshot-inputs.js'
import type {CheckContext, ProxySnapshot} from '../../../src/lib/check/types.js'
import {clustersStatusFromJson} from '../../../src/lib/envoy/clusters-status.js'
import {configDumpFrom} from '../../../src/lib/envoy/config-dump.js'
import {parseRouteCheckTests} from '../../../src/lib/routecheck/test-file.js'
import {fixture} from '../../helpers/cli.js'
import {parse} from 'yaml'

const load = (path: string) => configDumpFrom(JSON.parse(readFileSync(path, 'utf8')), path)
const F = {
  productpage: fixture('istio', 'history', 'istio-2020-05', 'istioctl', 'cmd', 'testdata', 'describe', 'productpage-v1-7bbd79f8fd-k6j79.json'),
  broken: fixture('meshscope', 'check', 'productpage-broken.json'),
  states: fixture('meshscope', 'model', 'states.json'),
  waypoint: fixture('istio', 'istioctl', 'pkg', 'proxyconfig', 'testdata', 'config_dump.json'),
  sds: fixture('istio', 'history', 'istio-2020-05', 'istioctl', 'pkg', 'writer', 'compare', 'sds', 'testdata', 'envoyconfigdumpsds.json'),
  egEdge: fixture('meshscope', 'trace', 'eg-edge-cases.json'),
  eg: fixture('envoy', 'envoy-gateway_egctl_translate_from-gateway-api-to-xds.all.json'),
  clustersJson: fixture('istio', 'history', 'istio-2020-05', 'istioctl', 'pkg', 'writer', 'envoy', 'clusters', 'testdata', 'clusters.json'),
  tests9080: fixture('meshscope', 'route-check', 'bookinfo-9080.tests.yaml'),
}
/** While the waypoint's workload certificate is fresh (issued 2023-05-15T01:30:52Z, valid 24h). */
const FRESH = new Date('2023-05-15T06:00:00Z')

function ctx(over: Partial<CheckContext> = {}): CheckContext {
  return {now: FRESH, certWarnDays: 7, routeSuites: [], expectations: [], ...over}
}

function check(snapshots: ProxySnapshot[], c: CheckContext = ctx()) {
  const report = new CheckReport(c)
  for (const s of snapshots) report.addSnapshot(s)
  return report.finish('error')
}

const statusOf = (result: ReturnType<typeof check>, proxy: string, rule: string) => result.proxies.find((p) => p.proxy === proxy)?.rules.find((r) => r.rule === rule)

describe('check rules', () => {
  it('every rule has a unique id and runs (or is skipped) on every proxy', () => {
    expect(new Set(RULE_IDS).size).to.equal(RULE_IDS.length)
    const r = check([{proxy: 'p', dump: load(F.productpage)}])
    expect(r.proxies[0].rules.map((x) => x.rule)).to.deep.equal(RULE_IDS)
  })

  describe('quiet on healthy dumps', () => {
    it('the productpage sidecar (with live inputs) has no finding', () => {
      const s: ProxySnapshot = {proxy: 'pp', dump: load(F.productpage), ready: 'LIVE\n', rejectedCounters: rejectedCountersFrom({stats: [{name: 'cluster_manager.cds.update_rejected', value: 0}]})}
      const suite = {routeName: '9080', label: 'bookinfo-9080', suite: parseRouteCheckTests(parse(readFileSync(F.tests9080, 'utf8')), F.tests9080)}
      const r = check([s], ctx({routeSuites: [suite], expectations: [parseExpectation('http://reviews:9080/ -> outbound|9080||reviews.default.svc.cluster.local')]}))
      expect(r.findings).to.deep.equal([])
      for (const rule of ['update-rejected', 'proxy-not-ready', 'route-tests', 'expect-trace', 'unknown-cluster', 'missing-route-config', 'config-rejected', 'config-warming', 'config-draining']) {
        expect(statusOf(r, 'pp', rule)?.status, rule).to.equal('pass')
      }
    })

    it('Envoy Gateway with EDS: every endpoint rule passes', () => {
      const r = check([{proxy: 'eg', dump: load(F.eg)}])
      expect(r.findings).to.deep.equal([])
      for (const rule of ['no-endpoints', 'no-healthy-endpoints', 'unhealthy-endpoints']) expect(statusOf(r, 'eg', rule)?.status, rule).to.equal('pass')
    })

    it('the waypoint while its certificate is fresh, and two proxies on the same root: no cert finding', () => {
      const r = check([{proxy: 'a', dump: load(F.waypoint)}, {proxy: 'b', dump: load(F.states)}])
      expect(r.findings.filter((f) => f.rule === 'cert-expiry' || f.rule === 'root-ca-mismatch')).to.deep.equal([])
      expect(statusOf(r, 'a', 'cert-expiry')?.status).to.equal('pass')
      expect(statusOf(r, 'a', 'root-ca-mismatch')?.status).to.equal('pass')
    })
  })

  describe('firing on real and minimally edited dumps', () => {
    it('config-rejected, config-warming, config-draining on the listener/cluster states fixture', () => {
      const f = check([{proxy: 's', dump: load(F.states)}]).findings
      expect(f.filter((x) => x.rule === 'config-rejected').map((x) => [x.severity, x.resource])).to.deep.equal([['error', 'listener/main_internal_rejected']])
      expect(f.find((x) => x.rule === 'config-rejected')?.message).to.include('duplicate listener name')
      expect(f.filter((x) => x.rule === 'config-warming').map((x) => x.resource)).to.deep.equal([
        'cluster/inbound-vip|8000|grpc|httpbin.default.svc.cluster.local',
        'cluster/inbound-vip|8000|http|httpbin.default.svc.cluster.local',
        'listener/main_internal',
        'listener/main_internal_warming',
      ])
      expect(f.filter((x) => x.rule === 'config-draining').map((x) => [x.severity, x.resource])).to.deep.equal([['info', 'listener/main_internal_previous']])
    })

    it('unknown-cluster and missing-route-config on the edited productpage dump', () => {
      const f = check([{proxy: 'b', dump: load(F.broken)}]).findings
      expect(f.filter((x) => x.rule === 'unknown-cluster').map((x) => x.resource)).to.deep.equal([
        'route/9080/reviews.default.svc.cluster.local:9080/default',
        'route/reviews.default.svc.cluster.local:9080/reviews.default.svc.cluster.local:9080/default',
      ])
      expect(f.find((x) => x.rule === 'unknown-cluster')?.message).to.include('outbound|9080|v9|reviews.default.svc.cluster.local')
      expect(f.filter((x) => x.rule === 'missing-route-config').map((x) => [x.resource, x.message])).to.deep.equal([
        ['route_config/3001', 'listener 0.0.0.0_3000 asks RDS for route config "3001", which the proxy does not have: the listener stays warming or answers 404'],
      ])
    })

    it('unknown-cluster on weighted clusters (Envoy Gateway edge cases)', () => {
      const f = check([{proxy: 'eg', dump: load(F.egEdge)}]).findings
      expect(f.filter((x) => x.rule === 'unknown-cluster').map((x) => x.message)).to.deep.equal([
        'names cluster httproute/default/missing/rule/0 that the proxy does not have: Envoy answers 503 (NC, cluster not found)',
      ])
    })

    it('no-healthy-endpoints from the dump\'s EDS health (Envoy Gateway edge cases)', () => {
      const f = check([{proxy: 'eg', dump: load(F.egEdge)}]).findings
      expect(f.filter((x) => x.rule === 'no-healthy-endpoints').map((x) => [x.severity, x.resource])).to.deep.equal([['error', 'cluster/tcproute/default/backend/rule/-1']])
    })

    it('no-endpoints from EDS (waypoint), and unhealthy-endpoints from live /clusters (outlier ejection)', () => {
      const noEp = check([{proxy: 'w', dump: load(F.waypoint)}]).findings.filter((x) => x.rule === 'no-endpoints')
      expect(noEp.map((x) => x.resource)).to.deep.equal(['cluster/inbound-vip|8000|http|httpbin.default.svc.cluster.local'])
      const clusters = clustersStatusFromJson(JSON.parse(readFileSync(F.clustersJson, 'utf8')))
      const f = check([{proxy: 'pp', dump: load(F.productpage), clusters}]).findings
      expect(f.filter((x) => x.rule === 'unhealthy-endpoints').map((x) => [x.resource, x.message])).to.deep.equal([
        ['cluster/outbound|9080||reviews.default.svc.cluster.local', '1 of 3 endpoints cannot take traffic: 172.17.0.27:9080 (ejected by outlier detection)'],
      ])
    })

    it('no-healthy-endpoints from /clusters when every host is ejected', () => {
      const doc = JSON.parse(readFileSync(F.clustersJson, 'utf8'))
      const reviews = doc.cluster_statuses.find((c: {name: string}) => c.name === 'outbound|9080||reviews.default.svc.cluster.local')
      for (const h of reviews.hostStatuses) h.healthStatus.failedOutlierCheck = true
      const f = check([{proxy: 'pp', dump: load(F.productpage), clusters: clustersStatusFromJson(doc)}]).findings
      expect(f.filter((x) => x.rule === 'no-healthy-endpoints').map((x) => x.resource)).to.deep.equal(['cluster/outbound|9080||reviews.default.svc.cluster.local'])
      expect(f.filter((x) => x.rule === 'unhealthy-endpoints')).to.deep.equal([])
    })

    it('cert-expiry: expired (error), past half life within --cert-warn-days (warning), root CA near its end (warning)', () => {
      const at = (now: string, days = 7) => check([{proxy: 'w', dump: load(F.waypoint)}], ctx({now: new Date(now), certWarnDays: days})).findings.filter((x) => x.rule === 'cert-expiry')
      expect(at('2024-01-01T00:00:00Z').map((x) => [x.severity, x.resource])).to.deep.equal([['error', 'secret/default']])
      expect(at('2023-05-15T20:00:00Z').map((x) => [x.severity, x.resource])).to.deep.equal([['warning', 'secret/default']])
      expect(at('2023-05-15T20:00:00Z', 0)).to.deep.equal([])
      expect(at('2033-04-30T00:00:00Z').map((x) => [x.severity, x.resource, x.message.startsWith('root CA')])).to.deep.equal([
        ['error', 'secret/default', false],
        ['warning', 'secret/ROOTCA', true],
      ])
    })

    it('root-ca-mismatch: the proxy on another root than the majority', () => {
      const r = check([{proxy: 'a', dump: load(F.waypoint)}, {proxy: 'b', dump: load(F.states)}, {proxy: 'old', dump: load(F.sds)}])
      const f = r.findings.filter((x) => x.rule === 'root-ca-mismatch')
      expect(f.map((x) => x.proxy)).to.deep.equal(['old'])
      expect(f[0].message).to.include('2bc8ac4db4b312d5e2c9905ddc50b6db').and.include('2 of 3 proxies trust serial 0193a543fe2b0d9cd4847675394dfc54')
    })

    it('update-rejected on counters above zero only', () => {
      const counters = rejectedCountersFrom({stats: [{name: 'listener_manager.lds.update_rejected', value: 3}, {name: 'cluster_manager.cds.update_rejected', value: 0}, {name: 'cluster_manager.cds.update_success', value: 41}]})
      const f = check([{proxy: 'p', dump: load(F.productpage), rejectedCounters: counters}]).findings
      expect(f.map((x) => [x.rule, x.resource])).to.deep.equal([['update-rejected', 'stat/listener_manager.lds.update_rejected']])
    })

    it('proxy-not-ready when /ready is not LIVE', () => {
      const f = check([{proxy: 'p', dump: load(F.productpage), ready: 'PRE_INITIALIZING\n'}]).findings
      expect(f.map((x) => [x.rule, x.severity, x.message])).to.deep.equal([['proxy-not-ready', 'error', '/ready did not answer LIVE (PRE_INITIALIZING): the proxy is not initialised (it waits for its first config)']])
    })

    it('route-tests and expect-trace on the edited productpage dump', () => {
      const suite = {routeName: '9080', label: 'bookinfo-9080', suite: parseRouteCheckTests(parse(readFileSync(F.tests9080, 'utf8')), F.tests9080)}
      const expectation = parseExpectation('http://reviews:9080/ -> outbound|9080||reviews.default.svc.cluster.local')
      const f = check([{proxy: 'b', dump: load(F.broken)}], ctx({routeSuites: [suite], expectations: [expectation]})).findings
      expect(f.filter((x) => x.rule === 'route-tests').map((x) => x.resource)).to.deep.equal([
        'route_config/9080/reviews by FQDN without port, query kept',
        'route_config/9080/reviews by short name',
      ])
      expect(f.find((x) => x.rule === 'expect-trace')?.message).to.match(/^expected cluster outbound\|9080\|\|reviews.default.svc.cluster.local, but .*outbound\|9080\|v9\|reviews/)
      const missing = check([{proxy: 'w', dump: load(F.waypoint)}], ctx({routeSuites: [suite]})).findings.filter((x) => x.rule === 'route-tests')
      expect(missing.map((x) => [x.severity, x.resource])).to.deep.equal([['warning', 'route_config/9080']])
    })

    it('istiod-sync: NACK is an error, STALE and NOT SENT warnings; skipped without istiod', () => {
      const s: ProxySnapshot = {proxy: 'p', dump: load(F.productpage), sync: {types: {CDS: 'SYNCED', LDS: 'STALE', RDS: 'NACK', EDS: 'NOT SENT'}}}
      const run = istiodSync.run(s, ctx())
      expect('findings' in run && run.findings.map((x) => [x.severity, x.resource])).to.deep.equal([
        ['warning', 'xds/LDS'],
        ['error', 'xds/RDS'],
        ['info', 'xds/EDS'],
      ])
      expect(istiodSync.run({proxy: 'p', dump: load(F.productpage), sync: {types: {CDS: 'SYNCED'}}}, ctx())).to.deep.equal({findings: []})
      // istiod's real syncz shape (nonces per type), through the control-plane parser
      const sync = syncByProxy([{istiod: 'istiod1', body: readFileSync(fixture('meshscope', 'pilot', 'syncz-single-istiod1.json'), 'utf8')}])
      const proxy2 = istiodSync.run({proxy: 'proxy2', dump: load(F.productpage), sync: sync.get('proxy2')}, ctx())
      expect('findings' in proxy2 && proxy2.findings.map((x) => [x.severity, x.resource, x.message])).to.deep.equal([
        ['warning', 'xds/CDS', 'CDS is STALE (istiod istiod1): istiod pushed a newer version that the proxy has not acknowledged'],
        ['warning', 'xds/EDS', 'EDS is STALE (istiod istiod1): istiod pushed a newer version that the proxy has not acknowledged'],
        ['info', 'xds/ECDS', 'ECDS is NOT SENT (istiod istiod1): istiod has not sent this type to the proxy'],
      ])
      expect(istiodSync.run({proxy: 'p', dump: load(F.productpage)}, ctx({syncUnavailable: 'no istiod'}))).to.deep.equal({skipped: 'no istiod'})
    })
  })

  it('rules needing live inputs are skipped on a saved dump, with the reason', () => {
    const r = check([{proxy: 'p', dump: load(F.productpage)}])
    expect(statusOf(r, 'p', 'update-rejected')).to.deep.equal({rule: 'update-rejected', status: 'skipped', reason: 'needs /stats from a live proxy or a bundle'})
    expect(statusOf(r, 'p', 'no-endpoints')?.status).to.equal('skipped')
  })
})
