import {readFileSync} from 'node:fs'
import {expect} from 'chai'
import {configDumpFrom} from '../../../src/lib/envoy/config-dump.js'
import {compareConfigs} from '../../../src/lib/pilot/compare.js'
import {fixture} from '../../helpers/cli.js'

const COMPARE = (f: string) => fixture('istio', 'history', 'istio-2020-05', 'istioctl', 'pkg', 'writer', 'compare', 'testdata', f)
type Raw = Record<string, unknown>
const load = (f: string): Raw => JSON.parse(readFileSync(COMPARE(f), 'utf8'))
const dump = (doc: Raw) => configDumpFrom(doc, 'test')
const matches = (a: Raw, b: Raw) => compareConfigs(dump(a), dump(b)).sections.map((s) => `${s.section} ${s.match}`)

/** Rewrites every object in a JSON tree (a deep copy). */
function walk(v: unknown, f: (o: Raw) => Raw): unknown {
  if (Array.isArray(v)) return v.map((x) => walk(x, f))
  if (!v || typeof v !== 'object') return v
  return f(Object.fromEntries(Object.entries(v as Raw).map(([k, x]) => [k, walk(x, f)])))
}

describe('compare: istiod vs Envoy with the noise ignored', () => {
  const istiod = load('pilotconfigdump.json')
  const envoy = load('envoyconfigdump.json')

  it('the golden pair matches in all three sections', () => {
    expect(matches(istiod, envoy)).to.deep.equal(['Clusters true', 'Listeners true', 'Routes true'])
  })

  it('version_info, last_updated and key order are noise', () => {
    const noisy = walk(envoy, (o) => {
      const out = Object.fromEntries(Object.entries(o).reverse())
      if ('versionInfo' in out) out.versionInfo = '2099-01-01T00:00:00Z/999'
      if ('lastUpdated' in out) out.lastUpdated = '2099-01-01T00:00:00Z'
      return out
    }) as Raw
    expect(JSON.stringify(noisy)).not.to.equal(JSON.stringify(envoy))
    expect(matches(istiod, noisy)).to.deep.equal(['Clusters true', 'Listeners true', 'Routes true'])
  })

  it('a real change is not noise: a cluster’s connect timeout shows in the clusters diff only', () => {
    const changed = walk(envoy, (o) => ('connectTimeout' in o ? {...o, connectTimeout: '42s'} : o)) as Raw
    const result = compareConfigs(dump(istiod), dump(changed))
    expect(result.sections.map((s) => s.match)).to.deep.equal([false, true, true])
    const diff = result.sections[0].diff
    expect(diff.slice(0, 2)).to.deep.equal(['--- Istiod Clusters', '+++ Envoy Clusters'])
    expect(diff.filter((l) => l.startsWith('+') && !l.startsWith('+++'))).to.satisfy((ls: string[]) => ls.every((l) => l.includes('"42s"')))
  })
})
