import {MeshscopeError, messageOf} from '../cli/errors.js'
import type {InputText} from '../source/input.js'
import {PrettyJson} from './pretty-json.js'

const ADMIN_HINT = 'Expected the output of the Envoy admin API, e.g. curl -s localhost:15000/config_dump'

/**
 * Parses admin API output as JSON, or as YAML when it does not start like JSON (istioctl `-o yaml` output
 * and saved YAML dumps). Errors say where the text breaks and whether it looks cut short.
 */
export async function parseDocument(input: InputText): Promise<unknown> {
  // Envoy's own layout is parsed in pieces from the bytes (pretty-json.ts); anything else from the text
  const window = input.window?.()
  let pretty: unknown
  try {
    pretty = window && PrettyJson.of(window)?.parse()
  } finally {
    window?.close()
  }
  if (pretty !== undefined) return pretty
  const first = input.text.trimStart()[0]
  if (first === '{' || first === '[') return parseJson(input)
  const scalar = jsonScalar(input.text)
  if (scalar !== undefined) {
    throw new MeshscopeError('INPUT_INVALID', `${input.label} is not an Envoy config dump: it holds a single JSON ${scalar}, not an object`, [ADMIN_HINT])
  }
  const {parse} = await import('yaml')
  let doc: unknown
  try {
    doc = parse(input.text, {maxAliasCount: 100})
  } catch (err) {
    throw new MeshscopeError('INPUT_INVALID', `${input.label} is neither JSON nor YAML (${firstLine(messageOf(err))})`, [ADMIN_HINT])
  }
  if (doc === null || typeof doc !== 'object') {
    throw new MeshscopeError('INPUT_INVALID', `${input.label} is not JSON: it starts with ${JSON.stringify(input.text.trimStart().slice(0, 20))}`, [ADMIN_HINT])
  }
  return doc
}

/** `"str"`, `42`, `null`, `true`: valid JSON that cannot be a dump. Returns its kind, or undefined. */
function jsonScalar(text: string): string | undefined {
  try {
    const v: unknown = JSON.parse(text)
    return v === null ? 'null' : typeof v
  } catch {
    return undefined
  }
}

/**
 * Parses JSON admin output; errors say whether it looks cut short, and `hint` what was expected. `code` is
 * INPUT_INVALID for what the user handed in, ADMIN_ERROR for what a live proxy or istiod answered.
 */
export function parseJson(input: InputText, hint = ADMIN_HINT, code: 'INPUT_INVALID' | 'ADMIN_ERROR' = 'INPUT_INVALID'): unknown {
  try {
    return JSON.parse(input.text)
  } catch (err) {
    const msg = messageOf(err)
    const truncated = isTruncation(msg, input.text)
    throw new MeshscopeError(
      code,
      truncated ? `${input.label} is truncated: the JSON ends before the document does (${msg})` : `${input.label} is not valid JSON (${msg})`,
      [truncated ? 'Fetch or save the output again: it was cut short' : hint],
    )
  }
}

/**
 * V8 reports a cut-short document either as "Unexpected end of JSON input" or as a complaint about the
 * character at a position at or past the end of the text, e.g. "Expected ',' or '}' after
 * property value in JSON at position 20000" for a file of 20000 bytes.
 */
function isTruncation(msg: string, text: string): boolean {
  if (/end of JSON input/.test(msg)) return true
  const at = /at position (\d+)/.exec(msg)
  return at !== null && Number(at[1]) >= text.trimEnd().length && /^(Unterminated string|Expected|Bad control)/.test(msg)
}

function firstLine(s: string): string {
  return s.split('\n')[0]
}
