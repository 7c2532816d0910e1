import {expect} from 'chai'
import {matchPath, pathOnly, uriTemplateRegex} from '../../../src/lib/match/path.js'
import {matchQueryParameters, parseQuery} from '../../../src/lib/match/query.js'
import {fullMatchRegex} from '../../../src/lib/match/strings.js'

describe('match/path: route path specifiers (envoy-semantics §2.3)', () => {
  it('all path matchers ignore the query string and fragment', () => {
    expect(pathOnly('/a/b?x=1#f')).to.equal('/a/b')
    expect(matchPath({path: '/api/locations'}, '/api/locations?works=true').ok).to.equal(true)
    expect(matchPath({prefix: '/api/loc'}, '/api/locations?works=true').ok).to.equal(true)
    expect(matchPath({safeRegex: {regex: '/api/[a-z]+'}}, '/api/locations?works=true').ok).to.equal(true)
    expect(matchPath({path: '/a'}, '/a#frag').ok).to.equal(true)
  })

  it('prefix and path honour case_sensitive (default true)', () => {
    expect(matchPath({prefix: '/API'}, '/api/x').ok).to.equal(false)
    expect(matchPath({prefix: '/API', caseSensitive: false}, '/api/x').ok).to.equal(true)
    expect(matchPath({path: '/Login'}, '/login').ok).to.equal(false)
    expect(matchPath({path: '/Login', caseSensitive: false}, '/login').ok).to.equal(true)
  })

  it('path is an exact match, prefix is a plain string prefix', () => {
    expect(matchPath({path: '/productpage'}, '/productpage/x').ok).to.equal(false)
    expect(matchPath({prefix: '/get'}, '/getx').ok).to.equal(true)
  })

  it('safe_regex is a full match and ignores case_sensitive', () => {
    expect(matchPath({safeRegex: {regex: '/r/[0-9]+'}}, '/r/12x').ok).to.equal(false)
    expect(matchPath({safeRegex: {regex: '/r/[0-9]+'}, caseSensitive: false}, '/R/12').ok).to.equal(false)
    expect(matchPath({regex: '/v2/.*'}, '/v2/x').ok).to.equal(true)
  })

  it('path_separated_prefix matches the prefix or the prefix followed by /', () => {
    const m = (p: string) => matchPath({pathSeparatedPrefix: '/api/dev'}, p).ok
    expect(m('/api/dev')).to.equal(true)
    expect(m('/api/dev/')).to.equal(true)
    expect(m('/api/dev/x')).to.equal(true)
    expect(m('/api/dev?q')).to.equal(true)
    expect(m('/api/developer')).to.equal(false)
    expect(matchPath({pathSeparatedPrefix: '/API', caseSensitive: false}, '/api/x').ok).to.equal(true)
  })

  it('reports the matched length: prefix/path length, the whole path for a regex', () => {
    expect(matchPath({prefix: '/API/', caseSensitive: false}, '/api/x?y').matchedLength).to.equal(5)
    expect(matchPath({safeRegex: {regex: '/r/.*'}}, '/r/abc?q').matchedLength).to.equal(6)
  })

  it('uri templates: {x} is one segment, ** many', () => {
    const t = (tpl: string, p: string) => fullMatchRegex(uriTemplateRegex(tpl), p)
    expect(t('/foo/{id}', '/foo/12')).to.equal(true)
    expect(t('/foo/{id}', '/foo/12/x')).to.equal(false)
    expect(t('/foo/{id}/**', '/foo/12/x/y')).to.equal(true)
    expect(t('/foo/{path=**}', '/foo/a/b')).to.equal(true)
    expect(t('/foo/*/bar', '/foo/x/bar')).to.equal(true)
    expect(t('/f.o', '/fxo')).to.equal(false)
    const m = matchPath({pathMatchPolicy: {name: 'envoy.path.match.uri_template.uri_template_matcher', typedConfig: {pathTemplate: '/foo/{id}'}}}, '/foo/1?x')
    expect(m.ok).to.equal(true)
    expect(m.caveats?.[0]).to.match(/uri_template/)
  })

  it('connect_matcher matches only CONNECT', () => {
    expect(matchPath({connectMatcher: {}}, '/', {method: 'CONNECT'}).ok).to.equal(true)
    expect(matchPath({connectMatcher: {}}, '/', {method: 'GET'}).ok).to.equal(false)
  })

  it('ignore_path_parameters_in_path_matching strips ;params', () => {
    expect(matchPath({path: '/a/b'}, '/a;x=1/b').ok).to.equal(false)
    expect(matchPath({path: '/a/b'}, '/a;x=1/b', {ignorePathParameters: true}).ok).to.equal(true)
  })
})

describe('match/query: query parameter matchers', () => {
  it('parses in order, undecoded, the first value wins', () => {
    const q = parseQuery('/p?a=1&b&a=2&c=%20x#frag')
    expect([...q.entries()]).to.deep.equal([
      ['a', ['1', '2']],
      ['b', ['']],
      ['c', ['%20x']],
    ])
    expect(matchQueryParameters([{name: 'a', stringMatch: {exact: '1'}}], '/p?a=1&a=2').ok).to.equal(true)
    expect(matchQueryParameters([{name: 'a', stringMatch: {exact: '2'}}], '/p?a=1&a=2').ok).to.equal(false)
  })

  it('values are not URL-decoded', () => {
    expect(matchQueryParameters([{name: 'q', stringMatch: {exact: 'a b'}}], '/p?q=a%20b').ok).to.equal(false)
    expect(matchQueryParameters([{name: 'q', stringMatch: {exact: 'a%20b'}}], '/p?q=a%20b').ok).to.equal(true)
  })

  it('a missing parameter never matches; present_match only needs presence', () => {
    expect(matchQueryParameters([{name: 'x', presentMatch: true}], '/p').ok).to.equal(false)
    expect(matchQueryParameters([{name: 'x', presentMatch: true}], '/p?x').ok).to.equal(true)
    const r = matchQueryParameters([{name: 'x', stringMatch: {prefix: 'a'}}], '/p?y=1')
    expect(r).to.deep.equal({ok: false, why: 'query x prefix "a" (missing)'})
  })

  it('v2 value / regex forms', () => {
    expect(matchQueryParameters([{name: 'v', value: '1'}], '/p?v=1').ok).to.equal(true)
    expect(matchQueryParameters([{name: 'v', value: '[0-9]+', regex: true}], '/p?v=12').ok).to.equal(true)
    expect(matchQueryParameters([{name: 'v', value: '[0-9]+', regex: true}], '/p?v=12a').ok).to.equal(false)
  })
})
