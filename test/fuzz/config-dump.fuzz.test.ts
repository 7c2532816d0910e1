/**
 * Fuzz: mutate real dumps and run the model plus every summary/render pipeline on them, in process.
 *
 * Reproduce a failure with the seed and case number it prints:
 *   MESHSCOPE_FUZZ_SEED=<seed> MESHSCOPE_FUZZ_CASE=<n> npx mocha test/fuzz/config-dump.fuzz.test.ts
 * MESHSCOPE_FUZZ_CASES sets how many cases run (default 1200).
 *
 * The cases run in a worker thread so that a case that never ends (an infinite loop in a parser, a
 * catastrophic regex) is detected: the main thread counts finished cases and stops the worker when the
 * count stops moving, naming the case that hung.
 */
import {readFileSync} from 'node:fs'
import {isMainThread, parentPort, Worker, workerData} from 'node:worker_threads'
import {MeshscopeError} from '../../src/lib/cli/errors.js'
import {type ConfigDump, configDumpFrom, type SectionKind} from '../../src/lib/envoy/config-dump.js'
import {camelCase} from '../../src/lib/envoy/proto-json.js'
import {parseDocument} from '../../src/lib/envoy/parse-document.js'
import {versionSummaryText} from '../../src/lib/render/bootstrap-table.js'
import {clusterTable} from '../../src/lib/render/cluster-table.js'
import {ecdsTable} from '../../src/lib/render/ecds-table.js'
import {edsTable} from '../../src/lib/render/endpoint-table.js'
import {structuredOutput, toJson, toYaml} from '../../src/lib/render/formats.js'
import {listenerTable, listenerTypeTable} from '../../src/lib/render/listener-table.js'
import {routeCountTable, routeTable} from '../../src/lib/render/route-table.js'
import {secretTable} from '../../src/lib/render/secret-table.js'
import {versionSummary} from '../../src/lib/summary/bootstrap.js'
import {clusterRow, selectClusters} from '../../src/lib/summary/clusters.js'
import {ecdsRows} from '../../src/lib/summary/ecds.js'
import {selectEds} from '../../src/lib/summary/eds.js'
import {listenerRows, listenerTypeRows, selectListeners} from '../../src/lib/summary/listeners.js'
import {routeCountRows, routeRows, selectRouteConfigs} from '../../src/lib/summary/routes.js'
import {redactKeyMaterial, secretRows, showTrustDomain} from '../../src/lib/summary/secrets.js'
import {fixture} from '../helpers/cli.js'
import {prng} from '../helpers/prng.js'

type Json = null | boolean | number | string | Json[] | {[k: string]: Json}

/** Real dumps of every era and spelling, small enough to run a thousand times. */
const BASES = [
  ['istio', 'istioctl', 'pkg', 'proxyconfig', 'testdata', 'config_dump.json'],
  ['istio', 'history', 'istio-2020-05', 'istioctl', 'pkg', 'writer', 'compare', 'testdata', 'envoyconfigdump2020.json'],
  ['istio', 'history', 'istio-2020-05', 'istioctl', 'pkg', 'writer', 'envoy', 'configdump', 'testdata', 'configdump.json'],
  ['istio', 'istioctl', 'pkg', 'writer', 'compare', 'testdata', 'configdump.json'],
  ['istio', 'istioctl', 'pkg', 'describe', 'testdata', 'describe', 'http_config.json'],
  ['istio', 'istioctl', 'pkg', 'writer', 'envoy', 'configdump', 'testdata', 'ecds', 'configdump.json'],
  ['istio', 'istioctl', 'pkg', 'writer', 'envoy', 'configdump', 'testdata', 'secret', 'spire', 'config_dump.json'],
  ['istio', 'istioctl', 'pkg', 'writer', 'envoy', 'configdump', 'testdata', 'routes', 'k8s-gateway-http-route-path-prefix', 'configdump.json'],
  ['envoy', 'envoy-gateway_egctl_in.all.json'],
  ['envoy', 'envoy-gateway_egctl_translate_from-gateway-api-to-xds.all.json'],
  ['meshscope', 'model', 'states.json'],
  ['meshscope', 'model', 'v2alpha.json'],
]

const SECTION_KINDS: SectionKind[] = ['bootstrap', 'clusters', 'listeners', 'routes', 'scopedRoutes', 'secrets', 'endpoints', 'ecds']

/**
 * Everything a command does after parsing, for every summary and render module in src/lib/summary and
 * src/lib/render that reads a config dump at the time of writing: clusters, listeners, routes, eds, secrets,
 * ecds, bootstrap, the json/yaml writers, and the model's own getters and indexes. (endpoints.ts reads
 * /clusters output and route-check/trace renderers take other inputs: not config-dump pipelines.)
 * Returns the texts produced so the caller can check they are strings.
 */
async function pipelines(dump: ConfigDump): Promise<string[]> {
  const out: string[] = []
  // the model: every getter, section and index
  void dump.bootstrap
  out.push(toJson(dump.bootstrapSection ?? null))
  for (const kind of SECTION_KINDS) out.push(toJson(dump.section(kind) ?? null))
  for (const e of dump.listeners) dump.listener(e.name)
  for (const e of dump.clusters) dump.cluster(e.name)
  for (const e of dump.routeConfigs) dump.routeConfig(e.name)
  for (const e of dump.secrets) dump.secret(e.name)
  for (const e of dump.endpointConfigs) dump.endpointConfig(e.name)
  void dump.ecdsFilters
  out.push(dump.warnings.join('\n'))

  // proxy-config cluster
  for (const filter of [{}, {fqdn: 'svc', port: 9080, subset: 'v1', direction: 'outbound'}]) {
    const clusters = selectClusters(dump, filter)
    out.push(clusterTable(clusters.map(clusterRow)), clusterTable(clusters.map(clusterRow), true), toJson(clusters.map((e) => e.resource)))
  }
  out.push(await toYaml(selectClusters(dump, {})))

  // proxy-config listener
  for (const filter of [{}, {address: '0.0.0.0', port: 15006}, {type: 'HTTP' as const}]) {
    const listeners = selectListeners(dump, filter)
    out.push(listenerTable(listenerRows(listeners)), listenerTypeTable(listenerTypeRows(listeners), true), toJson(listeners))
  }

  // proxy-config route
  for (const filter of [{}, {name: '9080'}]) {
    const routes = selectRouteConfigs(dump, filter)
    out.push(routeTable(routeRows(routes)), routeCountTable(routeCountRows(routes), true), toJson(routes))
  }

  // proxy-config eds, secret, ecds, bootstrap
  for (const filter of [{}, {address: '10.0.0.1', port: 8080, cluster: 'outbound', status: 'healthy'}]) {
    const eds = selectEds(dump, filter)
    out.push(edsTable(eds.rows), edsTable(eds.rows, true), structuredOutput(eds.assignments, 'json'))
  }
  const secrets = secretRows(dump, new Date('2026-01-01T00:00:00Z'))
  out.push(secretTable(secrets, {trustDomain: showTrustDomain(secrets), prefixed: true}), toJson(redactKeyMaterial(dump.section('secrets') ?? null)))
  out.push(ecdsTable(ecdsRows(dump)), structuredOutput(dump.section('ecds') ?? {}, 'yaml'))
  out.push(versionSummaryText(versionSummary(dump)), structuredOutput(dump.bootstrapSection ?? {}, 'json', {jsonpb: true}))
  return out
}

// ---- seeded randomness -------------------------------------------------------------------------


/** Each case has its own generator, so one case can be re-run alone. */
const caseRandom = (seed: number, n: number) => prng((seed ^ Math.imul(n + 1, 0x9e3779b1)) >>> 0)

interface Rng {
  next(): number
  int(n: number): number
  pick<T>(xs: readonly T[]): T
}

function rng(next: () => number): Rng {
  return {next, int: (n) => Math.floor(next() * n), pick: (xs) => xs[Math.floor(next() * xs.length)]}
}

// ---- mutations ---------------------------------------------------------------------------------

type Container = Json[] | {[k: string]: Json}
interface Slot {
  parent: Container
  key: string | number
  path: string
}

function slots(root: Json): Slot[] {
  const out: Slot[] = []
  const walk = (v: Json, path: string) => {
    if (v === null || typeof v !== 'object') return
    if (Array.isArray(v)) {
      v.forEach((c, i) => {
        out.push({parent: v, key: i, path: `${path}[${i}]`})
        walk(c, `${path}[${i}]`)
      })
    } else {
      for (const k of Object.keys(v)) {
        out.push({parent: v, key: k, path: `${path}.${k}`})
        walk(v[k], `${path}.${k}`)
      }
    }
  }
  walk(root, '$')
  return out
}

const get = (s: Slot): Json => (s.parent as Record<string | number, Json>)[s.key]
const set = (s: Slot, v: Json) => {
  ;(s.parent as Record<string | number, Json>)[s.key] = v
}

const snake = (k: string) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)
const ODD_VALUES: Json[] = [null, 0, -1, 1e308, '', 'x', 'a|b|c', '|||', '\u0000', true, [], {}, [null], {'@type': 'type.googleapis.com/x'}, '1.5s', 'NaN']

/** One mutation of the document in place; returns what it did, for the failure report. */
function mutate(doc: Json, r: Rng): string {
  const all = slots(doc)
  if (all.length === 0) return 'nothing to mutate'
  const s = r.pick(all)
  const v = get(s)
  switch (r.int(9)) {
    case 0: {
      if (Array.isArray(s.parent)) s.parent.splice(s.key as number, 1)
      else delete s.parent[s.key as string]
      return `delete ${s.path}`
    }
    case 1: {
      const odd = r.pick(ODD_VALUES)
      set(s, structuredClone(odd))
      return `set ${s.path} = ${JSON.stringify(odd)}`
    }
    case 2: {
      // swap scalar kinds: string ↔ number ↔ null ↔ array ↔ object
      const swapped: Json =
        typeof v === 'string' ? (Number.isNaN(Number(v)) ? v.length : Number(v)) : typeof v === 'number' ? String(v) : v === null ? [] : Array.isArray(v) ? (v[0] ?? null) : typeof v === 'object' ? [v] : null
      set(s, swapped)
      return `swap type of ${s.path}`
    }
    case 3: {
      if (typeof s.key !== 'string' || Array.isArray(s.parent)) return 'flip skipped'
      const flipped = s.key.includes('_') ? camelCase(s.key) : snake(s.key)
      if (flipped === s.key) return 'flip skipped'
      const obj = s.parent as {[k: string]: Json}
      obj[flipped] = obj[s.key]
      if (r.next() < 0.5) delete obj[s.key]
      return `flip ${s.path} → ${flipped}`
    }
    case 4: {
      // duplicate: an array element (a section, a cluster, a listener) appears twice
      if (!Array.isArray(s.parent)) return 'duplicate skipped'
      s.parent.splice(s.key as number, 0, structuredClone(v))
      return `duplicate ${s.path}`
    }
    case 5: {
      if (typeof v !== 'string') return 'truncate skipped'
      set(s, v.slice(0, r.int(v.length + 1)))
      return `truncate string ${s.path}`
    }
    case 6: {
      if (!Array.isArray(v)) return 'truncate skipped'
      v.length = r.int(v.length + 1)
      return `truncate array ${s.path}`
    }
    case 7: {
      // a huge or deep value where a small one was
      set(s, r.next() < 0.5 ? 'a'.repeat(100_000) : nest(200))
      return `oversize ${s.path}`
    }
    default: {
      if (typeof v === 'string' && v.startsWith('type.googleapis.com/')) {
        const t = r.pick([v.replace('.v3.', '.v2alpha.'), v.replace('.v3.', '.v4alpha.'), `${v}X`, 'type.googleapis.com/'])
        set(s, t)
        return `retype ${s.path} = ${t}`
      }
      set(s, r.next() < 0.5 ? structuredClone(doc) : v)
      return `self-embed at ${s.path}`
    }
  }
}

/** Mutation notes stay readable when a path runs through a 200-level nest. */
const short = (s: string) => (s.length > 240 ? `${s.slice(0, 110)} … ${s.slice(-110)}` : s)

function nest(depth: number): Json {
  let v: Json = {name: 'deep'}
  for (let i = 0; i < depth; i++) v = {filter_chains: [v]}
  return v
}

// ---- one case ----------------------------------------------------------------------------------

interface CaseResult {
  n: number
  base: string
  mutations: string[]
  /** undefined: ran to the end (or failed with a MeshscopeError) */
  failure?: string
}

async function runCase(seed: number, n: number, bases: {name: string; doc: Json}[]): Promise<CaseResult> {
  const r = rng(caseRandom(seed, n))
  const base = r.pick(bases)
  const doc = structuredClone(base.doc)
  const mutations: string[] = []
  const count = 1 + r.int(4)
  for (let i = 0; i < count; i++) mutations.push(short(mutate(doc, r)))
  try {
    let parsed: unknown = doc
    // one case in five goes through the text parser, cut short at a random byte
    if (r.next() < 0.2) {
      const text = JSON.stringify(doc)
      const cut = r.int(text.length + 1)
      mutations.push(`cut text at ${cut}/${text.length}`)
      parsed = await parseDocument({label: 'fuzz', text: text.slice(0, cut) || ' '})
    }
    const dump = configDumpFrom(parsed, 'fuzz')
    const texts = await pipelines(dump)
    const notString = texts.findIndex((t) => typeof t !== 'string')
    if (notString >= 0) return {n, base: base.name, mutations, failure: `output ${notString} is not a string`}
  } catch (err) {
    if (!(err instanceof MeshscopeError)) {
      const e = err as Error
      const where = (e.stack ?? '').split('\n').find((l) => l.includes('/src/')) ?? ''
      return {n, base: base.name, mutations, failure: `${e.name}: ${e.message} ${where.trim()}`}
    }
  }
  return {n, base: base.name, mutations}
}

// ---- worker and runner -------------------------------------------------------------------------

interface WorkerInput {
  seed: number
  cases: number[]
}

type WorkerMessage = {type: 'done'; result: CaseResult} | {type: 'started'; n: number} | {type: 'end'}

async function workerMain(input: WorkerInput): Promise<void> {
  const bases = BASES.map((p) => ({name: p.join('/'), doc: JSON.parse(readFileSync(fixture(...p), 'utf8')) as Json}))
  for (const n of input.cases) {
    parentPort!.postMessage({type: 'started', n} satisfies WorkerMessage)
    parentPort!.postMessage({type: 'done', result: await runCase(input.seed, n, bases)} satisfies WorkerMessage)
  }
  parentPort!.postMessage({type: 'end'} satisfies WorkerMessage)
}

/** Runs the cases in a worker; rejects naming the case when one does not finish within `stallMs`. */
function runInWorker(input: WorkerInput, stallMs: number): Promise<CaseResult[]> {
  return new Promise((resolve, reject) => {
    // the worker runs this same file, so it first registers the TypeScript loader the tests run under
    const boot = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(import.meta.url)}) })`
    const worker = new Worker(boot, {eval: true, workerData: input})
    const results: CaseResult[] = []
    let current = -1
    let timer: NodeJS.Timeout | undefined
    const arm = () => {
      clearTimeout(timer)
      timer = setTimeout(() => {
        void worker.terminate()
        reject(new Error(`fuzz case ${current} (seed ${input.seed}) did not finish: it hangs. Re-run it with MESHSCOPE_FUZZ_SEED=${input.seed} MESHSCOPE_FUZZ_CASE=${current}`))
      }, stallMs)
    }
    worker.on('message', (m: WorkerMessage) => {
      if (m.type === 'started') {
        current = m.n
        arm()
      } else if (m.type === 'done') results.push(m.result)
      else {
        clearTimeout(timer)
        void worker.terminate()
        resolve(results)
      }
    })
    worker.on('error', (err) => {
      clearTimeout(timer)
      reject(new Error(`fuzz worker crashed in case ${current} (seed ${input.seed}): ${err.message}`))
    })
    arm()
  })
}

if (!isMainThread && workerData) {
  await workerMain(workerData as WorkerInput)
} else if (isMainThread) {
  const seed = Number(process.env.MESHSCOPE_FUZZ_SEED ?? 20260822)
  const total = Number(process.env.MESHSCOPE_FUZZ_CASES ?? 1200)
  const only = process.env.MESHSCOPE_FUZZ_CASE
  const cases = only === undefined ? Array.from({length: total}, (_, i) => i) : [Number(only)]

  describe(`config-dump fuzz (seed ${seed}, ${cases.length} cases)`, function () {
    // generous: a stalled case is caught by the watchdog below, not by mocha
    this.timeout(600_000)

    it('no case throws anything but a MeshscopeError, hangs, or prints a non-string', async () => {
      const results = await runInWorker({seed, cases}, 60_000)
      const failures = results.filter((r) => r.failure)
      const report = failures
        .slice(0, 15)
        .map((f) => `  case ${f.n} (${f.base}; ${f.mutations.join('; ')}):\n    ${f.failure}`)
        .join('\n')
      if (results.length !== cases.length) throw new Error(`only ${results.length} of ${cases.length} cases ran (seed ${seed})`)
      if (failures.length > 0) {
        throw new Error(
          `${failures.length} of ${cases.length} fuzz cases failed (seed ${seed}); re-run one with MESHSCOPE_FUZZ_SEED=${seed} MESHSCOPE_FUZZ_CASE=<n>:\n${report}`,
        )
      }
    })
  })
}
