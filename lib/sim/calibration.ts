import { join } from 'node:path'
import { readCalibration } from '../tasks/calibration-file.js'
import { PROJECT_ROOT, type Task } from '../tasks/registry.js'
import { type Difficulty, REFERENCE_PROFILE, SIM_PROFILES, type SimProfile, typicalDetectability } from './profiles.js'
import { UnanswerableRequest } from './unanswerable.js'

/**
 * The simulator follows the real-model calibration of a task (fixtures/calibration/<task>/single-agent.json,
 * read when a task is first simulated, never copied into code): what the real single agent got right
 * or wrong, item by item, sets how easily sim-strong sees each item and how often it errs on it. The
 * same items, with the same chances, serve every topology and the judge; the other profiles keep their
 * competence relative to sim-strong (see `detectability` in profiles.ts). Tasks without a calibration,
 * and items a kind cannot read from the calibration deliverable, keep the typical chances of their
 * difficulty. A calibration file that cannot be read refuses every request about its task (naming the
 * file and field) rather than letting the task fall back to the typical chances unnoticed.
 */

/** What one calibration deliverable says about the simulator's items, by item id. */
export interface ItemOutcomes {
  /** Items the deliverable got right (true) or wrong (false), by the ids the kind gives its items. */
  right: Map<string, boolean>
  /** Where a kind tells finding an item from labelling it: whether every label of a found item was right (else `right` stands for both). */
  exact?: Map<string, boolean>
  /** Traps (decoys, look-alikes, harmful actions) by the kind's key: whether the deliverable fell for it. */
  fooled: Map<string, boolean>
}

/** Reads a kind's items off a calibration deliverable (its structured data, valid for the task's schema). */
export type OutcomeReader = (task: Task, data: unknown) => ItemOutcomes

/**
 * sim-strong's chance of seeing an item the real model got right, and one it got wrong. One
 * real pass is one observation: an item it got right is not certain, one it missed not hopeless.
 */
export const CALIBRATED_DETECTABILITY = { right: 0.97, wrong: 0.15 } as const
/** Multiplier on every profile's error chances (mislabels, slips) for an item the real model got right. */
export const RIGHT_ERROR_SCALE = 0.25
/**
 * sim-strong's chance of falling for a trap the real model fell for, and for one it resisted: the
 * mirror of `CALIBRATED_DETECTABILITY` (a resisted trap is an item got right).
 */
export const CALIBRATED_FALSE_ALARM = { fooled: 1 - CALIBRATED_DETECTABILITY.wrong, resisted: 1 - CALIBRATED_DETECTABILITY.right } as const

/** A task's calibration as the simulator uses it: per item, the share of calibration runs that got it right. */
export interface SimCalibration {
  runs: number
  right: Map<string, number>
  exact: Map<string, number>
  fooled: Map<string, number>
}

type TruthKind = NonNullable<Task['truth']>['kind']
const readers = new Map<TruthKind, OutcomeReader>()

/** Each simulated kind registers how to read its items off a calibration deliverable. */
export function registerOutcomeReader(kind: TruthKind, reader: OutcomeReader): void {
  readers.set(kind, reader)
}

function shares(maps: ReadonlyArray<Map<string, boolean>>): Map<string, number> {
  const out = new Map<string, number>()
  for (const key of new Set(maps.flatMap((m) => [...m.keys()]))) {
    const seen = maps.filter((m) => m.has(key))
    out.set(key, seen.filter((m) => m.get(key)).length / seen.length)
  }
  return out
}

/**
 * The simulator's view of calibration deliverables: item outcomes averaged over runs (pure; the
 * reading is `calibrationOf`). Throws when the task's kind has registered no reader: its module in
 * lib/sim/kinds/ registers one when loaded, and a calibration read before that would be taken for none.
 */
export function simCalibration(task: Task, deliverables: readonly unknown[]): SimCalibration | null {
  const reader = task.truth ? readers.get(task.truth.kind) : undefined
  if (task.truth && !reader && deliverables.length > 0) {
    throw new Error(`no outcome reader is registered for truth kind "${task.truth.kind}": its module in lib/sim/kinds/ registers one when loaded (lib/sim/respond.ts loads them all)`)
  }
  if (!reader || deliverables.length === 0) return null
  const outcomes = deliverables.map((d) => reader(task, d))
  return { runs: deliverables.length, right: shares(outcomes.map((o) => o.right)), exact: shares(outcomes.map((o) => o.exact ?? o.right)), fooled: shares(outcomes.map((o) => o.fooled)) }
}

/** A task's calibration once read: what the simulator uses, or why the file could not be read. */
type CachedCalibration = { calibration: SimCalibration | null } | { unreadable: string }

let cache = new WeakMap<Task, CachedCalibration>()
let fixturesDir: string | null = join(PROJECT_ROOT, 'fixtures')

/**
 * Where calibrations are read from: the project's fixtures unless a test says otherwise; null reads
 * none, so that every item keeps the typical chances of its difficulty (tests of a kind's own mechanics).
 */
export function useCalibrationFixtures(dir: string | null): void {
  fixturesDir = dir
  cache = new WeakMap()
}

/**
 * The task's calibration for the simulator, read once per task; null without one (or for a design
 * task). Throws UnanswerableRequest, at this and every later request about the task, when its file
 * cannot be read: the error names the file and the field.
 */
export function calibrationOf(task: Task): SimCalibration | null {
  const cached = cache.get(task) ?? readSimCalibration(task)
  if ('unreadable' in cached) throw new UnanswerableRequest(`the orgbench simulator cannot follow the calibration of ${task.id}: ${cached.unreadable}`)
  return cached.calibration
}

function readSimCalibration(task: Task): CachedCalibration {
  // A reader may build the kind's items to learn their ids: while it reads, the task is uncalibrated.
  cache.set(task, { calibration: null })
  let read: CachedCalibration
  try {
    const file = task.truth && fixturesDir !== null ? readCalibration(fixturesDir, task.id) : null
    const structured = (file?.runs ?? []).map((r) => r.deliverable).filter((d) => d.kind === 'structured')
    read = { calibration: simCalibration(task, structured.map((d) => (d as { data: unknown }).data)) }
  } catch (e) {
    read = { unreadable: (e as Error).message }
  }
  cache.set(task, read)
  return read
}

/** For tests: the simulator uses this calibration for the task (null: none) instead of reading a file. */
export function setCalibration(task: Task, calibration: SimCalibration | null): void {
  cache.set(task, { calibration })
}

/** An item's chances, for a kind's item function: sim-strong's detectability and the multiplier on error chances. */
export interface ItemChances {
  detectability: number
  errorScale: number
}

/**
 * The chances of an item: from the calibration where it reads the item, typical of its difficulty
 * otherwise. On the standard tier a CRITICAL or HIGH item never falls below its typical chance: the
 * offline suite asserts those must-catch items there.
 */
export function itemChances(task: Task, id: string, difficulty: Difficulty): ItemChances {
  const typical = typicalDetectability(difficulty)
  const calibration = calibrationOf(task)
  const right = calibration?.right.get(id)
  if (right === undefined) return { detectability: typical, errorScale: 1 }
  const exact = calibration!.exact.get(id) ?? right
  const { right: hi, wrong: lo } = CALIBRATED_DETECTABILITY
  const calibrated = lo + (hi - lo) * right
  const asserted = task.tier === 'standard' && (difficulty === 'CRITICAL' || difficulty === 'HIGH')
  return { detectability: asserted ? Math.max(calibrated, typical) : calibrated, errorScale: 1 - (1 - RIGHT_ERROR_SCALE) * exact }
}

/**
 * The chance that `profile` falls for a trap (a decoy, a look-alike, a harmful action, a stray
 * finding): `typical` (the kind's chance for this profile) without a calibration of the trap;
 * otherwise sim-strong's calibrated chance, scaled for other profiles by their false-alarm rate
 * relative to sim-strong's.
 */
export function trapChance(task: Task, profile: SimProfile, key: string, typical: number): number {
  const fooled = calibrationOf(task)?.fooled.get(key)
  if (fooled === undefined) return typical
  const { fooled: hi, resisted: lo } = CALIBRATED_FALSE_ALARM
  return Math.min(1, (lo + (hi - lo) * fooled) * (profile.falseAlarm / SIM_PROFILES[REFERENCE_PROFILE]!.falseAlarm))
}
