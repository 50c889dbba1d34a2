import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, onTestFinished } from 'vitest'

/** A fresh empty folder for the running test, removed when the test finishes. */
export function tempDir(prefix = 'orgbench-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

/**
 * A fresh empty folder for the tests of the file or describe block it is made in (call it there,
 * not inside a test), removed after they have all run.
 */
export function sharedTempDir(prefix = 'orgbench-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}
