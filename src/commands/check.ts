import {Args, Flags} from '@oclif/core'
import {Bundle} from '../lib/bundle/bundle-source.js'
import {writeFileAtomic} from '../lib/bundle/atomic.js'
import {parseExpectation, parseRoutesFlag} from '../lib/check/flag-inputs.js'
import {dumpReading} from '../lib/check/dump-reading.js'
import {type CheckResult, CheckReport} from '../lib/check/report.js'
import {FAIL_ON, parseFailOn} from '../lib/check/severity.js'
import {syncByProxy} from '../lib/check/sync.js'
import type {CheckContext, ProxySnapshot, ProxySyncStatus, RouteSuite} from '../lib/check/types.js'
import {BaseCommand, type InferredFlags} from '../lib/cli/base-command.js'
import {MeshscopeError, messageOf} from '../lib/cli/errors.js'
import {ExitCode} from '../lib/cli/exit-codes.js'
import {outputFlag, proxyFlags} from '../lib/cli/flags.js'
import {parseTimeout} from '../lib/kube/deadline.js'
import {kubeFleet} from '../lib/fleet/kube-targets.js'
import {Progress} from '../lib/fleet/progress.js'
import {type FleetTarget, runFleet} from '../lib/fleet/run.js'
import {readSnapshot} from '../lib/fleet/snapshot.js'
import {checkTable} from '../lib/render/check-table.js'
import {toJson, toYaml} from '../lib/render/formats.js'
import {junitXml} from '../lib/render/junit.js'
import {parseRouteCheckTests} from '../lib/routecheck/test-file.js'
import {readInput} from '../lib/source/input.js'
import {FileSource} from '../lib/source/proxy-source.js'


export default class Check extends BaseCommand<CheckResult> {
  static override summary = 'Check proxies for broken config, missing endpoints, expiring certificates and failed expectations'
  static override description = `Runs health rules over each proxy (pods, a label selection, whole namespaces, saved dumps or a capture bundle) and prints the findings: severity, proxy, rule id, resource, message and a suggested fix. Every rule is documented in docs/check.md.

Exit status: 0 no finding at or above --fail-on, 40 findings at or above --fail-on, 41 some proxies could not be checked (the others are still reported). 40 wins when both apply.`

  static override examples = [
    '<%= config.bin %> check -A',
    '<%= config.bin %> check -n bookinfo -l app=productpage --fail-on warning --junit check.xml',
    '<%= config.bin %> check -f productpage.json --routes 9080=tests.yaml',
    "<%= config.bin %> check productpage-v1-7bbd79f8fd-k6j79 --expect 'http://reviews:9080/ -> outbound|9080||reviews.default.svc.cluster.local'",
    '<%= config.bin %> check --bundle ./capture',
  ]

  static override strict = false
  static override args = {
    pods: Args.string({description: 'Pods or workloads to check: [TYPE/]NAME[.NAMESPACE] (several allowed)', required: false, ignoreStdin: true}),
  }

  static override flags = {
    ...proxyFlags,
    file: Flags.string({char: 'f', description: 'Check a saved config dump (repeatable).', helpValue: 'DUMP', multiple: true}),
    selector: Flags.string({char: 'l', description: 'Check the pods matching this label selector.', helpValue: 'SELECTOR', helpGroup: 'POD'}),
    'all-namespaces': Flags.boolean({char: 'A', description: 'Check the pods of every namespace.', helpGroup: 'POD'}),
    concurrency: Flags.integer({description: 'How many proxies to read at once.', default: 16, min: 1}),
    'pod-timeout': Flags.string({description: 'Limit for all the reads of one proxy (e.g. 60s); a proxy that takes longer is reported as not checked.', default: '60s', helpGroup: 'POD'}),
    'fail-on': Flags.string({description: 'Exit 40 when a finding is at least this severe.', options: [...FAIL_ON], default: 'error'}),
    'cert-warn-days': Flags.integer({description: 'Warn about certificates that expire within this many days.', default: 7, min: 0}),
    routes: Flags.string({description: 'Run route-check tests against each proxy\'s route config NAME (repeatable).', helpValue: 'NAME=TESTS', multiple: true}),
    'route-name': Flags.string({description: 'The route config --routes TESTS (without NAME=) is for.'}),
    expect: Flags.string({description: "Assert that a request is routed to a cluster (repeatable).", helpValue: "'URL -> CLUSTER'", multiple: true}),
    'istio-namespace': Flags.string({char: 'i', description: "Namespace of istiod, for its sync status (/debug/syncz).", default: 'istio-system', helpGroup: 'POD'}),
    junit: Flags.string({description: 'Also write the results as JUnit XML (one testcase per rule per proxy).', helpValue: 'FILE'}),
    output: outputFlag(['table', 'json', 'yaml'], 'table'),
  }

  async run(): Promise<CheckResult> {
    const {argv, flags} = await this.parse(Check)
    const pods = argv as string[]
    const failOn = parseFailOn(flags['fail-on'])
    const perTargetMs = parseTimeout(flags['pod-timeout'])
    const ctx: CheckContext = {
      now: new Date(),
      certWarnDays: flags['cert-warn-days'],
      routeSuites: await readRouteSuites(flags.routes ?? [], flags['route-name']),
      expectations: (flags.expect ?? []).map(parseExpectation),
    }
    const report = new CheckReport(ctx)
    const targets = await this.targets(pods, flags, report)
    const sync = await this.syncStatus(flags, targets)
    if ('unavailable' in sync) ctx.syncUnavailable = sync.unavailable
    const withSync = (s: ProxySnapshot): ProxySnapshot => {
      if (!('sync' in sync)) return s
      const status = sync.sync.get(s.proxy)
      return status ? {...s, sync: status} : {...s, missing: {...s.missing, syncz: 'istiod does not list this proxy in /debug/syncz (not connected to it)'}}
    }
    const reading = dumpReading(ctx)
    const progress = new Progress(targets.length, 'proxies checked')
    for await (const o of runFleet(targets, {concurrency: flags.concurrency, perTargetMs}, async (source, t) => withSync(await readSnapshot(source, t.proxy, t.live, reading)))) {
      if (o.ok) report.addSnapshot(o.value)
      else report.addUnchecked(o.proxy, o.error)
      progress.tick(o.ok)
    }
    progress.finish()
    const result = report.finish(failOn)
    if (result.summary.failing > 0) this.status = ExitCode.CHECK_FINDINGS
    else if (result.summary.unchecked > 0) this.status = ExitCode.CHECK_PARTIAL
    if (flags.junit) await writeFileAtomic(flags.junit, junitXml(result))
    if (this.jsonEnabled()) return result
    if (flags.output === 'json') process.stdout.write(toJson(result))
    else if (flags.output === 'yaml') process.stdout.write(await toYaml(result))
    else process.stdout.write(checkTable(result))
    return result
  }

  /** istiod's view of the proxies: from the bundle's syncz, or asked live when pods are checked; saved dumps have none. */
  private async syncStatus(flags: CheckFlags, targets: FleetTarget[]): Promise<{sync: Map<string, ProxySyncStatus>} | {unavailable: string}> {
    if (flags.bundle !== undefined) {
      const bundle = await Bundle.open(flags.bundle)
      const syncz = await bundle.syncz()
      return typeof syncz === 'string' ? {unavailable: syncz} : {sync: syncByProxy([syncz])}
    }
    if (!targets.some((t) => t.live) || flags['admin-url']) return {unavailable: 'saved dumps and --admin-url have no istiod sync status (check pods, or a bundle)'}
    const {readSync} = await import('../lib/fleet/istiod-sync.js')
    return readSync({...flags, 'istio-namespace': flags['istio-namespace']})
  }

  /** The proxies to check, from whichever inputs were given; proxies a bundle failed to capture go straight into the report. */
  private async targets(pods: string[], flags: CheckFlags, report: CheckReport): Promise<FleetTarget[]> {
    const targets: FleetTarget[] = []
    if (flags.bundle !== undefined) {
      if (flags.file || flags['admin-url'] || flags.selector || flags['all-namespaces']) {
        throw new MeshscopeError('USAGE', '--bundle checks the pods of a bundle: do not combine it with --file, --admin-url, -l or -A', ['meshscope check --bundle DIR [POD...]'])
      }
      const bundle = await Bundle.open(flags.bundle)
      const chosen = pods.length > 0 ? pods.map((p) => bundle.find(p, flags.namespace)) : bundle.manifest.pods.filter((p) => flags.namespace === undefined || p.namespace === flags.namespace)
      for (const p of chosen) targets.push({proxy: p.proxy, live: true, open: async () => bundle.source(p)})
      if (pods.length === 0) for (const f of bundle.manifest.failed) if (flags.namespace === undefined || f.proxy.endsWith(`.${flags.namespace}`)) report.addUnchecked(f.proxy, {code: f.code, message: f.message})
      return targets
    }
    for (const path of flags.file ?? []) targets.push({proxy: path === '-' ? 'stdin' : path, live: false, open: async () => new FileSource(path)})
    const adminUrl = flags['admin-url']
    if (adminUrl) {
      targets.push({proxy: adminUrl, live: true, open: async () => (await import('../lib/source/pod-source.js')).AdminUrlSource.open(adminUrl, flags)})
    }
    const listAll = flags.selector !== undefined || flags['all-namespaces'] || (pods.length === 0 && flags.namespace !== undefined)
    if (pods.length > 0 || listAll) {
      const fleet = await kubeFleet(pods, flags, listAll)
      for (const s of fleet.skipped) this.note(`skipped pod ${s.pod}: ${s.reason}`, flags.verbose)
      if (fleet.targets.length === 0) {
        throw new MeshscopeError('POD_NOT_FOUND', 'no running pod with a proxy matches the selection', [
          'Check the selection: kubectl get pods -A -l SELECTOR',
          fleet.skipped.length > 0 ? `${fleet.skipped.length} pod(s) were left out (not running, or not in the mesh): run with -v to see them` : 'Pods need an istio-proxy container (or pass --container)',
        ])
      }
      targets.push(...fleet.targets)
    }
    if (targets.length === 0) {
      throw new MeshscopeError('USAGE', 'check needs proxies to check', ['meshscope check POD...', 'meshscope check -n NAMESPACE [-l SELECTOR]', 'meshscope check -A', 'meshscope check -f dump.json', 'meshscope check --bundle DIR'])
    }
    return targets
  }
}

type CheckFlags = InferredFlags<typeof Check>

/** Reads and parses each --routes test file once (they run against every proxy). */
async function readRouteSuites(flags: readonly string[], routeName: string | undefined): Promise<RouteSuite[]> {
  const out: RouteSuite[] = []
  for (const text of flags) {
    const {routeName: name, path} = parseRoutesFlag(text, routeName)
    const input = await readInput(path)
    const {parse} = await import('yaml')
    let doc: unknown
    try {
      doc = parse(input.text, {maxAliasCount: 100})
    } catch (err) {
      throw new MeshscopeError('INPUT_INVALID', `${input.label} is not valid YAML or JSON (${messageOf(err).split('\n')[0]})`, ["A route-check test file is Envoy router_check_tool's format: {tests: [{test_name, input, validate}]}"])
    }
    out.push({routeName: name, label: input.label, suite: parseRouteCheckTests(doc, input.label)})
  }
  return out
}
