import {readFileSync} from 'node:fs'
import {expect} from 'chai'
import {type LiveCluster, startLiveCluster} from '../harness/bookinfo.js'
import {FakeIstiod} from '../harness/fake-istiod.js'
import {fixture, runCli} from '../helpers/cli.js'
import {validateEnvelope} from '../helpers/schema.js'

const PILOT = (f: string) => fixture('meshscope', 'pilot', f)
const OLD_PILOT = 'istio-pilot-7d9c8b6f5-q2x4l'

describe('istiod discovery: Pilot 1.4-and-older pods labelled istio=pilot, and --istiod-label (built CLI, fake cluster)', function () {
  this.timeout(120_000)
  let cluster: LiveCluster
  let pilot: FakeIstiod

  /** The control plane pods: Pilot ≤1.4 had `discovery` plus its own istio-proxy, and no app=istiod label. */
  function usePods(list: {name: string; labels: Record<string, string>; istiod: FakeIstiod}[]): void {
    cluster.api.pods = cluster.api.pods.filter((p) => p.namespace !== 'istio-system' || p.name === 'old-gateway')
    for (const {name, labels, istiod} of list) {
      cluster.api.pods.push({name, namespace: 'istio-system', labels, containers: ['discovery', 'istio-proxy'], admin: istiod, adminPort: 15014})
    }
  }

  before(async () => {
    cluster = await startLiveCluster()
  })
  after(async () => cluster?.close())
  beforeEach(() => {
    cluster.api.reset()
    pilot = new FakeIstiod({syncz: PILOT('syncz-2018.json')})
  })

  it('no app=istiod pod: the istio=pilot pod is found, -v says by which label; port-forward and exec (discovery container) both answer', async () => {
    usePods([{name: OLD_PILOT, labels: {istio: 'pilot', app: 'pilot'}, istiod: pilot}])
    const r = await runCli(['pilot', 'debug', 'syncz', '-o', 'json', '-v', ...cluster.flags])
    expect(r.code, r.stderr).to.equal(0)
    expect(r.stderr).to.contain(`note: control plane pods found by label istio=pilot in istio-system: ${OLD_PILOT}`)
    expect(JSON.parse(r.stdout)).to.deep.equal(JSON.parse(readFileSync(PILOT('syncz-2018.json'), 'utf8')))
    expect(cluster.api.log.filter((l) => l.includes('labelSelector')).map((l) => decodeURIComponent(l.replace(/^.*labelSelector=([^&]*).*$/, '$1')))).to.deep.equal([
      'app=istiod',
      'istio=pilot',
    ])
    const ex = await runCli(['pilot', 'debug', 'syncz', '-o', 'json', '--istiod-transport', 'exec', ...cluster.flags])
    expect(ex.stdout).to.equal(r.stdout)
    expect(cluster.api.log.some((l) => l.includes(`/pods/${OLD_PILOT}/exec`) && l.includes('container=discovery'))).to.equal(true)
    expect(pilot.requests).to.deep.equal(['GET /debug/syncz', 'GET /debug/syncz'])
  })

  it('proxy-status reads an old Pilot the same way; --json validates', async () => {
    usePods([{name: OLD_PILOT, labels: {istio: 'pilot'}, istiod: pilot}])
    const r = await runCli(['proxy-status', '--json', ...cluster.flags])
    expect(r.code, r.stderr).to.equal(0)
    expect(validateEnvelope('proxy-status.json', r.stdout)).to.deep.equal([])
    expect(JSON.parse(r.stdout).result.proxies).to.have.length.greaterThan(0)
  })

  it('app=istiod wins when both exist (istiod 1.5+ pods carry istio=pilot too); -v names app=istiod', async () => {
    const istiod = new FakeIstiod({syncz: PILOT('syncz-single-istiod1.json')})
    usePods([
      {name: 'istiod-6d8f9c7b5-abcde', labels: {app: 'istiod', istio: 'pilot'}, istiod},
      {name: OLD_PILOT, labels: {istio: 'pilot'}, istiod: pilot},
    ])
    const r = await runCli(['pilot', 'debug', 'syncz', '-v', ...cluster.flags])
    expect(r.code, r.stderr).to.equal(0)
    expect(r.stderr).to.contain('note: control plane pods found by label app=istiod in istio-system: istiod-6d8f9c7b5-abcde')
    expect(istiod.requests).to.deep.equal(['GET /debug/syncz'])
    expect(pilot.requests).to.deep.equal([])
  })

  it('--istiod-label KEY=VALUE replaces both defaults; none found names every label tried (34); a bad value is a usage error (2)', async () => {
    usePods([{name: 'cp-0', labels: {'example.com/control-plane': 'yes'}, istiod: pilot}])
    const custom = await runCli(['pilot', 'debug', 'syncz', '-v', '--istiod-label', 'example.com/control-plane=yes', ...cluster.flags])
    expect(custom.code, custom.stderr).to.equal(0)
    expect(custom.stderr).to.contain('found by label example.com/control-plane=yes in istio-system: cp-0')
    const none = await runCli(['pilot', 'debug', 'syncz', ...cluster.flags])
    expect(none.code).to.equal(34)
    expect(none.stderr).to.contain('no running istiod pod with labels app=istiod in namespace istio-system (nor a Pilot 1.4-or-older pod with istio=pilot)')
    expect(none.stderr).to.contain('--istiod-label KEY=VALUE')
    const rev = await runCli(['proxy-status', '--revision', 'canary', ...cluster.flags])
    expect(rev.stderr).to.contain('app=istiod,istio.io/rev=canary in namespace istio-system (nor a Pilot 1.4-or-older pod with istio=pilot,istio.io/rev=canary)')
    const wrong = await runCli(['pilot', 'debug', 'syncz', '--istiod-label', 'istio=ingressgateway', ...cluster.flags])
    expect(wrong.code).to.equal(34)
    expect(wrong.stderr).to.contain('no running istiod pod with labels istio=ingressgateway in namespace istio-system\n')
    const bad = await runCli(['pilot', 'debug', 'syncz', '--istiod-label', 'istio', ...cluster.flags])
    expect(bad.code).to.equal(2)
    expect(bad.stderr).to.contain('--istiod-label istio is not KEY=VALUE')
  })
})
