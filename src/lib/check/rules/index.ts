import type {Rule} from '../types.js'
import {certExpiry} from './cert-expiry.js'
import {configDraining, configRejected, configWarming} from './config-state.js'
import {noEndpoints, noHealthyEndpoints, unhealthyEndpoints} from './endpoints.js'
import {expectTrace, routeTests} from './expectations.js'
import {istiodSync} from './istiod-sync.js'
import {proxyReady} from './proxy-ready.js'
import {missingRouteConfig, unknownCluster} from './references.js'
import {type FleetRule, rootCaMismatch} from './root-ca.js'
import {updateRejected} from './update-rejected.js'

/** The per-proxy rules, in report order. docs/check.md documents each id. */
export const RULES: readonly Rule[] = [
  configRejected,
  configWarming,
  configDraining,
  updateRejected,
  unknownCluster,
  missingRouteConfig,
  noEndpoints,
  noHealthyEndpoints,
  unhealthyEndpoints,
  certExpiry,
  istiodSync,
  proxyReady,
  routeTests,
  expectTrace,
]

/** Rules that compare proxies with each other. */
export const FLEET_RULES: readonly FleetRule<string>[] = [rootCaMismatch]

export const RULE_IDS: readonly string[] = [...RULES.map((r) => r.id), ...FLEET_RULES.map((r) => r.id)]
