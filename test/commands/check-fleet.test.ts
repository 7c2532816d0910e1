import {mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {expect} from 'chai'
import {XMLParser} from 'fast-xml-parser'
import {FakeEnvoyAdmin} from '../harness/fake-envoy-admin.js'
import {type Fleet, type FleetKind, startFleet} from '../harness/fleet.js'
import {runCli} from '../helpers/cli.js'
import {validateEnvelope} from '../helpers/schema.js'

interface Report {
  proxy: string
  checked: boolean
  error?: {code: string}
  rules: {rule: string; status: string}[]
  findings: {rule: string; severity: string; resource: string; message: string}[]
}

/** The rules that must find something on each kind of fake pod (what its dump, stats and /ready hold). */
const FIRING: Record<Exclude<FleetKind, 'unreachable' | 'stuck'>, string[]> = {
  healthy: [],
  slow: [],
  'broken-routes': ['missing-route-config', 'proxy-not-ready', 'unknown-cluster', 'update-rejected'],
  'broken-states': ['cert-expiry', 'config-draining', 'config-rejected', 'config-warming', 'no-endpoints', 'unknown-cluster'],
  'old-root': ['cert-expiry', 'root-ca-mismatch', 'unknown-cluster'],
}

const COUNTS: Record<FleetKind, number> = {healthy: 150, slow: 4, 'broken-routes': 20, 'broken-states': 12, 'old-root': 4, unreachable: 8, stuck: 2}
const LIVE = ['--timeout', '4s', '--pod-timeout', '6s']

describe('check over a fleet of 200 fake pods (built CLI against the harness)', function () {
  this.timeout(180_000)
  let fleet: Fleet
  let scratch: string
  let live: {status: number; result: {proxies: Report[]; findings: unknown[]; summary: Record<string, unknown>}}
  let liveCode: number | null
  before(async () => {
    fleet = await startFleet(COUNTS)
    scratch = mkdtempSync(join(tmpdir(), 'meshscope-fleet-'))
    const r = await runCli(['check', '-A', '-l', 'fleet=yes', ...LIVE, '--json', '--junit', join(scratch, 'check.xml'), ...fleet.flags], {timeoutMs: 150_000})
    liveCode = r.code
    live = JSON.parse(r.stdout)
  })
  after(async () => {
    await fleet?.close()
    rmSync(scratch, {recursive: true, force: true})
  })

  it('checks every selected pod, leaves out the pods without a running proxy, and exits 40 (findings at or above error)', () => {
    expect(liveCode).to.equal(40)
    expect(live.status).to.equal(40)
    expect(live.result.proxies.map((p) => p.proxy).sort()).to.deep.equal([...fleet.kinds.keys()].sort())
    expect(live.result.summary).to.include({proxies: 200, checked: 190, unchecked: 10})
  })

  it('asks each proxy for its dump without EDS (the rules read hosts from /clusters), once', () => {
    const admins = new Set(fleet.api.pods.flatMap((p) => (p.admin instanceof FakeEnvoyAdmin ? [p.admin] : [])))
    const dumps = [...admins].flatMap((a) => a.requests.filter((r) => r.includes('config_dump')))
    expect([...new Set(dumps)]).to.deep.equal(['GET /config_dump'])
    // once per checked pod; the stuck pods' port-forwards never open before check gives up on them
    expect(dumps).to.have.length(190)
  })

  it('gives each pod the findings of its kind, and none to the healthy and slow ones', () => {
    for (const p of live.result.proxies) {
      const kind = fleet.kinds.get(p.proxy) as FleetKind
      if (kind === 'unreachable' || kind === 'stuck') continue
      expect(p.checked, p.proxy).to.equal(true)
      const fired = [...new Set(p.findings.map((f) => f.rule))].sort()
      expect(fired, p.proxy).to.deep.equal(FIRING[kind])
    }
  })

  it('reports unreachable and stuck pods as not checked, without failing the others', () => {
    for (const p of live.result.proxies) {
      const kind = fleet.kinds.get(p.proxy)
      if (kind === 'unreachable') expect(p.error?.code, p.proxy).to.equal('ADMIN_UNREACHABLE')
      else if (kind === 'stuck') expect(p.error?.code, p.proxy).to.equal('TIMEOUT')
      else expect(p.checked, p.proxy).to.equal(true)
    }
  })

  it('prints JSON that validates against docs/schemas/check.json', () => {
    expect(validateEnvelope('check.json', live)).to.deep.equal([])
  })

  it('writes JUnit XML: a testsuite per proxy, a testcase per rule, failures for findings, an error per unreachable proxy', () => {
    const xml = readFileSync(join(scratch, 'check.xml'), 'utf8')
    const doc = new XMLParser({ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => ['testsuite', 'testcase'].includes(name)}).parse(xml)
    const suites = doc.testsuites.testsuite as {name: string; tests: string; failures: string; errors: string; testcase: Record<string, unknown>[]}[]
    expect(suites).to.have.length(200)
    let failures = 0
    for (const s of suites) {
      const kind = fleet.kinds.get(s.name) as FleetKind
      expect(Number(s.tests)).to.equal(s.testcase.length)
      if (kind === 'unreachable' || kind === 'stuck') {
        expect(s.testcase).to.have.length(1)
        expect(s.testcase[0]).to.have.property('error')
        continue
      }
      expect(s.testcase).to.have.length(15)
      for (const tc of s.testcase) expect(tc.classname).to.equal(s.name)
      failures += Number(s.failures)
    }
    expect(Number(doc.testsuites.failures)).to.equal(failures)
    expect(failures).to.be.greaterThan(0)
  })

  it('capture, then check --bundle, gives the same findings and the same unchecked pods as the live run', async () => {
    const out = join(scratch, 'bundle')
    const cap = await runCli(['capture', '-A', '-l', 'fleet=yes', ...LIVE, '--out', out, ...fleet.flags], {timeoutMs: 150_000})
    expect(cap.code, cap.stderr).to.equal(41)
    expect(cap.stdout).to.match(/^Captured 190 of 200 pods into /)
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'))
    expect(manifest.pods).to.have.length(190)
    const healthy = manifest.pods.find((p: {proxy: string}) => p.proxy === 'healthy-000.fleet-a')
    expect(Object.keys(healthy.files).sort()).to.deep.equal(['certs', 'clusters', 'config_dump', 'ready', 'server_info', 'stats'])
    const notReady = manifest.pods.find((p: {proxy: string}) => fleet.kinds.get(p.proxy) === 'broken-routes')
    expect(notReady.errors.ready.code).to.equal('ADMIN_ERROR')
    expect(manifest.failed.map((f: {proxy: string}) => fleet.kinds.get(f.proxy)).sort()).to.deep.equal([...Array(2).fill('stuck'), ...Array(8).fill('unreachable')])
    const offline = await runCli(['check', '--bundle', out, '--json'])
    expect(offline.code).to.equal(40)
    const result = JSON.parse(offline.stdout).result
    expect(result.findings).to.deep.equal(live.result.findings)
    expect(result.proxies.map((p: Report) => [p.proxy, p.checked, p.rules])).to.deep.equal(live.result.proxies.map((p) => [p.proxy, p.checked, p.rules]))
    expect(result.summary).to.deep.equal(live.result.summary)
  })
})
