import {existsSync} from 'node:fs'
import {Args, Flags} from '@oclif/core'
import {BaseCommand} from '../lib/cli/base-command.js'
import {ExitCode} from '../lib/cli/exit-codes.js'
import {kubeFlags, outputFlag, proxyFlags} from '../lib/cli/flags.js'
import {locateProxy} from '../lib/cli/proxy-command.js'
import {type DiffResult, diffDumps} from '../lib/diff/compare.js'
import {diffText} from '../lib/render/diff.js'
import {toJson, toYaml} from '../lib/render/formats.js'
import {AdminPath, openProxySource, readConfigDump} from '../lib/source/proxy-source.js'

export default class Diff extends BaseCommand<DiffResult> {
  static override summary = "Compare two proxies' clusters, listeners, routes and endpoints by name"
  static override description = `A and B are each a pod ([TYPE/]NAME[.NAMESPACE]) or a saved config dump (a path that exists, or - for stdin). Resources are matched by name and compared field by field, ignoring noise: key order, version_info, last_updated, and the order of endpoints.

Exit status: 0 the two are the same, 1 they differ (as diff(1)).`

  static override examples = [
    '<%= config.bin %> diff reviews-v1-abc reviews-v2-def',
    '<%= config.bin %> diff productpage-v1-7bbd79f8fd-k6j79 saved-productpage.json',
    '<%= config.bin %> diff before.json after.json --json',
  ]

  static override args = {
    a: Args.string({description: 'First proxy: a pod, or a saved config dump', required: true, ignoreStdin: true}),
    b: Args.string({description: 'Second proxy: a pod, or a saved config dump', required: true, ignoreStdin: true}),
  }

  static override flags = {
    bundle: proxyFlags.bundle,
    ...kubeFlags,
    output: outputFlag(['text', 'json', 'yaml'], 'text'),
    'ignore-endpoints': Flags.boolean({description: 'Leave EDS endpoints out (they differ between pods of the same workload by design).'}),
  }

  async run(): Promise<DiffResult> {
    const {args, flags} = await this.parse(Diff)
    const [a, b] = await Promise.all([args.a, args.b].map((arg) => this.read(arg, flags)))
    const result = diffDumps(a.dump, b.dump, {a: a.label, b: b.label})
    if (flags['ignore-endpoints']) {
      result.kinds.endpoints = {onlyInA: [], onlyInB: [], changed: []}
      result.same = Object.values(result.kinds).every((k) => k.onlyInA.length + k.onlyInB.length + k.changed.length === 0)
    }
    if (!result.same) this.status = ExitCode.DIFFERENT
    if (this.jsonEnabled()) return result
    if (flags.output === 'json') process.stdout.write(toJson(result))
    else if (flags.output === 'yaml') process.stdout.write(await toYaml(result))
    else process.stdout.write(diffText(result))
    return result
  }

  /** A saved dump when the argument is a path that exists (or -) and no bundle is given; else a pod. */
  private async read(arg: string, flags: {bundle?: string; namespace?: string; verbose?: boolean}) {
    const isFile = flags.bundle === undefined && (arg === '-' || existsSync(arg))
    const where = locateProxy(isFile ? undefined : arg, isFile ? arg : undefined, 'diff')
    const source = await openProxySource(where, flags)
    const dump = await readConfigDump(source, AdminPath.full).finally(() => source.close())
    for (const w of dump.warnings) this.note(w, flags.verbose)
    return {dump, label: where.kind === 'pod' ? arg : source.label}
  }
}
