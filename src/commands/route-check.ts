import {Flags} from '@oclif/core'
import {BaseCommand} from '../lib/cli/base-command.js'
import {MeshscopeError, messageOf} from '../lib/cli/errors.js'
import {ExitCode} from '../lib/cli/exit-codes.js'
import {outputFlag} from '../lib/cli/flags.js'
import {parseDocument} from '../lib/envoy/parse-document.js'
import {toJson, toYaml} from '../lib/render/formats.js'
import {hiddenFailuresHint, routeCheckReport} from '../lib/render/route-check-report.js'
import {type RouteCheckResult, runRouteCheck} from '../lib/routecheck/evaluate.js'
import {routeConfigFrom} from '../lib/routecheck/route-config-source.js'
import {parseRouteCheckTests} from '../lib/routecheck/test-file.js'
import {readInput} from '../lib/source/input.js'

export default class RouteCheck extends BaseCommand<RouteCheckResult> {
  static override summary = "Run Envoy router_check_tool tests against a route configuration"
  static override description =
    'Reads a RouteConfiguration (YAML or JSON), or a config dump plus --route-name, and a test file in the format of ' +
    "Envoy's router_check_tool. Each test's request is routed with the same matcher code as trace-route and its " +
    'expectations (cluster, virtual host, rewrites, redirects, headers, timeout, route metadata) are checked. ' +
    'Exit status: 0 all tests pass, 20 a test failed, 21 coverage below --fail-under.'
  static override examples = [
    '<%= config.bin %> route-check -c routes.yaml -t tests.yaml --details',
    '<%= config.bin %> route-check -c productpage-config-dump.json --route-name 9080 -t tests.yaml --fail-under 80 --detailed-coverage',
  ]

  static override flags = {
    'config-path': Flags.string({char: 'c', description: 'RouteConfiguration file (YAML/JSON), or a config dump with --route-name (- for stdin).', required: true, helpValue: 'ROUTES'}),
    'test-path': Flags.string({char: 't', description: "Test file in router_check_tool's format (YAML or JSON).", required: true, helpValue: 'TESTS'}),
    'route-name': Flags.string({description: 'The route configuration to check when --config-path is a config dump (e.g. 9080).'}),
    details: Flags.boolean({char: 'd', description: 'Print every test name, and each failure under its test.'}),
    'only-show-failures': Flags.boolean({description: 'Print only the failing tests.'}),
    'fail-under': Flags.string({description: 'Fail (exit 21) when route coverage is below this percentage.', helpValue: 'PCT'}),
    covall: Flags.boolean({description: 'Comprehensive coverage: every field of every route must be asserted.'}),
    'detailed-coverage': Flags.boolean({description: 'List the routes no test covers.'}),
    output: outputFlag(['text', 'json', 'yaml'], 'text'),
  }

  async run(): Promise<RouteCheckResult> {
    const {flags} = await this.parse(RouteCheck)
    const failUnder = parseFailUnder(flags['fail-under'])
    if (flags['config-path'] === '-' && flags['test-path'] === '-') {
      throw new MeshscopeError('USAGE', 'only one of --config-path and --test-path can read stdin', ['Save one of them to a file'])
    }
    const routesText = await readInput(flags['config-path'])
    const routes = routeConfigFrom(await parseDocument(routesText), routesText.label, flags['route-name'])
    const testsText = await readInput(flags['test-path'])
    const suite = parseRouteCheckTests(await parseYaml(testsText.text, testsText.label), testsText.label)

    const result = runRouteCheck(routes.config, routes.name, suite, {comprehensive: flags.covall})
    if (result.summary.failed > 0) this.status = ExitCode.ROUTE_CHECK_FAILED
    else if (failUnder !== undefined && result.coverage.percent < failUnder) this.status = ExitCode.ROUTE_CHECK_COVERAGE
    if (flags.verbose) for (const t of result.tests) for (const c of t.caveats) this.note(`${t.name}: ${c}`, true)
    if (this.jsonEnabled()) return result

    if (flags.output === 'json') process.stdout.write(toJson(result))
    else if (flags.output === 'yaml') process.stdout.write(await toYaml(result))
    else {
      const opts = {
        details: flags.details,
        onlyShowFailures: flags['only-show-failures'],
        detailedCoverage: flags['detailed-coverage'],
        comprehensive: flags.covall,
        failUnder,
      }
      process.stdout.write(routeCheckReport(result, opts))
      if (result.summary.failed > 0 && !flags.details && !flags['only-show-failures']) process.stderr.write(hiddenFailuresHint(result))
    }
    return result
  }
}

function parseFailUnder(v: string | undefined): number | undefined {
  if (v === undefined) return undefined
  const n = Number(v.replace(/%$/, ''))
  if (v.trim() === '' || !Number.isFinite(n) || n < 0 || n > 100) {
    throw new MeshscopeError('USAGE', `--fail-under takes a percentage between 0 and 100, not ${JSON.stringify(v)}`, ['meshscope route-check -c routes.yaml -t tests.yaml --fail-under 80'])
  }
  return n
}

/** Test files are YAML (a superset of JSON that also takes the trailing commas real test files have). */
async function parseYaml(text: string, label: string): Promise<unknown> {
  const {parse} = await import('yaml')
  try {
    return parse(text, {maxAliasCount: 100})
  } catch (err) {
    throw new MeshscopeError('INPUT_INVALID', `${label} is not valid YAML or JSON (${messageOf(err).split('\n')[0]})`, [
      "A route-check test file is Envoy router_check_tool's format: {tests: [{test_name, input, validate}]}",
    ])
  }
}
