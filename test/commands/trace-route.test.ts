import {readFileSync} from 'node:fs'
import {expect} from 'chai'
import {parse as parseYaml} from 'yaml'
import {fixture, normalizeGolden, ROOT, runCli} from '../helpers/cli.js'
import {validateEnvelope} from '../helpers/schema.js'

const DESCRIBE = ['istio', 'history', 'istio-2020-05', 'istioctl', 'cmd', 'testdata', 'describe']
const PRODUCTPAGE = fixture(...DESCRIBE, 'productpage-v1-7bbd79f8fd-k6j79.json')
const RATINGS = fixture(...DESCRIBE, 'ratings-v1-f745cf57b-vfwcv.json')
const INGRESS = fixture(...DESCRIBE, 'istio-ingressgateway-5bf6c9887-vvvmj.json')
const OLD = fixture('istio', 'history', 'istio-2020-05', 'istioctl', 'cmd', 'testdata', 'authz', 'productpage_config_dump.json')
const EG = fixture('envoy', 'envoy-gateway_egctl_translate_from-gateway-api-to-xds.all.json')
const EDGE = fixture('meshscope', 'trace', 'eg-edge-cases.json')

/** Traces covering every outcome: [args, exit code]. */
const TRACES: [string[], number][] = [
  [['-f', PRODUCTPAGE, 'http://reviews:9080/'], 0],
  [['-f', PRODUCTPAGE, 'tcp://172.21.0.10:53'], 0],
  [['-f', RATINGS, '--direction', 'inbound', 'http://ratings:9080/ratings/0'], 0],
  [['-f', OLD, 'http://reviews:9080/'], 0],
  [['-f', EG, 'https://foo.com:8443/'], 0],
  [['-f', INGRESS, 'http://bookinfo.example.com:81/'], 10],
  [['-f', EG, 'https://bar.com:8443/'], 11],
  [['-f', INGRESS, 'http://bookinfo.example.com/nope'], 12],
  [['-f', EG, 'http://localhost:19003/ready'], 13],
  [['-f', EDGE, '-H', 'Host: www.example.com', 'http://www.example.com:10080/missing'], 14],
  [['-f', EDGE, 'tcp://10.0.0.1:1234'], 15],
  [['-f', PRODUCTPAGE, 'tcp://172.30.150.216:8888'], 16],
]

describe('meshscope trace-route', () => {
  it('npm run demo: the bookinfo walkthrough, line for line (golden)', async () => {
    const pkg = JSON.parse(readFileSync(`${ROOT}/package.json`, 'utf8'))
    expect(pkg.scripts.demo).to.equal('node bin/run.js trace-route -f examples/bookinfo/productpage.json http://reviews:9080/')
    const r = await runCli(['trace-route', '-f', 'examples/bookinfo/productpage.json', 'http://reviews:9080/'])
    expect(r.stderr).to.equal('')
    expect(r.code).to.equal(0)
    expect(normalizeGolden(r.stdout)).to.equal(normalizeGolden(readFileSync(fixture('meshscope', 'trace', 'productpage-reviews.walkthrough.txt'), 'utf8')))
  })

  describe('every outcome has its exit code and still prints the whole walkthrough', () => {
    for (const [args, code] of TRACES) {
      it(`exit ${code}: ${args[args.length - 1]}`, async () => {
        const r = await runCli(['trace-route', ...args])
        expect(r.stderr).to.equal('')
        expect(r.code).to.equal(code)
        expect(r.stdout).to.match(/^Trace /)
        expect(r.stdout).to.match(/\n 1\. LDS {2}listener|\n1\. LDS {2}listener/)
        expect(r.stdout).to.contain(`(exit ${code} `)
      })
    }
  })

  describe('--json validates against docs/schemas/trace-route.json; status is the exit code', () => {
    for (const [args, code] of TRACES) {
      it(`${args[args.length - 1]}`, async () => {
        const r = await runCli(['trace-route', ...args, '--json'])
        expect(r.code).to.equal(code)
        expect(validateEnvelope('trace-route.json', r.stdout)).to.deep.equal([])
        const env = JSON.parse(r.stdout)
        expect(env.status).to.equal(code)
        expect(env.result.outcome.exitCode).to.equal(code)
      })
    }
  })

  it('-o json prints the trace itself (the envelope\'s result); -o yaml the same data', async () => {
    const args = ['trace-route', '-f', EDGE, 'http://www.example.com:10080/split', '-H', 'x-canary: yes', '--random', '45']
    const [json, yaml, env] = await Promise.all([runCli([...args, '-o', 'json']), runCli([...args, '-o', 'yaml']), runCli([...args, '--json'])])
    expect(json.code).to.equal(0)
    const trace = JSON.parse(json.stdout)
    expect(json.stdout).to.match(/^\{\n {4}"connection"/)
    expect(trace).to.deep.equal(JSON.parse(env.stdout).result)
    expect(parseYaml(yaml.stdout)).to.deep.equal(trace)
    expect(trace.request).to.deep.equal({method: 'GET', scheme: 'http', authority: 'www.example.com:10080', path: '/split', headers: [{name: 'x-canary', value: 'yes'}], randomValue: 45})
    expect(trace.outcome.cluster).to.equal('grpcroute/default/backend/rule/0')
  })

  it('the walkthrough lists weighted choices with the pick, near misses and the inferred destination', async () => {
    const r = await runCli(['trace-route', '-f', EDGE, 'http://www.example.com:10080/split', '-H', 'x-canary: yes', '--random', '45'])
    expect(r.stdout).to.contain('weight 70 (70%) [30, 100) grpcroute/default/backend/rule/0  ← picked')
    const miss = await runCli(['trace-route', '-f', EDGE, 'http://www.example.com:10080/split'])
    expect(miss.stdout).to.contain('httproute/default/split/rule/0 (#1): failed on header x-canary exact "yes" (missing)')
  })

  it('colour only on request (FORCE_COLOR), none with NO_COLOR', async () => {
    const args = ['trace-route', '-f', PRODUCTPAGE, 'http://reviews:9080/']
    expect((await runCli(args, {env: {NO_COLOR: undefined, FORCE_COLOR: '1'}})).stdout).to.contain('\u001b[')
    expect((await runCli(args)).stdout).to.not.contain('\u001b[')
  })

  describe('bad input: a clear error and a documented exit code', () => {
    const cases: [string, string[], number, string][] = [
      ['a URL without a host', ['-f', PRODUCTPAGE, 'http:///path'], 2, 'has no host'],
      ['a header without a colon', ['-f', PRODUCTPAGE, '-H', 'end-user jason', 'http://reviews:9080/'], 2, 'has no colon'],
      ['a dump with no listeners', ['-f', fixture('envoy', 'envoy-docs_dynamic-config-cp_response-config-active-clusters.json'), 'http://service1:8080/'], 4, 'no listeners'],
      ['no URL', ['-f', PRODUCTPAGE], 2, 'needs a URL'],
      ['a pod and --file', ['-f', PRODUCTPAGE, 'productpage-v1', 'http://reviews:9080/'], 2, 'give only the URL'],
      ['a bad --protocol', ['-f', PRODUCTPAGE, '--protocol', 'udp', 'http://reviews:9080/'], 2, 'protocol'],
    ]
    for (const [what, args, code, message] of cases) {
      it(`${what} → exit ${code}`, async () => {
        const r = await runCli(['trace-route', ...args])
        expect(r.code).to.equal(code)
        expect(r.stdout).to.equal('')
        expect(r.stderr).to.match(/^Error: /)
        expect(r.stderr).to.contain(message)
        expect(r.stderr).to.not.match(/\n\s+at /)
        const j = await runCli(['trace-route', ...args, '--json'])
        expect(j.code).to.equal(code)
        expect(validateEnvelope('envelope-error.json', j.stdout)).to.deep.equal([])
      })
    }
  })
})
