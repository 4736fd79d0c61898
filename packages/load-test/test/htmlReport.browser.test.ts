import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { chromium } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { renderHtmlReport } from '../src/htmlReport.ts'
import { fakeClockLoadTest } from './drive.ts'

describe('the HTML report in a real browser', { timeout: 60_000 }, () => {
  it('draws both charts from the embedded data, offline, without a script error', async () => {
    const report = await fakeClockLoadTest('html').run({
      scenarios: [
        { name: 'fast', weight: 3, run: (ctx) => ctx.pause(5) },
        { name: 'slow', weight: 1, run: (ctx) => ctx.pause(40) },
      ],
      executor: { type: 'constant-vus', vus: 4, duration: '20s' },
      thresholds: ['p95<50ms over 5s'],
    })
    const file = join(mkdtempSync(join(tmpdir(), 'ft-load-html-')), 'report.html')
    writeFileSync(file, renderHtmlReport(report))
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] })
    try {
      const page = await browser.newPage()
      const errors: string[] = []
      const requests: string[] = []
      page.on('pageerror', (error) => errors.push(error.message))
      page.on('request', (request) => requests.push(request.url()))
      await page.goto(pathToFileURL(file).href)
      await page.waitForSelector('#latency canvas')
      expect(await page.locator('canvas').count()).toBe(2)
      expect(errors).toEqual([])
      expect(requests).toEqual([pathToFileURL(file).href])
      expect(await page.locator('.verdict').textContent()).toBe('PASSED')
      // uPlot's legend lists every series of both charts.
      const legend = await page.locator('.u-legend .u-label').allTextContents()
      expect(legend).toEqual(expect.arrayContaining(['iterations/s', 'errors/s', 'p50', 'p95', 'p99', 'max']))
    } finally {
      await browser.close()
    }
  })
})
