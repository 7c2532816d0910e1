/**
 * Every real config dump under test/fixtures (2018–2026 formats, JSON and YAML) renders with every
 * `proxy-config` subcommand the built CLI has, without an error. Subcommands come from the built
 * oclif.manifest.json, so new ones are picked up without editing this file; dumps are recognised by
 * content, so goldens, /clusters output and Pilot v1 responses are left out without a list.
 */
import {readdirSync, readFileSync, statSync} from 'node:fs'
import {join, relative} from 'node:path'
import {expect} from 'chai'
import {parse as parseYaml} from 'yaml'
import {ExitCode} from '../../src/lib/cli/exit-codes.js'
import {type CliResult, FIXTURES, ROOT, runCli} from '../helpers/cli.js'

/** Subcommands whose -f is not a config dump (proxy-config log reads the /logging response). */
const NOT_CONFIG_DUMP_INPUT = new Set(['proxy-config:log'])
/** Exit codes that mean "ran fine, nothing to show": none yet besides OK; NOT_FOUND is "no such resource". */
const NOTHING_HERE = new Set<number>([ExitCode.OK, ExitCode.NOT_FOUND])

const ADMIN_TYPE = /^type\.googleapis\.com\/envoy\.admin\.(v2alpha|v3)\.[A-Za-z]+ConfigDump$/

/** A config dump by content: admin sections in `configs` (list or map), an egctl `xds` wrapper, a bare section, or a bare cluster list. */
function isConfigDump(doc: unknown): boolean {
  if (Array.isArray(doc)) return doc.length > 0 && doc.every((e) => e && typeof e === 'object' && 'cluster' in e)
  if (!doc || typeof doc !== 'object') return false
  const o = doc as Record<string, unknown>
  const hasAdminType = (s: unknown) => !!s && typeof s === 'object' && ADMIN_TYPE.test(String((s as Record<string, unknown>)['@type']))
  if (Array.isArray(o.configs)) return o.configs.some(hasAdminType)
  if (o.configs && typeof o.configs === 'object') return Object.values(o.configs).some(hasAdminType)
  if (o.xds && typeof o.xds === 'object') return Object.values(o.xds).some(isConfigDump)
  return hasAdminType(o)
}

function parseFile(path: string): unknown {
  const text = readFileSync(path, 'utf8')
  try {
    return /\.ya?ml$/.test(path) ? parseYaml(text) : JSON.parse(text)
  } catch {
    return undefined
  }
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name)
    return statSync(p).isDirectory() ? filesUnder(p) : [p]
  })
}

const DUMPS = ['istio', 'envoy']
  .flatMap((d) => filesUnder(join(FIXTURES, d)))
  .filter((p) => /\.(json|ya?ml)$/.test(p) && isConfigDump(parseFile(p)))
  .sort()

function proxyConfigCommands(): string[] {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'oclif.manifest.json'), 'utf8')) as {commands: Record<string, {flags: Record<string, unknown>}>}
  return Object.entries(manifest.commands)
    .filter(([id, c]) => id.startsWith('proxy-config:') && 'file' in c.flags && !NOT_CONFIG_DUMP_INPUT.has(id))
    .map(([id]) => id)
    .sort()
}

/** Runs `n` at a time: a few hundred CLI runs in sequence would take minutes. */
async function pool<T, R>(items: readonly T[], n: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length)
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const i = next++
      out[i] = await fn(items[i])
    }
  }
  await Promise.all(Array.from({length: Math.min(n, items.length)}, worker))
  return out
}

function problem(r: CliResult): string | undefined {
  if (r.code === ExitCode.INTERNAL) return `INTERNAL (70): ${r.stderr.split('\n')[0]}`
  if (/^\s+at /m.test(r.stderr) || /^\s+at /m.test(r.stdout)) return `stack trace: ${r.stderr.slice(0, 300)}`
  if (r.code === null || !NOTHING_HERE.has(r.code)) return `exit ${r.code}: ${r.stderr.split('\n')[0]}`
  return undefined
}

describe('every real dump renders with every proxy-config subcommand', function () {
  this.timeout(300_000)
  const commands = proxyConfigCommands()

  it('finds the dumps and the subcommands', () => {
    // 2018–2026: Istio 1.1–1.5 history dumps, HEAD istioctl testdata (JSON and YAML), Envoy Gateway dumps
    expect(DUMPS.length).to.be.at.least(30)
    expect(DUMPS.some((p) => p.endsWith('configdump.yaml'))).to.equal(true)
    expect(DUMPS.some((p) => p.includes('pilot-v1-2018-06'))).to.equal(false)
    expect(DUMPS.some((p) => p.endsWith(join('clusters', 'testdata', 'clusters.json')))).to.equal(false)
    expect(commands).to.include('proxy-config:cluster')
  })

  // short output and the --json envelope (which serialises what -o json prints)
  for (const output of [[], ['--json']]) {
    it(`${output.join(' ') || 'short output'}: exit 0 (or NOT_FOUND), no stack, never INTERNAL`, async () => {
      const runs = DUMPS.flatMap((dump) => commands.map((id) => ({dump, id})))
      const results = await pool(runs, 8, async ({dump, id}) => {
        const r = await runCli([...id.split(':'), '-f', dump, ...output])
        return {dump: relative(FIXTURES, dump), id, problem: problem(r)}
      })
      const failed = results.filter((r) => r.problem).map((r) => `${r.id.replace(':', ' ')} -f ${r.dump}: ${r.problem}`)
      expect(failed, `${failed.length} of ${results.length} runs failed`).to.deep.equal([])
    })
  }
})
