import {expect} from 'chai'
import type {HeaderMatcher} from '../../../src/lib/envoy/types.js'
import {headerValue, matchHeader, matchHeaders, parseInt64} from '../../../src/lib/match/headers.js'

const h = (...pairs: [string, string][]) => {
  const m = new Map<string, string[]>()
  for (const [k, v] of pairs) m.set(k, [...(m.get(k) ?? []), v])
  return m
}
const withUser = h(['x-user', 'jason'], [':path', '/a?b=c'])
const none = h()

describe('match/headers: HeaderMatcher (envoy-semantics §2.4)', () => {
  it('every deprecated specifier on a present header', () => {
    expect(matchHeader({name: 'x-user', exactMatch: 'jason'}, withUser)).to.equal(true)
    expect(matchHeader({name: 'x-user', exactMatch: 'bob'}, withUser)).to.equal(false)
    expect(matchHeader({name: 'x-user', prefixMatch: 'ja'}, withUser)).to.equal(true)
    expect(matchHeader({name: 'x-user', suffixMatch: 'son'}, withUser)).to.equal(true)
    expect(matchHeader({name: 'x-user', containsMatch: 'aso'}, withUser)).to.equal(true)
    expect(matchHeader({name: 'x-user', safeRegexMatch: {regex: 'j.*n'}}, withUser)).to.equal(true)
    expect(matchHeader({name: 'x-user', safeRegexMatch: {regex: 'j'}}, withUser)).to.equal(false)
    expect(matchHeader({name: 'x-user', regexMatch: 'ja.on'}, withUser)).to.equal(true)
  })

  it('deprecated prefix/suffix/contains are case-sensitive', () => {
    expect(matchHeader({name: 'x-user', prefixMatch: 'JA'}, withUser)).to.equal(false)
  })

  it('deprecated exact_match "" matches any value (but not a missing header)', () => {
    expect(matchHeader({name: 'x-user', exactMatch: ''}, withUser)).to.equal(true)
    expect(matchHeader({name: 'x-user', exactMatch: ''}, none)).to.equal(false)
  })

  it('string_match with ignore_case', () => {
    expect(matchHeader({name: 'x-user', stringMatch: {exact: 'JASON', ignoreCase: true}}, withUser)).to.equal(true)
    expect(matchHeader({name: 'x-user', stringMatch: {exact: 'JASON'}}, withUser)).to.equal(false)
  })

  it('range_match is an integer half-open range [start, end)', () => {
    const m = (v: string): boolean => matchHeader({name: 'n', rangeMatch: {start: '-10', end: '10'}}, h(['n', v]))
    expect(m('-10')).to.equal(true)
    expect(m('9')).to.equal(true)
    expect(m('10')).to.equal(false)
    expect(m(' 5 ')).to.equal(true)
    expect(m('5.0')).to.equal(false)
    expect(m('abc')).to.equal(false)
    expect(parseInt64('9223372036854775808')).to.equal(undefined)
  })

  it('present_match, and no specifier at all means present', () => {
    expect(matchHeader({name: 'x-user', presentMatch: true}, withUser)).to.equal(true)
    expect(matchHeader({name: 'x-user', presentMatch: false}, withUser)).to.equal(false)
    expect(matchHeader({name: 'x-user'}, withUser)).to.equal(true)
    expect(matchHeader({name: 'x-user'}, none)).to.equal(false)
  })

  it('a missing header: only present_match false matches, or present_match true under invert', () => {
    expect(matchHeader({name: 'x-user', presentMatch: false}, none)).to.equal(true)
    expect(matchHeader({name: 'x-user', presentMatch: true, invertMatch: true}, none)).to.equal(true)
    expect(matchHeader({name: 'x-user', presentMatch: false, invertMatch: true}, none)).to.equal(false)
  })

  it('a missing header never matches a value matcher, even inverted', () => {
    const kinds: HeaderMatcher[] = [
      {name: 'x', exactMatch: 'a'},
      {name: 'x', prefixMatch: 'a'},
      {name: 'x', suffixMatch: 'a'},
      {name: 'x', containsMatch: 'a'},
      {name: 'x', safeRegexMatch: {regex: 'a'}},
      {name: 'x', rangeMatch: {start: 0, end: 1}},
      {name: 'x', stringMatch: {exact: 'a'}},
    ]
    for (const k of kinds) {
      expect(matchHeader(k, none), JSON.stringify(k)).to.equal(false)
      expect(matchHeader({...k, invertMatch: true}, none), `inverted ${JSON.stringify(k)}`).to.equal(false)
    }
  })

  it('treat_missing_header_as_empty evaluates a missing header as ""', () => {
    expect(matchHeader({name: 'x', stringMatch: {exact: ''}, treatMissingHeaderAsEmpty: true}, none)).to.equal(true)
    expect(matchHeader({name: 'x', stringMatch: {exact: 'a'}, invertMatch: true, treatMissingHeaderAsEmpty: true}, none)).to.equal(true)
    expect(matchHeader({name: 'x', rangeMatch: {start: 0, end: 1}, treatMissingHeaderAsEmpty: true}, none)).to.equal(false)
  })

  it('invert_match flips the result on a present header', () => {
    expect(matchHeader({name: 'x-user', exactMatch: 'jason', invertMatch: true}, withUser)).to.equal(false)
    expect(matchHeader({name: 'x-user', exactMatch: 'bob', invertMatch: true}, withUser)).to.equal(true)
    expect(matchHeader({name: 'x-user', presentMatch: true, invertMatch: true}, withUser)).to.equal(false)
  })

  it('multi-valued headers are joined with ","', () => {
    const multi = h(['accept', 'text/plain'], ['accept', 'application/json'])
    expect(headerValue(multi, 'Accept')).to.equal('text/plain,application/json')
    expect(matchHeader({name: 'accept', exactMatch: 'text/plain,application/json'}, multi)).to.equal(true)
    expect(matchHeader({name: 'accept', exactMatch: 'text/plain'}, multi)).to.equal(false)
  })

  it('pseudo-headers are matchable and :path includes the query', () => {
    expect(matchHeader({name: ':path', exactMatch: '/a?b=c'}, withUser)).to.equal(true)
  })

  it('matchHeaders ANDs the list and names the first failure', () => {
    expect(matchHeaders(undefined, none)).to.deep.equal({ok: true})
    const r = matchHeaders([{name: 'x-user', prefixMatch: 'j'}, {name: 'end-user', stringMatch: {exact: 'jason'}}], withUser)
    expect(r.ok).to.equal(false)
    expect(r.failed?.name).to.equal('end-user')
    expect(r.why).to.equal('header end-user exact "jason" (missing)')
    expect(matchHeaders([{name: 'x-user', exactMatch: 'bob'}], withUser).why).to.equal('header x-user exact "bob" (was "jason")')
  })
})
