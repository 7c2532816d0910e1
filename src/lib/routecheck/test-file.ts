import {MeshscopeError} from '../cli/errors.js'
import {camelCase, toProtoJson} from '../envoy/proto-json.js'
import type {HeaderMatcher} from '../envoy/types.js'

/**
 * router_check_tool test files (envoy.RouterCheckToolSchema.Validation, envoy-semantics.md §5.2), in
 * either proto spelling. Parsing is strict like Envoy's: unknown fields and missing required ones are
 * errors that name the test and the field, so a typo never turns into a test that checks nothing.
 */

export interface DynamicMetadataInput {
  namespace: string
  value: Record<string, unknown>
  allowOverwrite: boolean
}

export interface RouteCheckInput {
  authority: string
  path: string
  method: string
  randomValue: number
  ssl: boolean
  internal: boolean
  additionalRequestHeaders: [string, string][]
  additionalResponseHeaders: [string, string][]
  /** The one runtime key enabled for this test. */
  runtime?: string
  dynamicMetadata: DynamicMetadataInput[]
}

/** What a test asserts; an absent field is not checked, "" expects none. */
export interface RouteCheckExpectations {
  clusterName?: string
  virtualClusterName?: string
  virtualHostName?: string
  hostRewrite?: string
  pathRewrite?: string
  pathRedirect?: string
  codeRedirect?: number
  requestHeaderMatches?: HeaderMatcher[]
  responseHeaderMatches?: HeaderMatcher[]
  requestHeaderFields?: [string, string][]
  responseHeaderFields?: [string, string][]
  timeout?: string
  routeMetadata?: {namespace: string; key: string; value: unknown}[]
}

export interface RouteCheckTest {
  name: string
  input: RouteCheckInput
  validate: RouteCheckExpectations
}

export interface RouteCheckSuite {
  /** Top-level static runtime layer (accepted; only re2 limits live there, which meshscope does not enforce). */
  runtime?: Record<string, unknown>
  tests: RouteCheckTest[]
}

type Obj = Record<string, unknown>

const INPUT_FIELDS = [
  'authority',
  'path',
  'method',
  'random_value',
  'ssl',
  'internal',
  'additional_request_headers',
  'additional_response_headers',
  'runtime',
  'dynamic_metadata',
] as const
const VALIDATE_FIELDS = [
  'cluster_name',
  'virtual_cluster_name',
  'virtual_host_name',
  'host_rewrite',
  'path_rewrite',
  'path_redirect',
  'code_redirect',
  'request_header_matches',
  'response_header_matches',
  'request_header_fields',
  'response_header_fields',
  'timeout',
  'route_metadata',
] as const

class Where {
  constructor(
    readonly label: string,
    readonly path: string,
  ) {}

  at(part: string): Where {
    return new Where(this.label, this.path ? `${this.path}.${part}` : part)
  }

  fail(message: string): never {
    throw new MeshscopeError('INPUT_INVALID', `${this.label}: ${this.path ? `${this.path}: ` : ''}${message}`, [
      'A route-check test file is Envoy router_check_tool\'s format: {tests: [{test_name, input: {authority, path, method, ...}, validate: {...}}]}',
      'See docs/route-check.md for every field',
    ])
  }
}

const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v)

/** The fields of a message by their snake_case name, accepting camelCase; unknown fields are errors. */
function readFields<K extends string>(v: unknown, allowed: readonly K[], where: Where): Partial<Record<K, unknown>> {
  if (!isObj(v)) where.fail(`expected an object, got ${describe(v)}`)
  const byName = new Map<string, K>()
  for (const k of allowed) {
    byName.set(k, k)
    byName.set(camelCase(k), k)
  }
  const out: Partial<Record<K, unknown>> = {}
  for (const [key, value] of Object.entries(v)) {
    const k = byName.get(key)
    if (k === undefined) where.fail(`unknown field "${key}" (known: ${allowed.join(', ')})`)
    if (value !== null) out[k] = value
  }
  return out
}

function describe(v: unknown): string {
  if (v === null || v === undefined) return 'nothing'
  if (Array.isArray(v)) return 'a list'
  return typeof v === 'object' ? 'an object' : `${typeof v} ${JSON.stringify(v)}`
}

function str(v: unknown, where: Where): string {
  if (typeof v === 'string') return v
  if (typeof v === 'number' || typeof v === 'boolean') return String(v)
  return where.fail(`expected a string, got ${describe(v)}`)
}

function uint(v: unknown, where: Where, max = Number.MAX_SAFE_INTEGER): number {
  const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > max) where.fail(`expected a non-negative integer, got ${describe(v)}`)
  return n
}

function bool(v: unknown, where: Where): boolean {
  if (typeof v !== 'boolean') where.fail(`expected true or false, got ${describe(v)}`)
  return v
}

function list(v: unknown, where: Where): unknown[] {
  if (!Array.isArray(v)) where.fail(`expected a list, got ${describe(v)}`)
  return v
}

function headerPairs(v: unknown, where: Where, keyField: 'key' | 'field' = 'key'): [string, string][] {
  return list(v, where).map((h, i) => {
    const w = where.at(String(i))
    const f = readFields(h, ['key', 'value', 'field'], w)
    const key = f[keyField] ?? f.key ?? f.field
    if (key === undefined) w.fail('a header needs a "key"')
    return [str(key, w.at('key')), str(f.value ?? '', w.at('value'))]
  })
}

function headerMatchers(v: unknown, where: Where): HeaderMatcher[] {
  return list(v, where).map((m, i) => {
    if (!isObj(m)) where.at(String(i)).fail(`expected a HeaderMatcher object, got ${describe(m)}`)
    const hm = toProtoJson<HeaderMatcher>(m)
    if (!hm.name) where.at(String(i)).fail('a header matcher needs a "name"')
    return hm
  })
}

function parseInput(v: unknown, where: Where): RouteCheckInput {
  const f = readFields(v, INPUT_FIELDS, where)
  const authority = f.authority === undefined ? '' : str(f.authority, where.at('authority'))
  const path = f.path === undefined ? '' : str(f.path, where.at('path'))
  const method = f.method === undefined ? '' : str(f.method, where.at('method'))
  if (authority === '') where.at('authority').fail('required (the request\'s Host / :authority)')
  if (path === '') where.at('path').fail('required (the request\'s :path, e.g. /api?x=1)')
  if (method.length < 3) where.at('method').fail(method === '' ? 'required (e.g. GET)' : `"${method}" is not an HTTP method (at least 3 characters)`)
  return {
    authority,
    path,
    method,
    randomValue: f.random_value === undefined ? 0 : uint(f.random_value, where.at('random_value')),
    ssl: f.ssl === undefined ? false : bool(f.ssl, where.at('ssl')),
    internal: f.internal === undefined ? false : bool(f.internal, where.at('internal')),
    additionalRequestHeaders: f.additional_request_headers === undefined ? [] : headerPairs(f.additional_request_headers, where.at('additional_request_headers')),
    additionalResponseHeaders: f.additional_response_headers === undefined ? [] : headerPairs(f.additional_response_headers, where.at('additional_response_headers')),
    runtime: f.runtime === undefined || f.runtime === '' ? undefined : str(f.runtime, where.at('runtime')),
    dynamicMetadata: f.dynamic_metadata === undefined ? [] : list(f.dynamic_metadata, where.at('dynamic_metadata')).map((d, i) => parseMetadataInput(d, where.at(`dynamic_metadata.${i}`))),
  }
}

function parseMetadataInput(v: unknown, where: Where): DynamicMetadataInput {
  const f = readFields(v, ['metadata_namespace', 'value', 'typed_value', 'allow_overwrite'], where)
  if (f.metadata_namespace === undefined) where.fail('"metadata_namespace" is required')
  if (f.typed_value !== undefined) where.at('typed_value').fail('typed_value is not supported by meshscope; use value (a Struct)')
  const value = f.value
  if (!isObj(value)) return where.at('value').fail(`expected an object (a Struct), got ${describe(value)}`)
  return {
    namespace: str(f.metadata_namespace, where.at('metadata_namespace')),
    value,
    allowOverwrite: f.allow_overwrite === undefined ? false : bool(f.allow_overwrite, where.at('allow_overwrite')),
  }
}

/** A protobuf wrapper (StringValue) may be written bare or as {value: "..."}. */
function wrapped(v: unknown): unknown {
  return isObj(v) && Object.keys(v).length === 1 && 'value' in v ? v.value : v
}

function parseValidate(v: unknown, where: Where): RouteCheckExpectations {
  const f = readFields(v, VALIDATE_FIELDS, where)
  const s = (k: (typeof VALIDATE_FIELDS)[number]) => (f[k] === undefined ? undefined : str(wrapped(f[k]), where.at(k)))
  const out: RouteCheckExpectations = {
    clusterName: s('cluster_name'),
    virtualClusterName: s('virtual_cluster_name'),
    virtualHostName: s('virtual_host_name'),
    hostRewrite: s('host_rewrite'),
    pathRewrite: s('path_rewrite'),
    pathRedirect: s('path_redirect'),
    codeRedirect: f.code_redirect === undefined ? undefined : uint(wrapped(f.code_redirect), where.at('code_redirect'), 2 ** 32 - 1),
    requestHeaderMatches: f.request_header_matches === undefined ? undefined : headerMatchers(f.request_header_matches, where.at('request_header_matches')),
    responseHeaderMatches: f.response_header_matches === undefined ? undefined : headerMatchers(f.response_header_matches, where.at('response_header_matches')),
    requestHeaderFields: f.request_header_fields === undefined ? undefined : headerPairs(f.request_header_fields, where.at('request_header_fields')),
    responseHeaderFields: f.response_header_fields === undefined ? undefined : headerPairs(f.response_header_fields, where.at('response_header_fields')),
    timeout: s('timeout'),
    routeMetadata:
      f.route_metadata === undefined
        ? undefined
        : list(f.route_metadata, where.at('route_metadata')).map((m, i) => {
            const w = where.at(`route_metadata.${i}`)
            const mf = readFields(m, ['namespace', 'key', 'value'], w)
            if (mf.namespace === undefined || mf.key === undefined) w.fail('"namespace" and "key" are required')
            return {namespace: str(mf.namespace, w.at('namespace')), key: str(mf.key, w.at('key')), value: mf.value}
          }),
  }
  for (const k of Object.keys(out) as (keyof RouteCheckExpectations)[]) if (out[k] === undefined) delete out[k]
  if (Object.keys(out).length === 0) where.fail('validate checks nothing: name at least one field (cluster_name, virtual_host_name, path_redirect, ...)')
  return out
}

/** Validates a parsed test document (YAML or JSON) into a suite. */
export function parseRouteCheckTests(doc: unknown, label: string): RouteCheckSuite {
  const root = new Where(label, '')
  if (Array.isArray(doc)) {
    root.fail('this is the retired v1 test format (a bare list with ":authority"/":path"); write {tests: [{test_name, input: {authority, path, method}, validate}]}')
  }
  const f = readFields(doc, ['tests', 'runtime'], root)
  if (f.tests === undefined) root.fail('no "tests" list')
  const raw = list(f.tests, root.at('tests'))
  if (raw.length === 0) root.at('tests').fail('at least one test is required')
  const tests = raw.map((t, i) => {
    const name = isObj(t) ? (t.test_name ?? t.testName) : undefined
    const where = root.at(`tests[${i}]${typeof name === 'string' && name !== '' ? ` (${name})` : ''}`)
    const tf = readFields(t, ['test_name', 'input', 'validate'], where)
    if (tf.test_name === undefined || tf.test_name === '') where.at('test_name').fail('required: every test needs a name')
    if (tf.input === undefined) where.at('input').fail('required: the request to route (authority, path, method)')
    if (tf.validate === undefined) where.at('validate').fail('required: what the test expects (cluster_name, virtual_host_name, ...)')
    return {name: str(tf.test_name, where.at('test_name')), input: parseInput(tf.input, where.at('input')), validate: parseValidate(tf.validate, where.at('validate'))}
  })
  return {tests, ...(isObj(f.runtime) ? {runtime: f.runtime} : {})}
}
