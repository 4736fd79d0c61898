/**
 * The live dashboard in a real browser: Debian's Chromium through playwright-core
 * (`CHROMIUM_PATH` overrides `/usr/bin/chromium`). The page renders a chart per panel, their data
 * moves, an alert appears in the failure phase and resolves, nothing is fetched from anywhere but
 * the demo, and the console stays clean. A screenshot lands in `.tmp/dashboard.png`.
 */
import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type Browser, chromium, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Demo, startDemo } from '../src/demo.ts'

/** The page's DOM, as far as these callbacks (run in the browser) read it: no DOM lib in the
 * program, whose `dom` types would also re-type third-party sources. */
declare const document: {
  querySelectorAll(selector: string): Iterable<{ dataset: Record<string, string | undefined> }>
}
type PlotElement = { dataset: Record<string, string | undefined> }

const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const root = fileURLToPath(new URL('../../../', import.meta.url))

describe.skipIf(!existsSync(executablePath))('the live dashboard in Chromium', () => {
  let demo: Demo
  let browser: Browser
  let page: Page
  const consoleErrors: string[] = []
  const foreign: string[] = []

  beforeAll(async () => {
    // A short failure cycle so the failure phase (and its alerts) comes within the test.
    demo = await startDemo({
      port: 0,
      env: {},
      workload: { rate: 100, seed: 7, incidentEvery: 8000, incidentLength: 3000 },
    })
    browser = await chromium.launch({
      executablePath,
      args: process.getuid?.() === 0 ? ['--no-sandbox'] : [],
    })
    page = await browser.newPage({ viewport: { width: 1400, height: 1100 } })
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text())
    })
    page.on('pageerror', (error) => consoleErrors.push(String(error)))
    page.on('request', (request) => {
      const url = new URL(request.url())
      if (url.hostname !== '127.0.0.1') foreign.push(request.url())
    })
    await page.goto(`${demo.url}/`)
  }, 60_000)

  afterAll(async () => {
    await browser?.close()
    await demo?.stop()
  })

  it('renders one chart per panel and their data moves', async () => {
    await page.waitForSelector('.panel .uplot')
    const panels = await page.locator('.panel').count()
    expect(panels).toBeGreaterThanOrEqual(6)
    const points = () =>
      page.$$eval('.panel .uplot', (plots) =>
        plots.map((p) => Number((p as PlotElement).dataset.points ?? 0)),
      )
    const first = await points()
    await page.waitForFunction(
      (before) =>
        [...document.querySelectorAll('.panel .uplot')].some(
          (p, i) => Number((p as PlotElement).dataset.points ?? 0) > (before[i] ?? 0) + 1,
        ),
      first,
      { timeout: 20_000 },
    )
    expect((await points()).every((n) => n > 0)).toBe(true)
  }, 30_000)

  it('shows an alert firing in the failure phase, and resolved after it', async () => {
    await page.waitForSelector('#alerts li[data-state="firing"]', { timeout: 60_000 })
    await page.waitForSelector('#alerts li[data-state="resolved"]', { timeout: 60_000 })
  }, 130_000)

  it('lists traces and draws the waterfall of one with its log lines', async () => {
    await page.waitForSelector('#trace-list li')
    await page.locator('#trace-list li').first().click()
    await page.waitForSelector('#waterfall .row')
    expect(await page.locator('#waterfall .row').count()).toBeGreaterThan(1)
  }, 30_000)

  it('fetches nothing from outside the demo, logs no console error, and saves a screenshot', async () => {
    expect(foreign).toEqual([])
    expect(consoleErrors).toEqual([])
    const dir = join(root, '.tmp')
    mkdirSync(dir, { recursive: true })
    await page.screenshot({ path: join(dir, 'dashboard.png'), fullPage: true })
    expect(existsSync(join(dir, 'dashboard.png'))).toBe(true)
  })
})
