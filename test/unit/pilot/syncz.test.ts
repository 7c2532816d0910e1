import {readFileSync} from 'node:fs'
import {expect} from 'chai'
import {MeshscopeError} from '../../../src/lib/cli/errors.js'
import {parseSyncz, syncState} from '../../../src/lib/pilot/syncz.js'
import {fixture} from '../../helpers/cli.js'

const PILOT = (f: string) => readFileSync(fixture('meshscope', 'pilot', f), 'utf8')

function thrown(f: () => unknown): MeshscopeError {
  try {
    f()
  } catch (err) {
    expect(err).to.be.instanceOf(MeshscopeError)
    return err as MeshscopeError
  }
  throw new Error('expected an error')
}

describe('syncz parsing', () => {
  it('the current shape: one nonce pair per xDS type, states by istioctl’s rule', () => {
    const [p1, p2] = parseSyncz(PILOT('syncz-single-istiod1.json'), 'istiod1')
    expect(p1.proxy).to.equal('proxy1')
    expect(['CDS', 'LDS', 'EDS', 'RDS', 'ECDS'].map((t) => syncState(p1, t as 'CDS'))).to.deep.equal(['STALE', 'SYNCED', 'SYNCED', 'NOT SENT', 'NOT SENT'])
    expect(p2.proxy).to.equal('proxy2')
  })

  it('the 2018 shape (proxy, sent, acked): the one pair applies to every type', () => {
    const statuses = parseSyncz(PILOT('syncz-2018.json'), 'istio-pilot')
    expect(statuses).to.have.length(3)
    const byProxy = Object.fromEntries(statuses.map((s) => [s.proxy.split('-')[0], syncState(s, 'EDS')]))
    expect(byProxy).to.deep.equal({details: 'SYNCED', istio: 'STALE (Never Acknowledged)', productpage: 'STALE'})
    for (const s of statuses) expect(new Set(Object.values(s.nonces).map((n) => JSON.stringify(n)))).to.have.property('size', 1)
  })

  it('a CSDS answer carries its states (ERROR for a NACK; nothing subscribed → IGNORED)', () => {
    const statuses = [1, 2, 3, 4].flatMap((i) => parseSyncz(PILOT(`csds-multi-istiod${i}.json`), `istiod${i}`))
    expect(statuses.every((s) => s.reported !== undefined)).to.equal(true)
    const states = statuses.flatMap((s) => Object.values(s.reported ?? {}))
    expect(states).to.include('ERROR')
    expect(statuses.some((s) => Object.values(s.reported ?? {}).every((v) => v === 'IGNORED'))).to.equal(true)
  })

  it('null (no proxy connected) is an empty list', () => {
    expect(parseSyncz('null', 'istiod1')).to.deep.equal([])
  })

  it('malformed: not JSON, not an array, an entry without proxy → ADMIN_ERROR naming the istiod', () => {
    const notJson = thrown(() => parseSyncz('<html>', 'istiod1'))
    expect(notJson.code).to.equal('ADMIN_ERROR')
    expect(notJson.message).to.match(/^istiod istiod1's answer to \/debug\/syncz is not valid JSON/)
    // a body cut off mid-stream is named as such
    expect(thrown(() => parseSyncz('[{"proxy": "a.b", "sent"', 'istiod1')).message).to.match(/is truncated/)
    expect(thrown(() => parseSyncz('{"a":1}', 'istiod1')).message).to.contain('expected a JSON array of proxy sync statuses')
    expect(thrown(() => parseSyncz('[{"proxy":"a.b"},{"sent":"x"}]', 'istiod1')).message).to.contain('entry 1 has no "proxy" name')
    expect(thrown(() => parseSyncz('{"resources":[{"node":{}}]}', 'istiod1')).message).to.contain('resource 0 has no node.id')
  })
})
