import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {expect} from 'chai'
import {type CliResult, fixture, runCli} from '../helpers/cli.js'
import {validateEnvelope} from '../helpers/schema.js'

const DUMP = fixture('istio', 'istioctl', 'pkg', 'proxyconfig', 'testdata', 'config_dump.json')

interface BadInput {
  what: string
  /** file contents, or a path to use as it is */
  content?: string
  path?: string
  code: number
  /** what the one-line message must say */
  says: RegExp
}

const real = readFileSync(DUMP, 'utf8')

const CASES: BadInput[] = [
  {what: 'an empty file', content: '', code: 4, says: /^Error: \S+ is empty$/},
  {what: 'non-JSON text', content: 'this is not a config dump\n', code: 4, says: /is not JSON: it starts with "this is not a config/},
  {what: 'truncated JSON (a real dump cut in half)', content: real.slice(0, Math.floor(real.length / 2)), code: 4, says: /is truncated: the JSON ends before the document does/},
  {what: 'truncated JSON cut inside a string', content: '{"configs": [{"@type": "type.googleapis.com/envoy.adm', code: 4, says: /is truncated/},
  {what: 'JSON that is not a dump: {"a":1}', content: '{"a":1}', code: 4, says: /is not an Envoy config dump: expected an object with "configs"/},
  {what: 'JSON that is not a dump: []', content: '[]', code: 4, says: /is not an Envoy config dump/},
  {what: 'JSON that is not a dump: "str"', content: '"str"', code: 4, says: /is not an Envoy config dump: it holds a single JSON string/},
  {what: 'JSON that is not a dump: 42', content: '42', code: 4, says: /is not an Envoy config dump: it holds a single JSON number/},
  {what: 'JSON with an error in the middle', content: '{"configs": [}, {"x": 1}]}', code: 4, says: /is not valid JSON \(Unexpected token/},
  {
    what: 'a dump holding only unknown @types',
    content: JSON.stringify({configs: [{'@type': 'type.googleapis.com/envoy.admin.v3.FutureConfigDump'}, {'@type': 'type.googleapis.com/acme.Thing'}]}),
    code: 4,
    says: /holds no config dump section meshscope knows \(found type\.googleapis\.com\/envoy\.admin\.v3\.FutureConfigDump, type\.googleapis\.com\/acme\.Thing\)$/,
  },
  {what: 'YAML garbage', content: 'configs: [\n  - a: b: c\n\t}}}', code: 4, says: /is neither JSON nor YAML/},
  {what: 'YAML that is not a dump', content: 'apiVersion: v1\nkind: Pod\n', code: 4, says: /is not an Envoy config dump/},
  {what: 'binary junk', content: '\u0000\u0001\u0002garbage\u00ff', code: 4, says: /^Error: .* is /},
  {what: 'a missing file', path: '/nonexistent/meshscope/dump.json', code: 3, says: /^Error: cannot read \/nonexistent\/meshscope\/dump\.json: no such file$/},
  {what: 'a directory', path: tmpdir(), code: 3, says: /: it is a directory$/},
]

/** The human error contract: nothing on stdout, one `Error:` line, `Try:` lines, no stack. */
function expectHumanError(r: CliResult, c: BadInput): void {
  expect(r.code, r.stderr).to.equal(c.code)
  expect(r.stdout).to.equal('')
  const lines = r.stderr.replace(/\n$/, '').split('\n')
  expect(lines[0]).to.match(/^Error: /)
  expect(lines[0]).to.match(c.says)
  expect(lines.length, r.stderr).to.be.greaterThan(1)
  for (const l of lines.slice(1)) expect(l, r.stderr).to.match(/^ {2}Try: \S/)
  expect(r.stderr).to.not.match(/^\s+at /m)
  expect(lines[0].length, 'one short line').to.be.below(300)
}

describe('bad input through the built CLI', () => {
  let dir: string
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'meshscope-bad-'))
  })
  after(() => rmSync(dir, {recursive: true, force: true}))

  const pathOf = (c: BadInput, i: number): string => {
    if (c.path) return c.path
    const p = join(dir, `case-${i}.json`)
    writeFileSync(p, c.content ?? '')
    return p
  }

  CASES.forEach((c, i) => {
    it(`${c.what}: exit ${c.code}, one Error line and Try lines, no stack`, async () => {
      expectHumanError(await runCli(['proxy-config', 'cluster', '-f', pathOf(c, i)]), c)
    })

    it(`${c.what}, under --json: error envelope with status ${c.code}`, async () => {
      const r = await runCli(['proxy-config', 'cluster', '-f', pathOf(c, i), '--json'])
      expect(r.code).to.equal(c.code)
      expect(r.stderr).to.equal('')
      expect(validateEnvelope('envelope-error.json', r.stdout)).to.deep.equal([])
      const env = JSON.parse(r.stdout)
      expect(env.status).to.equal(c.code)
      expect(`Error: ${env.error.message}`).to.match(c.says)
    })
  })

  it('the same bad input on stdin (-f -) says "stdin"', async () => {
    const r = await runCli(['proxy-config', 'cluster', '-f', '-'], {stdin: real.slice(0, 5000)})
    expectHumanError(r, {what: '', code: 4, says: /^Error: stdin is truncated/})
  })

  it('empty stdin is an empty input', async () => {
    const r = await runCli(['proxy-config', 'cluster', '-f', '-'], {stdin: ''})
    expectHumanError(r, {what: '', code: 4, says: /^Error: stdin is empty$/})
  })

  describe('bad flags', () => {
    it('an unknown flag under --json: a short envelope (< 1 KB), status 2', async () => {
      const r = await runCli(['proxy-config', 'cluster', '-f', DUMP, '--no-such-flag', '--json'])
      expect(r.code).to.equal(2)
      expect(Buffer.byteLength(r.stdout)).to.be.below(1024)
      expect(validateEnvelope('envelope-error.json', r.stdout)).to.deep.equal([])
      expect(JSON.parse(r.stdout).error).to.deep.include({code: 'USAGE', message: 'Nonexistent flag: --no-such-flag'})
    })

    it('an unknown flag without --json: one Error line, exit 2', async () => {
      const r = await runCli(['proxy-config', 'cluster', '-f', DUMP, '--no-such-flag'])
      expectHumanError(r, {what: '', code: 2, says: /^Error: Nonexistent flag: --no-such-flag$/})
    })

    it('an invalid -o value: exit 2, naming the allowed values, with and without --json', async () => {
      const r = await runCli(['proxy-config', 'cluster', '-f', DUMP, '-o', 'xml'])
      expectHumanError(r, {what: '', code: 2, says: /^Error: Expected --output=xml to be one of: short, json, yaml$/})
      const j = await runCli(['proxy-config', 'cluster', '-f', DUMP, '-o', 'xml', '--json'])
      expect(j.code).to.equal(2)
      expect(validateEnvelope('envelope-error.json', j.stdout)).to.deep.equal([])
    })

    it('a non-integer --port: exit 2', async () => {
      const r = await runCli(['proxy-config', 'cluster', '-f', DUMP, '--port', 'http'])
      expectHumanError(r, {what: '', code: 2, says: /^Error: .*port/i})
    })
  })
})
