import {generateKeyPairSync} from 'node:crypto'
import {readFileSync} from 'node:fs'
import {expect} from 'chai'
import {certValidAt, summarizeCert} from '../../../src/lib/envoy/certs.js'
import {fixture} from '../../helpers/cli.js'

const secretsOf = (kind: 'istio' | 'spire') =>
  JSON.parse(readFileSync(fixture('istio', 'istioctl', 'pkg', 'writer', 'envoy', 'configdump', 'testdata', 'secret', kind, 'config_dump.json'), 'utf8')).configs[0]
    .dynamic_active_secrets
const pem = (b64: string) => Buffer.from(b64, 'base64').toString()

describe('envoy/certs', () => {
  const [istioDefault, istioRoot] = secretsOf('istio')
  const workload = pem(istioDefault.secret.tls_certificate.certificate_chain.inline_bytes)
  const root = pem(istioRoot.secret.validation_context.trusted_ca.inline_bytes)

  it('a workload certificate chain: its first (leaf) certificate, SPIFFE trust domain', () => {
    expect(summarizeCert(workload)).to.deep.include({
      serialNumber: '6fbee254c22900615cb1f74e3d2f1713',
      notBefore: '2023-05-15T01:30:52Z',
      notAfter: '2023-05-16T01:32:52Z',
      isCA: false,
      trustDomain: 'cluster.local',
    })
    expect(summarizeCert(workload)?.uris).to.deep.equal(['spiffe://cluster.local/ns/ambient/sa/namespace-istio-waypoint'])
  })

  it('a root CA: whole-byte hex serial with its leading zero, no SAN', () => {
    expect(summarizeCert(root)).to.deep.include({serialNumber: '0193a543fe2b0d9cd4847675394dfc54', isCA: true, trustDomain: undefined, subject: 'O=cluster.local'})
  })

  it('a serial with the high bit set has no sign byte (SPIRE leaf)', () => {
    expect(summarizeCert(pem(secretsOf('spire')[0].secret.tls_certificate.certificate_chain.inline_bytes))?.serialNumber).to.equal('cd4902e499169b11ec171dad1668adbb')
  })

  it('VALID is strictly between NotBefore and NotAfter', () => {
    const cert = summarizeCert(workload)
    if (!cert) throw new Error('no cert')
    expect(certValidAt(cert, new Date('2023-05-15T12:00:00Z'))).to.equal(true)
    expect(certValidAt(cert, new Date('2023-05-15T01:30:52Z'))).to.equal(false)
    expect(certValidAt(cert, new Date('2023-05-16T01:32:53Z'))).to.equal(false)
  })

  it('never parses key material: a PEM private key (generated here) or a key before the certificate gives nothing', () => {
    const key = generateKeyPairSync('ec', {namedCurve: 'prime256v1'}).privateKey.export({type: 'pkcs8', format: 'pem'}).toString()
    expect(summarizeCert(key)).to.equal(undefined)
    // Go's pem.Decode takes the first block, as istioctl does: a key first means no certificate
    expect(summarizeCert(`${key}${workload}`)).to.equal(undefined)
  })

  it('text that is not a certificate', () => {
    expect(summarizeCert('')).to.equal(undefined)
    expect(summarizeCert('[redacted]')).to.equal(undefined)
    expect(summarizeCert('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n')).to.equal(undefined)
  })
})
