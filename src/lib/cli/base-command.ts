import {Command, Flags, type Interfaces} from '@oclif/core'
import {ExitCode} from './exit-codes.js'
import {isMeshscopeError, MeshscopeError} from './errors.js'
import {colorEnabled} from '../render/color.js'

/** The `--json` envelope every command prints. */
export type JsonEnvelope<T> =
  | {status: number; result: T; warnings?: string[]}
  | {status: number; error: {code: string; message: string; suggestions: string[]}}

/**
 * Every meshscope command extends this. It fixes oclif 4's error handling (exit codes under --json, the
 * 18 KB parse-error blob), prints errors as one line plus suggestions without a stack, and wraps --json
 * output in a stable envelope. A command returns its --json result (undefined when it printed another format
 * itself), and sets `this.status` for a non-zero outcome that still has a result (a trace that ends in a 404,
 * a diff that found differences).
 */
export abstract class BaseCommand<T> extends Command {
  static override enableJsonFlag = true

  static override baseFlags = {
    verbose: Flags.boolean({char: 'v', description: 'Say more about what meshscope does (sources, fallbacks, ignored sections).', helpGroup: 'GLOBAL'}),
  }

  /** Exit status for a successful run with a non-zero outcome. */
  protected status: number = ExitCode.OK
  protected warnings: string[] = []

  /** Whether colour may be used on stdout (TTY, NO_COLOR, FORCE_COLOR). */
  protected get color(): boolean {
    return !this.jsonEnabled() && colorEnabled(process.stdout)
  }

  abstract override run(): Promise<T>

  protected override async finally(err: Error | undefined): Promise<void> {
    if (!err && this.status !== ExitCode.OK) process.exitCode = this.status
    await super.finally(err)
  }

  override toSuccessJson(result: unknown): JsonEnvelope<unknown> {
    const envelope: {status: number; result: unknown; warnings?: string[]} = {status: this.status, result}
    if (this.warnings.length > 0) envelope.warnings = this.warnings
    return envelope
  }

  override toErrorJson(err: unknown): JsonEnvelope<never> {
    const e = normalizeError(err)
    return {status: e.exitCode, error: {code: e.code, message: e.message, suggestions: e.suggestions}}
  }

  override logJson(json: unknown): void {
    process.stdout.write(`${JSON.stringify(json, null, 2)}\n`)
  }

  /** A note on stderr (only with -v), and in the --json envelope's warnings. */
  protected note(message: string, verbose: boolean | undefined): void {
    this.warnings.push(message)
    if (verbose && !this.jsonEnabled()) process.stderr.write(`note: ${message}\n`)
  }

  override async catch(err: Error & {exitCode?: number}): Promise<void> {
    const e = normalizeError(err)
    process.exitCode = e.exitCode
    if (this.jsonEnabled()) {
      this.logJson(this.toErrorJson(e))
      return
    }
    const lines = [`Error: ${e.message}`]
    for (const s of e.suggestions) lines.push(`  Try: ${s}`)
    if (e.code === 'INTERNAL' && process.env.DEBUG && err.stack) lines.push(err.stack)
    process.stderr.write(`${lines.join('\n')}\n`)
  }
}

/** Maps anything thrown to a MeshscopeError: ours as they are, oclif parse errors to USAGE, the rest to INTERNAL. */
export function normalizeError(err: unknown): MeshscopeError {
  if (isMeshscopeError(err)) return err
  const e = err as Error & {oclif?: {exit?: number}; parse?: unknown}
  const isParseError = e?.oclif?.exit === 2 || e?.parse !== undefined || /flag|argument|Unexpected argument/i.test(e?.name ?? '')
  if (isParseError) {
    return new MeshscopeError('USAGE', parseErrorMessage(e.message ?? String(err)), ['See --help for the flags and arguments this command takes'])
  }
  const message = e instanceof Error ? e.message : String(err)
  return new MeshscopeError('INTERNAL', `unexpected error: ${message}`, [
    'This is a bug in meshscope: please report it with the command you ran (run with DEBUG=1 for a stack trace)',
  ])
}

/**
 * oclif's parse errors span several lines ("The following errors occurred:", the failures, "See more help
 * with --help"). Keep the failures, on one line.
 */
function parseErrorMessage(raw: string): string {
  const lines = raw
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !/^The following errors? occurred:?$/.test(l) && !/^See more help with/.test(l))
  return lines.join('; ') || 'invalid command line'
}

export type InferredFlags<T extends typeof Command> = Interfaces.InferredFlags<(typeof BaseCommand)['baseFlags'] & T['flags']>
