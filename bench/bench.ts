/**
 * `npm run bench [-- --only startup,dumps,fleet] [--sizes 1000,5000,10000] [--fleet-pods 100,1000]
 *   [--admin-latency-ms 50] [--runs 5] [--seed 1] [--no-docs]`
 *
 * Whole-process benchmarks of the built CLI (dist/): start-up against `node -e 0`, each single-proxy
 * command on large generated dumps against JSON.parse of the same file and against jq, and `check` over a
 * fleet of harness pods against the ideal time. Writes bench/results.json and the figures block of
 * docs/performance.md; with --only, the sections not run are kept from the previous bench/results.json.
 */
import {execFileSync, spawnSync} from 'node:child_process'
import {existsSync, mkdirSync, readFileSync, statSync, writeFileSync} from 'node:fs'
import {cpus, loadavg, totalmem} from 'node:os'
import {dirname, join, relative} from 'node:path'
import {fileURLToPath} from 'node:url'
import {type DumpManifest, GENERATOR_VERSION, writeDump} from './generate-dump.js'
import {FleetServer, type FleetRun, measureFleet} from './fleet.js'
import {type Cmd, type GroupSpec, measureGroup, measureGroups} from './measure.js'
import {buildResults, consoleReport, type Env, type LargeRun, previousResults, SECTIONS, STARTUP_ROUNDS, type Section, writePerformanceDoc} from './report.js'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
const RUN = join(ROOT, 'bin', 'run.js')
const SMALL = join(ROOT, 'test/fixtures/istio/istioctl/pkg/proxyconfig/testdata/config_dump.json')
const log = (s: string) => process.stderr.write(`${s}\n`)

interface Options {
  only: Set<Section>
  sizes: number[]
  fleetPods: number[]
  adminLatencyMs: number
  runs: number
  seed: number
  data: string
  docs: boolean
}

function parseArgs(argv: string[]): Options {
  const opts: Options = {only: new Set(SECTIONS), sizes: [1000, 5000, 10000], fleetPods: [100, 1000], adminLatencyMs: 50, runs: 5, seed: 1, data: join(ROOT, '.bench-data'), docs: true}
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    const value = () => {
      const v = argv[++i]
      if (v === undefined) throw new Error(`${a} needs a value`)
      return v
    }
    if (a === '--only') {
      const picked = value().split(',')
      const bad = picked.filter((p) => !(SECTIONS as readonly string[]).includes(p))
      if (bad.length > 0) throw new Error(`--only takes ${SECTIONS.join(', ')} (comma-separated), not ${bad.join(', ')}`)
      opts.only = new Set(picked as Section[])
    } else if (a === '--sizes') opts.sizes = value().split(',').map(Number)
    else if (a === '--fleet-pods') opts.fleetPods = value().split(',').map(Number)
    else if (a === '--admin-latency-ms') opts.adminLatencyMs = Number(value())
    else if (a === '--runs') opts.runs = Number(value())
    else if (a === '--seed') opts.seed = Number(value())
    else if (a === '--data') opts.data = value()
    else if (a === '--no-docs') opts.docs = false
    else throw new Error(`unknown option ${a} (use --only ${SECTIONS.join(',')} --sizes 1000,5000 --fleet-pods 100,1000 --admin-latency-ms 50 --runs N --seed N --data DIR --no-docs)`)
  }
  const positive = (n: number) => Number.isInteger(n) && n >= 1
  if (![...opts.sizes, ...opts.fleetPods, opts.runs].every(positive) || !Number.isInteger(opts.adminLatencyMs) || opts.adminLatencyMs < 0) {
    throw new Error('--sizes and --fleet-pods take positive integers (comma-separated), --runs a positive integer, --admin-latency-ms a non-negative one')
  }
  return opts
}

const has = (tool: string) => spawnSync('sh', ['-c', `command -v ${tool}`], {stdio: 'ignore'}).status === 0

/** GNU time and jq come from Debian's packages when absent (root only); otherwise the bench degrades. */
function ensureTool(tool: string, pkg: string): boolean {
  if (has(tool)) return true
  if (process.getuid?.() === 0 && has('apt-get')) {
    log(`installing ${pkg} (apt-get install -y ${pkg})`)
    if (spawnSync('apt-get', ['install', '-y', pkg], {stdio: 'inherit'}).status !== 0) {
      spawnSync('apt-get', ['update'], {stdio: 'inherit'})
      spawnSync('apt-get', ['install', '-y', pkg], {stdio: 'inherit'})
    }
  }
  return has(tool)
}

/** A generated dump, cached by size, seed and generator version. */
function dumpFor(services: number, opts: Options): {file: string; manifest: DumpManifest} {
  mkdirSync(opts.data, {recursive: true})
  const base = join(opts.data, `dump-${services}-s${opts.seed}-g${GENERATOR_VERSION}`)
  const file = `${base}.json`
  const meta = `${base}.manifest.json`
  if (existsSync(file) && existsSync(meta)) return {file, manifest: JSON.parse(readFileSync(meta, 'utf8'))}
  log(`generating ${services} services → ${relative(ROOT, file)}`)
  const manifest = writeDump(file, {services, seed: opts.seed})
  writeFileSync(meta, JSON.stringify(manifest, null, 2))
  return {file, manifest}
}

const cli = (...args: string[]) => [process.execPath, RUN, ...args]
const builtCommand = (cmd: string[]) => spawnSync(process.execPath, [RUN, ...cmd, '--help'], {cwd: ROOT, stdio: 'ignore'}).status === 0

function env(): Env {
  let commit: string | undefined
  try {
    commit = execFileSync('git', ['rev-parse', 'HEAD'], {cwd: ROOT, stdio: ['ignore', 'pipe', 'ignore']}).toString().trim()
  } catch {
    commit = undefined
  }
  const manifest = join(ROOT, 'oclif.manifest.json')
  return {
    node: process.version,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown CPU',
    memGiB: Math.round(totalmem() / 2 ** 30),
    loadavgStart: loadavg(),
    commit,
    distBuiltAt: existsSync(manifest) ? statSync(manifest).mtime.toISOString() : undefined,
  }
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2))
  if (!builtCommand(['proxy-config', 'cluster'])) {
    throw new Error('the CLI is not built: run `npm run build` first (the bench measures dist/)')
  }
  const timeBin = ensureTool('/usr/bin/time', 'time') ? '/usr/bin/time' : undefined
  if (!timeBin) log('GNU time is unavailable: peak RSS will not be measured')
  const jq = ensureTool('jq', 'jq')
  if (!jq) log('jq is unavailable: the jq baseline is skipped')
  const environment = env()
  const measureOpts = {runs: opts.runs, timeBin, cwd: ROOT, log}
  const sectionStart = () => ({at: new Date().toISOString(), loadavgStart: loadavg()})

  const measured: Parameters<typeof buildResults>[0]['measured'] = {}
  let startup: ReturnType<typeof measureGroup> | undefined
  if (opts.only.has('startup')) {
    log('start-up')
    const info = sectionStart()
    // a live command against one harness pod with no added latency: its start-up loads client-node too
    const {server, ready} = await FleetServer.start(ROOT, 1, 0)
    try {
      startup = measureGroup(
        'start-up',
        [{id: 'node-e-0', label: 'node -e 0', argv: [process.execPath, '-e', '0']}],
        [
          {id: 'version', label: 'meshscope --version', argv: cli('--version')},
          {id: 'help', label: 'meshscope --help', argv: cli('--help')},
          {id: 'cluster-small', label: `meshscope proxy-config cluster -f ${relative(ROOT, SMALL).split('/').pop()} (56 KB)`, argv: cli('proxy-config', 'cluster', '-f', SMALL)},
          {id: 'cluster-live', label: 'meshscope proxy-config cluster POD (port-forward to a loopback harness pod)', argv: cli('proxy-config', 'cluster', ready.firstPod, '--kubeconfig', ready.kubeconfig)},
        ],
        {...measureOpts, runs: STARTUP_ROUNDS * opts.runs},
      )
    } finally {
      await server.close()
    }
    measured.startup = {...info, rounds: STARTUP_ROUNDS * opts.runs, loadavgEnd: loadavg()}
  }

  const large: LargeRun[] = []
  const specs: {spec: GroupSpec; manifest: LargeRun['manifest']; file: string; skipped: LargeRun['skipped']}[] = []
  const dumpsInfo = sectionStart()
  for (const services of opts.only.has('dumps') ? opts.sizes : []) {
    const {file, manifest} = dumpFor(services, opts)
    const t = manifest.trace
    const candidates: (Cmd & {requires: string[]})[] = [
      {id: 'cluster-short', label: 'proxy-config cluster -o short', argv: cli('proxy-config', 'cluster', '-f', file, '-o', 'short'), requires: ['proxy-config', 'cluster']},
      {id: 'cluster-json', label: 'proxy-config cluster -o json', argv: cli('proxy-config', 'cluster', '-f', file, '-o', 'json'), requires: ['proxy-config', 'cluster']},
      {id: 'all', label: 'proxy-config all', argv: cli('proxy-config', 'all', '-f', file), requires: ['proxy-config', 'all']},
      {
        id: 'trace-route',
        label: 'trace-route (header match, last vhost)',
        argv: cli('trace-route', '-f', file, t.url, ...t.headers.flatMap((h) => ['-H', h])),
        requires: ['trace-route'],
      },
      // check exits 40 when a rule finds an error: that is an answer, not a failed run
      {id: 'check', label: 'check -f', argv: cli('check', '-f', file), requires: ['check'], okCodes: [0, 40]},
    ]
    const built = candidates.filter((c) => builtCommand(c.requires))
    const skipped = candidates.filter((c) => !built.includes(c)).map((c) => ({id: c.id, label: c.label, reason: 'not built'}))
    for (const s of skipped) log(`${s.label}: skipped: not built`)
    const baselines: Cmd[] = [
      {id: 'parse', label: 'node -e JSON.parse(readFileSync(F))', argv: [process.execPath, '-e', "JSON.parse(fs.readFileSync(process.argv[1],'utf8'))", file]},
    ]
    if (jq) {
      const filter = '.configs[] | select(."@type" | endswith(".ClustersConfigDump")) | (.static_clusters[]?, .dynamic_active_clusters[]?) | .cluster.name'
      baselines.push({id: 'jq', label: 'jq (cluster names)', argv: ['jq', '-r', filter, file]})
    }
    log(`large dump: ${services} services, ${(manifest.bytes / 2 ** 20).toFixed(1)} MB`)
    specs.push({spec: {name: `${services} services`, baselines, commands: built}, manifest, file, skipped})
  }
  // every size in the same rounds: a slow spell of the machine does not bend the growth slopes
  const groups = specs.length > 0 ? measureGroups(specs.map((s) => s.spec), measureOpts) : []
  for (const [i, {manifest, file, skipped}] of specs.entries()) large.push({manifest, file, group: groups[i], skipped})
  if (large.length > 0) measured.dumps = {...dumpsInfo, rounds: opts.runs, loadavgEnd: loadavg()}

  let fleet: FleetRun | undefined
  if (opts.only.has('fleet')) {
    if (!builtCommand(['check'])) throw new Error('check is not built: run `npm run build` first')
    log(`fleet: check over ${opts.fleetPods.join(', ')} harness pods`)
    const info = sectionStart()
    fleet = await measureFleet({root: ROOT, cli, podCounts: opts.fleetPods, latencyMs: opts.adminLatencyMs, runs: opts.runs, timeBin, log})
    measured.fleet = {...info, rounds: opts.runs, loadavgEnd: loadavg()}
  }

  environment.loadavgEnd = loadavg()
  const results = buildResults({
    env: environment,
    options: {runs: opts.runs, sizes: opts.sizes, seed: opts.seed, fleetPods: opts.fleetPods, adminLatencyMs: opts.adminLatencyMs, only: [...opts.only]},
    measured,
    startup,
    large,
    fleet,
    previous: previousResults(join(ROOT, 'bench', 'results.json')),
  })
  process.stdout.write(`${consoleReport(results)}\n`)
  writeFileSync(join(ROOT, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`)
  log('wrote bench/results.json')
  if (opts.docs) {
    writePerformanceDoc(join(ROOT, 'docs', 'performance.md'), results)
    log('wrote docs/performance.md')
  }
  log('note: these are whole-process timings on a shared machine; compare ratios, not absolute times')
}

main().catch((err: unknown) => {
  log(`bench failed: ${err instanceof Error ? err.message : String(err)}`)
  process.exitCode = 1
})
