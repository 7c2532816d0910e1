import {readFileSync} from 'node:fs'
import {expect} from 'chai'
import {type LiveCluster, startLiveCluster} from '../harness/bookinfo.js'
import {FakeIstiod, type IstiodPod, setIstiodPods} from '../harness/fake-istiod.js'
import {fixture, normalizeGolden, runCli} from '../helpers/cli.js'

const PILOT = (f: string) => fixture('meshscope', 'pilot', f)
const GOLDEN_2024 = (f: string) => readFileSync(fixture('istio', 'history', 'istio-2024-03', 'istioctl', 'pkg', 'writer', 'pilot', 'testdata', f), 'utf8')
const GOLDEN_HEAD = (f: string) => readFileSync(fixture('istio', 'istioctl', 'pkg', 'writer', 'pilot', 'testdata', f), 'utf8')
const COMPARE = (f: string) => fixture('istio', 'history', 'istio-2020-05', 'istioctl', 'pkg', 'writer', 'compare', 'testdata', f)

/** proxy-status against fake istiod pods (app=istiod in istio-system) behind the fake kube API. */
describe('proxy-status (built CLI, fake istiod replicas)', function () {
  this.timeout(120_000)
  let cluster: LiveCluster
  const istiods: FakeIstiod[] = []

  function useIstiods(list: IstiodPod[]): void {
    istiods.splice(0, istiods.length, ...setIstiodPods(cluster.api, list, {annotatePort: true}))
  }

  before(async () => {
    cluster = await startLiveCluster()
  })
  after(async () => cluster?.close())
  beforeEach(() => cluster.api.reset())

  const ps = (...args: string[]) => runCli(['proxy-status', ...args, ...cluster.flags])

  it('one istiod: the classic table matches istioctl 1.21 multiStatusSinglePilot.txt', async () => {
    useIstiods([{name: 'istiod1', istiod: new FakeIstiod({syncz: PILOT('syncz-single-istiod1.json')})}])
    const r = await ps()
    expect(r.stderr).to.equal('')
    expect(r.code).to.equal(0)
    expect(normalizeGolden(r.stdout)).to.equal(normalizeGolden(GOLDEN_2024('multiStatusSinglePilot.txt')))
  })

  it('four replicas (one a ztunnel): every replica is asked and rows merge, as multiStatusMultiPilot.txt; exit 0 although stale', async () => {
    useIstiods([1, 2, 3, 4].map((i) => ({name: `istiod${i}`, istiod: new FakeIstiod({syncz: PILOT(`syncz-multi-istiod${i}.json`)})})))
    const r = await ps()
    expect(r.code).to.equal(0)
    expect(normalizeGolden(r.stdout)).to.equal(normalizeGolden(GOLDEN_2024('multiStatusMultiPilot.txt')))
    for (const i of istiods) expect(i.requests).to.include('GET /debug/syncz')
  })

  it('a monitoring port from the prometheus.io/port annotation, and the exec transport, give the same table', async () => {
    useIstiods([{name: 'istiod2', istiod: new FakeIstiod({syncz: PILOT('syncz-multi-istiod2.json')}), port: 15099}])
    const pf = await ps()
    expect(normalizeGolden(pf.stdout)).to.equal(normalizeGolden(GOLDEN_2024('singleStatus.txt')))
    const ex = await ps('--istiod-transport', 'exec')
    expect(ex.stdout).to.equal(pf.stdout)
    expect(cluster.api.log.some((l) => l.includes('/pods/istiod2/exec') && l.includes('pilot-discovery'))).to.equal(true)
  })

  it('Pilot 1.1 without istio_version: the proxy version with * (singleStatusFallback.txt)', async () => {
    useIstiods([{name: 'istiod2', istiod: new FakeIstiod({syncz: PILOT('syncz-fallback-istiod2.json')})}])
    const r = await ps()
    expect(normalizeGolden(r.stdout)).to.equal(normalizeGolden(GOLDEN_2024('singleStatusFallback.txt')))
  })

  it('CSDS answers carry ERROR (NACK) and IGNORED: multiXdsStatusMultiPilot.txt', async () => {
    useIstiods([1, 2, 3, 4].map((i) => ({name: `istiod${i}`, istiod: new FakeIstiod({syncz: PILOT(`csds-multi-istiod${i}.json`)})})))
    const r = await ps()
    expect(normalizeGolden(r.stdout)).to.equal(normalizeGolden(GOLDEN_2024('multiXdsStatusMultiPilot.txt')))
  })

  it('-o json and -o yaml: the CSDS DiscoveryResponse of istioctl today (multiXdsStatusSinglePilot.json/.yaml)', async () => {
    useIstiods([{name: 'istiod1', istiod: new FakeIstiod({syncz: PILOT('csds-multi-istiod1.json'), version: '1.1'})}])
    const json = await ps('-o', 'json')
    expect(json.stdout).to.equal(GOLDEN_HEAD('multiXdsStatusSinglePilot.json'))
    const yaml = await ps('-o', 'yaml')
    expect(yaml.stdout).to.equal(GOLDEN_HEAD('multiXdsStatusSinglePilot.yaml'))
  })

  it('the 2018 syncz shape (proxy, sent, acked): one nonce pair for every type; -n filters by the proxy ID', async () => {
    useIstiods([{name: 'istio-pilot-5d8b6b4f6c-x2x9z', istiod: new FakeIstiod({syncz: PILOT('syncz-2018.json')})}])
    const all = await ps()
    const lines = all.stdout.trim().split('\n')
    expect(lines).to.have.length(4)
    expect(lines[1]).to.match(/^details-v1-6865b9b99d-nsp9l\.default\s+SYNCED\s+SYNCED\s+SYNCED\s+SYNCED\s+SYNCED\s+istio-pilot/)
    expect(lines[2]).to.match(/^istio-ingressgateway-\S+\s+(STALE \(Never Acknowledged\)\s+){5}istio-pilot/)
    expect(lines[3]).to.match(/^productpage-v1-\S+\s+(STALE\s+){5}istio-pilot/)
    const ns = await ps('-n', 'default', '--fail-on-stale')
    expect(ns.stdout.trim().split('\n')).to.have.length(3)
    expect(istiods[0].requests).to.include('GET /debug/syncz?namespace=default')
    expect(ns.code).to.equal(42)
  })

  it('--json: the rows in the envelope', async () => {
    useIstiods([{name: 'istiod1', istiod: new FakeIstiod({syncz: PILOT('syncz-single-istiod1.json')})}])
    const r = await ps('--json')
    const env = JSON.parse(r.stdout)
    expect(env.status).to.equal(0)
    expect(env.result.proxies.map((p: {name: string}) => p.name)).to.deep.equal(['proxy1', 'proxy2'])
    expect(env.result.proxies[0].states).to.deep.equal({CDS: 'STALE', LDS: 'SYNCED', EDS: 'SYNCED', RDS: 'NOT SENT', ECDS: 'NOT SENT'})
  })

  describe('with a pod: istiod vs Envoy', () => {
    const PROXY = 'details-v1-5b9.default'
    const withDump = (name: string) => new FakeIstiod({configDumps: {[PROXY]: COMPARE(name)}})

    it('skips the replica that does not know the proxy; same dumps → Clusters/Listeners/Routes Match', async () => {
      useIstiods([
        {name: 'istiod-a', istiod: new FakeIstiod({})},
        {name: 'istiod-b', istiod: withDump('pilotconfigdump.json')},
      ])
      const r = await ps(PROXY, '--file', COMPARE('envoyconfigdump.json'), '--fail-on-diff')
      expect(r.stderr).to.equal('')
      expect(r.stdout).to.equal('Clusters Match\nListeners Match\nRoutes Match\n')
      expect(r.code).to.equal(0)
      expect(istiods[0].requests).to.deep.equal([`GET /debug/config_dump?proxyID=${encodeURIComponent(PROXY)}`])
    })

    it('a changed Envoy: the diffs of the compare goldens (clusterdiff, listenerdiff, routediff), exit 0, or 1 with --fail-on-diff', async () => {
      useIstiods([{name: 'istiod-b', istiod: withDump('pilotconfigdump.json')}])
      const r = await ps(PROXY, '--file', COMPARE('diffenvoyconfigdump.json'))
      expect(r.code).to.equal(0)
      // istioctl ≤1.6 called istiod "Pilot" in the headers; today's name is "Istiod"
      const out = r.stdout.replaceAll('--- Istiod ', '--- Pilot ')
      const golden = (f: string) => normalizeGolden(readFileSync(COMPARE(f), 'utf8')).trimEnd()
      expect(out).to.contain(`Clusters Don't Match\n${golden('clusterdiff.txt')}\nListeners Don't Match\n`)
      expect(out).to.contain(`Listeners Don't Match\n${golden('listenerdiff.txt')}\n`)
      expect(out).to.contain(golden('routediff.txt'))
      const strict = await ps(PROXY, '--file', COMPARE('diffenvoyconfigdump.json'), '--fail-on-diff')
      expect(strict.code).to.equal(1)
    })

    it('no replica knows the proxy: NOT_FOUND (5) naming the replicas asked', async () => {
      useIstiods([{name: 'istiod-a', istiod: new FakeIstiod({})}, {name: 'istiod-c', istiod: new FakeIstiod({})}])
      const r = await ps('ghost.default', '--file', COMPARE('envoyconfigdump.json'))
      expect(r.code).to.equal(5)
      expect(r.stderr).to.contain('proxy ghost.default is not connected to any of the 2 istiod(s) asked (istiod-a, istiod-c)')
    })
  })

  describe('faults', () => {
    it('no istiod pods: POD_NOT_FOUND (34) with the selector and namespace', async () => {
      useIstiods([{name: 'istiod-0', istiod: new FakeIstiod({}), running: false}])
      const r = await ps()
      expect(r.code).to.equal(34)
      expect(r.stderr).to.contain('no running istiod pod with labels app=istiod in namespace istio-system')
      const rev = await ps('--revision', 'canary', '-i', 'istio-canary')
      expect(rev.stderr).to.contain('app=istiod,istio.io/rev=canary in namespace istio-canary')
    })

    it('istiod down (nothing on its port): ADMIN_UNREACHABLE (36)', async () => {
      useIstiods([{name: 'istiod1', istiod: new FakeIstiod({syncz: PILOT('syncz-single-istiod1.json')})}])
      cluster.api.faults.adminRefused = true
      const r = await ps()
      expect(r.code).to.equal(36)
      expect(r.stderr).to.match(/^Error: nothing accepts connections on port 15014 of pod istiod1/)
    })

    it('istiod answers 403: ADMIN_ERROR (37) that says how to authenticate', async () => {
      const istiod = new FakeIstiod({syncz: PILOT('syncz-single-istiod1.json')})
      istiod.status = 403
      useIstiods([{name: 'istiod1', istiod}])
      const r = await ps()
      expect(r.code).to.equal(37)
      expect(r.stderr).to.contain('istiod istiod1 refused /debug/syncz (403): RBAC: access denied')
    })

    it('RBAC forbids the port-forward: FORBIDDEN (33)', async () => {
      useIstiods([{name: 'istiod1', istiod: new FakeIstiod({syncz: PILOT('syncz-single-istiod1.json')})}])
      cluster.api.faults.forbid = ['pods/portforward']
      const r = await ps()
      expect(r.code).to.equal(33)
      expect(r.stderr).to.contain('pods/portforward in namespace istio-system')
    })

    it('malformed syncz: ADMIN_ERROR (37), no stack', async () => {
      useIstiods([{name: 'istiod1', istiod: new FakeIstiod({syncz: COMPARE('clusterdiff.txt')})}])
      const r = await ps()
      expect(r.code).to.equal(37)
      expect(r.stderr).to.match(/^Error: istiod istiod1's answer to \/debug\/syncz is not valid JSON/)
      expect(r.stderr).not.to.contain('    at ')
    })
  })
})
