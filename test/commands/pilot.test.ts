import {readFileSync} from 'node:fs'
import type {Server} from 'node:http'
import {expect} from 'chai'
import {type LiveCluster, startLiveCluster} from '../harness/bookinfo.js'
import {FakeIstiod, HELLO_KEY, type IstiodPod, PILOT_V1, V1_NODE, pilotV1Files, setIstiodPods} from '../harness/fake-istiod.js'
import {fixture, runCli} from '../helpers/cli.js'
import {validateEnvelope} from '../helpers/schema.js'

const PILOT = (f: string) => fixture('meshscope', 'pilot', f)
const COMPARE = (f: string) => fixture('istio', 'history', 'istio-2020-05', 'istioctl', 'pkg', 'writer', 'compare', 'testdata', f)
const PROXY = 'details-v1-5b9.default'

describe('pilot lds|cds|rds|sds: the Pilot v1 REST API (built CLI, fake Pilot)', function () {
  this.timeout(120_000)
  let pilot: FakeIstiod
  let server: Server
  let url: string
  before(async () => {
    pilot = new FakeIstiod(pilotV1Files())
    ;({server, url} = await pilot.listen())
  })
  after(() => server?.close())
  const v1 = (...args: string[]) => runCli(['pilot', ...args, '--istiod-url', url])

  const BODIES: [string[], string][] = [
    [['lds', '--node', V1_NODE], 'lds-v0-none.json.golden'],
    [['cds', '--node', V1_NODE], 'cds.json.golden'],
    [['rds', '80', '--node', V1_NODE], 'rds-v0.json.golden'],
    [['sds', HELLO_KEY], 'sds.json.golden'],
    [['sds', `${HELLO_KEY}|version=v1`], 'sds-v1.json.golden'],
    [['sds'], 'all-sds.json.golden'],
  ]
  for (const [args, golden] of BODIES) {
    it(`pilot ${args.slice(0, 2).join(' ')} -o json is ${golden} byte for byte; --json validates against pilot-v1.json`, async () => {
      const r = await v1(...args, '-o', 'json')
      expect(r.stderr).to.equal('')
      expect(r.code).to.equal(0)
      expect(r.stdout).to.equal(readFileSync(PILOT_V1(golden), 'utf8'))
      const env = await v1(...args, '--json')
      expect(validateEnvelope('pilot-v1.json', env.stdout)).to.deep.equal([])
      expect(JSON.parse(env.stdout).result.response).to.deep.equal(JSON.parse(r.stdout))
    })
  }

  it('short tables: lds names the RDS config of each port listener; rds lists routes; sds the hosts', async () => {
    const lds = await v1('lds', '--node', V1_NODE)
    expect(lds.stdout.split('\n')[0]).to.match(/^NAME\s+ADDRESS\s+FLAGS\s+FILTERS\s+RDS$/)
    expect(lds.stdout).to.match(/^virtual\s+tcp:\/\/0\.0\.0\.0:15001\s+use_original_dst\s+-\s+-$/m)
    expect(lds.stdout).to.match(/^http_0\.0\.0\.0_80\s+tcp:\/\/0\.0\.0\.0:80\s+bind_to_port=false\s+http_connection_manager\s+80$/m)
    const rds = await v1('rds', '80', '--node', V1_NODE)
    expect(rds.stdout).to.match(/^hello\.default\.svc\.cluster\.local\|http\s+hello:80,hello \+ 10 more\s+\/\*\s+out\.hello\.default\.svc\.cluster\.local\|http$/m)
    const sds = await v1('sds', HELLO_KEY)
    expect(sds.stdout.trim().split('\n').slice(1)).to.deep.equal([
      'hello.default.svc.cluster.local|http  10.1.1.0:80  az=zone/region',
      'hello.default.svc.cluster.local|http  10.1.1.1:80  az=zone/region',
    ])
  })

  it('faults: istiod (no v1) answers 404: Page Not Found → 37 saying v1 is Pilot 0.x only; 503 → 37; not JSON → 37; a bad --node → 2', async () => {
    const other = await runCli(['pilot', 'lds', '--node', 'sidecar~10.9.9.9~x.default~default.svc.cluster.local', '--istiod-url', url])
    expect(other.code).to.equal(37)
    expect(other.stderr).to.contain('does not serve /v1/listeners/istio-proxy/sidecar~10.9.9.9~x.default~default.svc.cluster.local (404: 404: Page Not Found)')
    expect(other.stderr).to.contain('The v1 REST API exists only in Pilot 0.x')
    const failing = new FakeIstiod({fail: {match: /^\/v1\//, status: 503, body: 'registry unavailable'}})
    const bad = new FakeIstiod({paths: {[`/v1/clusters/istio-proxy/${V1_NODE}`]: PILOT_V1('all-cds.json.golden')}, fail: {match: /^\/v1\/listeners\//, status: 200, body: '{"listeners": ['}})
    const f = await failing.listen()
    const b = await bad.listen()
    try {
      const r503 = await runCli(['pilot', 'sds', HELLO_KEY, '--istiod-url', f.url])
      expect(r503.code).to.equal(37)
      expect(r503.stderr).to.match(/answered 503 to \/v1\/registration\/hello\.default\.svc\.cluster\.local%7Chttp: its service registry failed \(registry unavailable\)/)
      const notJson = await runCli(['pilot', 'cds', '--node', V1_NODE, '--istiod-url', b.url])
      expect(notJson.code).to.equal(37)
      expect(notJson.stderr).to.match(/answer to \/v1\/\S+ is not valid JSON/)
      expect(notJson.stderr).not.to.contain('    at ')
    } finally {
      f.server.close()
      b.server.close()
    }
    const node = await v1('lds', '--node', 'not-a-node')
    expect(node.code).to.equal(2)
    expect(node.stderr).to.contain('--node not-a-node is not a service node')
  })
})

describe('pilot debug and v1 through the cluster (built CLI, fake istiod pods)', function () {
  this.timeout(120_000)
  let cluster: LiveCluster
  const istiods: FakeIstiod[] = []

  function useIstiods(list: IstiodPod[]): void {
    istiods.splice(0, istiods.length, ...setIstiodPods(cluster.api, list))
  }

  before(async () => {
    cluster = await startLiveCluster()
  })
  after(async () => cluster?.close())
  beforeEach(() => cluster.api.reset())
  const debug = (...args: string[]) => runCli(['pilot', 'debug', ...args, ...cluster.flags])

  it('syncz: every replica is asked; pretty prints each under its name, indented; --json validates', async () => {
    useIstiods([
      {name: 'istiod1', istiod: new FakeIstiod({syncz: PILOT('syncz-multi-istiod1.json')})},
      {name: 'istiod2', istiod: new FakeIstiod({syncz: PILOT('syncz-multi-istiod2.json')})},
    ])
    const r = await debug('syncz')
    expect(r.code).to.equal(0)
    const blocks = r.stdout.split(/^# istiod /m).slice(1)
    expect(blocks.map((b) => b.split('\n')[0])).to.deep.equal(['istiod1', 'istiod2'])
    expect(JSON.parse(blocks[1].slice('istiod2\n'.length))).to.deep.equal(JSON.parse(readFileSync(PILOT('syncz-multi-istiod2.json'), 'utf8')))
    for (const i of istiods) expect(i.requests).to.deep.equal(['GET /debug/syncz'])
    const env = await debug('/debug/syncz', '--json')
    expect(validateEnvelope('pilot-debug.json', env.stdout)).to.deep.equal([])
    expect(JSON.parse(env.stdout).result.answers.map((a: {istiod: string}) => a.istiod)).to.deep.equal(['istiod1', 'istiod2'])
  })

  it('configz from one replica: -o json is the body as served', async () => {
    useIstiods([{name: 'istiod1', istiod: new FakeIstiod({paths: {'/debug/configz': PILOT('csds-multi-istiod1.json')}})}])
    const r = await debug('configz', '-o', 'json')
    expect(r.code).to.equal(0)
    expect(r.stdout).to.equal(readFileSync(PILOT('csds-multi-istiod1.json'), 'utf8'))
  })

  it('config_dump?proxyID=: only the replica the proxy is connected to answers (the other is skipped)', async () => {
    useIstiods([
      {name: 'istiod-a', istiod: new FakeIstiod({})},
      {name: 'istiod-b', istiod: new FakeIstiod({configDumps: {[PROXY]: COMPARE('pilotconfigdump.json')}})},
    ])
    const r = await debug(`config_dump?proxyID=${PROXY}`, '-o', 'json')
    expect(r.stderr).to.equal('')
    expect(r.code).to.equal(0)
    expect(r.stdout).to.equal(readFileSync(COMPARE('pilotconfigdump.json'), 'utf8'))
    expect(istiods[0].requests).to.deep.equal([`GET /debug/config_dump?proxyID=${PROXY}`])
    const env = await debug(`config_dump?proxyID=${PROXY}`, '--json')
    expect(validateEnvelope('pilot-debug.json', env.stdout)).to.deep.equal([])
    expect(JSON.parse(env.stdout).result.answers).to.have.length(1)
    const ghost = await debug('edsz?proxyID=ghost.default')
    expect(ghost.code).to.equal(5)
    expect(ghost.stderr).to.contain('proxy ghost.default is not connected to any of the 2 istiod(s) asked (istiod-a, istiod-b)')
  })

  it('--list: istiod’s /debug/list when served, else the documented endpoints', async () => {
    const list = new FakeIstiod({paths: {'/debug/list': PILOT('debug-list.json')}})
    useIstiods([{name: 'istiod1', istiod: list}])
    const served = await debug('--list')
    expect(served.stdout).to.equal(`${JSON.parse(readFileSync(PILOT('debug-list.json'), 'utf8')).join('\n')}\n`)
    useIstiods([{name: 'istiod1', istiod: new FakeIstiod({})}])
    const env = await debug('--list', '--json')
    expect(validateEnvelope('pilot-debug.json', env.stdout)).to.deep.equal([])
    const result = JSON.parse(env.stdout).result.list
    expect(result.source).to.equal('documented')
    expect(result.endpoints).to.include.members(['/debug/syncz', '/debug/config_dump?proxyID=', '/debug/edsz?proxyID=', '/debug/registryz'])
  })

  it('faults: no istiod pod (34), istiod down (36), 403 (37), unknown endpoint (37), no endpoint and no --list (2)', async () => {
    useIstiods([{name: 'istiod-0', istiod: new FakeIstiod({}), running: false}])
    const none = await debug('syncz')
    expect(none.code).to.equal(34)
    expect(none.stderr).to.contain('no running istiod pod with labels app=istiod in namespace istio-system')
    const up = new FakeIstiod({syncz: PILOT('syncz-single-istiod1.json')})
    useIstiods([{name: 'istiod1', istiod: up}])
    cluster.api.faults.adminRefused = true
    const down = await debug('syncz')
    expect(down.code).to.equal(36)
    cluster.api.reset()
    up.status = 403
    const refused = await debug('syncz', '--json')
    expect(refused.code).to.equal(37)
    expect(validateEnvelope('envelope-error.json', refused.stdout)).to.deep.equal([])
    expect(JSON.parse(refused.stdout).error.message).to.equal('istiod istiod1 refused /debug/syncz (403): RBAC: access denied')
    up.status = undefined
    const unknown = await debug('nonsense')
    expect(unknown.code).to.equal(37)
    expect(unknown.stderr).to.contain('istiod istiod1 answered 404 to /debug/nonsense')
    const usage = await debug()
    expect(usage.code).to.equal(2)
  })

  it('proxy-status --json (table, and diff with a pod) validates against proxy-status.json', async () => {
    useIstiods([{name: 'istiod-b', istiod: new FakeIstiod({syncz: PILOT('syncz-2018.json'), configDumps: {[PROXY]: COMPARE('pilotconfigdump.json')}})}])
    const table = await runCli(['proxy-status', '--json', '--fail-on-stale', ...cluster.flags])
    expect(table.code).to.equal(42)
    expect(validateEnvelope('proxy-status.json', table.stdout)).to.deep.equal([])
    const diff = await runCli(['proxy-status', PROXY, '--file', COMPARE('diffenvoyconfigdump.json'), '--json', ...cluster.flags])
    expect(validateEnvelope('proxy-status.json', diff.stdout)).to.deep.equal([])
    expect(JSON.parse(diff.stdout).result.comparison.sections.map((c: {match: boolean}) => c.match)).to.deep.equal([false, false, false])
  })

  it('pilot lds POD: the service node comes from the pod (IP 10.244.0.7), Pilot is reached on --pilot-port 15007', async () => {
    const pod = 'productpage-v1-7bbd79f8fd-k6j79'
    const node = `sidecar~10.244.0.7~${pod}.default~default.svc.cluster.local`
    const pilot = new FakeIstiod(pilotV1Files(node))
    useIstiods([{name: 'istio-pilot-0', istiod: pilot, port: 15007}])
    const r = await runCli(['pilot', 'lds', pod, '-o', 'json', ...cluster.flags])
    expect(r.stderr).to.equal('')
    expect(r.stdout).to.equal(readFileSync(PILOT_V1('lds-v0-none.json.golden'), 'utf8'))
    const env = await runCli(['pilot', 'rds', '80', `${pod}.default`, '--json', ...cluster.flags])
    expect(JSON.parse(env.stdout).result).to.include({node, serviceCluster: 'istio-proxy'})
    const pending = await runCli(['pilot', 'cds', 'pending-app', ...cluster.flags])
    expect(pending.code).to.equal(35)
  })
})
