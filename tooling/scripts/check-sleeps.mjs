#!/usr/bin/env node
/**
 * check-sleeps: fail when a test file waits on wall time. Tests wait for the event that says the
 * thing happened (@foundation-telemetry/testing) or drive a fake clock / fake timers; a line where
 * a real timer is itself the subject carries `// timer-under-test`.
 *
 * Scans every tracked or untracked (not ignored) *.test.*, *.spec.*, *.test-d.ts and test/**
 * source file. Prints `file:line:column  rule  code` per finding and exits 1, or prints a count
 * line and exits 0. The marker counts on the offending line itself, or on a comment-only line
 * directly above or below it.
 *
 *   node tooling/scripts/check-sleeps.mjs [--root DIR] [files...]
 */
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { relative, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

/** The marker that allows a real timer on its line. */
export const MARKER = '// timer-under-test'

/**
 * The rules, matched against code with comments and string contents blanked out. `fakeTimersOk`
 * rules are allowed in files that switch to fake timers (`vi.useFakeTimers()`), where they do not
 * wait on wall time.
 */
export const RULES = [
  {
    id: 'promise-timeout',
    pattern:
      /new\s+Promise\s*(?:<[^>]*>)?\s*\(\s*(?:\(\s*)?\w*\s*(?:,\s*\w+\s*)?\)?\s*=>\s*\{?\s*(?:globalThis\.)?setTimeout\s*\(/,
    message: 'a promise resolved by setTimeout is a sleep',
    fakeTimersOk: false,
  },
  {
    id: 'set-timeout',
    pattern: /(?<![\w$]\.|[\w$])(?:(?:globalThis|window|global|timers)\.)?setTimeout\s*\(/,
    message: 'setTimeout in a test waits on wall time',
    fakeTimersOk: true,
  },
  {
    id: 'set-interval',
    pattern: /(?<![\w$]\.|[\w$])(?:(?:globalThis|window|global|timers)\.)?setInterval\s*\(/,
    message: 'setInterval in a test polls on wall time',
    fakeTimersOk: true,
  },
  { id: 'sleep', pattern: /(?<![\w$])sleep\s*\(/, message: 'sleep()', fakeTimersOk: false },
  { id: 'delay', pattern: /(?<![\w$.])delay\s*\(/, message: 'delay()', fakeTimersOk: false },
  {
    id: 'timers-promises',
    pattern: /timers\/promises/,
    message: 'timers/promises waits on wall time',
    fakeTimersOk: false,
  },
  {
    id: 'wait-for-timeout',
    pattern: /\bwaitForTimeout\s*\(/,
    message: 'waitForTimeout is a sleep',
    fakeTimersOk: false,
  },
  {
    id: 'scheduler-wait',
    pattern: /\bscheduler\.wait\s*\(/,
    message: 'scheduler.wait is a sleep',
    fakeTimersOk: false,
  },
  {
    id: 'atomics-wait',
    pattern: /\bAtomics\.wait\s*\(/,
    message: 'Atomics.wait blocks the thread',
    fakeTimersOk: false,
  },
]

const TEST_FILE = /(?:\.(?:test|spec)\.[cm]?[jt]sx?|\.test-d\.ts)$/
const TEST_DIR_FILE = /(?:^|\/)tests?\/.+\.[cm]?[jt]sx?$/
const EXCLUDED = /(?:^|\/)(?:node_modules|dist|coverage|\.git|fixtures?)\//

/** Whether a repository-relative path is a test file this checker scans. */
export function isTestFile(path) {
  const p = path.replaceAll('\\', '/')
  if (EXCLUDED.test(p)) return false
  return TEST_FILE.test(p) || TEST_DIR_FILE.test(p)
}

/**
 * Blank out comments and the contents of string, template and regex literals (keeping quotes,
 * newlines and columns), so rules only see code: a test named 'does not sleep()' is not a sleep.
 */
export function codeOnly(source) {
  const out = source.split('')
  const blank = (from, to) => {
    for (let k = from; k < to; k++) if (out[k] !== '\n') out[k] = ' '
  }
  let i = 0
  let lastSignificant = ''
  while (i < source.length) {
    const c = source[i]
    const next = source[i + 1]
    if (c === '/' && next === '/') {
      const end = source.indexOf('\n', i)
      const stop = end === -1 ? source.length : end
      blank(i, stop)
      i = stop
      continue
    }
    if (c === '/' && next === '*') {
      const end = source.indexOf('*/', i + 2)
      const stop = end === -1 ? source.length : end + 2
      blank(i, stop)
      i = stop
      continue
    }
    if (c === '"' || c === "'" || c === '`') {
      let j = i + 1
      while (j < source.length && source[j] !== c) {
        if (source[j] === '\\') j++
        else if (c !== '`' && source[j] === '\n') break
        j++
      }
      blank(i + 1, Math.min(j, source.length))
      i = j + 1
      lastSignificant = c
      continue
    }
    if (c === '/' && (lastSignificant === '' || '(,=:[!&|?{};+-*%<>~^'.includes(lastSignificant))) {
      let j = i + 1
      let inClass = false
      while (j < source.length && source[j] !== '\n') {
        if (source[j] === '\\') j++
        else if (source[j] === '[') inClass = true
        else if (source[j] === ']') inClass = false
        else if (source[j] === '/' && !inClass) break
        j++
      }
      if (source[j] === '/') {
        blank(i + 1, j)
        i = j + 1
        lastSignificant = '/'
        continue
      }
    }
    if (!/\s/.test(c)) lastSignificant = c
    i++
  }
  return out.join('')
}

/**
 * Find wall-time waits in one test file's source. Pure: no I/O.
 * @param {string} source
 * @returns {Array<{ line: number, column: number, rule: string, message: string, text: string }>}
 */
export function findSleeps(source) {
  const findings = []
  const rawLines = source.split('\n')
  const codeLines = codeOnly(source).split('\n')
  const fakeTimers = /\b(?:vi|jest)\.useFakeTimers\s*\(/.test(codeOnly(source))
  for (let n = 0; n < codeLines.length; n++) {
    const raw = rawLines[n] ?? ''
    if (isMarked(rawLines, codeLines, n)) continue
    const code = codeLines[n] ?? ''
    // timers/promises lives in a string literal (an import specifier): match it on the raw line.
    for (const rule of RULES) {
      if (rule.fakeTimersOk && fakeTimers) continue
      const haystack = rule.id === 'timers-promises' ? importLine(raw, code) : code
      const match = rule.pattern.exec(haystack)
      if (!match) continue
      findings.push({
        line: n + 1,
        column: match.index + 1,
        rule: rule.id,
        message: rule.message,
        text: raw.trim(),
      })
      if (rule.id === 'promise-timeout') break
    }
  }
  return findings
}

/**
 * A line is marked when it carries the marker, or when a comment-only line directly above or
 * below does (the first line inside a multi-line timer callback, or a note above the call).
 */
function isMarked(rawLines, codeLines, n) {
  if ((rawLines[n] ?? '').includes(MARKER)) return true
  for (const k of [n - 1, n + 1]) {
    const raw = rawLines[k]
    if (raw?.includes(MARKER) && (codeLines[k] ?? '').trim() === '') return true
  }
  return false
}

function importLine(raw, code) {
  return /\b(?:import|from|require)\b|import\s*\(/.test(code) ? raw : ''
}

/** Test files in the git work tree at `root`: tracked plus untracked, not ignored. */
export function listTestFiles(root) {
  const output = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  })
  return [...new Set(output.split('\0').filter(Boolean))].filter(isTestFile).sort()
}

function main(argv) {
  let root = process.cwd()
  const files = []
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--root') root = resolve(argv[++i] ?? '.')
    else files.push(argv[i])
  }
  const targets = files.length > 0 ? files.map((f) => relative(root, resolve(f))) : listTestFiles(root)
  let total = 0
  const offenders = new Set()
  for (const file of targets) {
    let source
    try {
      source = readFileSync(resolve(root, file), 'utf8')
    } catch {
      continue // listed by git but deleted in the work tree
    }
    for (const f of findSleeps(source)) {
      total++
      offenders.add(file)
      console.log(`${file}:${f.line}:${f.column}  ${f.rule}  ${f.text}`)
    }
  }
  if (total > 0) {
    console.log(
      `\ncheck-sleeps: ${total} wall-time wait${total === 1 ? '' : 's'} in ${offenders.size} of ${targets.length} test files.` +
        `\nWait for an event (@foundation-telemetry/testing), drive a fake clock or vi.useFakeTimers(), or mark a line` +
        ` whose subject is a real timer with ${MARKER}.`,
    )
    return 1
  }
  console.log(`check-sleeps: 0 wall-time waits in ${targets.length} test files.`)
  return 0
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exitCode = main(process.argv.slice(2))
}

export { main as runCheckSleeps }
export const scriptPath = fileURLToPath(import.meta.url)
