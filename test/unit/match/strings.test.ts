import {expect} from 'chai'
import {MeshscopeError} from '../../../src/lib/cli/errors.js'
import {fullMatchRegex, matchString, regexReplaceAll} from '../../../src/lib/match/strings.js'

describe('match/strings: StringMatcher and RE2', () => {
  it('exact / prefix / suffix / contains are case-sensitive by default', () => {
    expect(matchString({exact: 'jason'}, 'jason')).to.equal(true)
    expect(matchString({exact: 'jason'}, 'Jason')).to.equal(false)
    expect(matchString({prefix: '/api'}, '/api/v1')).to.equal(true)
    expect(matchString({prefix: '/api'}, '/API/v1')).to.equal(false)
    expect(matchString({suffix: '.svc'}, 'a.svc')).to.equal(true)
    expect(matchString({contains: 'gRPC'}, 'application/grpc')).to.equal(false)
  })

  it('ignore_case applies to exact/prefix/suffix/contains', () => {
    expect(matchString({exact: 'JASON', ignoreCase: true}, 'jason')).to.equal(true)
    expect(matchString({prefix: '/API', ignoreCase: true}, '/api/x')).to.equal(true)
    expect(matchString({suffix: '.SVC', ignoreCase: true}, 'a.svc')).to.equal(true)
    expect(matchString({contains: 'GRPC', ignoreCase: true}, 'application/grpc')).to.equal(true)
  })

  it('ignore_case does not apply to safe_regex', () => {
    expect(matchString({safeRegex: {regex: 'abc'}, ignoreCase: true}, 'ABC')).to.equal(false)
    expect(matchString({safeRegex: {regex: 'abc'}}, 'abc')).to.equal(true)
  })

  it('a missing value never matches, an empty exact matches only ""', () => {
    expect(matchString({exact: ''}, undefined)).to.equal(false)
    expect(matchString({exact: ''}, '')).to.equal(true)
    expect(matchString({exact: ''}, 'x')).to.equal(false)
    expect(matchString({}, 'x')).to.equal(false)
  })

  it('regex is a full match, not a search', () => {
    expect(fullMatchRegex('/reviews/[0-9]+', '/reviews/12')).to.equal(true)
    expect(fullMatchRegex('/reviews/[0-9]+', '/reviews/12/x')).to.equal(false)
    expect(fullMatchRegex('[0-9]+', 'a1')).to.equal(false)
  })

  it('uses RE2 syntax, not JavaScript RegExp: inline flags and Unicode classes', () => {
    // both are errors or mean something else in a JavaScript RegExp without the u flag
    expect(fullMatchRegex('(?i)reviews', 'REVIEWS')).to.equal(true)
    expect(fullMatchRegex('\\pN+', '123')).to.equal(true)
    expect(fullMatchRegex('\\pN+', 'pN')).to.equal(false)
    // alternation must still cover the whole input
    expect(fullMatchRegex('a|ab', 'ab')).to.equal(true)
  })

  it('rejects what RE2 rejects (lookahead, backreferences) with a config error', () => {
    expect(() => fullMatchRegex('(?=x)x', 'x')).to.throw(MeshscopeError, /not valid RE2/)
    expect(() => fullMatchRegex('(a)\\1', 'aa')).to.throw(MeshscopeError)
  })

  it('regex replace expands \\N groups like RE2::GlobalReplace, on every match', () => {
    expect(regexReplaceAll('^/service/([^/]+)(/.*)$', '/service/foo/v1/api', '\\2/instance/\\1')).to.equal('/v1/api/instance/foo')
    expect(regexReplaceAll('o', 'foo', '0')).to.equal('f00')
    expect(regexReplaceAll('(a)', 'a', '\\\\\\1')).to.equal('\\a')
  })
})
