/**
 * Loading a scenario file: its default export is the options object (scenarios plus optional
 * defaults), or a function (sync or async) returning one.
 */
import { isAbsolute, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { LoadTestConfigError, LoadTestErrorCode } from './loadTestError.ts'
import type { LoadTestOptions } from './options.ts'

/** A file path or URL as a `file:` URL string. */
export function moduleUrlOf(module: string | URL): string {
  if (module instanceof URL) return module.href
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(module)) return module
  return pathToFileURL(isAbsolute(module) ? module : resolve(module)).href
}

/** Import `module` and return its options object; throws {@link LoadTestConfigError} otherwise. */
export async function loadScenarioModule(module: string | URL): Promise<Partial<LoadTestOptions>> {
  const url = moduleUrlOf(module)
  let loaded: { default?: unknown }
  try {
    loaded = (await import(url)) as { default?: unknown }
  } catch (error) {
    const why = error instanceof Error ? error.message.split('\n', 1)[0] : String(error)
    throw new LoadTestConfigError(
      'scenario file',
      `cannot load ${url}: ${why}`,
      LoadTestErrorCode.INVALID_SCENARIO_FILE,
    )
  }
  let value = loaded.default
  if (typeof value === 'function') value = await (value as () => unknown)()
  if (typeof value !== 'object' || value === null) {
    throw new LoadTestConfigError(
      'default export',
      'the scenario file must export default an options object ({ scenarios, ... })',
      LoadTestErrorCode.INVALID_SCENARIO_FILE,
    )
  }
  const options = value as Partial<LoadTestOptions>
  if (!Array.isArray(options.scenarios) || options.scenarios.length === 0) {
    throw new LoadTestConfigError(
      'scenarios',
      'the scenario file exports no scenarios',
      LoadTestErrorCode.INVALID_SCENARIO_FILE,
    )
  }
  return options
}
