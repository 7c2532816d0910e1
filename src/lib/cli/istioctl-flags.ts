import {Flags} from '@oclif/core'
import {MeshscopeError} from './errors.js'

/**
 * istioctl's `--verbose` of `proxy-config listener|route|all`: on by default, off for the older, shorter
 * tables. It takes the name of BaseCommand's global `-v/--verbose` on these commands (as in istioctl), so
 * it has no `-v` short form.
 */
export const tableVerboseFlag = Flags.boolean({
  description: 'Show one line per match (MATCH/DESTINATION columns); --verbose=false gives the shorter table.',
  default: true,
  allowNo: true,
})

const GO_TRUE = new Set(['1', 't', 'T', 'TRUE', 'true', 'True'])
const GO_FALSE = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False'])

/**
 * Go's flag package accepts `--name=false` for a boolean flag, and istioctl users write `--verbose=false`.
 * oclif would read `false` as a positional argument, so these become `--name` / `--no-name`.
 */
export function withGoBooleans(argv: readonly string[], names: readonly string[]): string[] {
  return argv.map((arg) => {
    const eq = arg.indexOf('=')
    if (!arg.startsWith('--') || eq < 0) return arg
    const name = arg.slice(2, eq)
    if (!names.includes(name)) return arg
    const value = arg.slice(eq + 1)
    if (GO_TRUE.has(value)) return `--${name}`
    if (GO_FALSE.has(value)) return `--no-${name}`
    throw new MeshscopeError('USAGE', `invalid value "${value}" for --${name}: expected true or false`, [`--${name}=false`])
  })
}
