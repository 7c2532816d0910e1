import {mkdtempSync, readdirSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {expect} from 'chai'
import {XMLParser} from 'fast-xml-parser'
import {fixture, runCli} from '../helpers/cli.js'
import {validateEnvelope} from '../helpers/schema.js'

const PP = fixture('istio', 'history', 'istio-2020-05', 'istioctl', 'cmd', 'testdata', 'describe', 'productpage-v1-7bbd79f8fd-k6j79.json')
const BROKEN = fixture('meshscope', 'check', 'productpage-broken.json')
const STATES = fixture('meshscope', 'model', 'states.json')
const TESTS = fixture('meshscope', 'route-check', 'bookinfo-9080.tests.yaml')
const EXPECT = 'http://reviews:9080/ -> outbound|9080||reviews.default.svc.cluster.local'

describe('check on saved dumps (built CLI)', () => {
  it('a healthy dump with passing --routes and --expect: "No findings.", exit 0', async () => {
    const r = await runCli(['check', '-f', PP, '--routes', `9080=${TESTS}`, '--expect', EXPECT])
    expect(r.code).to.equal(0)
    expect(r.stdout).to.equal('No findings.\n\n1 proxy: 1 checked, 0 not checked; findings: 0 error, 0 warning, 0 info (0 at or above error)\n')
  })

  it('findings at or above --fail-on exit 40 and are listed with their fixes; --json validates', async () => {
    const r = await runCli(['check', '-f', BROKEN, '--routes', `9080=${TESTS}`, '--expect', EXPECT])
    expect(r.code).to.equal(40)
    expect(r.stdout.split('\n')[0]).to.match(/^SEVERITY +PROXY +RULE +RESOURCE +MESSAGE$/)
    expect(r.stdout).to.include('Suggested fixes:\n  expect-trace: See each hop')
    const j = await runCli(['check', '-f', BROKEN, '--routes', `9080=${TESTS}`, '--expect', EXPECT, '--json'])
    expect(j.code).to.equal(40)
    expect(validateEnvelope('check.json', j.stdout)).to.deep.equal([])
    expect([...new Set(JSON.parse(j.stdout).result.findings.map((f: {rule: string}) => f.rule))].sort()).to.deep.equal(['expect-trace', 'missing-route-config', 'route-tests', 'unknown-cluster'])
  })

  it('--fail-on decides the exit code: none never fails, error (the default) fails on errors, info passes a clean dump', async () => {
    // states.json holds an ERROR listener (error), warming resources (warning) and a draining listener (info)
    expect((await runCli(['check', '-f', STATES, '--fail-on', 'none'])).code).to.equal(0)
    expect((await runCli(['check', '-f', STATES])).code).to.equal(40)
    expect((await runCli(['check', '-f', PP, '--fail-on', 'info'])).code).to.equal(0)
    const bad = await runCli(['check', '-f', PP, '--fail-on', 'fatal'])
    expect(bad.code).to.equal(2)
  })

  it('a dump that cannot be read is "not checked" (exit 41) while the others are still checked', async () => {
    const r = await runCli(['check', '-f', PP, '-f', '/nonexistent/dump.json', '--json'])
    expect(r.code).to.equal(41)
    const result = JSON.parse(r.stdout).result
    // proxies are listed by name, so where the checkout lives decides which of the two comes first
    const expected: [string, boolean][] = [
      ['/nonexistent/dump.json', false],
      [PP, true],
    ]
    expected.sort(([a], [b]) => (a < b ? -1 : 1))
    expect(result.proxies.map((p: {proxy: string; checked: boolean}) => [p.proxy, p.checked])).to.deep.equal(expected)
    const unreadable = result.proxies.find((p: {proxy: string}) => p.proxy === '/nonexistent/dump.json')
    expect(unreadable.error.code).to.equal('INPUT_UNREADABLE')
    expect(validateEnvelope('check.json', r.stdout)).to.deep.equal([])
  })

  it('--junit writes the file atomically (no temp file left) as JUnit XML', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'meshscope-junit-'))
    try {
      const r = await runCli(['check', '-f', BROKEN, '-f', PP, '--junit', join(dir, 'out.xml')])
      expect(r.code).to.equal(40)
      expect(readdirSync(dir)).to.deep.equal(['out.xml'])
      const doc = new XMLParser({ignoreAttributes: false, attributeNamePrefix: '', isArray: (n) => ['testsuite', 'testcase'].includes(n)}).parse(readFileSync(join(dir, 'out.xml'), 'utf8'))
      expect(doc.testsuites.testsuite.map((s: {name: string}) => s.name)).to.deep.equal([PP, BROKEN].sort())
      const broken = doc.testsuites.testsuite.find((s: {name: string}) => s.name === BROKEN)
      const failed = broken.testcase.filter((t: Record<string, unknown>) => t.failure).map((t: {name: string}) => t.name)
      expect(failed).to.deep.equal(['unknown-cluster', 'missing-route-config'])
      expect(broken.testcase.find((t: {name: string}) => t.name === 'update-rejected').skipped.message).to.equal('needs /stats from a live proxy or a bundle')
    } finally {
      rmSync(dir, {recursive: true, force: true})
    }
  })

  it('bad input is a usage error with what to type', async () => {
    const none = await runCli(['check'])
    expect(none.code).to.equal(2)
    expect(none.stderr).to.include('check needs proxies to check')
    const badExpect = await runCli(['check', '-f', PP, '--expect', 'http://reviews/'])
    expect(badExpect.code).to.equal(2)
    expect(badExpect.stderr).to.include("is not 'URL -> CLUSTER'")
    const badRoutes = await runCli(['check', '-f', PP, '--routes', TESTS])
    expect(badRoutes.code).to.equal(2)
    expect(badRoutes.stderr).to.include('--routes 9080=tests.yaml')
  })
})

describe('diff on saved dumps (built CLI)', () => {
  const BEFORE = fixture('istio', 'istioctl', 'pkg', 'writer', 'compare', 'testdata', 'configdump.json')
  const AFTER = fixture('istio', 'istioctl', 'pkg', 'writer', 'compare', 'testdata', 'configdump_diff.json')

  it('same file: exit 0; different files: exit 1 with the differences, --json valid against docs/schemas/diff.json', async () => {
    const same = await runCli(['diff', BEFORE, BEFORE])
    expect(same.code).to.equal(0)
    const diff = await runCli(['diff', BEFORE, AFTER])
    expect(diff.code).to.equal(1)
    expect(diff.stdout).to.include('~ main_internal\n    .filterChains[0].filters[0].typedConfig.statPrefix: "inbound_0.0.0.0_9080" → "inbound_0.0.0.0_9999"\n')
    const json = await runCli(['diff', BEFORE, AFTER, '--json'])
    expect(json.code).to.equal(1)
    expect(validateEnvelope('diff.json', json.stdout)).to.deep.equal([])
    const sameJson = await runCli(['diff', BEFORE, BEFORE, '--json'])
    expect(validateEnvelope('diff.json', sameJson.stdout)).to.deep.equal([])
  })
})
