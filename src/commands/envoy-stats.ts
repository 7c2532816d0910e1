import {MeshscopeError} from '../lib/cli/errors.js'
import {Flags} from '@oclif/core'
import {BaseCommand} from '../lib/cli/base-command.js'
import {outputFlag, podArg, proxyFlags} from '../lib/cli/flags.js'
import {locateProxy} from '../lib/cli/proxy-command.js'
import {toJson, toYaml} from '../lib/render/formats.js'
import {openAdminSource} from '../lib/source/pod-source.js'
import {parseJson} from '../lib/envoy/parse-document.js'

/** The admin path istioctl x envoy-stats asks for, per --type and -o. */
export function statsPath(type: string, output: string): string {
  if (type === 'clusters') {
    if (output === 'prom') throw new MeshscopeError('USAGE', '-o prom is for server stats only', ['Use -t server -o prom, or -t clusters -o json'])
    return output === 'short' ? 'clusters' : 'clusters?format=json'
  }
  if (output === 'prom') return 'stats/prometheus'
  return output === 'short' ? 'stats' : 'stats?format=json'
}

export default class EnvoyStats extends BaseCommand<unknown> {
  static override summary = "Show a proxy's Envoy statistics (/stats, /stats/prometheus, /clusters)"
  static override aliases = ['es']
  static override examples = [
    '<%= config.bin %> envoy-stats productpage-v1-7bbd79f8fd-k6j79.default',
    '<%= config.bin %> envoy-stats deployment/productpage-v1 -o prom',
    '<%= config.bin %> envoy-stats productpage-v1-7bbd79f8fd-k6j79 -t clusters -o json',
  ]

  static override args = podArg
  static override flags = {
    ...proxyFlags,
    output: outputFlag(['short', 'json', 'yaml', 'prom'], 'short'),
    type: Flags.string({char: 't', description: 'Which stats: server (/stats) or clusters (/clusters).', options: ['server', 'clusters'], default: 'server'}),
  }

  async run(): Promise<unknown> {
    const {args, flags} = await this.parse(EnvoyStats)
    const path = statsPath(flags.type, this.jsonEnabled() ? 'json' : flags.output)
    const source = await openAdminSource(locateProxy(args.pod, flags.file, 'envoy-stats', flags['admin-url']), flags, 'envoy-stats')
    const {text} = await source.get(path).finally(() => source.close())
    if (!path.includes('format=json')) {
      process.stdout.write(text)
      return {text}
    }
    const parsed = parseJson({text, label: `/${path} of ${source.label}`}, 'Check the Envoy version; run with -v to see the request')
    if (this.jsonEnabled()) return parsed
    process.stdout.write(flags.output === 'yaml' ? await toYaml(parsed) : toJson(parsed))
    return parsed
  }
}
