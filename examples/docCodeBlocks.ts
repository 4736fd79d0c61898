/**
 * The TypeScript code blocks of the user docs, as the docs test compiles them. A block is fenced
 * ```ts (or ```typescript); its info string may add:
 * - `no-check`: an intentionally partial snippet (a fragment, a config excerpt, pseudo-code); it
 *   is not compiled. Use it sparingly: a block that can compile should.
 * - `continues`: compiled together with the block before it in the same file (one program text),
 *   for docs that build one example over several blocks.
 * - `prelude`: not compiled alone; prepended to every later block of the same file. Put it inside
 *   an HTML comment (`<!-- ... -->`) so it does not render: it declares what the snippets assume
 *   (`declare const t: Telemetry`), so they type-check without repeating their setup.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'

/** One code block: where it is and the text compiled for it. */
export interface DocBlock {
  /** Repository-relative path of the Markdown file. */
  doc: string
  /** 1-based line of the first code line in the Markdown file. */
  line: number
  code: string
  /** Blocks joined into this one by `continues`, with their first lines (for messages). */
  parts: Array<{ line: number; lines: number }>
}

const FENCE = /^```(ts|typescript)((?:[ \t]+[\w-]+)*)[ \t]*$/

/** The user docs: README.md, docs/**.md and every package README. */
export function docFiles(root: string): string[] {
  const files = [join(root, 'README.md')]
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name)
      if (entry.isDirectory()) walk(path)
      else if (entry.name.endsWith('.md')) files.push(path)
    }
  }
  walk(join(root, 'docs'))
  for (const entry of readdirSync(join(root, 'packages'), { withFileTypes: true })) {
    if (!entry.isDirectory()) continue
    const readme = join(root, 'packages', entry.name, 'README.md')
    try {
      readFileSync(readme)
      files.push(readme)
    } catch {
      // a package without a README has no blocks
    }
  }
  return files.sort()
}

/** The compiled blocks of one Markdown text, and how many were marked `no-check`. */
export function extractBlocks(doc: string, markdown: string): { blocks: DocBlock[]; skipped: number } {
  const lines = markdown.split('\n')
  const blocks: DocBlock[] = []
  let skipped = 0
  let prelude = ''
  let preludeLines = 0
  for (let i = 0; i < lines.length; i++) {
    const match = FENCE.exec(lines[i] as string)
    if (match === null) continue
    const flags = new Set((match[2] ?? '').trim().split(/\s+/).filter(Boolean))
    const start = i + 1
    let end = start
    while (end < lines.length && !(lines[end] as string).startsWith('```')) end++
    const code = lines.slice(start, end).join('\n')
    i = end
    if (flags.has('prelude')) {
      prelude = `${prelude}${code}\n`
      preludeLines += end - start
      continue
    }
    if (flags.has('no-check')) {
      skipped++
      continue
    }
    const previous = blocks.at(-1)
    if (flags.has('continues') && previous !== undefined && previous.doc === doc) {
      previous.parts.push({ line: start + 1, lines: end - start })
      previous.code = `${previous.code}\n${code}`
      continue
    }
    blocks.push({
      doc,
      line: start + 1,
      code: `${prelude}${code}`,
      parts: [
        ...(preludeLines > 0 ? [{ line: 0, lines: preludeLines }] : []),
        { line: start + 1, lines: end - start },
      ],
    })
  }
  return { blocks, skipped }
}

/** The Markdown line a 0-based line of a block's compiled text came from. */
export function docLine(block: DocBlock, codeLine: number): number {
  let offset = codeLine
  for (const part of block.parts) {
    if (offset < part.lines) return part.line + offset
    offset -= part.lines
  }
  return block.line + codeLine
}

export function relativeDoc(root: string, path: string): string {
  return relative(root, path)
}
