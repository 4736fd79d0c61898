/**
 * Regenerates docs/images/dashboard.png: starts the demo on a free port with a short failure
 * cycle, opens the dashboard in Chromium (playwright-core; `CHROMIUM_PATH` overrides
 * `/usr/bin/chromium`), waits until an alert has fired and every chart has points, and saves
 * the page. Run: `pnpm demo:screenshot`.
 */
import { mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'
import { startDemo } from '../src/demo.ts'

/** The page's DOM, as far as these callbacks (run in the browser) read it: no DOM lib in the
 * program, whose `dom` types would also re-type third-party sources. */
declare const document: {
  querySelectorAll(selector: string): Iterable<{ dataset: Record<string, string | undefined> }>
}
type PlotElement = { dataset: Record<string, string | undefined> }

const out = fileURLToPath(new URL('../../../docs/images/dashboard.png', import.meta.url))
mkdirSync(fileURLToPath(new URL('../../../docs/images/', import.meta.url)), { recursive: true })

const demo = await startDemo({
  port: 0,
  env: {},
  workload: { rate: 60, seed: 7, incidentEvery: 8000, incidentLength: 3000 },
})
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: process.getuid?.() === 0 ? ['--no-sandbox'] : [],
})
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1100 } })
  await page.goto(`${demo.url}/`)
  await page.waitForSelector('#alerts li[data-state="firing"]', { timeout: 60_000 })
  await page.waitForFunction(
    () =>
      [...document.querySelectorAll('.panel .uplot')].every(
        (p) => Number((p as PlotElement).dataset.points ?? 0) >= 12,
      ),
    undefined,
    { timeout: 60_000 },
  )
  await page.waitForSelector('#waterfall .row')
  await page.screenshot({ path: out, fullPage: true })
  console.log(`wrote ${out}`)
} finally {
  await browser.close()
  await demo.stop()
}
