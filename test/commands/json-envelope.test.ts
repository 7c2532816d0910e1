import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {expect} from 'chai'
import {fixture, runCli} from '../helpers/cli.js'
import {validateEnvelope} from '../helpers/schema.js'

const DUMPS = {
  waypoint: fixture('istio', 'istioctl', 'pkg', 'proxyconfig', 'testdata', 'config_dump.json'),
  productpage13: fixture('istio', 'history', 'istio-2020-05', 'istioctl', 'cmd', 'testdata', 'describe', 'productpage-v1-7bbd79f8fd-k6j79.json'),
  egctlMixed: fixture('envoy', 'envoy-gateway_egctl_in.all.json'),
  egctlCamel: fixture('envoy', 'envoy-gateway_egctl_translate_from-gateway-api-to-xds.all.json'),
}

describe('--json envelopes validate against docs/schemas', () => {
  describe('proxy-config cluster --json → proxy-config-cluster.json', () => {
    for (const [name, path] of Object.entries(DUMPS)) {
      it(`${name}`, async () => {
        const r = await runCli(['proxy-config', 'cluster', '-f', path, '--json'])
        expect(r.stderr).to.equal('')
        expect(r.code).to.equal(0)
        expect(validateEnvelope('proxy-config-cluster.json', r.stdout)).to.deep.equal([])
        const env = JSON.parse(r.stdout)
        expect(env.status).to.equal(0)
        expect(env.result.length).to.be.greaterThan(0)
      })
    }

    it('the Istio 1.3 dump, filtered: api.v2 fields (hosts, tlsContext) are typed by the schema too', async () => {
      const r = await runCli(['proxy-config', 'cluster', '-f', DUMPS.productpage13, '--json', '--fqdn', 'reviews.default.svc.cluster.local'])
      const env = JSON.parse(r.stdout)
      expect(validateEnvelope('proxy-config-cluster.json', env)).to.deep.equal([])
      expect(env.result.map((c: {name: string}) => c.name)).to.include('outbound|9080|v1|reviews.default.svc.cluster.local')
    })

    it('unknown sections are reported as warnings in a valid envelope', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'meshscope-env-'))
      try {
        const doc = JSON.parse(readFileSync(DUMPS.waypoint, 'utf8'))
        doc.configs.push({'@type': 'type.googleapis.com/envoy.admin.v3.FutureConfigDump'})
        const path = join(dir, 'dump.json')
        writeFileSync(path, JSON.stringify(doc))
        const r = await runCli(['proxy-config', 'cluster', '-f', path, '--json'])
        const env = JSON.parse(r.stdout)
        expect(validateEnvelope('proxy-config-cluster.json', env)).to.deep.equal([])
        expect(env.warnings).to.deep.equal(['ignored config_dump section of unknown type type.googleapis.com/envoy.admin.v3.FutureConfigDump'])
      } finally {
        rmSync(dir, {recursive: true, force: true})
      }
    })

    it('the schema rejects what it should (so the checks above can fail)', async () => {
      const r = await runCli(['proxy-config', 'cluster', '-f', DUMPS.waypoint, '--json'])
      const env = JSON.parse(r.stdout)
      const broken = structuredClone(env)
      broken.result[0].connectTimeout = 250
      broken.result[1].type = 'DNS'
      delete broken.result[2].name
      expect(validateEnvelope('proxy-config-cluster.json', broken)).to.deep.equal([
        '/result/0/connectTimeout: must be string; got 250',
        '/result/1/type: must be equal to one of the allowed values ["STATIC","STRICT_DNS","LOGICAL_DNS","EDS","ORIGINAL_DST"]; got "DNS"',
        "/result/2: must have required property 'name'; got " + JSON.stringify(broken.result[2]).slice(0, 77) + '...',
      ])
      expect(validateEnvelope('proxy-config-cluster.json', {status: 0})).to.deep.equal(["/: must have required property 'result'; got {\"status\":0}"])
    })
  })

  describe('errors → envelope-error.json', () => {
    for (const [what, args, code] of [
      ['a missing file', ['-f', '/nonexistent/dump.json'], 3],
      ['an unknown flag', ['-f', DUMPS.waypoint, '--bogus'], 2],
      ['an -o value that is not offered', ['-f', DUMPS.waypoint, '-o', 'xml'], 2],
      ['a file that is not a config dump', ['-f', fixture('istio', 'istioctl', 'pkg', 'writer', 'envoy', 'logging', 'testdata', 'logging.txt')], 4],
    ] as const) {
      it(what, async () => {
        const r = await runCli(['proxy-config', 'cluster', ...args, '--json'])
        expect(r.code).to.equal(code)
        expect(validateEnvelope('envelope-error.json', r.stdout)).to.deep.equal([])
        expect(JSON.parse(r.stdout).status).to.equal(code)
        expect(r.stderr).to.equal('')
      })
    }

    it('the error schema rejects a multi-line message and an undocumented code', () => {
      const bad = {status: 99, error: {code: 'OOPS', message: 'a\nb', suggestions: []}}
      expect(validateEnvelope('envelope-error.json', bad)).to.have.length(3)
    })
  })
})
