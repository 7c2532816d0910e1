import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import AjvModule, {type ErrorObject, type ValidateFunction} from 'ajv'
import formatsModule from 'ajv-formats'
import {ROOT} from './cli.js'

// ajv and ajv-formats are CommonJS: under Node16 resolution their default export sits on `.default`
const Ajv = AjvModule.default
const addFormats = formatsModule.default

export const SCHEMAS = join(ROOT, 'docs', 'schemas')

// unknown keywords are schema typos and fail the compile; type-inference nits (strictTypes) are not worth the noise
const ajv = new Ajv({allErrors: true, strictSchema: true, strictTypes: false, strictTuples: false})
addFormats(ajv)
const compiled = new Map<string, ValidateFunction>()

/** The compiled validator of docs/schemas/<file> (compiled once per file). */
export function schemaValidator(schemaFile: string): ValidateFunction {
  let validate = compiled.get(schemaFile)
  if (!validate) {
    const schema = JSON.parse(readFileSync(join(SCHEMAS, schemaFile), 'utf8'))
    validate = ajv.compile(schema)
    compiled.set(schemaFile, validate)
  }
  return validate
}

/**
 * Validates a `--json` envelope (parsed, or the raw stdout text) against docs/schemas/<schemaFile>.
 * Returns readable errors, one per line (`/result/0/name: must be string`), or [] when it is valid;
 * use as `expect(validateEnvelope('x.json', out)).to.deep.equal([])` so a failure shows what is wrong.
 */
export function validateEnvelope(schemaFile: string, json: unknown): string[] {
  const value = typeof json === 'string' ? JSON.parse(json) : json
  const validate = schemaValidator(schemaFile)
  if (validate(value)) return []
  return (validate.errors ?? []).slice(0, 20).map((e) => describe(e, value))
}

function describe(e: ErrorObject, root: unknown): string {
  const where = e.instancePath || '/'
  const extra = e.keyword === 'additionalProperties' ? ` (${(e.params as {additionalProperty: string}).additionalProperty})` : ''
  const allowed = e.keyword === 'enum' ? ` ${JSON.stringify((e.params as {allowedValues: unknown[]}).allowedValues)}` : ''
  return `${where}: ${e.message}${extra}${allowed}; got ${preview(at(root, e.instancePath))}`
}

function at(root: unknown, pointer: string): unknown {
  let cur = root
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~')
    cur = cur !== null && typeof cur === 'object' ? (cur as Record<string, unknown>)[key] : undefined
  }
  return cur
}

function preview(v: unknown): string {
  const s = JSON.stringify(v) ?? 'undefined'
  return s.length > 80 ? `${s.slice(0, 77)}...` : s
}
