import {readFileSync} from 'node:fs'
import {expect} from 'chai'
import {parse} from 'yaml'
import {MeshscopeError} from '../../../src/lib/cli/errors.js'
import {parseRouteCheckTests} from '../../../src/lib/routecheck/test-file.js'
import {fixture} from '../../helpers/cli.js'

const load = (name: string) => parse(readFileSync(fixture('meshscope', 'route-check', name), 'utf8'))
const fails = (doc: unknown, pattern: RegExp) => {
  expect(() => parseRouteCheckTests(doc, 't.yaml'))
    .to.throw(MeshscopeError, pattern)
    .with.property('code', 'INPUT_INVALID')
}
const test = (input: object, validate: object = {cluster_name: 'c'}) => ({tests: [{test_name: 't', input, validate}]})
const ok = {authority: 'a', path: '/', method: 'GET'}

describe('routecheck/test-file: router_check_tool test files (envoy-semantics §5.2)', () => {
  it('reads every input and validate field of the fixture that covers the format', () => {
    const suite = parseRouteCheckTests(load('reviews-routes.tests.yaml'), 'f')
    expect(suite.tests).to.have.length(25)
    const first = suite.tests[0]
    expect(first.input).to.deep.include({authority: 'reviews:9080', path: '/reviews/1', method: 'GET', randomValue: 0, ssl: false, internal: false})
    expect(first.input.additionalRequestHeaders).to.deep.equal([['end-user', 'jason']])
    expect(first.input.additionalResponseHeaders).to.deep.equal([['x-upstream', 'v2']])
    expect(Object.keys(first.validate).sort()).to.deep.equal(
      [
        'clusterName',
        'codeRedirect',
        'hostRewrite',
        'pathRedirect',
        'pathRewrite',
        'requestHeaderFields',
        'requestHeaderMatches',
        'responseHeaderFields',
        'responseHeaderMatches',
        'routeMetadata',
        'timeout',
        'virtualClusterName',
        'virtualHostName',
      ].sort(),
    )
    // header matchers are converted to protojson
    expect(first.validate.requestHeaderMatches?.[5]).to.deep.equal({name: 'end-user', stringMatch: {exact: 'JASON', ignoreCase: true}})
    const meta = suite.tests.find((t) => t.name === 'overwritten dynamic metadata no longer matches')
    expect(meta?.input.dynamicMetadata).to.deep.equal([
      {namespace: 'envoy.filters.http.jwt_authn', value: {tenant: 'acme'}, allowOverwrite: false},
      {namespace: 'envoy.filters.http.jwt_authn', value: {tenant: 'other'}, allowOverwrite: true},
    ])
    expect(suite.tests.find((t) => t.input.runtime)?.input).to.include({runtime: 'reviews.canary', randomValue: 0})
  })

  it('accepts camelCase, wrapper objects, uint64 as strings and JSON with trailing commas (via YAML)', () => {
    const s = parseRouteCheckTests({tests: [{testName: 't', input: {...ok, randomValue: '42'}, validate: {clusterName: {value: 'c'}, codeRedirect: 0}}]}, 'f')
    expect(s.tests[0].input.randomValue).to.equal(42)
    expect(s.tests[0].validate).to.deep.equal({clusterName: 'c', codeRedirect: 0})
    expect(parseRouteCheckTests(load('trailing-commas.tests.json'), 'f').tests).to.have.length(1)
  })

  it('"" is kept as an expectation of none', () => {
    expect(parseRouteCheckTests(test(ok, {cluster_name: ''}), 'f').tests[0].validate).to.deep.equal({clusterName: ''})
  })

  it('rejects a test without input, naming it', () => {
    fails(load('bad-no-input.tests.yaml'), /tests\[1\] \(forgot the request\)\.input: required/)
  })

  it('rejects unknown fields (typos) with the list of known ones', () => {
    fails(load('bad-unknown-field.tests.yaml'), /validate: unknown field "cluster" \(known: cluster_name/)
    fails(test({...ok, headers: []}), /input: unknown field "headers"/)
  })

  it('required fields and their rules', () => {
    fails({tests: []}, /at least one test/)
    fails({}, /no "tests" list/)
    fails({tests: [{input: ok, validate: {cluster_name: 'c'}}]}, /test_name: required/)
    fails(test({path: '/', method: 'GET'}), /input\.authority: required/)
    fails(test({authority: 'a', method: 'GET'}), /input\.path: required/)
    fails(test({authority: 'a', path: '/', method: 'GE'}), /input\.method: "GE" is not an HTTP method/)
    fails(test({...ok, random_value: -1}), /random_value: expected a non-negative integer/)
    fails(test({...ok, ssl: 'yes'}), /ssl: expected true or false/)
    fails({tests: [{test_name: 't', input: ok}]}, /validate: required/)
    fails(test(ok, {}), /validate checks nothing/)
    fails(test(ok, {request_header_matches: [{exact_match: 'x'}]}), /needs a "name"/)
    fails(test({...ok, dynamic_metadata: [{metadata_namespace: 'n', value: 'x'}]}), /dynamic_metadata\.0\.value: expected an object/)
  })

  it('rejects the retired v1 array format', () => {
    fails([{test_name: 't', input: {':authority': 'a', ':path': '/'}, validate: {}}], /retired v1 test format/)
  })
})
