import { readdirSync, readFileSync, rmSync } from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'

/*
 * Vitest never empties its attachments folder, and its HTML reporter copies all of it (as the
 * shard jobs upload it), so a run that attaches starts from an empty one. A blob report names its
 * attachments by path and is merged later: the files that other blob reports of the folder still
 * name are kept, so that shards run one after another on one machine keep each other's.
 */

/** What a Vitest configuration says of its blob reporter: its options and the run's shard. */
export interface BlobSettings {
  root: string
  /** Vitest's `outputFile` setting (one path, or one per reporter). */
  outputFile?: string | Partial<Record<string, string>> | undefined
  /** The blob reporter's own options, when it is configured with them. */
  options?: { outputFile?: string } | undefined
  shard?: { index: number; count: number } | undefined
}

/** The absolute path the blob reporter writes, as Vitest chooses it. */
export function blobReportPath(settings: BlobSettings): string {
  const configured = settings.options?.outputFile ?? (typeof settings.outputFile === 'string' ? settings.outputFile : settings.outputFile?.blob)
  const fallback = settings.shard ? `.vitest-reports/blob-${settings.shard.index}-${settings.shard.count}.json` : '.vitest-reports/blob.json'
  return resolve(settings.root, configured ?? fallback)
}

function filesIn(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name)
  } catch {
    return []
  }
}

/**
 * Empties the attachments folder; with `ownBlob` (the blob report this run writes), keeps the files
 * that the other blob reports in its folder name. The run's own earlier blob is not one of them: it is replaced.
 */
export function clearAttachments(attachmentsDir: string, ownBlob: string | null): void {
  if (ownBlob === null) {
    rmSync(attachmentsDir, { recursive: true, force: true })
    return
  }
  const blobDir = dirname(ownBlob)
  const others = filesIn(blobDir).filter((name) => name !== basename(ownBlob)).map((name) => readFileSync(join(blobDir, name), 'utf8'))
  for (const name of filesIn(attachmentsDir)) {
    // A blob names an attachment by its absolute path, in a JSON string.
    if (!others.some((text) => text.includes(`/${name}"`) || text.includes(`\\\\${name}"`))) rmSync(join(attachmentsDir, name), { force: true })
  }
}
