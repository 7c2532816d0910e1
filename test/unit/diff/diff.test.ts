import {readFileSync} from 'node:fs'
import {expect} from 'chai'
import {diffDumps, fieldChanges} from '../../../src/lib/diff/compare.js'
import {stripNoise} from '../../../src/lib/diff/normalize.js'
import {configDumpFrom} from '../../../src/lib/envoy/config-dump.js'
import {diffText} from '../../../src/lib/render/diff.js'
import {fixture} from '../../helpers/cli.js'

const load = (path: string) => configDumpFrom(JSON.parse(readFileSync(path, 'utf8')), path)
// istioctl's own compare test data: the same sidecar before and after a config change
const BEFORE = fixture('istio', 'istioctl', 'pkg', 'writer', 'compare', 'testdata', 'configdump.json')
const AFTER = fixture('istio', 'istioctl', 'pkg', 'writer', 'compare', 'testdata', 'configdump_diff.json')

describe('diff', () => {
  describe('stripNoise', () => {
    it('drops version_info and last_updated at every depth (both spellings) and sorts keys, keeping array order', () => {
      const v = {b: 1, versionInfo: 'x', a: [{last_updated: 't', z: 1, y: 2}, {lastUpdated: 't'}], c: {version_info: '1', d: null}}
      expect(JSON.stringify(stripNoise(v))).to.equal('{"a":[{"y":2,"z":1},{}],"b":1,"c":{"d":null}}')
    })
  })

  it('a dump against itself reordered and re-versioned is the same', () => {
    const doc = JSON.parse(readFileSync(BEFORE, 'utf8'))
    const shuffled = JSON.parse(JSON.stringify(doc), function (this: unknown, key, value) {
      if (key === 'version_info' || key === 'last_updated') return 'changed'
      if (value && typeof value === 'object' && !Array.isArray(value)) return Object.fromEntries(Object.entries(value).reverse())
      return value
    })
    for (const c of shuffled.configs) for (const k of Object.keys(c)) if (Array.isArray(c[k])) c[k].reverse()
    const d = diffDumps(load(BEFORE), configDumpFrom(shuffled, 'shuffled'), {a: 'a', b: 'b'})
    expect(d.same).to.equal(true)
    expect(diffText(d)).to.match(/^No differences between a and b/)
  })

  it('finds what istioctl\'s compare test data changes, by name and field', () => {
    const d = diffDumps(load(BEFORE), load(AFTER), {a: 'before', b: 'after'})
    expect(d.same).to.equal(false)
    const summary = Object.fromEntries(Object.entries(d.kinds).map(([k, v]) => [k, {onlyInA: v.onlyInA, onlyInB: v.onlyInB, changed: v.changed.map((c) => c.name)}]))
    expect(summary).to.deep.equal({
      clusters: {onlyInA: ['inbound-vip|9080|http|ratings.default.svc.cluster.local'], onlyInB: ['inbound-vip|9999|http|ratings.default.svc.cluster.local'], changed: []},
      listeners: {onlyInA: [], onlyInB: [], changed: ['connect_terminate', 'main_internal']},
      routes: {onlyInA: ['inbound-vip|9080|http|reviews-v3.default.svc.cluster.local'], onlyInB: ['inbound-vip|9999|http|reviews-v3.default.svc.cluster.local'], changed: []},
      endpoints: {onlyInA: [], onlyInB: [], changed: []},
    })
    expect(d.kinds.listeners.changed[1].changes).to.deep.equal([{path: '.filterChains[0].filters[0].typedConfig.statPrefix', a: 'inbound_0.0.0.0_9080', b: 'inbound_0.0.0.0_9999'}])
  })

  it('fieldChanges names the path and both values, absent sides left out', () => {
    expect(fieldChanges({a: {b: [1, 2]}}, {a: {b: [1, 3], c: true}})).to.deep.equal([
      {path: '.a.b[1]', a: 2, b: 3},
      {path: '.a.c', b: true},
    ])
  })
})
