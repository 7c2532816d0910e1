import {spawn} from 'node:child_process'
import {existsSync} from 'node:fs'
import {expect} from 'chai'
import {type LiveCluster, startLiveCluster} from '../harness/bookinfo.js'
import {selfSignedCert} from '../harness/tls.js'
import {runCli} from '../helpers/cli.js'

const KUBECTL = '/usr/bin/kubectl'
const POD = 'productpage-v1-7bbd79f8fd-k6j79'

function kubectl(args: string[]): Promise<{stdout: Buffer; stderr: string; code: number | null}> {
  return new Promise((resolve, reject) => {
    const child = spawn(KUBECTL, args, {stdio: ['ignore', 'pipe', 'pipe'], env: {...process.env, KUBECONFIG: undefined}})
    const out: Buffer[] = []
    const err: Buffer[] = []
    child.stdout.on('data', (d) => out.push(d))
    child.stderr.on('data', (d) => err.push(d))
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000)
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8'), code})
    })
  })
}

/**
 * Fidelity of the fake API server: the real kubectl (a Go client-go, not our code) runs `exec` through it,
 * over TLS with a bearer token (kubectl sends no token over http://), and gets Envoy's bytes.
 */
describe('harness fidelity: real kubectl exec through the fake API server (TLS)', function () {
  this.timeout(120_000)
  let cluster: LiveCluster | undefined

  before(async function () {
    if (!existsSync(KUBECTL)) {
      console.log(`      (skipped: ${KUBECTL} is not installed)`)
      this.skip()
    }
    const tls = selfSignedCert()
    if (!tls) {
      console.log('      (skipped: the openssl CLI is not available to make a test certificate)')
      this.skip()
    }
    cluster = await startLiveCluster({tls})
  })
  after(async () => cluster?.close())

  it('kubectl exec pilot-agent request GET config_dump?mask=bootstrap returns the admin API bytes (v5.channel.k8s.io)', async () => {
    const c = cluster!
    const expected = c.productpage.handle('GET', '/config_dump?mask=bootstrap').body
    c.api.log.length = 0
    const r = await kubectl(['--kubeconfig', c.kubeconfig, 'exec', POD, '-c', 'istio-proxy', '--', 'pilot-agent', 'request', 'GET', 'config_dump?mask=bootstrap'])
    expect(r.stderr).to.equal('')
    expect(r.code).to.equal(0)
    expect(r.stdout.equals(expected)).to.equal(true)
    expect(r.stdout.length).to.be.greaterThan(1000)
    expect(c.api.log).to.include(`GET /api/v1/namespaces/default/pods/${POD}`)
    expect(c.api.log.some((l) => l.startsWith(`UPGRADE GET /api/v1/namespaces/default/pods/${POD}/exec?`))).to.equal(true)
  })

  it("kubectl reads the status channel: a failing pilot-agent gives kubectl's exit code 1 and its stderr", async () => {
    const c = cluster!
    const r = await kubectl(['--kubeconfig', c.kubeconfig, 'exec', POD, '-c', 'istio-proxy', '--', 'pilot-agent', 'request', 'GET', 'no_such_path'])
    expect(r.code).to.equal(1)
    expect(r.stderr).to.include('Error: received unsuccessful status code 404: invalid path: /no_such_path')
    expect(r.stderr).to.include('command terminated with exit code 1')
  })

  it('kubectl is refused with the same 403 meshscope maps', async () => {
    const c = cluster!
    c.api.faults = {forbid: ['pods/exec']}
    try {
      const r = await kubectl(['--kubeconfig', c.kubeconfig, 'exec', POD, '-c', 'istio-proxy', '--', 'pilot-agent', 'request', 'GET', 'ready'])
      expect(r.code).to.equal(1)
      expect(r.stderr).to.include('cannot create resource "pods/exec" in API group "" in the namespace "default"')
    } finally {
      c.api.reset()
    }
  })

  it('meshscope reads the same pod over https (client-node with the token), both transports', async () => {
    const c = cluster!
    const file = await runCli(['proxy-config', 'cluster', '-f', c.productpage.files.configDump])
    for (const transport of ['port-forward', 'exec']) {
      const live = await runCli(['proxy-config', 'cluster', POD, '--kubeconfig', c.kubeconfig, '--transport', transport])
      expect(live.code, live.stderr).to.equal(0)
      expect(live.stdout).to.equal(file.stdout)
    }
  })
})
