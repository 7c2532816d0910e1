import {Args, Flags} from '@oclif/core'

/** Flags and arguments shared by every command that reads one proxy. */
export const proxyFlags = {
  file: Flags.string({
    char: 'f',
    description: 'Read a saved admin API dump instead of a pod (a path, or - for stdin; .gz accepted).',
    helpValue: 'FILE',
  }),
  'proxy-admin-port': Flags.integer({description: 'Envoy admin port in the pod.', default: 15000, helpGroup: 'POD'}),
}

export const outputFlag = (formats: readonly string[], fallback: string) =>
  Flags.string({char: 'o', description: 'Output format.', options: [...formats], default: fallback})

export const podArg = {
  pod: Args.string({description: 'Pod or workload: [TYPE/]NAME[.NAMESPACE]', required: false}),
}
