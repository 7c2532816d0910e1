import {generateKeyPairSync} from 'node:crypto'
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {expect} from 'chai'
import {fixture, normalizeGolden, runCli} from '../helpers/cli.js'
import {validateEnvelope} from '../helpers/schema.js'

const CONFIGDUMP = ['istio', 'istioctl', 'pkg', 'writer', 'envoy', 'configdump', 'testdata']
const CLUSTERS_2020 = ['istio', 'history', 'istio-2020-05', 'istioctl', 'pkg', 'writer', 'envoy', 'clusters', 'testdata']
const cd = (...p: string[]) => fixture(...CONFIGDUMP, ...p)
const c20 = (...p: string[]) => fixture(...CLUSTERS_2020, ...p)
// the 2020 -o json goldens were test buffers without istioctl's final newline
const golden = (path: string) => normalizeGolden(readFileSync(path, 'utf8').replace(/\n?$/, '\n'))

/** Runs the built CLI and expects success with the golden's text, line for line (trailing spaces aside). */
async function expectGolden(args: string[], goldenPath: string): Promise<void> {
  const r = await runCli(args)
  expect(r.stderr).to.equal('')
  expect(r.code).to.equal(0)
  expect(normalizeGolden(r.stdout)).to.equal(golden(goldenPath))
}

describe('proxy-config endpoint|eds|secret|ecds|bootstrap: istioctl goldens', () => {
  describe('eds (configdump/testdata/endpoint)', () => {
    for (const [name, extra] of [
      ['emptyfilter', []],
      ['portfilter', ['--port', '8080']],
    ] as const) {
      it(`${name}: short`, () => expectGolden(['proxy-config', 'eds', '-f', cd('endpoint', 'configdump.json'), ...extra], cd('endpoint', `${name}_output.txt`)))
      it(`${name}: -o json`, () => expectGolden(['pc', 'eds', '-f', cd('endpoint', 'configdump.json'), ...extra, '-o', 'json'], cd('endpoint', `${name}_output.json`)))
      it(`${name}: -o yaml`, () => expectGolden(['pc', 'eds', '-f', cd('endpoint', 'configdump.json'), ...extra, '-o', 'yaml'], cd('endpoint', `${name}_output.yaml`)))
    }
  })

  describe('ecds (configdump/testdata/ecds)', () => {
    it('short', () => expectGolden(['proxy-config', 'ecds', '-f', cd('ecds', 'configdump.json')], cd('ecds', 'output.txt')))
    it('-o json (alias ec)', () => expectGolden(['proxy-config', 'ec', '-f', cd('ecds', 'configdump.json'), '-o', 'json'], cd('ecds', 'output.json')))
    it('-o yaml (pc:ecds)', () => expectGolden(['pc', 'ecds', '-f', cd('ecds', 'configdump.json'), '-o', 'yaml'], cd('ecds', 'output.yaml')))
  })

  describe('secret (configdump/testdata/secret): VALID CERT in these goldens holds until 2033', () => {
    it('istio: warming first, no TRUST DOMAIN column', () => expectGolden(['proxy-config', 'secret', '-f', cd('secret', 'istio', 'config_dump.json')], cd('secret', 'istio', 'output')))
    it('spire: federated trust domains add the TRUST DOMAIN column', () => expectGolden(['pc', 's', '-f', cd('secret', 'spire', 'config_dump.json')], cd('secret', 'spire', 'output')))
    it('a dump without secrets', async () => {
      const r = await runCli(['proxy-config', 'secrets', '-f', cd('configdump.json')])
      expect(r.code).to.equal(0)
      expect(r.stdout).to.equal('No active or warming secrets found.\n')
    })
  })

  describe('bootstrap (configdump/testdata)', () => {
    it('-o short is the version summary', () => expectGolden(['proxy-config', 'bootstrap', '-f', cd('configdump.json'), '-o', 'short'], cd('versionsummary.txt')))
    it('json by default, with jsonpb\'s Struct indentation', () => expectGolden(['pc', 'b', '-f', cd('configdump.json')], cd('bootstrapdump.json')))
  })

  describe('endpoint (2020 clusters/testdata, /clusters?format=json)', () => {
    it('no filter', () => expectGolden(['proxy-config', 'endpoint', '-f', c20('clusters.json')], c20('clustersummary.txt')))
    for (const filter of [
      ['--cluster', 'outbound|15014||istio-policy.istio-system.svc.cluster.local'],
      ['--address', '172.17.0.14'],
      ['--port', '15014'],
      ['--status', 'unhealthy'],
    ]) {
      it(`${filter.join(' ')}`, () => expectGolden(['pc', 'ep', '-f', c20('clusters.json'), ...filter], c20('clustersummaryfiltered.txt')))
    }
    it('-o json, unfiltered and filtered (the 2020 json goldens)', async () => {
      await expectGolden(['pc', 'endpoints', '-f', c20('clusters.json'), '-o', 'json'], c20('clustersnofiltered.txt'))
      await expectGolden(['pc', 'endpoints', '-f', c20('clusters.json'), '-o', 'json', '--port', '15014'], c20('clusterfiltered.txt'))
      await expectGolden(['pc', 'endpoints', '-f', c20('clusters.json'), '-o', 'json', '--cluster', 'OUTBOUND|9080||reviews.default.svc.cluster.local'], c20('clustermultihostsfiltered.txt'))
    })
    it('the /clusters text form of the same state gives the same table', () =>
      expectGolden(['proxy-config', 'endpoint', '-f', fixture('meshscope', 'clusters', 'clusters.txt')], c20('clustersummary.txt')))
    it('a config dump: istioctl prints only the header; meshscope says why', async () => {
      const r = await runCli(['proxy-config', 'endpoint', '-f', cd('endpoint', 'configdump.json')])
      expect(r.code).to.equal(0)
      expect(r.stdout).to.equal('ENDPOINT     STATUS     OUTLIER CHECK     CLUSTER\n')
      expect(r.stderr).to.match(/is a config dump, which has no live endpoint status/)
    })
    it('text that is neither: a one-line error, exit 4', async () => {
      const r = await runCli(['proxy-config', 'endpoint', '-f', fixture(...CONFIGDUMP, 'versionsummary.txt')])
      expect(r.code).to.equal(4)
      expect(r.stderr.split('\n')[0]).to.match(/^Error: .*is not Envoy \/clusters output/)
      expect(r.stderr).not.to.match(/ at /)
    })
  })
})

describe('proxy-config endpoint|eds|secret|ecds|bootstrap --json validates against docs/schemas', () => {
  const cases: [string, string[], (result: unknown) => void][] = [
    ['endpoint', ['-f', c20('clusters.json')], (r) => expect(r).to.have.length(7)],
    ['endpoint', ['-f', fixture('meshscope', 'clusters', 'clusters.txt'), '--status', 'HEALTHY'], (r) => expect(r).to.have.length(6)],
    ['eds', ['-f', cd('endpoint', 'configdump.json')], (r) => expect(r).to.have.length(32)],
    ['eds', ['-f', fixture('istio', 'istioctl', 'pkg', 'proxyconfig', 'testdata', 'config_dump.json')], (r) => expect(r).to.have.length(2)],
    ['secret', ['-f', cd('secret', 'spire', 'config_dump.json')], (r) => expect(r).to.have.length(3)],
    ['secret', ['-f', cd('secret', 'istio', 'config_dump.json')], (r) => expect((r as {state: string}[]).map((x) => x.state)).to.deep.equal(['WARMING', 'ACTIVE', 'ACTIVE'])],
    ['ecds', ['-f', cd('ecds', 'configdump.json')], (r) => expect((r as {ecdsFilters: unknown[]}).ecdsFilters).to.have.length(6)],
    ['ecds', ['-f', cd('configdump.json')], (r) => expect(r).to.deep.equal({})],
    ['bootstrap', ['-f', fixture('istio', 'istioctl', 'pkg', 'proxyconfig', 'testdata', 'config_dump.json')], (r) => expect(r).to.have.property('bootstrap')],
    ['bootstrap', ['-f', fixture('istio', 'history', 'istio-2020-05', 'istioctl', 'cmd', 'testdata', 'describe', 'productpage-v1-7bbd79f8fd-k6j79.json')], (r) => expect(r).to.have.nested.property('bootstrap.node.buildVersion')],
  ]
  for (const [command, args, check] of cases) {
    it(`${command} ${args.at(-1)}`, async () => {
      const r = await runCli(['proxy-config', command, ...args, '--json'])
      expect(r.code).to.equal(0)
      expect(validateEnvelope(`proxy-config-${command}.json`, r.stdout)).to.deep.equal([])
      check(JSON.parse(r.stdout).result)
    })
  }

  it('the schemas reject what they should (so the checks above can fail)', async () => {
    const ep = JSON.parse((await runCli(['proxy-config', 'endpoint', '-f', c20('clusters.json'), '--json'])).stdout)
    ep.result[0].hostStatuses[0].healthStatus.edsHealthStatus = 'FINE'
    expect(validateEnvelope('proxy-config-endpoint.json', ep)).to.have.length(1)
    const secret = JSON.parse((await runCli(['proxy-config', 'secret', '-f', cd('secret', 'istio', 'config_dump.json'), '--json'])).stdout)
    secret.result[1].privateKey = 'x'
    expect(validateEnvelope('proxy-config-secret.json', secret)[0]).to.match(/must NOT have additional properties \(privateKey\)/)
    const eds = JSON.parse((await runCli(['proxy-config', 'eds', '-f', cd('endpoint', 'configdump.json'), '--json'])).stdout)
    eds.result[0]['@type'] = 'type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment'
    expect(validateEnvelope('proxy-config-eds.json', eds)).to.have.length(1)
  })
})

describe('proxy-config secret never prints private keys', () => {
  let dir: string
  let keyPem: string
  let path: string

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'meshscope-secret-'))
    // a throwaway key made for this test: never a real one
    keyPem = generateKeyPairSync('ec', {namedCurve: 'prime256v1'}).privateKey.export({type: 'pkcs8', format: 'pem'}).toString()
    // the istio secret fixture, minimally edited: the default secret's private key inline, as an unredacting dump would hold it
    const doc = JSON.parse(readFileSync(cd('secret', 'istio', 'config_dump.json'), 'utf8'))
    doc.configs[0].dynamic_active_secrets[0].secret.tls_certificate.private_key = {inline_string: keyPem}
    doc.configs[0].dynamic_warming_secrets[0].secret.tls_certificate = {private_key: {inline_bytes: Buffer.from(keyPem).toString('base64')}}
    path = join(dir, 'unredacted.json')
    writeFileSync(path, JSON.stringify(doc))
  })
  after(() => rmSync(dir, {recursive: true, force: true}))

  const keyBody = () => keyPem.split('\n').filter((l) => l && !l.startsWith('-----'))

  for (const output of ['short', 'json', 'yaml']) {
    it(`-o ${output}`, async () => {
      const r = await runCli(['proxy-config', 'secret', '-f', path, '-o', output])
      expect(r.code).to.equal(0)
      expect(r.stdout).not.to.include('PRIVATE KEY')
      for (const line of keyBody()) expect(r.stdout).not.to.include(line)
      expect(r.stdout).not.to.include(Buffer.from(keyPem).toString('base64').slice(0, 40))
      if (output !== 'short') {
        expect(r.stdout).to.include('[redacted]')
        expect(r.stdout).to.include('W3JlZGFjdGVkXQ==')
      }
    })
  }

  it('--json', async () => {
    const r = await runCli(['proxy-config', 'secret', '-f', path, '--json'])
    expect(r.stdout).not.to.include('PRIVATE KEY')
    for (const line of keyBody()) expect(r.stdout).not.to.include(line)
    expect(validateEnvelope('proxy-config-secret.json', r.stdout)).to.deep.equal([])
  })

  it('nor does bootstrap, for a static secret in the bootstrap', async () => {
    const doc = JSON.parse(readFileSync(cd('configdump.json'), 'utf8'))
    doc.configs[0].bootstrap.static_resources = {secrets: [{name: 'static-cert', tls_certificate: {private_key: {inline_string: keyPem}}}]}
    const p = join(dir, 'bootstrap.json')
    writeFileSync(p, JSON.stringify(doc))
    for (const output of ['json', 'yaml']) {
      const r = await runCli(['proxy-config', 'bootstrap', '-f', p, '-o', output])
      expect(r.stdout).to.include('static-cert')
      expect(r.stdout).not.to.include('PRIVATE KEY')
      expect(r.stdout).to.include('[redacted]')
    }
  })
})
