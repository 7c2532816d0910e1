import {expect} from 'chai'
import {atOrAbove, compareFindings, parseFailOn} from '../../../src/lib/check/severity.js'

describe('check severities', () => {
  it('--fail-on includes everything at or above it; none never fails', () => {
    expect(atOrAbove('error', 'error')).to.equal(true)
    expect(atOrAbove('warning', 'error')).to.equal(false)
    expect(atOrAbove('warning', 'warning')).to.equal(true)
    expect(atOrAbove('info', 'warning')).to.equal(false)
    expect(atOrAbove('info', 'info')).to.equal(true)
    expect(atOrAbove('error', 'none')).to.equal(false)
  })

  it('orders findings by severity, then proxy, rule and resource', () => {
    const f = (severity: 'error' | 'warning' | 'info', proxy: string, rule = 'r', resource = 'x') => ({severity, proxy, rule, resource})
    const sorted = [f('info', 'a'), f('warning', 'b'), f('error', 'c'), f('error', 'a', 'z'), f('error', 'a', 'b')].sort(compareFindings)
    expect(sorted.map((x) => `${x.severity}/${x.proxy}/${x.rule}`)).to.deep.equal(['error/a/b', 'error/a/z', 'error/c/r', 'warning/b/r', 'info/a/r'])
  })

  it('rejects an unknown --fail-on with a usage error', () => {
    expect(() => parseFailOn('fatal')).to.throw('--fail-on fatal is not one of error, warning, info, none')
  })
})
