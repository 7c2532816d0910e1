import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {expect} from 'chai'
import {type LiveCluster, startLiveCluster} from '../harness/bookinfo.js'
import type {Faults} from '../harness/fake-kube-api.js'
import {runCli} from '../helpers/cli.js'

const POD = 'productpage-v1-7bbd79f8fd-k6j79'
const TIMEOUT_MS = 2000

interface Fault {
  name: string
  args: string[]
  faults?: Faults
  env?: NodeJS.ProcessEnv
  code: number
  message: RegExp
  /** also required among the "Try:" lines */
  fix?: RegExp
}

/**
 * Every failure a user meets in a real cluster: its exit code, a message naming the cause, a suggestion
 * naming the fix, and an exit of the process on its own within --timeout + 1 s (a hang or an open handle
 * would show as a kill by runCli, code null).
 */
const FAULTS: Fault[] = [
  {name: 'unknown context', args: [POD, '--context', 'prod'], code: 30, message: /^Error: context "prod" is not in .*config$/m, fix: /Use one of: fake, fake-bad-token, unreachable/},
  {name: 'unreachable API server', args: [POD, '--context', 'unreachable'], code: 31, message: /cannot reach the Kubernetes API server http:\/\/127\.0\.0\.1:9 \(context unreachable\): ECONNREFUSED/, fix: /kubectl cluster-info/},
  {name: '401 bad token', args: [POD, '--context', 'fake-bad-token'], code: 32, message: /rejected the credentials of context fake-bad-token \(401 Unauthorized\)/, fix: /Log in again/},
  {name: '403 on pods', args: [POD], faults: {forbid: ['pods']}, code: 33, message: /you need "get" on pods in namespace default: pods "productpage-v1-7bbd79f8fd-k6j79" is forbidden/, fix: /kubectl auth can-i get pods -n default/},
  {name: '403 on pods/portforward', args: [POD, '--transport', 'port-forward'], faults: {forbid: ['pods/portforward']}, code: 33, message: /you need "get" and "create" on pods\/portforward in namespace default/, fix: /kubectl auth can-i create pods\/portforward -n default/},
  {name: '403 on pods/exec', args: [POD, '--transport', 'exec'], faults: {forbid: ['pods/exec']}, code: 33, message: /you need "get" and "create" on pods\/exec in namespace default/, fix: /or use --transport port-forward/},
  {name: '403 on both (auto)', args: [POD], faults: {forbid: ['pods/exec', 'pods/portforward']}, code: 33, message: /RBAC forbids both transports in namespace default: you need "get" and "create" on pods\/portforward \(or on pods\/exec\)/},
  {name: 'API server 500', args: [POD], faults: {status: {code: 500, match: /\/pods\//}}, code: 31, message: /the Kubernetes API server answered 500 to get pods: injected fault 500/},
  {name: 'pod not found', args: ['nope'], code: 34, message: /^Error: pod nope not found in namespace default$/m, fix: /kubectl get pods -n default/},
  {name: 'pod not found in the named namespace', args: [`${POD}.shop`], code: 34, message: /pod productpage-v1-7bbd79f8fd-k6j79 not found in namespace shop/},
  {name: 'workload not found', args: ['deployment/nope'], code: 34, message: /deployment nope not found in namespace default/},
  {name: 'workload without pods', args: ['deployment/empty'], code: 34, message: /deployment\/empty in namespace default has no pods/},
  {name: 'pod not running', args: ['pending-app'], code: 35, message: /pod pending-app in namespace default is not running \(phase Pending\)/, fix: /kubectl describe pod pending-app -n default/},
  {name: 'workload without a running pod', args: ['deployment/pending'], code: 35, message: /deployment\/pending in namespace default has no running, ready pod: pending-app \(Pending, not ready\)/},
  {name: 'no sidecar', args: ['plain-app'], code: 35, message: /pod plain-app in namespace default has no istio-proxy container \(it has: app\)/, fix: /Is the pod in the mesh\?/},
  {name: 'old gateway without --container', args: ['old-gateway.istio-system'], code: 35, message: /has no istio-proxy container \(it has: ingressgateway\)/, fix: /pass --container NAME/},
  {name: 'admin port refused (port-forward)', args: [POD, '--transport', 'port-forward'], faults: {adminRefused: true}, code: 36, message: /nothing accepts connections on port 15000 of pod .*connect: connection refused/, fix: /--proxy-admin-port/},
  {name: 'admin port refused (exec)', args: [POD, '--transport', 'exec'], faults: {adminRefused: true}, code: 36, message: /pilot-agent in pod .* cannot reach Envoy's admin API: Error: Get "http:\/\/localhost:15000\/config_dump\?mask=.*connection refused/},
  {name: 'admin port refused (auto tries both)', args: [POD], faults: {adminRefused: true}, code: 36, message: /pilot-agent in pod .* cannot reach Envoy's admin API/},
  {name: 'stream dropped mid-body (port-forward)', args: [POD, '--transport', 'port-forward'], faults: {dropMidBody: true}, code: 36, message: /the port-forward stream to port 15000 of pod .* dropped mid-body \(\d+ bytes received\)/},
  {name: 'stream dropped mid-body (exec)', args: [POD, '--transport', 'exec'], faults: {dropMidBody: true}, code: 36, message: /the exec stream to pod .* dropped before pilot-agent finished \(\d+ bytes received\)/},
  {name: 'truncated body (port-forward)', args: [POD, '--transport', 'port-forward'], faults: {truncateBody: true}, code: 36, message: /dropped mid-body \(\d+ bytes received\)/},
  {name: 'truncated body (exec: pilot-agent exits 0)', args: [POD, '--transport', 'exec'], faults: {truncateBody: true}, code: 4, message: /pod productpage-v1-7bbd79f8fd-k6j79\.default \(exec\)/},
  {name: 'admin answers 503 (port-forward)', args: [POD, '--transport', 'port-forward'], faults: {adminStatus: 503}, code: 37, message: /Envoy's admin API \(pod .* \(port-forward\)\) answered 503 to \/config_dump\?mask=.*: injected admin failure/},
  {name: 'admin answers 503 (exec)', args: [POD, '--transport', 'exec'], faults: {adminStatus: 503}, code: 37, message: /Envoy's admin API answered 503 to \/config_dump\?mask=.* \(through pilot-agent in pod/},
  {name: 'slow API server', args: [POD], faults: {slow: {ms: 5000, match: /\/pods\/[^/]+$/}}, code: 38, message: /the Kubernetes API request \(get pods in default\) did not finish within 2s/, fix: /--timeout/},
  {name: 'slow port-forward', args: [POD, '--transport', 'port-forward'], faults: {slow: {ms: 5000, match: /portforward/}}, code: 38, message: /GET \/config_dump\?mask=.* on port 15000 of pod .* \(port-forward\) did not finish within 2s/},
  {name: 'slow exec', args: [POD, '--transport', 'exec'], faults: {slow: {ms: 5000, match: /exec/}}, code: 38, message: /"pilot-agent request GET config_dump\?mask=.*" in pod .* \(exec\) did not finish within 2s/},
]

describe('live: faults → message, exit code, and a prompt exit (built CLI against the fake cluster)', function () {
  this.timeout(120_000)
  let cluster: LiveCluster
  before(async () => {
    cluster = await startLiveCluster()
  })
  afterEach(() => cluster.api.reset())
  after(async () => cluster?.close())

  for (const f of FAULTS) {
    it(`${f.name} → ${f.code}`, async () => {
      cluster.api.faults = f.faults ?? {}
      const spawned = Date.now()
      const r = await runCli(['proxy-config', 'cluster', ...f.args, ...cluster.flags, '--timeout', `${TIMEOUT_MS / 1000}s`], {env: f.env, timeoutMs: 15_000})
      // from the first request (start-up, ~0.5-1 s of node + oclif + client-node, is not part of the bound)
      const elapsed = Date.now() - (cluster.api.firstRequestAt ?? spawned)
      expect(r.stderr).to.match(f.message)
      if (f.fix) expect(r.stderr).to.match(new RegExp(`^  Try: .*${f.fix.source}`, 'm'))
      expect(r.stderr).not.to.match(/\n\s+at /) // no stack trace
      expect(r.code, r.stderr).to.equal(f.code)
      expect(r.stdout).to.equal('')
      expect(elapsed, `exited after ${elapsed} ms`).to.be.below(TIMEOUT_MS + 1000)
    })
  }

  it('no kubeconfig anywhere → 30, saying where it looked', async () => {
    const home = mkdtempSync(join(tmpdir(), 'meshscope-home-'))
    try {
      const r = await runCli(['proxy-config', 'cluster', POD], {env: {HOME: home, KUBECONFIG: undefined, KUBERNETES_SERVICE_HOST: undefined}})
      expect(r.code).to.equal(30)
      expect(r.stderr).to.include(`Error: no kubeconfig: KUBECONFIG is not set and ${join(home, '.kube', 'config')} does not exist`)
      expect(r.stderr).to.include('Try: Point meshscope at a cluster with --kubeconfig PATH or KUBECONFIG=PATH')
    } finally {
      rmSync(home, {recursive: true, force: true})
    }
  })

  it('errors keep their code and message under --json', async () => {
    const r = await runCli(['proxy-config', 'cluster', 'plain-app', ...cluster.flags, '--json'])
    expect(r.code).to.equal(35)
    const envelope = JSON.parse(r.stdout)
    expect(envelope.status).to.equal(35)
    expect(envelope.error.code).to.equal('POD_NOT_READY')
    expect(envelope.error.message).to.equal('pod plain-app in namespace default has no istio-proxy container (it has: app)')
  })

  it('--container names another proxy container (an old gateway)', async () => {
    const r = await runCli(['proxy-config', 'cluster', 'old-gateway.istio-system', '--container', 'ingressgateway', '--transport', 'exec', ...cluster.flags])
    expect(r.code, r.stderr).to.equal(0)
    expect(cluster.api.log.at(-1)).to.include('container=ingressgateway')
  })
})
