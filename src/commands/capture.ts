import {Args, Flags} from '@oclif/core'
import {capturePod, captureSyncz} from '../lib/bundle/capture.js'
import {BUNDLE_KIND, BUNDLE_VERSION, type Manifest} from '../lib/bundle/layout.js'
import {BundleWriter} from '../lib/bundle/writer.js'
import {BaseCommand} from '../lib/cli/base-command.js'
import {MeshscopeError} from '../lib/cli/errors.js'
import {ExitCode} from '../lib/cli/exit-codes.js'
import {kubeFlags} from '../lib/cli/flags.js'
import {parseTimeout} from '../lib/kube/deadline.js'
import {kubeFleet} from '../lib/fleet/kube-targets.js'
import {Progress} from '../lib/fleet/progress.js'
import {runFleet} from '../lib/fleet/run.js'

export default class Capture extends BaseCommand<Manifest> {
  static override summary = 'Record proxies\' admin API output (and istiod\'s sync status) into a bundle for offline use'
  static override description = `Writes, per pod, config_dump?include_eds, /clusters?format=json, /stats?format=json, /certs, /server_info and /ready, plus istiod's /debug/syncz when it is reachable, and a manifest.json. Every reading command takes --bundle DIR and answers from it as it would from the pod; check --bundle DIR reports the same findings.

The bundle is written to a hidden directory beside --out and renamed into place at the end: an interrupted capture leaves nothing behind. Exit status: 0 every pod captured, 41 some pods could not be captured (the bundle holds the others and the manifest says why).`

  static override examples = ['<%= config.bin %> capture -n bookinfo --out ./capture', '<%= config.bin %> capture productpage-v1-7bbd79f8fd-k6j79 -l app=reviews --out ./capture']

  static override strict = false
  static override args = {
    pods: Args.string({description: 'Pods or workloads: [TYPE/]NAME[.NAMESPACE] (several allowed)', required: false, ignoreStdin: true}),
  }

  static override flags = {
    ...kubeFlags,
    selector: Flags.string({char: 'l', description: 'Capture the pods matching this label selector.', helpValue: 'SELECTOR', helpGroup: 'POD'}),
    'all-namespaces': Flags.boolean({char: 'A', description: 'Capture the pods of every namespace.', helpGroup: 'POD'}),
    out: Flags.string({description: 'Directory to create for the bundle (must not exist).', required: true, helpValue: 'DIR'}),
    concurrency: Flags.integer({description: 'How many pods to read at once.', default: 16, min: 1}),
    'pod-timeout': Flags.string({description: 'Limit for all the reads of one pod.', default: '60s', helpGroup: 'POD'}),
    'istio-namespace': Flags.string({char: 'i', description: "Namespace of istiod, for its /debug/syncz.", default: 'istio-system'}),
  }

  async run(): Promise<Manifest> {
    const {argv, flags} = await this.parse(Capture)
    const pods = argv as string[]
    const listAll = flags.selector !== undefined || flags['all-namespaces'] || (pods.length === 0 && flags.namespace !== undefined)
    if (pods.length === 0 && !listAll) throw new MeshscopeError('USAGE', 'capture needs pods: name them, or select them with -l, -n or -A', ['meshscope capture -n NAMESPACE --out DIR'])
    const perTargetMs = parseTimeout(flags['pod-timeout'])
    const fleet = await kubeFleet(pods, flags, listAll)
    for (const s of fleet.skipped) this.note(`skipped pod ${s.pod}: ${s.reason}`, flags.verbose)
    if (fleet.targets.length === 0) throw new MeshscopeError('POD_NOT_FOUND', 'no running pod with a proxy matches the selection', ['Check the selection: kubectl get pods -A -l SELECTOR'])

    const writer = await BundleWriter.create(flags.out)
    try {
      const manifest: Manifest = {kind: BUNDLE_KIND, version: BUNDLE_VERSION, createdAt: new Date().toISOString(), context: fleet.api.ctx.context, pods: [], failed: [], istiod: {error: 'not asked'}}
      const progress = new Progress(fleet.targets.length, 'pods captured')
      for await (const o of runFleet(fleet.targets, {concurrency: flags.concurrency, perTargetMs}, (source, t) => capturePod(source, t.proxy, writer))) {
        if (o.ok) manifest.pods.push(o.value)
        else manifest.failed.push({proxy: o.proxy, ...o.error})
        progress.tick(o.ok)
      }
      progress.finish()
      manifest.istiod = await captureSyncz(flags, writer)
      manifest.pods.sort((a, b) => (a.proxy < b.proxy ? -1 : 1))
      manifest.failed.sort((a, b) => (a.proxy < b.proxy ? -1 : 1))
      await writer.commit(manifest)
      if (manifest.failed.length > 0) this.status = ExitCode.CHECK_PARTIAL
      if (this.jsonEnabled()) return manifest
      const lines = [`Captured ${manifest.pods.length} of ${fleet.targets.length} pods into ${flags.out}`]
      for (const f of manifest.failed) lines.push(`  not captured: ${f.proxy}: ${f.message}`)
      if ('error' in manifest.istiod) lines.push(`  istiod syncz not captured: ${manifest.istiod.error}`)
      process.stdout.write(`${lines.join('\n')}\n`)
      return manifest
    } catch (err) {
      await writer.abort()
      throw err
    }
  }
}
