import {readFileSync} from 'node:fs'
import {expect} from 'chai'
import {DUMPS, type LiveCluster, startLiveCluster} from '../harness/bookinfo.js'
import {FakeEnvoyAdmin} from '../harness/fake-envoy-admin.js'
import {runCli} from '../helpers/cli.js'
import {validateEnvelope} from '../helpers/schema.js'

const POD = 'productpage-v1-7bbd79f8fd-k6j79'
const SECOND = 'productpage-v2-55d8c7f9b8-x2vfq'
const DOWN = 'productpage-v3-6c9f8b7d4c-zz9qp'
// Envoy's answer: the fixture (istioctl testdata) without the one blank line more than Envoy writes
const LOGGING = `${readFileSync(DUMPS.logging, 'utf8').trimEnd()}\n`

describe('live: proxy-config log -l SELECTOR sets many pods (built CLI against the fake cluster)', function () {
  this.timeout(120_000)
  let cluster: LiveCluster
  let second: FakeEnvoyAdmin
  before(async () => {
    cluster = await startLiveCluster()
    second = new FakeEnvoyAdmin({configDump: DUMPS.productpage, logging: DUMPS.logging})
    cluster.api.pods.push({name: SECOND, namespace: 'default', labels: {app: 'productpage', version: 'v2'}, admin: second})
  })
  after(async () => cluster?.close())
  beforeEach(() => {
    cluster.api.reset()
    cluster.api.pods = cluster.api.pods.filter((p) => p.name !== DOWN)
    cluster.productpage.requests.length = 0
    second.requests.length = 0
  })
  const addDownPod = (labels: Record<string, string>) => cluster.api.pods.push({name: DOWN, namespace: 'default', labels})

  it('reads every matching pod with a sidecar, each block under POD.NS: in name order (plain-app and the failed pod left out)', async () => {
    const r = await runCli(['proxy-config', 'log', '-l', 'app=productpage', ...cluster.flags])
    expect(r.code, r.stderr).to.equal(0)
    expect(r.stderr).to.equal('')
    expect(r.stdout).to.equal(`${POD}.default:\n${LOGGING}${SECOND}.default:\n${LOGGING}`)
    expect(cluster.productpage.requests).to.deep.equal(['POST /logging'])
    expect(second.requests).to.deep.equal(['POST /logging'])
  })

  it('--level LOGGER:LEVEL goes to every pod; --json has one {pod, loggers} per pod and validates', async () => {
    const r = await runCli(['proxy-config', 'log', '-l', 'app=productpage', '-n', 'default', ...cluster.flags, '--level', 'http:debug,connection:trace', '--json'])
    expect(r.code, r.stderr).to.equal(0)
    expect(validateEnvelope('proxy-config-log.json', r.stdout)).to.deep.equal([])
    const {status, result} = JSON.parse(r.stdout)
    expect(status).to.equal(0)
    expect(result.pods.map((p: {pod: string}) => p.pod)).to.deep.equal([`${POD}.default`, `${SECOND}.default`])
    for (const p of result.pods) expect(p.loggers).to.include({http: 'debug', connection: 'trace', admin: 'warning'})
    for (const admin of [cluster.productpage, second]) expect(admin.requests).to.deep.equal(['POST /logging?http=debug', 'POST /logging?connection=trace'])
    const reset = await runCli(['proxy-config', 'log', '-l', 'app=productpage', ...cluster.flags, '--reset', '--json'])
    for (const p of JSON.parse(reset.stdout).result.pods) expect(new Set(Object.values(p.loggers))).to.deep.equal(new Set(['warning']))
  })

  it('one unreachable pod among several: the others are set, it is reported on stderr, exit 0 with a note', async () => {
    addDownPod({app: 'productpage', version: 'v3'})
    const r = await runCli(['proxy-config', 'log', '-l', 'app=productpage', ...cluster.flags, '--level', 'info', '--transport', 'port-forward'])
    expect(r.code, r.stderr).to.equal(0)
    expect(r.stdout.split(/^(\S+):$/m).filter((_, i) => i % 2 === 1)).to.deep.equal([`${POD}.default`, `${SECOND}.default`])
    expect(r.stderr).to.match(new RegExp(`^Error: ${DOWN}\\.default: .+$`, 'm'))
    expect(r.stderr).to.contain('note: 1 of 3 pods failed (their levels are unchanged or unknown); the others were set')
    expect(second.requests).to.deep.equal(['POST /logging?level=info'])
    const json = await runCli(['proxy-config', 'log', '-l', 'app=productpage', ...cluster.flags, '--transport', 'port-forward', '--json'])
    expect(json.code).to.equal(0)
    expect(validateEnvelope('proxy-config-log.json', json.stdout)).to.deep.equal([])
    const env = JSON.parse(json.stdout)
    expect(env.warnings).to.deep.equal([
      'skipped pod productpage-v1-7bbd79f8fd-old00.default: not running (phase Failed)',
      '1 of 3 pods failed (their levels are unchanged or unknown); the others were set',
    ])
    const down = env.result.pods.find((p: {pod: string}) => p.pod === `${DOWN}.default`)
    expect(down.error.code).to.equal('ADMIN_UNREACHABLE')
    expect(down).not.to.have.property('loggers')
  })

  it('when every matching pod fails, the exit status is the pod\'s code (36), and --json still lists it', async () => {
    addDownPod({app: 'down'})
    const r = await runCli(['proxy-config', 'log', '-l', 'app=down', ...cluster.flags, '--transport', 'port-forward'])
    expect(r.code).to.equal(36)
    expect(r.stdout).to.equal('')
    expect(r.stderr).to.match(new RegExp(`^Error: ${DOWN}\\.default: `))
    const json = await runCli(['proxy-config', 'log', '-l', 'app=down', ...cluster.flags, '--transport', 'port-forward', '--json'])
    expect(json.code).to.equal(36)
    expect(validateEnvelope('proxy-config-log.json', json.stdout)).to.deep.equal([])
    expect(JSON.parse(json.stdout)).to.include({status: 36})
  })

  it('a selector matching no pod with a proxy is a clear error (34), before any pod is asked', async () => {
    const none = await runCli(['proxy-config', 'log', '-l', 'app=nothing', ...cluster.flags])
    expect(none.code).to.equal(34)
    expect(none.stderr).to.contain('Error: no running pod with a proxy matches app=nothing in namespace default')
    const plain = await runCli(['proxy-config', 'log', '-l', 'app=plain', ...cluster.flags, '--json'])
    expect(plain.code).to.equal(34)
    expect(validateEnvelope('envelope-error.json', plain.stdout)).to.deep.equal([])
    expect(JSON.parse(plain.stdout).error.suggestions).to.include('1 pod(s) were left out (not running, or not in the mesh): run with -v to see them')
    expect(cluster.productpage.requests).to.deep.equal([])
  })

  it('a pod argument (or --admin-url) with -l is a usage error', async () => {
    const both = await runCli(['proxy-config', 'log', POD, '-l', 'app=productpage', ...cluster.flags])
    expect(both.code).to.equal(2)
    expect(both.stderr).to.contain('proxy-config log takes a pod name or -l SELECTOR, not both')
    const url = await runCli(['proxy-config', 'log', '--admin-url', 'http://127.0.0.1:1', '-l', 'app=productpage'])
    expect(url.code).to.equal(2)
    expect(cluster.productpage.requests).to.deep.equal([])
  })
})
