import {readFileSync} from 'node:fs'
import {expect} from 'chai'
import {parse} from 'yaml'
import {fixture, normalizeGolden, runCli} from '../helpers/cli.js'
import {validateEnvelope} from '../helpers/schema.js'

const RC = (name: string) => fixture('meshscope', 'route-check', name)
const PRODUCTPAGE = fixture('istio', 'history', 'istio-2020-05', 'istioctl', 'cmd', 'testdata', 'describe', 'productpage-v1-7bbd79f8fd-k6j79.json')
const INGRESS = fixture('istio', 'history', 'istio-2020-05', 'istioctl', 'cmd', 'testdata', 'describe', 'istio-ingressgateway-5bf6c9887-vvvmj.json')
const ROUTES = fixture('istio', 'istioctl', 'pkg', 'writer', 'envoy', 'configdump', 'testdata', 'routes')
const REVIEWS = RC('reviews-routes.yaml')
const bookinfo = ['route-check', '-c', PRODUCTPAGE, '--route-name', '9080', '-t', RC('bookinfo-9080.tests.yaml')]

describe('meshscope route-check', () => {
  describe('passing test files against real route configs', () => {
    const cases: [string, string[]][] = [
      ['bookinfo productpage dump, route 9080', bookinfo],
      ['bookinfo ingress gateway dump, route http.80', ['route-check', '-c', INGRESS, '--route-name', 'http.80', '-t', RC('ingressgateway-http.80.tests.yaml')]],
      ['Istio gateway dump, route http.8080', ['route-check', '-c', `${ROUTES}/istio-gateway-http-route-prefix/configdump.json`, '--route-name', 'http.8080', '-t', RC('istio-gateway-http.8080.tests.yaml')]],
      ['Gateway API dump, route http.80', ['route-check', '-c', `${ROUTES}/k8s-gateway-http-route-path-prefix/configdump.json`, '--route-name', 'http.80', '-t', RC('k8s-gateway-http.80.tests.yaml')]],
      ['the same route config as a bare camelCase RouteConfiguration', ['route-check', '-c', RC('k8s-gateway-http.80.route.json'), '-t', RC('k8s-gateway-http.80.tests.yaml')]],
      ['hand-written YAML RouteConfiguration covering every field', ['route-check', '-c', REVIEWS, '-t', RC('reviews-routes.tests.yaml')]],
    ]
    for (const [name, args] of cases) {
      it(`${name}: exit 0, every test name with --details`, async () => {
        const r = await runCli([...args, '--details'])
        expect(r.stderr).to.equal('')
        expect(r.code).to.equal(0)
        const names = (parse(readFileSync(args[args.indexOf('-t') + 1], 'utf8')) as {tests: {test_name: string}[]}).tests.map((t) => t.test_name)
        const lines = r.stdout.trimEnd().split('\n')
        expect(lines.slice(0, names.length)).to.deep.equal(names)
        expect(lines.at(-1)).to.match(/^Current route coverage: [0-9.]+%$/)
      })
    }

    it('without --details only the coverage line is printed', async () => {
      const r = await runCli(bookinfo)
      expect(r.stdout).to.equal('Current route coverage: 85.7143%\n')
      expect(r.code).to.equal(0)
    })

    it('--detailed-coverage names the untested route', async () => {
      const r = await runCli([...bookinfo, '--detailed-coverage'])
      expect(r.stdout).to.equal('Missing test for host: sleep3.default.svc.cluster.local:9080, route name: default\nCurrent route coverage: 85.7143%\n')
    })

    it('--covall prints untested routes by match and the comprehensive coverage', async () => {
      const r = await runCli([...bookinfo, '--covall'])
      expect(r.stdout).to.match(/^Missing test for host: sleep3\.default\.svc\.cluster\.local:9080, route: prefix: "\/"\nCurrent route coverage: [0-9.]+%\n$/)
      expect(r.code).to.equal(0)
    })
  })

  describe('failures', () => {
    const failing = ['route-check', '-c', REVIEWS, '-t', RC('reviews-routes.failing.tests.yaml')]

    it('--details prints router_check_tool lines (golden) and exits 20', async () => {
      const r = await runCli([...failing, '--details'])
      expect(r.code).to.equal(20)
      expect(normalizeGolden(r.stdout)).to.equal(normalizeGolden(readFileSync(RC('reviews-routes.failing.details.golden.txt'), 'utf8')))
    })

    it('--only-show-failures leaves the passing test out', async () => {
      const r = await runCli([...failing, '--only-show-failures'])
      expect(r.code).to.equal(20)
      expect(r.stdout.split('\n')[0]).to.equal('wrong cluster, vhost and virtual cluster')
      expect(r.stdout).to.not.match(/^passes$/m)
      expect(r.stdout).to.not.match(/coverage/)
    })

    it('without --details: no report lines, a hint on stderr, exit 20', async () => {
      const r = await runCli(failing)
      expect(r.stdout).to.equal('')
      expect(r.stderr).to.equal('6 of 7 tests failed; rerun with --details or --only-show-failures to see which\n')
      expect(r.code).to.equal(20)
    })

    it('--fail-under above the coverage exits 21', async () => {
      const r = await runCli([...bookinfo, '--fail-under', '90'])
      expect(r.stdout).to.equal('Current route coverage: 85.7143%\nFailed to meet coverage requirement: 90%\n')
      expect(r.code).to.equal(21)
      expect((await runCli([...bookinfo, '--fail-under', '85'])).code).to.equal(0)
    })
  })

  describe('--json validates against docs/schemas/route-check.json', () => {
    it('all passing (status 0)', async () => {
      const r = await runCli(['route-check', '-c', REVIEWS, '-t', RC('reviews-routes.tests.yaml'), '--json'])
      expect(r.code).to.equal(0)
      expect(validateEnvelope('route-check.json', r.stdout)).to.deep.equal([])
      const env = JSON.parse(r.stdout)
      expect(env.result.summary).to.deep.equal({total: 25, passed: 25, failed: 0})
      expect(env.result.tests[0].route).to.deep.equal({virtualHost: 'reviews.default.svc.cluster.local:9080', index: 0, name: 'jason'})
    })

    it('failing (status 20), with the failures', async () => {
      const r = await runCli(['route-check', '-c', REVIEWS, '-t', RC('reviews-routes.failing.tests.yaml'), '--json'])
      expect(r.code).to.equal(20)
      expect(validateEnvelope('route-check.json', r.stdout)).to.deep.equal([])
      const env = JSON.parse(r.stdout)
      expect(env.status).to.equal(20)
      expect(env.result.tests[1].failures[0]).to.deep.equal({
        testType: 'cluster_name',
        expected: 'outbound|9080|v1|reviews.default.svc.cluster.local',
        actual: 'outbound|9080|v3|reviews.default.svc.cluster.local',
        message: 'expected: [outbound|9080|v1|reviews.default.svc.cluster.local], actual: [outbound|9080|v3|reviews.default.svc.cluster.local], test type: cluster_name',
      })
    })

    it('coverage below --fail-under (status 21), -v caveats as warnings', async () => {
      const r = await runCli([...bookinfo, '--fail-under', '99', '--covall', '--json', '-v'])
      expect(r.code).to.equal(21)
      expect(validateEnvelope('route-check.json', r.stdout)).to.deep.equal([])
      expect(JSON.parse(r.stdout).result.coverage.comprehensive).to.equal(true)
      const withCaveats = await runCli(['route-check', '-c', REVIEWS, '-t', RC('reviews-routes.tests.yaml'), '--json', '-v'])
      const env = JSON.parse(withCaveats.stdout)
      expect(validateEnvelope('route-check.json', env)).to.deep.equal([])
      expect(env.warnings.some((w: string) => /probabilistic/.test(w))).to.equal(true)
    })

    it('-o json and -o yaml print the bare result', async () => {
      const j = await runCli([...bookinfo, '-o', 'json'])
      expect(JSON.parse(j.stdout).routeConfig).to.equal('9080')
      expect(j.stdout.startsWith('{\n    "routeConfig"')).to.equal(true)
      const y = await runCli([...bookinfo, '-o', 'yaml'])
      expect((parse(y.stdout) as {summary: {total: number}}).summary.total).to.equal(9)
    })
  })

  describe('bad input: a clear error and a documented exit code', () => {
    const cases: [string, string[], number, string, RegExp][] = [
      ['unknown route name', ['-c', PRODUCTPAGE, '--route-name', 'nope', '-t', RC('bookinfo-9080.tests.yaml')], 5, 'NOT_FOUND', /has no route configuration named "nope"/],
      ['a dump without --route-name', ['-c', PRODUCTPAGE, '-t', RC('bookinfo-9080.tests.yaml')], 2, 'USAGE', /is a config dump: name the route configuration to check with --route-name/],
      ['a test without input', ['-c', REVIEWS, '-t', RC('bad-no-input.tests.yaml')], 4, 'INPUT_INVALID', /tests\[1\] \(forgot the request\)\.input: required/],
      ['a misspelt field', ['-c', REVIEWS, '-t', RC('bad-unknown-field.tests.yaml')], 4, 'INPUT_INVALID', /unknown field "cluster"/],
      ['a test file that is not YAML', ['-c', REVIEWS, '-t', RC('bad-syntax.tests.yaml')], 4, 'INPUT_INVALID', /is not valid YAML or JSON/],
      ['a missing test file', ['-c', REVIEWS, '-t', RC('nope.yaml')], 3, 'INPUT_UNREADABLE', /no such file/],
      ['a route file that is neither a route config nor a dump', ['-c', RC('bookinfo-9080.tests.yaml'), '-t', RC('bookinfo-9080.tests.yaml')], 4, 'INPUT_INVALID', /is not an Envoy config dump/],
      ['a bad --fail-under', [...bookinfo.slice(1), '--fail-under', '120'], 2, 'USAGE', /--fail-under takes a percentage/],
      // the message comes from BaseCommand's parse-error handling (its first line only)
      ['no --test-path', ['-c', REVIEWS], 2, 'USAGE', /^Error: /],
    ]
    for (const [name, args, code, codeName, message] of cases) {
      it(`${name} → ${code} ${codeName}`, async () => {
        const r = await runCli(['route-check', ...args])
        expect(r.code).to.equal(code)
        expect(r.stdout).to.equal('')
        expect(r.stderr).to.match(message)
        expect(r.stderr).to.not.match(/\n\s+at /)
        const j = await runCli(['route-check', ...args, '--json'])
        expect(j.code).to.equal(code)
        expect(validateEnvelope('envelope-error.json', j.stdout)).to.deep.equal([])
        expect(JSON.parse(j.stdout).error.code).to.equal(codeName)
      })
    }
  })

  it('reads the test file from stdin', async () => {
    const r = await runCli([...bookinfo.slice(0, 5), '-t', '-', '--details'], {stdin: readFileSync(RC('trailing-commas.tests.json'))})
    expect(r.code).to.equal(0)
    expect(r.stdout.split('\n')[0]).to.equal('JSON with trailing commas, as real router_check_tool test files have')
  })
})
