import type {DebugAnswer} from '../pilot/debug.js'
import {jsonOf} from '../pilot/debug.js'

/**
 * `pilot debug` output. Pretty: a JSON body indented (2 spaces), any other body as served, each under a
 * `# istiod NAME` line when several replicas answered. JSON (`-o json`): one replica's body byte for byte as
 * served; for several, one object keyed by replica whose values are the parsed bodies (text bodies as strings).
 */
export function debugPretty(answers: readonly DebugAnswer[]): string {
  const blocks = answers.map((a) => {
    const doc = jsonOf(a.body)
    const text = doc === undefined ? a.body : `${JSON.stringify(doc, null, 2)}\n`
    const body = text.endsWith('\n') ? text : `${text}\n`
    return answers.length > 1 ? `# istiod ${a.istiod}\n${body}` : body
  })
  return blocks.join('')
}

export function debugJson(answers: readonly DebugAnswer[]): string {
  if (answers.length === 1) return answers[0].body
  return `${JSON.stringify(Object.fromEntries(answers.map((a) => [a.istiod, jsonOf(a.body) ?? a.body])), null, 2)}\n`
}

export const endpointList = (endpoints: readonly string[]): string => endpoints.map((e) => `${e}\n`).join('')
