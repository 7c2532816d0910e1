import {expect} from 'chai'
import {KubeApi} from '../../src/lib/kube/api.js'
import {loadKubeContext} from '../../src/lib/kube/kubeconfig.js'
import {loadK8s} from '../../src/lib/kube/load-k8s.js'
import {PortForwarder} from '../../src/lib/kube/port-forward.js'
import {type LiveCluster, startLiveCluster} from '../harness/bookinfo.js'
import {runCli} from '../helpers/cli.js'

const POD = 'productpage-v1-7bbd79f8fd-k6j79'
const PF = `UPGRADE GET /api/v1/namespaces/default/pods/${POD}/portforward?`
const upgrades = (c: LiveCluster) => c.api.log.filter((l) => l.startsWith(PF))

interface CheckJson {
  status: number
  result: {proxies: {checked: boolean; error?: {code: string; message: string}; rules: {rule: string; status: string; reason?: string}[]}[]}
}

describe('live: requests made together share one port-forward WebSocket (a stream pair each)', function () {
  this.timeout(60_000)
  let cluster: LiveCluster
  before(async () => {
    cluster = await startLiveCluster()
  })
  afterEach(() => cluster.api.reset())
  after(async () => cluster?.close())

  it('check asks a pod its five admin paths over one WebSocket with five ports, and reads every answer', async () => {
    const before = cluster.productpage.requests.length
    const r = await runCli(['check', POD, '--transport', 'port-forward', '--json', ...cluster.flags])
    const out = JSON.parse(r.stdout) as CheckJson
    expect(out.result.proxies[0].checked, r.stderr).to.equal(true)
    expect(upgrades(cluster)).to.deep.equal([`${PF}${Array(5).fill('ports=15000').join('&')}`])
    // the dump without EDS: the endpoint rules read the hosts from /clusters
    expect(cluster.productpage.requests.slice(before).sort()).to.deep.equal([
      'GET /certs',
      'GET /clusters?format=json',
      'GET /config_dump',
      'GET /ready',
      'GET /stats?format=json&filter=update_rejected',
    ])
    // every optional input arrived: no rule was skipped for a missing /clusters, /stats, /ready or /certs
    const skipped = out.result.proxies[0].rules.filter((x) => x.status === 'skipped' && /\/(clusters|stats|ready|certs)\b.* could not be read/.test(x.reason ?? ''))
    expect(skipped).to.deep.equal([])
  })

  const faults = [
    {name: 'the admin port refuses', faults: {adminRefused: true}, code: 'ADMIN_UNREACHABLE', message: /nothing accepts connections on port 15000 of pod .*connection refused/},
    {name: 'the stream drops mid-body', faults: {dropMidBody: true}, code: 'ADMIN_UNREACHABLE', message: /the port-forward stream to port 15000 of pod .* dropped mid-body \(\d+( of \d+)? bytes received\)/},
    {name: 'the port-forward hangs', faults: {slow: {ms: 5000, match: /portforward/}}, code: 'TIMEOUT', message: /GET \/config_dump on port 15000 of pod .* \(port-forward\) did not finish within 2s/},
  ]
  for (const f of faults) {
    it(`when ${f.name}, each request of the shared WebSocket fails with the reason: the pod is not checked (41), promptly`, async () => {
      cluster.api.faults = f.faults
      const started = Date.now()
      const r = await runCli(['check', POD, '--transport', 'port-forward', '--timeout', '2s', '--json', ...cluster.flags], {timeoutMs: 15_000})
      expect(r.code, r.stderr).to.equal(41)
      const proxy = (JSON.parse(r.stdout) as CheckJson).result.proxies[0]
      expect(proxy.checked).to.equal(false)
      expect(proxy.error?.code).to.equal(f.code)
      expect(proxy.error?.message).to.match(f.message)
      expect(upgrades(cluster)).to.have.length(1)
      expect(Date.now() - started).to.be.below(8000)
    })
  }

  it('check --expect asks for the dump with EDS, where a trace finds its endpoints', async () => {
    const before = cluster.productpage.requests.length
    const r = await runCli(['check', POD, '--expect', 'http://reviews:9080/ -> outbound|9080||reviews.default.svc.cluster.local', '--json', ...cluster.flags])
    expect(JSON.parse(r.stdout).result.proxies[0].checked, r.stderr).to.equal(true)
    expect(cluster.productpage.requests.slice(before).filter((l) => l.includes('config_dump'))).to.deep.equal(['GET /config_dump?include_eds=true'])
  })

  it('requests made in different ticks get their own WebSocket; answers match requests made alone', async () => {
    const k8s = await loadK8s()
    const [, kubeconfig] = cluster.flags
    const api = new KubeApi(k8s, loadKubeContext(k8s, {kubeconfig}), 5000)
    const pod = {name: POD, namespace: 'default', container: 'istio-proxy'}
    const forwarder = new PortForwarder(api, pod, 15000)
    const together = await Promise.all([forwarder.request('GET', 'ready'), forwarder.request('GET', 'config_dump?mask=bootstrap'), forwarder.request('GET', 'nope')])
    expect(upgrades(cluster)).to.have.length(1)
    const ready = await forwarder.request('GET', 'ready')
    const bootstrap = await forwarder.request('GET', 'config_dump?mask=bootstrap')
    expect(upgrades(cluster)).to.have.length(3)
    expect(together.map((a) => a.status)).to.deep.equal([200, 200, 404])
    expect(together[0].body.toString()).to.equal(ready.body.toString())
    expect(together[1].body.equals(bootstrap.body)).to.equal(true)
    expect(JSON.parse(together[1].body.toString()).configs[0]['@type']).to.match(/BootstrapConfigDump$/)
  })
})
