import {generateKeyPairSync} from 'node:crypto'
import {readFileSync} from 'node:fs'
import {expect} from 'chai'
import {configDumpFrom} from '../../../src/lib/envoy/config-dump.js'
import {secretTable} from '../../../src/lib/render/secret-table.js'
import {redactKeyMaterial, secretRows, showTrustDomain} from '../../../src/lib/summary/secrets.js'
import {fixture} from '../../helpers/cli.js'

const load = (...p: string[]) => configDumpFrom(JSON.parse(readFileSync(fixture(...p), 'utf8')), p.at(-1) ?? '')
const SECRET = ['istio', 'istioctl', 'pkg', 'writer', 'envoy', 'configdump', 'testdata', 'secret']

describe('summary/secrets', () => {
  it('istio: warming first; a secret with no certificate has empty columns; VALID CERT follows "now"', () => {
    const dump = load(...SECRET, 'istio', 'config_dump.json')
    const at2023 = secretRows(dump, new Date('2023-05-15T12:00:00Z'))
    expect(at2023.map((r) => [r.name, r.type, r.state, r.valid])).to.deep.equal([
      ['configmap://some/thing', '', 'WARMING', false],
      ['default', 'Cert Chain', 'ACTIVE', true],
      ['ROOTCA', 'CA', 'ACTIVE', true],
    ])
    const at2040 = secretRows(dump, new Date('2040-01-01T00:00:00Z'))
    expect(at2040.map((r) => r.valid)).to.deep.equal([false, false, false])
    // the workload cert has a trust domain, but not every row does: no column
    expect(showTrustDomain(at2023)).to.equal(false)
  })

  it('spire: one row per federated trust domain of the SPIFFE validator, and the TRUST DOMAIN column', () => {
    const rows = secretRows(load(...SECRET, 'spire', 'config_dump.json'), new Date('2024-10-27T22:00:00Z'))
    expect(rows.map((r) => [r.name, r.trustDomain, r.valid])).to.deep.equal([
      ['default', 'east.local', true],
      ['ROOTCA', 'east.local', true],
      ['ROOTCA', 'west.local', true],
    ])
    expect(showTrustDomain(rows)).to.equal(true)
  })

  it('an active secret still at version "uninitialized" is UNINITIALIZED', () => {
    const doc = JSON.parse(readFileSync(fixture(...SECRET, 'istio', 'config_dump.json'), 'utf8'))
    doc.configs[0].dynamic_active_secrets[1].version_info = 'uninitialized'
    expect(secretRows(configDumpFrom(doc, 'x'), new Date()).map((r) => r.state)).to.deep.equal(['WARMING', 'ACTIVE', 'UNINITIALIZED'])
  })

  it('the 2020 details-v1 dump (istioctl ≤ 1.6 golden) at fixed dates', () => {
    const dump = load('istio', 'history', 'istio-2020-05', 'istioctl', 'pkg', 'writer', 'compare', 'testdata', 'envoyconfigdump.json')
    // the golden's VALID CERT meant "parsed" then (both true), and its serials were decimal; today's are hex
    const golden = readFileSync(fixture('istio', 'history', 'istio-2020-05', 'istioctl', 'cmd', 'testdata', 'proxyconfig_inline_goldens.txt'), 'utf8')
      .split('### istioctl proxy-config secret --file')[1]
      .split('\n')
      .slice(2, 4)
      .map((l) => l.split(/\s{2,}/))
    const rowsAt = (iso: string) => secretRows(dump, new Date(iso))
    const rows = rowsAt('2019-08-28T00:00:00Z')
    expect(rows.map((r) => [r.name, r.type, r.state, BigInt(`0x${r.serialNumber}`).toString(), r.notAfter, r.notBefore])).to.deep.equal(
      golden.map((g) => [g[0], g[1], g[2], g[4], g[5], g[6]]),
    )
    expect(rows.map((r) => r.valid)).to.deep.equal([false, true])
    expect(rowsAt('2019-09-05T00:00:00Z').map((r) => r.valid)).to.deep.equal([true, false])
  })

  it('the secret section of `proxy-config all` (config_dump_summary.txt), with secret/ names', () => {
    const rows = secretRows(load('istio', 'istioctl', 'pkg', 'proxyconfig', 'testdata', 'config_dump.json'), new Date('2026-01-01T00:00:00Z'))
    const summary = readFileSync(fixture('istio', 'istioctl', 'pkg', 'proxyconfig', 'testdata', 'config_dump_summary.txt'), 'utf8').split('\n\n')
    const strip = (s: string) => s.replace(/[ \t]+$/gm, '').trimEnd()
    expect(strip(secretTable(rows, {prefixed: true, trustDomain: showTrustDomain(rows)}))).to.equal(strip(summary[4]))
  })

  it('no secrets', () => {
    expect(secretTable([])).to.equal('No active or warming secrets found.\n')
  })

  describe('redactKeyMaterial', () => {
    const key = generateKeyPairSync('ec', {namedCurve: 'prime256v1'}).privateKey.export({type: 'pkcs8', format: 'pem'}).toString()
    const b64 = Buffer.from(key).toString('base64')

    it('sensitive fields, in either spelling of the DataSource, become [redacted] (bytes: its base64)', () => {
      const out = redactKeyMaterial({
        tlsCertificate: {certificateChain: {inlineBytes: 'Y2VydA=='}, privateKey: {inlineString: 'secret'}, password: {inline_bytes: 'cHc='}},
        sessionTicketKeys: {keys: [{inlineBytes: 'a2V5'}]},
        genericSecret: {secret: {inlineString: 'hmac'}},
      })
      expect(out).to.deep.equal({
        tlsCertificate: {certificateChain: {inlineBytes: 'Y2VydA=='}, privateKey: {inlineString: '[redacted]'}, password: {inline_bytes: 'W3JlZGFjdGVkXQ=='}},
        sessionTicketKeys: {keys: [{inlineBytes: 'W3JlZGFjdGVkXQ=='}]},
        genericSecret: {secret: {inlineString: '[redacted]'}},
      })
    })

    it('a PEM private key anywhere else is redacted too; file names and other data are kept', () => {
      const out = redactKeyMaterial({a: [{b: {inlineBytes: b64}}, {c: {inlineString: key}}], d: {filename: '/etc/certs/key.pem'}, keys: {inlineString: 'not sensitive here'}})
      expect(JSON.stringify(out)).not.to.include('PRIVATE KEY')
      expect(JSON.stringify(out)).not.to.include(b64.slice(0, 30))
      expect(out.d).to.deep.equal({filename: '/etc/certs/key.pem'})
      expect(out.keys).to.deep.equal({inlineString: 'not sensitive here'})
    })

    it('leaves its input alone', () => {
      const input = {privateKey: {inlineString: key}}
      redactKeyMaterial(input)
      expect(input.privateKey.inlineString).to.equal(key)
    })
  })
})
