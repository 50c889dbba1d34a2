import { esc } from './svg.js'

/** The opening of a self-contained report page, up to and including <body>: title and inline CSS, nothing external. */
export function pageHead(title: string, css: string): string[] {
  return ['<!doctype html>', '<html lang="en">', '<head>', '<meta charset="utf-8">', '<meta name="viewport" content="width=device-width, initial-scale=1">', `<title>${esc(title)}</title>`, `<style>${css}</style>`, '</head>', '<body>']
}
