import {readFileSync} from 'node:fs'
import {expect} from 'chai'
import {parse as parseYaml} from 'yaml'
import {fixture, normalizeGolden, runCli} from '../helpers/cli.js'
import {validateEnvelope} from '../helpers/schema.js'

const ROUTES = (name: string, file: string) => fixture('istio', 'istioctl', 'pkg', 'writer', 'envoy', 'configdump', 'testdata', 'routes', name, file)
const OLD = (file: string) => fixture('istio', 'history', 'istio-2020-05', 'istioctl', 'pkg', 'writer', 'envoy', 'configdump', 'testdata', file)
const DUMPS = {
  waypoint: fixture('istio', 'istioctl', 'pkg', 'proxyconfig', 'testdata', 'config_dump.json'),
  productpage13: fixture('istio', 'history', 'istio-2020-05', 'istioctl', 'cmd', 'testdata', 'describe', 'productpage-v1-7bbd79f8fd-k6j79.json'),
  ingress13: fixture('istio', 'history', 'istio-2020-05', 'istioctl', 'cmd', 'testdata', 'describe', 'istio-ingressgateway-5bf6c9887-vvvmj.json'),
  istio08: OLD('configdump.json'),
  egctlMixed: fixture('envoy', 'envoy-gateway_egctl_in.all.json'),
  egctlCamel: fixture('envoy', 'envoy-gateway_egctl_translate_from-gateway-api-to-xds.all.json'),
}
const read = (path: string) => readFileSync(path, 'utf8')

describe('proxy-config listener / route (built CLI)', () => {
  describe('route goldens (istioctl route.go), line for line', () => {
    for (const name of ['empty-gateway', 'istio-gateway-http-route-prefix', 'k8s-gateway-http-route-path-prefix']) {
      it(name, async () => {
        const r = await runCli(['proxy-config', 'route', '-f', ROUTES(name, 'configdump.json')])
        expect(r.stderr).to.equal('')
        expect(r.code).to.equal(0)
        expect(normalizeGolden(r.stdout)).to.equal(normalizeGolden(`${read(ROUTES(name, 'output.txt'))}\n`))
      })
    }
  })

  describe('listener', () => {
    it('prints the waypoint listeners as the listener section of config_dump_summary.txt, without NAME', async () => {
      const r = await runCli(['pc', 'l', '-f', DUMPS.waypoint])
      expect(r.code).to.equal(0)
      expect(r.stdout.split('\n').slice(0, 2)).to.deep.equal([
        'ADDRESSES PORT  MATCH DESTINATION',
        '          0     ALL   Cluster: inbound-vip|8100|http|httpbin.default.svc.cluster.local',
      ])
      expect(r.stdout).to.include('\n0.0.0.0   15021 ALL   Inline Route: /healthz/ready*\n')
    })

    it('filters by --port and --address, and every alias runs the same command', async () => {
      const outputs = await Promise.all(
        [['proxy-config', 'listener'], ['proxy-config', 'listeners'], ['proxy-config', 'l'], ['pc', 'listener'], ['pc', 'listeners'], ['pc', 'l']].map((cmd) =>
          runCli([...cmd, '-f', DUMPS.productpage13, '--port', '9080', '--address', '0.0.0.0']),
        ),
      )
      for (const o of outputs) expect(o.stdout).to.equal(outputs[0].stdout)
      expect(outputs[0].stdout).to.equal(
        [
          'ADDRESSES PORT MATCH                                                DESTINATION',
          '0.0.0.0   9080 ALL                                                  Route: 9080',
          '0.0.0.0   9080 Addr: 172.30.150.216/32,fe80::863:a7ff:fe55:26a9/128 BlackHoleCluster',
          '',
        ].join('\n'),
      )
    })

    it('--verbose=false, --verbose=0 and --no-verbose give the TYPE table; --type is case-insensitive', async () => {
      const expected = 'ADDRESSES      PORT TYPE\n172.21.134.116 443  TCP\n'
      for (const flag of ['--verbose=false', '--verbose=0', '--no-verbose']) {
        const r = await runCli(['proxy-config', 'listener', '-f', DUMPS.istio08, flag, '--type', 'tcp'])
        expect(r.stdout, flag).to.equal(expected)
      }
      const all = await runCli(['proxy-config', 'listener', '-f', DUMPS.istio08, '--verbose=true', '--verbose=false'])
      expect(all.stdout.split('\n').map((l) => l.split(/\s+/).at(-1))).to.deep.equal(['TYPE', 'TCP', 'HTTP', 'HTTP', 'HTTP+TCP', ''])
    })

    it('-o json prints the filtered listeners as protojson with a 4-space indent and no Any @type', async () => {
      const r = await runCli(['proxy-config', 'listener', '-f', DUMPS.productpage13, '--port', '9080', '-o', 'json'])
      const listeners = JSON.parse(r.stdout) as {name: string; '@type'?: string}[]
      expect(listeners.map((l) => l.name)).to.have.members(['0.0.0.0_9080', '172.21.95.172_9080', '172.30.150.216_9080'])
      expect(listeners.every((l) => l['@type'] === undefined)).to.equal(true)
      expect(r.stdout).to.match(/^\[\n {4}\{\n {8}"name": /)
      // snake_case in the dump, camelCase out
      expect(r.stdout).to.include('"filterChains"').and.not.include('"filter_chains"')
      const yaml = await runCli(['proxy-config', 'listener', '-f', DUMPS.productpage13, '--port', '9080', '-o', 'yaml'])
      expect(parseYaml(yaml.stdout)).to.deep.equal(listeners)
    })

    it('rejects an unknown --type and a bad --verbose value with a usage error', async () => {
      const t = await runCli(['proxy-config', 'listener', '-f', DUMPS.waypoint, '--type', 'grpc'])
      expect(t.code).to.equal(2)
      expect(t.stderr).to.equal('Error: --type grpc is not a listener type\n  Try: Use one of HTTP, TCP, HTTP+TCP, UNKNOWN\n')
      const v = await runCli(['proxy-config', 'listener', '-f', DUMPS.waypoint, '--verbose=maybe'])
      expect(v.code).to.equal(2)
      expect(v.stderr).to.match(/^Error: invalid value "maybe" for --verbose/)
    })
  })

  describe('route', () => {
    it('--name picks one route config; -o json matches istioctl 1.6 routedumpfiltered.json', async () => {
      const r = await runCli(['proxy-config', 'route', '-f', DUMPS.istio08, '--name', '15004', '-o', 'json'])
      expect(r.stdout).to.equal(`${read(OLD('routedumpfiltered.json'))}\n`)
    })

    it('--verbose=false gives NAME / VIRTUAL HOSTS, as istioctl 1.6 printed after its NOTE line', async () => {
      const r = await runCli(['pc', 'routes', '-f', DUMPS.istio08, '--verbose=false'])
      const golden = read(OLD('routesummary.txt')).replace('NOTE: This output only contains routes loaded via RDS.\n', '')
      expect(normalizeGolden(r.stdout)).to.equal(normalizeGolden(`${golden}\n`))
    })

    it('shows the bookinfo gateway routes; their Istio 1.3 config path (/apis/networking/…) renders as <unknown>, as in istioctl', async () => {
      const r = await runCli(['pc', 'r', '-f', DUMPS.ingress13, '--name', 'http.80'])
      expect(r.code).to.equal(0)
      expect(normalizeGolden(r.stdout)).to.equal(
        [
          'NAME        VHOST NAME     DOMAINS     MATCH                 VIRTUAL SERVICE',
          'http.80     *:80           *           /productpage          <unknown>',
          'http.80     *:80           *           /static*              <unknown>',
          'http.80     *:80           *           /login                <unknown>',
          'http.80     *:80           *           /logout               <unknown>',
          'http.80     *:80           *           /api/v1/products*     <unknown>',
          '',
        ].join('\n'),
      )
    })
  })

  describe('--json envelopes validate against docs/schemas', () => {
    for (const [name, path] of Object.entries(DUMPS)) {
      it(`listener and route, ${name}`, async () => {
        for (const [command, schema] of [
          ['listener', 'proxy-config-listener.json'],
          ['route', 'proxy-config-route.json'],
        ]) {
          const r = await runCli(['proxy-config', command, '-f', path, '--json'])
          expect(r.code, `${command} ${name}`).to.equal(0)
          expect(validateEnvelope(schema, r.stdout), `${command} ${name}`).to.deep.equal([])
        }
      })
    }

    it('holds the same objects as -o json', async () => {
      const [env, json] = await Promise.all([
        runCli(['proxy-config', 'route', '-f', DUMPS.productpage13, '--json']),
        runCli(['proxy-config', 'route', '-f', DUMPS.productpage13, '-o', 'json']),
      ])
      const parsed = JSON.parse(env.stdout)
      expect(parsed.status).to.equal(0)
      expect(parsed.result).to.have.length(33)
      expect(parsed.result).to.deep.equal(JSON.parse(json.stdout))
    })

    it('a schema rejects what it should: a listener still wrapped with its Any @type', () => {
      const errors = validateEnvelope('proxy-config-listener.json', {status: 0, result: [{'@type': 'type.googleapis.com/envoy.config.listener.v3.Listener', name: 'x'}]})
      expect(errors).to.have.length.greaterThan(0)
    })

    it('errors use the error envelope', async () => {
      const r = await runCli(['proxy-config', 'route', '-f', fixture('does-not-exist.json'), '--json'])
      expect(r.code).to.equal(3)
      expect(validateEnvelope('envelope-error.json', r.stdout)).to.deep.equal([])
    })
  })
})
