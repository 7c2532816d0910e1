import {MeshscopeError, messageOf} from '../cli/errors.js'
import type {InputText} from '../source/input.js'

/**
 * Parses admin API output as JSON, or as YAML when it does not start like JSON (istioctl `-o yaml` output
 * and saved YAML dumps). Errors say where the text breaks and whether it looks cut short.
 */
export async function parseDocument(input: InputText): Promise<unknown> {
  const first = input.text.trimStart()[0]
  if (first === '{' || first === '[') return parseJson(input)
  const {parse} = await import('yaml')
  let doc: unknown
  try {
    doc = parse(input.text, {maxAliasCount: 100})
  } catch (err) {
    throw new MeshscopeError('INPUT_INVALID', `${input.label} is neither JSON nor YAML (${firstLine(messageOf(err))})`, [
      'Expected the output of the Envoy admin API, e.g. curl -s localhost:15000/config_dump',
    ])
  }
  if (doc === null || typeof doc !== 'object') {
    throw new MeshscopeError('INPUT_INVALID', `${input.label} is not JSON: it starts with ${JSON.stringify(input.text.trimStart().slice(0, 20))}`, [
      'Expected the output of the Envoy admin API, e.g. curl -s localhost:15000/config_dump',
    ])
  }
  return doc
}

function parseJson(input: InputText): unknown {
  try {
    return JSON.parse(input.text)
  } catch (err) {
    const msg = messageOf(err)
    const truncated = /end of JSON input|Unterminated string/.test(msg)
    throw new MeshscopeError(
      'INPUT_INVALID',
      truncated ? `${input.label} is truncated: the JSON ends before the document does (${msg})` : `${input.label} is not valid JSON (${msg})`,
      [truncated ? 'Save the dump again and check it was copied completely' : 'Expected the output of the Envoy admin API, e.g. curl -s localhost:15000/config_dump'],
    )
  }
}

function firstLine(s: string): string {
  return s.split('\n')[0]
}
