import {readFileSync} from 'node:fs'
import type {Server} from 'node:http'
import {expect} from 'chai'
import {DUMPS, type LiveCluster, startLiveCluster} from '../harness/bookinfo.js'
import {FakeIstiod, HELLO_KEY, type IstiodPod, PILOT_V1, V1_NODE, pilotV1Files, setIstiodPods} from '../harness/fake-istiod.js'
import {fixture, runCli} from '../helpers/cli.js'
import {validateEnvelope} from '../helpers/schema.js'

interface Hop {
  stage: string
  kind: string
  resource?: string
  rule: string
  details: Record<string, unknown>
}

/** `trace-route --source pilot`: the same engine over the control plane's view of a proxy. */
describe('trace-route --source pilot (built CLI, fake istiod / Pilot v1)', function () {
  this.timeout(120_000)

  describe('--pilot-api v1 over the Pilot v1 goldens (--istiod-url, --node)', () => {
    let pilot: FakeIstiod
    let server: Server
    let url: string
    before(async () => {
      pilot = new FakeIstiod(pilotV1Files())
      ;({server, url} = await pilot.listen())
    })
    after(() => server?.close())
    beforeEach(() => {
      pilot.requests.length = 0
    })
    const v1 = (...args: string[]) => runCli(['trace-route', '--source', 'pilot', '--pilot-api', 'v1', '--node', V1_NODE, '--istiod-url', url, ...args])

    it('http://hello/ walks the talk’s chain LDS → RDS → CDS → SDS and ends at the SDS hosts of hello…|http', async () => {
      const r = await v1('http://hello/', '--json')
      expect(r.code).to.equal(0)
      expect(validateEnvelope('trace-route.json', r.stdout)).to.deep.equal([])
      const trace = JSON.parse(r.stdout).result
      const hops = trace.hops as Hop[]
      expect(hops.map((h) => `${h.stage} ${h.kind} ${h.resource}`)).to.deep.equal([
        'LDS listener virtual',
        'LDS listener http_0.0.0.0_80',
        'LDS filter-chain #0',
        'LDS network-filter envoy.filters.network.http_connection_manager',
        'RDS route-config 80',
        'RDS virtual-host hello.default.svc.cluster.local|http',
        'RDS route #0',
        'RDS action out.hello.default.svc.cluster.local|http',
        'CDS cluster out.hello.default.svc.cluster.local|http',
        'SDS endpoints out.hello.default.svc.cluster.local|http',
      ])
      const last = hops.at(-1) as Hop
      expect(last.rule).to.contain(HELLO_KEY)
      const addresses = JSON.stringify(last.details)
      expect(addresses).to.contain('10.1.1.0:80').and.contain('10.1.1.1:80')
      expect(trace.outcome.cluster).to.equal('out.hello.default.svc.cluster.local|http')
      // fetched as Envoy v1 did: LDS, the three RDS configs its listeners name, CDS, then SDS per sds cluster
      const paths = pilot.requests.map((q) => decodeURIComponent(q.replace(/^GET /, '')))
      expect(paths.slice(0, 5)).to.deep.equal([
        `/v1/listeners/istio-proxy/${V1_NODE}`,
        `/v1/routes/443/istio-proxy/${V1_NODE}`,
        `/v1/routes/80/istio-proxy/${V1_NODE}`,
        `/v1/routes/81/istio-proxy/${V1_NODE}`,
        `/v1/clusters/istio-proxy/${V1_NODE}`,
      ])
      expect(paths).to.include(`/v1/registration/${HELLO_KEY}`)
      const sdsKeys = new Set((JSON.parse(readFileSync(PILOT_V1('cds.json.golden'), 'utf8')).clusters as {type: string; service_name: string}[]).filter((c) => c.type === 'sds').map((c) => c.service_name))
      expect(paths.filter((p) => p.startsWith('/v1/registration/'))).to.deep.equal([...sdsKeys].map((k) => `/v1/registration/${k}`))
    })

    it('the walkthrough names the hops LDS, RDS, CDS, SDS (no EDS)', async () => {
      const r = await v1('http://hello/')
      expect(r.code).to.equal(0)
      const stages = [...r.stdout.matchAll(/^\s*\d+\. (\w+) /gm)].map((m) => m[1])
      expect([...new Set(stages)]).to.deep.equal(['LDS', 'RDS', 'CDS', 'SDS'])
      expect(r.stdout).to.match(/10\. SDS {2}endpoints: out\.hello\.default\.svc\.cluster\.local\|http\n/)
      expect(r.stdout).to.contain('10.1.1.0:80  HEALTHY')
    })

    it('a registry that fails (503) is an ADMIN_ERROR (37) naming the SDS path', async () => {
      const failing = new FakeIstiod({...pilotV1Files(), fail: {match: /^\/v1\/registration\//, status: 503, body: 'EDS registry unavailable'}})
      const {server: s, url: u} = await failing.listen()
      try {
        const r = await runCli(['trace-route', '--source', 'pilot', '--pilot-api', 'v1', '--node', V1_NODE, '--istiod-url', u, 'http://hello/'])
        expect(r.code).to.equal(37)
        expect(r.stderr).to.match(/^Error: Pilot 127\.0\.0\.1:\d+ answered 503 to \/v1\/registration\/hello\.default\.svc\.cluster\.local%7Ccustom: its service registry failed \(EDS registry unavailable\)/)
      } finally {
        s.close()
      }
    })

    it('usage: --pilot-api without --source pilot, --source pilot with --file, v1 without pod or --node', async () => {
      const a = await runCli(['trace-route', '--pilot-api', 'v1', '-f', DUMPS.productpage, 'http://hello/'])
      expect(a.code).to.equal(2)
      expect(a.stderr).to.contain('--pilot-api needs --source pilot')
      const b = await runCli(['trace-route', '--source', 'pilot', '-f', DUMPS.productpage, 'http://hello/'])
      expect(b.code).to.equal(2)
      const c = await runCli(['trace-route', '--source', 'pilot', '--pilot-api', 'v1', '--istiod-url', url, 'http://hello/'])
      expect(c.code).to.equal(2)
      expect(c.stderr).to.contain('name the proxy: a pod (NAME[.NAMESPACE]) or its service node with --node')
    })
  })

  describe('through the cluster (istiod pods behind the fake kube API)', () => {
    let cluster: LiveCluster
    before(async () => {
      cluster = await startLiveCluster()
    })
    after(async () => cluster?.close())

    const useIstiods = (list: IstiodPod[]) => setIstiodPods(cluster.api, list)

    const PROXY = 'productpage-v1-7bbd79f8fd-k6j79.default'

    it('xds: the replica the proxy is connected to answers config_dump and edsz; the trace ends at its endpoints', async () => {
      const away = new FakeIstiod({})
      const home = new FakeIstiod({configDumps: {[PROXY]: DUMPS.productpage}, edsz: {[PROXY]: fixture('meshscope', 'pilot', 'edsz-productpage.json')}})
      useIstiods([
        {name: 'istiod-a', istiod: away},
        {name: 'istiod-b', istiod: home},
      ])
      const r = await runCli(['trace-route', '--source', 'pilot', PROXY, 'http://reviews:9080/', '--json', ...cluster.flags])
      expect(r.code).to.equal(0)
      expect(validateEnvelope('trace-route.json', r.stdout)).to.deep.equal([])
      const trace = JSON.parse(r.stdout).result
      const eds = trace.hops.at(-1) as Hop
      expect(`${eds.stage} ${eds.kind} ${eds.resource}`).to.equal('EDS endpoints outbound|9080||reviews.default.svc.cluster.local')
      expect(eds.rule).to.match(/^2 of 3 endpoint\(s\)/)
      expect(JSON.stringify(eds.details)).to.contain('172.17.0.14:9080').and.contain('172.17.0.16:9080')
      expect(away.requests).to.deep.equal([`GET /debug/config_dump?proxyID=${encodeURIComponent(PROXY)}`])
      expect(home.requests).to.deep.equal([`GET /debug/config_dump?proxyID=${encodeURIComponent(PROXY)}`, `GET /debug/edsz?proxyID=${encodeURIComponent(PROXY)}`])
    })

    it('xds: a cluster istiod has no endpoints for ends with no healthy endpoint (15)', async () => {
      useIstiods([{name: 'istiod-b', istiod: new FakeIstiod({configDumps: {[PROXY]: DUMPS.productpage}, edsz: {[PROXY]: fixture('meshscope', 'pilot', 'edsz-productpage.json')}})}])
      const r = await runCli(['trace-route', '--source', 'pilot', PROXY, 'http://ratings:9080/', ...cluster.flags])
      expect(r.code).to.equal(15)
    })

    it('xds: no replica knows the proxy → NOT_FOUND (5)', async () => {
      useIstiods([{name: 'istiod-a', istiod: new FakeIstiod({})}])
      const r = await runCli(['trace-route', '--source', 'pilot', 'ghost.default', 'http://reviews:9080/', ...cluster.flags])
      expect(r.code).to.equal(5)
      expect(r.stderr).to.contain('proxy ghost.default is not connected to any of the 1 istiod(s) asked (istiod-a)')
    })

    it('v1 from a pod: the service node is built from the pod IP, and Pilot is reached on port 15007', async () => {
      const node = `sidecar~10.244.0.7~${PROXY}~default.svc.cluster.local`
      const pilot = new FakeIstiod(pilotV1Files(node))
      useIstiods([{name: 'istio-pilot-0', istiod: pilot, port: 15007}])
      const r = await runCli(['trace-route', '--source', 'pilot', '--pilot-api', 'v1', PROXY, 'http://hello/', ...cluster.flags])
      expect(r.stderr).to.equal('')
      expect(r.code).to.equal(0)
      expect(r.stdout).to.contain('SDS  endpoints: out.hello.default.svc.cluster.local|http')
      expect(pilot.requests[0]).to.equal(`GET /v1/listeners/istio-proxy/${encodeURIComponent(node)}`)
    })
  })
})
