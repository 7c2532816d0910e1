import {ExitCode, type ExitCodeName} from './exit-codes.js'

/**
 * The one error type meshscope raises on purpose. `code` is stable (scripts match on it), the message says
 * what went wrong, the suggestions say what to do, and the exit code comes from the table in exit-codes.ts.
 */
export class MeshscopeError extends Error {
  readonly code: string
  readonly exitCode: number
  readonly suggestions: string[]

  constructor(code: ExitCodeName, message: string, suggestions: string[] = [], options?: {cause?: unknown}) {
    super(message, options)
    this.name = 'MeshscopeError'
    this.code = code
    this.exitCode = ExitCode[code]
    this.suggestions = suggestions
  }
}

export const isMeshscopeError = (err: unknown): err is MeshscopeError => err instanceof MeshscopeError

/** The message of any thrown value, without a stack. */
export function messageOf(err: unknown): string {
  if (err instanceof Error) return err.message
  return String(err)
}
