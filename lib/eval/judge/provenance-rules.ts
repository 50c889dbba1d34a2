/**
 * The structural provenance rules of the blinder. Each rule removes something that only says who
 * or what produced a deliverable, and only where it is structure: a heading, a label line, a
 * banner, a sign-off, a meta sentence about the document's own making, or the attribution frame at
 * the start of a sentence. No rule rewrites substance and no rule replaces a word inside a sentence:
 * "a Security Engineer approval" and "(DevOps / CI Engineer)" are content and stay as they are.
 * A generic contributor noun the task itself uses ("agent", "reviewer" in a task about an agent
 * called Reviewer; see contributor-nouns.ts) is substance there: only its numbered forms ("Reviewer
 * 2", but not as a bare heading: "### Reviewer 1" of a protocol's roles is a topic), a sign-off
 * ("— the Reviewer"), a first-person role ("As the reviewer, I") and a frame of several after
 * "both" or "all" ("Both reviewers agreed that", "All three experts agreed that"; not "The
 * reviewers found that" nor "Several colleagues reported that") still mark a contributor; what a
 * sentence merges it never marks. A list item ("- Reviewer" in a list of agents) is never a
 * sign-off, nor is an authorship label among the `Key: value` fields of a record ("Sign-off:
 * Security Engineer").
 * A meta sentence goes only when it says nothing else: no number, no clause after a colon (only the
 * part before it goes), and a sentence ends only at a full stop before whitespace ("0.18%" is inside).
 * In the strings of a structured deliverable, where no line rule runs, a sentence that only says
 * who found something ("Flagged by the Security reviewer.") and a "Consolidated from the five
 * reviewers' findings:" frame go too. Provenance inside sentences is left alone;
 * `orgbench calibrate --provenance` measures how much of it still reaches the judge. Fenced code
 * blocks are never touched.
 */

import { ALL_CONTRIBUTOR_NOUNS, type ContributorNoun, nounPattern, nounsBesides } from './contributor-nouns.js'
import { lineKinds } from './fences.js'
import { isListItem, leadsIntoList } from './list-item.js'
import { besideRecordField } from './record-field.js'
import { COUNT, MAKING_VERB, onlyAttribution, type SignOffReader, type SignOffTail, signerPattern, signOffReader, startsWithAuthorLabel } from './sign-off.js'
import { NAME_END, NAME_START, WORD_CHARACTER } from './word-edges.js'
import { escapeRegExp } from '../../text.js'

/** The kinds of rule, as recorded in the judge result. */
export const BLIND_RULES = ['contribution-heading', 'heading-attribution', 'synthesis-heading', 'role-heading', 'role-label', 'banner', 'contributor-label', 'sign-off', 'self-role', 'meta-sentence', 'attribution-frame', 'comment'] as const
/** One kind of structural provenance rule. */
export type BlindRule = (typeof BLIND_RULES)[number]

/** What the rules removed: how many times each kind fired. */
export type BlindCounts = Partial<Record<BlindRule, number>>

/** Structural contributors of any organisation, singular or plural. */
const GENERIC = nounPattern(ALL_CONTRIBUTOR_NOUNS)
/** A numbered contributor of the given nouns ("Reviewer 2", "Specialist B", "Draft #3"); a draft lettered as an option ("**Draft A:**" of a redline) is the subject's. */
const numbered = (nouns: readonly ContributorNoun[]) => String.raw`(?:(?:${nounPattern(nouns)}|editor)\s+(?:#?\d{1,2}|[A-E])|drafts?\s+#?\d{1,2})`
/** A numbered contributor of any noun: a topic only as the bare heading of a task's own noun. */
const NUMBERED = numbered(ALL_CONTRIBUTOR_NOUNS)
/** Nouns of a contributor's remark, as a label names it ("Synthesizer's note:"). */
const NOTE = String.raw`(?:notes?|comments?|remarks?)`
/** Nouns that mark a heading or label as someone's contribution rather than a topic. */
const CONTRIBUTION = String.raw`(?:findings|notes|inputs?|contributions?|drafts?|perspective|critiques?|work)`
/** A cycle or round a contribution belongs to, after its heading ("### Reviewer 2 feedback (cycle 2)"). */
const ROUND = String.raw`(?:\s*\((?:cycle|round)\s+\d{1,2}\))?`
/** Verbs of merging contributions; "integrate" and "incorporate" only as verbs ("integration tests" merge nothing). */
const MERGE_VERB = String.raw`(?:consolidat\w*|merg\w*|synthesi[sz]\w*|combin\w*|reconcil\w*|collat\w*|(?:integrat|incorporat)(?:e|es|ed|ing)|brings? together|brought together|pull(?:s|ed)? together)`
/**
 * A merge verb anywhere: every expression of a merge rule holds one. Tested before them, since the
 * first use of their tests alone (over 2,000 characters) costs a first deliverable about 20 ms.
 */
const HAS_MERGE_VERB = new RegExp(MERGE_VERB, 'i')
/**
 * A character of a meta sentence's own words: anything but a line break, a digit, a colon, a
 * semicolon or a sentence's end. A full stop, "!" or "?" ends a sentence only before whitespace or
 * the end of the line ("12,480.17" and "e.g" are inside one); a digit or a clause after a colon or
 * a semicolon is the work, never the making of the document.
 */
const IN_META = String.raw`(?:[^.!?\n\d:;]|[.!?](?=[^\s\d]))`
/** What contributors hand in, after a possessive ("the reviewers' findings", "the Reviewer's notes"). */
const OWN_WORK = String.raw`(?:drafts?|reports?|reviews?|findings|notes?|work|analys[ie]s|contributions?|perspectives?|inputs?|critiques?|recommendations?|proposals?|assessments?|sections?|outputs?|answers?|comments?|feedback|views?|responses?|suggestions?|points)\b`
/**
 * What stands between a merge verb and the contributors it merged: nothing, since they are its
 * object ("merged the five specialists' reports", "combine the specialists"), or their work and
 * "of", "from" or "by" ("merged the drafts of the three specialists", "the work of the five
 * specialists"). Any other object is what was merged, and contributors after it sit in a phrase of
 * their own: "We consolidate weekend coverage across the three specialists" merges coverage, "We
 * consolidate review ownership so that … two named domain experts" merges ownership.
 */
const MERGED_OBJECT = String.raw`\s+(?:(?:(?:the|all|our|my|their|both)\s+)?(?:${COUNT}\s+)?(?:[\w-]+\s+){0,2}?${OWN_WORK}\s+(?:of|from|by)\s+)?`
/**
 * The end of a meta sentence from its merge verb on: the verb, then as its object (see MERGED_OBJECT) the
 * contributors whose work was merged ("the five specialists", "the reviewers' drafts", "the
 * Reviewer's notes"). A contributor noun counts only as a whole noun, plural or possessive ("the
 * two agent pools" and "the draft policy" are things, not contributors), and never when it is one
 * of the task's own `terms` ("the two EMEA agent pools" of a staffing task). Drafts, contributions
 * and perspectives are not contributors by themselves (see MERGED_REPORTS). Alone, it is the cheap
 * test a text must pass first.
 */
function mergedContributors(terms: readonly ContributorNoun[]): string {
  const noun = String.raw`(?:${nounPattern(nounsBesides(terms))}|contributors?|critiques?)`
  // The makers themselves, after at most a count ("the five specialists"): "the procurement specialists" and "our
  // two IT security experts" are the client's people. A possessive, with up to two words before it, names makers only
  // of their work ("the security and reliability specialists' reports"): "the collection agents' remittance files" are the subject's.
  const makers = String.raw`(?:${COUNT}\s+)?${noun}(?<=s)(?!['’])`
  const work = String.raw`(?:\w+\s+){0,2}?${noun}(?:(?<=s)['’]|['’]s)\s+(?:\w+\s+)?${OWN_WORK}`
  return String.raw`${MERGE_VERB}${MERGED_OBJECT}(?:the|all|our|my|their|both|${COUNT})\s+(?:${makers}|${work}|(?:specialist|review)\s+team)(?!\w)`
}
/**
 * A synthesis's own work, when the sentence says it is one ("This synthesis consolidates five
 * reviews", "This synthesis merges the four drafts"): only then are reviews, reports, analyses,
 * drafts, contributions and perspectives someone's contributions. "We combined the three pool
 * reports", "We reconciled the vendor's two drafts with procurement's record" and "We reconciled the
 * three pension contributions" are the work itself; "the specialists' drafts" names its makers anyway.
 */
const MERGED_REPORTS = String.raw`${MERGE_VERB}${MERGED_OBJECT}(?:${COUNT}\s+(?:\w+\s+){0,2}?(?:reviews|reports|analyses)|(?:the|all|our|their|both|${COUNT})\s+(?:\w+\s+){0,2}?(?:drafts|contributions|perspectives))(?!\w)`
/** The subject of a meta sentence that names the document a synthesis. */
const SYNTHESIS_SUBJECT = String.raw`(?:this|the present)\s+(?:synthesis|consolidation)`
/** Any other subject of a meta sentence: the document, the writer, or what follows. */
const OTHER_SUBJECT = String.raw`(?:(?:this|the present)\s+(?:(?:merged|consolidated|combined|final)\s+(?:document|deliverable|report|version|review|answer)|document|deliverable)|the following|below,?|here,?|i|we)`
/** Where a sentence starts: the start of a line (after a list or quote marker) or after a full stop. */
const SENTENCE_START = String.raw`(?<=^[ \t]*(?:[-*+>][ \t]+|\d{1,2}[.)][ \t]+)?|[.!?][ \t]+)`

const HEADING = /^(#{1,6})\s+(.*?)\s*#*\s*$/

/**
 * What every contribution heading and contributor label holds (a contribution noun, "from", or a
 * contributor noun, as each of those rules requires): a line without it is tested no further.
 */
const CONTRIBUTOR_HINT = new RegExp(`${CONTRIBUTION}|feedback|from|${GENERIC}|drafts?|editor`, 'i')
/**
 * A sentence that says who made the document: "This protocol was prepared by the synthesizer from
 * five specialist reports." (its subject the document or what follows, its verb one of making, in
 * the past) or "The coordinator compiled this plan from the drafts." (the document its object).
 */
const MADE_ACTIVE_VERB = String.raw`(?:prepared|compiled|wrote|drafted|authored|synthesi[sz]ed|consolidated|assembled|produced|put together)`
/** A making verb and "by" ("prepared by"), and an active one and the document ("compiled this"): what a sentence about the document's making holds. */
const MADE_BY = String.raw`${MAKING_VERB}\s+by\s+`
const MADE_THIS = String.raw`${MADE_ACTIVE_VERB}\s+(?:this|the present)\s+`
const DOCUMENT = String.raw`(?:document|deliverable|protocol|report|plan|runbook|synthesis|answer|version|memo|proposal|summary|design|review|analysis|response)`
/** Numbering in front of a heading's text ("1.", "2)", "A."). */
const NUMBERING = /^(?:\d{1,2}|[A-Z])[.)]\s+/

/**
 * The contributors an attribution frame names: the generic noun each stands for (drafts have none:
 * no task's subject makes "the drafts agreed" its own), its pattern, and its plural alone.
 */
const FRAME_NOUNS: ReadonlyArray<readonly [ContributorNoun | null, string, string | null]> = [
  ['specialist', 'specialists?', 'specialists'],
  ['reviewer', 'reviewers?', 'reviewers'],
  ['expert', 'experts?', 'experts'],
  ['colleague', 'colleagues?', 'colleagues'],
  ['sub-agent', 'sub-?agents?', 'sub-?agents'],
  ['coordinator', 'coordinator', null],
  ['synthesizer', String.raw`synthesi[sz]er`, null],
  ['critic', 'critics?', 'critics'],
  [null, 'drafts?', 'drafts'],
]
/**
 * A quantifier that opens a frame: "both" or "all", then "of", "the" or "our" ("all of the", "both
 * our"), or a count ("three reviewers"). Part of a group ("Most specialists agreed that", "Two of the
 * five reviewers flagged that") would turn a view some held into a plain claim.
 */
const QUANTIFIER_HEAD = String.raw`(?:(?:both|all)(?:\s+of)?\s+(?:the\s+|our\s+)?|${COUNT}\s+(?!of\b))`
/**
 * Who an attribution frame names. A frame noun the task does not use: after a quantifier, with an
 * optional count and one word before the noun ("all three senior reviewers", "both specialists"),
 * or after "the"/"our" with at most a count ("the reviewer", "the two specialists"): a word there
 * names a person of the subject ("the external reviewer", "the inventory coordinator", "the L2
 * specialist"). A task's own noun: only in the plural after "both" or "all" ("Both reviewers", "All
 * three experts"), since "The experts agreed that …" of a contract review and "Several colleagues
 * reported that …" of a support ticket are the evidence itself.
 */
function frameSubject(terms: readonly ContributorNoun[]): string {
  const own = (noun: ContributorNoun | null) => noun !== null && terms.includes(noun)
  const free = FRAME_NOUNS.filter(([noun]) => !own(noun)).map(([, pattern]) => pattern).join('|')
  const ownPlural = FRAME_NOUNS.filter(([noun]) => own(noun)).flatMap(([, , plural]) => (plural === null ? [] : [plural]))
  const alternatives = [`${QUANTIFIER_HEAD}(?:${COUNT}\\s+)?(?:\\w+\\s+)?(?:${free})`, `(?:the|our)\\s+(?:${COUNT}\\s+)?(?:${free})`]
  if (ownPlural.length > 0) alternatives.push(`(?:both|all)(?:\\s+of)?\\s+(?:the\\s+|our\\s+)?(?:${COUNT}\\s+)?(?:${ownPlural.join('|')})`)
  return `(?:${alternatives.join('|')})`
}
/**
 * A second verb in the past that shares the frame's subject, joined by "and", "then" or "but", with
 * or without a comma; a participle such as "locked and cached" counts too, which keeps a frame that
 * could have gone rather than garble a sentence.
 */
const SECOND_VERB = /^[^.!?\n]*?(?:\band that\b|\b(?:and|then|but)\s+(?:then\s+)?(?:[a-z]+ed|made|wrote|sent|took|gave|set|put|kept|left|chose|began|found|held|led|ran|saw|told|built|brought|drew|froze|paid|cut|shut|rebuilt|withdrew|undid|rolled back)\b)/i

/** A subject pronoun that can stand for one contributor, and one that stands for several ("I merged their notes" has its own subject). */
const SINGULAR_PRONOUN = /\b(?:it|he|she)\b/i
const PLURAL_PRONOUN = /\bthey\b/i
/** A frame's subject in the plural ("Both reviewers", "The specialists"). */
const PLURAL_SUBJECT = /s\s+(?:(?:independently|all|both)\s+)?(?:agreed|concluded|noted|found|flagged|reported|raised|pointed out|observed|converged)\b/i
/** The rest of a frame's sentence: up to a full stop before whitespace, or the line's end. */
const REST_OF_SENTENCE = /^(?:[^.!?\n]|[.!?](?=\S))*/

/**
 * Whether the rest of a frame's sentence may have the frame's subject as the subject of a clause, a
 * pronoun of its number: without the frame, "it marks the agent SUSPECT" would refer to nothing, and
 * the actor the sentence is about would be gone.
 */
function pronounOfFrameSubject(frame: string, rest: string): boolean {
  const sentence = REST_OF_SENTENCE.exec(rest)![0]
  return (PLURAL_SUBJECT.test(frame) ? PLURAL_PRONOUN : SINGULAR_PRONOUN).test(sentence)
}

/** A frame's connector after its verb: what follows "that" or a colon is a whole clause, so the frame can go. */
const FRAME_CONNECTOR = String.raw`(?:that\s+|:\s*)`

/** The rules' expressions for one set of role names and task nouns, compiled once. */
interface Compiled {
  /** Cheap tests a text must pass before a rule of the kind without its own (SentenceRule.may) is worth running. */
  maySentence: Partial<Record<BlindRule, RegExp>>
  contributionHeading: RegExp[]
  headingAttribution: RegExp
  synthesisHeading: RegExp
  /**
   * A heading's text that is only an organisation's role name, with its possessive or its work
   * after it ("Systems Architect", "Governance Designer recommendations"): the name captured.
   */
  roleHeading: RegExp
  /** A bold label of an organisation's role name at a line's start ("**Emergence Engineer:** …"): its lead, emphasis and name captured. */
  roleLabel: RegExp
  /** Every mention of an organisation's role name, to count what is left. */
  roleMention: RegExp
  /** A separator line, its text captured. */
  banner: RegExp
  /** A text that is only a contributor's name ("Systems Architect", "the Synthesizer"). */
  contributor: RegExp
  label: RegExp[]
  /** A label that is a numbered contributor ("Reviewer 2", "Specialist B"). */
  numberedLabel: RegExp
  /** A label that is a numbered one of the task's own nouns ("Reviewer 1" of a protocol that assigns two reviewers). */
  ownNumberedLabel: RegExp
  /** A label naming a contributor's note at the start of a line that goes on ("Synthesizer's note: …"). */
  labelPrefix: RegExp
  /** A sign-off by a contributor other than the task's own nouns. */
  signOff: SignOffReader
  /** A sign-off by anyone, the task's own nouns too, that fills its line ("— the Reviewer"). */
  signOffAlone: SignOffReader
  sentences: SentenceRule[]
  /** The sentence rules for the strings of a structured deliverable, where no line rule runs: those of prose, then two of their own. */
  stringSentences: SentenceRule[]
}

/**
 * One sentence rule. `frame`: the match is a frame whose sentence goes on (else a whole sentence);
 * `may`: a cheap test a text must pass first (else the kind's); `unlessBefore`: a match the rest of
 * the text goes on from in this way is left as it is; `only`: a match that fails it is left too;
 * `leavesDangling`: a frame whose removal would leave a pronoun of its sentence without its subject
 * is left too.
 */
interface SentenceRule {
  kind: BlindRule
  re: RegExp
  frame: boolean
  may?: Pick<RegExp, 'test'>
  unlessBefore?: RegExp
  leavesDangling?: (match: string, rest: string) => boolean
  only?: (match: string) => boolean
}

/**
 * `terms` are the generic contributor nouns the task uses for its own subject: they are taken for a
 * contributor only when numbered, in a sign-off, in a first-person role or in a frame of several after "both" or "all".
 */
function compile(roles: readonly string[], terms: readonly ContributorNoun[], orgRoles: readonly string[]): Compiled {
  const named = [...roles].sort((a, b) => b.length - a.length).map(escapeRegExp)
  const orgNamed = [...orgRoles].sort((a, b) => b.length - a.length).map(escapeRegExp)
  const orgRole = orgNamed.length === 0 ? '(?!)' : `(?:${orgNamed.join('|')})`
  const who = `(?:${[...named, NUMBERED, nounPattern(nounsBesides(terms))].join('|')})`
  // A sign-off (never a list item) or the writer's own role names a contributor whatever the task's nouns.
  const anyone = `(?:${[...named, NUMBERED, GENERIC].join('|')})`
  // Whose contribution a heading or label names: "Reviewer 2", "the coordinator's", "the security specialist's". A role
  // name or a generic noun only with its possessive ("Security Engineer's", "the agent's"): "Compliance & Ops notes:" of
  // a DeFi design are notes on the topic, "#### Agent notes" of a knowledge-base template a field for the desk's agents.
  // The word before a contributor ("the security specialist's") starts with a letter or digit: a list's "-" is no word.
  const owner = `(?:the\\s+)?(?:${NUMBERED}(?:['’]s?)?|${who}['’]s?|\\w[\\w-]*\\s+${who}['’]s?)`
  const possessive = `(?:the\\s+)?(?:\\w[\\w-]*\\s+)?${who}['’]s?`
  const merged = mergedContributors(terms)
  // A contributor's feedback, only by a role name or a numbered contributor: "Agent feedback" in a
  // support desk's design is its human agents' say on labels, "Reviewer 2 feedback" an organisation's part.
  const byName = `(?:${[...named, NUMBERED].join('|')})`
  const feedback = `(?:feedback\\s+(?:of|from|by)\\s+(?:the\\s+)?${byName}|(?:the\\s+)?${byName}(?:['’]s)?\\s+feedback)${ROUND}\\s*:?$`
  // A meta sentence up to its merged contributors: its subject, then its merge verb within the sentence.
  const meta = String.raw`${SENTENCE_START}(?:${SYNTHESIS_SUBJECT}\b(?:\s+have)?${IN_META}{0,40}?\b(?:${merged}|${MERGED_REPORTS})|${OTHER_SUBJECT}\b(?:\s+have)?${IN_META}{0,40}?\b${merged})`
  const metaHead = new RegExp(meta, 'i')
  // A sentence about the document's making: "This protocol was prepared by the synthesizer", "The coordinator compiled this plan".
  const madeBy = String.raw`${SENTENCE_START}(?:(?:this|the present|the following)\s+(?:[A-Za-z-]+\s+)?${DOCUMENT}\s+(?:was|were|has been|have been)\s+(?:[A-Za-z]+\s+)?${MADE_BY}${signerPattern(who)}|(?:the\s+|our\s+)?${who}\s+(?:has\s+|have\s+)?${MADE_THIS}(?:[A-Za-z-]+\s+){0,2}?${DOCUMENT}\b)`
  // What a text must hold for a meta sentence to be in it (its merge), and for a sentence about the
  // document's making: tested first, these keep the rules' own long expressions, compiled for each
  // set of roles, off most texts.
  const mergeTest = new RegExp(`${merged}|${MERGED_REPORTS}`, 'i')
  const mayMerge = { test: (text: string) => HAS_MERGE_VERB.test(text) && mergeTest.test(text) }
  const mayMadeBy = new RegExp(`${MADE_BY}|${MADE_THIS}`, 'i')
  // Who found something or whose findings were merged, inside a structured deliverable's strings: a role name, a
  // numbered contributor or a noun of review work, never "agent", "colleague", "expert" or "team member" (the
  // people of a support ticket: "Raised by the L1 agent." is the ticket's history).
  const finder = `(?:${[...named, NUMBERED, nounPattern(nounsBesides([...terms, 'agent', 'colleague', 'expert', 'team member']))].join('|')})`
  const foundBy = String.raw`${SENTENCE_START}(?:flagged|raised|identified|spotted|found|noted)\s+by\s+${signerPattern(finder, { modifiers: false })}`
  const namesFinder = new RegExp(`${NAME_START}${finder}${NAME_END}`, 'iu')
  const bareLabels = [NUMBERED, ...(terms.includes('synthesizer') ? [] : [String.raw`synthesi[sz]er`]), ...(terms.includes('coordinator') ? [] : ['coordinator'])]
  const rules: Compiled = {
    maySentence: {
      'self-role': /\bas (?:the|your) /i,
      'attribution-frame': /(?:specialist|reviewer|expert|colleague|agent|coordinator|synthesi[sz]er|critic|draft)s?\s+(?:\w+\s+)?(?:agreed|concluded|noted|found|flagged|reported|raised|pointed out|observed|converged)/i,
    },
    // "## Findings of the Security Engineer", "### Security Engineer's notes", "## Security specialist's findings", "## From Reviewer 2", "## Reviewer 2",
    // "### Reviewer 2 feedback (cycle 2)"
    contributionHeading: [
      new RegExp(`^(?:${CONTRIBUTION}\\s+(?:of|from|by)\\s+|from\\s+)(?:the\\s+|our\\s+)?${who}${ROUND}\\s*:?$`, 'i'),
      new RegExp(`^${owner}\\s+${CONTRIBUTION}${ROUND}\\s*:?$`, 'i'),
      new RegExp(`^${feedback}`, 'i'),
      // A bare numbered heading of a task's own noun is a topic: "### Reviewer 1" under a protocol's "## Roles".
      new RegExp(`^${numbered(nounsBesides(terms))}\\s*:?$`, 'i'),
    ],
    // "### Incident timeline (from the SRE / Reliability Engineer)": the topic stays, the attribution goes.
    // "(by the Security Engineer)" after "Secrets exceptions" says who grants them: only "from" attributes the text.
    headingAttribution: new RegExp(`\\s*(?:\\(from\\s+(?:the\\s+)?(?:${who}|you|me)\\)|[—–-]\\s*from\\s+(?:the\\s+)?${who})\\s*$`, 'i'),
    // "# Synthesis: Code-review protocol", "## Synthesis of the five reviews", "# Consolidated findings"
    synthesisHeading: new RegExp(
      String.raw`^(?:final\s+)?(?:synthesis\s*[:—–-]\s*|synthesis of (?:the\s+)?(?:\w+\s+){0,3}?(?:reviews?|reports?|drafts?|specialists?['’]?(?:\s+\w+)?|experts?['’]?(?:\s+\w+)?|reviewers?['’]?(?:\s+\w+)?|contributions?|inputs?|notes|findings|work|perspectives?)\b\s*[:—–-]?\s*|(?:synthesi[sz]ed|consolidated|merged)\s+(?:deliverable|findings|reviews?|report|version|document|output|answer|view)\b\s*(?:[:—–-]\s*|$))`,
      'i',
    ),
    // "## Systems Architect", "### Procurement Lead", "## Governance Designer recommendations": the part of one role.
    roleHeading: new RegExp(`^(?:the\\s+)?(${orgRole})(?:['’]s?)?(?:\\s+(?:${OWN_WORK}|summary))?\\s*:?$`, 'i'),
    // "**Emergence Engineer:** rebalance …", "- **Emergence Engineer**: rebalance …": a colon inside or after the emphasis.
    roleLabel: new RegExp(`^(\\s*(?:[-*+]\\s+|\\d{1,2}[.)]\\s+)?)(\\*\\*|__)(?:the\\s+)?(${orgRole})\\s*(?::\\2|\\2\\s*:)`, 'i'),
    roleMention: new RegExp(`(?<![${WORD_CHARACTER}-])${orgRole}${NAME_END}`, 'giu'),
    // "=== Systems Architect ===": a separator naming a contributor's part; "=== Phase 1: Detection ===" is a topic.
    banner: /^\s*={3,}\s*([^=\n]+?)\s*={3,}\s*$/,
    contributor: new RegExp(`^(?:from\\s+)?(?:the\\s+)?${who}\\s*:?$`, 'i'),
    numberedLabel: new RegExp(`^(?:from\\s+)?(?:the\\s+)?${NUMBERED}\\s*:?$`, 'i'),
    ownNumberedLabel: terms.length === 0 ? /(?!)/ : new RegExp(`^(?:the\\s+)?${nounPattern(terms)}\\s+(?:#?\\d{1,2}|[A-E])\\s*:?$`, 'i'),
    // A line that only introduces a contributor: "**Reviewer 2:**", "[Synthesizer]", "Security Engineer's notes:", "**Synthesizer's note:**".
    label: [
      new RegExp(`^(?:from\\s+)?(?:the\\s+)?(?:${bareLabels.join('|')})\\s*:?$`, 'i'),
      new RegExp(`^(?:(?:${CONTRIBUTION}\\s+(?:of|from)|from)\\s+(?:the\\s+)?${who}|${owner}\\s+${CONTRIBUTION}|${possessive}\\s+${NOTE})${ROUND}\\s*:?$`, 'i'),
      new RegExp(`^${feedback}`, 'i'),
    ],
    // "**Synthesizer's note:** all five agreed" keeps "all five agreed"; "Note from the coordinator: …" too. A role
    // name's "work:", "input:" or "summary:" heads the work that role is given ("Security Engineer work: triage …").
    // A label with nothing after its emphasis ("**Synthesizer's note:**") is a label line: it goes whole.
    labelPrefix: new RegExp(
      `^[*_]*(?:${possessive}\\s+${NOTE}|(?:${NUMBERED}(?:['’]s)?|(?:${bareLabels.join('|')})['’]s)\\s+(?:${CONTRIBUTION}|${NOTE}|summary)|${NOTE}\\s+(?:of|from|by)\\s+(?:the\\s+)?${who})[*_]*\\s*:[*_]*\\s*(?=\\S)(?![*_]+\\s*$)`,
      'i',
    ),
    // "— The Synthesizer", "Prepared by the coordinator, on behalf of the review team", "Author: Synthesizer" (see sign-off.ts).
    signOff: signOffReader(who),
    signOffAlone: signOffReader(anyone, { alone: true }),
    sentences: [
      {
        // "As the synthesizer, I kept every number." → "I kept every number." Only when the writer
        // speaks: "As the coordinator, the on-call agent pages the owner" says whose role it is.
        kind: 'self-role',
        frame: true,
        re: new RegExp(`${SENTENCE_START}as (?:the|your) (?:${anyone}|lead reviewer|editor)\\s*,\\s*(?=(?:i|we|my|our|here|let (?:me|us))\\b)`, 'gim'),
      },
      // "This synthesis consolidates five reviews.", "Below, I have merged the work of the five specialists."
      // Only a sentence that says nothing else: none with a number after its subject, none going on after a colon,
      // none whose full stop is an abbreviation's ("e.g. the auditors": a sentence starts with no small letter), and
      // none that goes on after its contributors with more than what they were merged into ("… and dropped the
      // Meteora leg entirely" is the work).
      { ...attributionSentence('meta-sentence', meta, who, 'merge'), may: mayMerge },
      // "This protocol was prepared by the synthesizer from five specialist reports.": the same limits as above,
      // and only when the rest says whom it was made from: "… and is renewed every quarter" is the work.
      { ...attributionSentence('meta-sentence', madeBy, who, 'making'), may: mayMadeBy },
      {
        // "We merged the five specialists' reports: the best yield is 0.18%." → "The best yield is 0.18%."
        // Only when nothing but what they were merged into stands before the colon.
        kind: 'meta-sentence',
        frame: true,
        may: mayMerge,
        re: new RegExp(`${meta}${IN_META}*[:;][ \\t]*`, 'gim'),
        only: (match) => {
          const head = metaHead.exec(match)
          return head !== null && onlyAttribution(match.slice(head.index + head[0].length).replace(/[:;]\s*$/, ''), who, 'merge')
        },
      },
      {
        // "Both reviewers agreed that the retry loop is unbounded." → "The retry loop is unbounded."
        // Only before "that" or a colon, which leave a whole sentence ("agreed on a release: …" does not), and only
        // with a verb that asserts what follows: "disagreed that" would turn into its opposite, "recommended that"
        // and "proposed that" would leave a subjunctive ("The range be widened") and a proposal stated as a fact.
        // with a task's own noun only after "both" or "all" ("Both reviewers"): "The Reviewer found that …", "The
        // experts agreed that …" and "Several colleagues reported that …" are content, and so is "The external reviewer noted that …".
        kind: 'attribution-frame',
        frame: true,
        re: new RegExp(
          `${SENTENCE_START}${frameSubject(terms)}\\s+(?:(?:independently|all|both)\\s+)?(?:agreed|concluded|noted|found|flagged|reported|raised|pointed out|observed|converged)\\s*${FRAME_CONNECTOR}`,
          'gim',
        ),
        // "agreed that the range is ±8%, and that the leg is optional": the second "that" would be left dangling.
        // "found that Worker B was hung and paged the operator" (", then paged", "but chose"): the second verb's
        // subject is the frame's, and without the frame it would be Worker B's.
        unlessBefore: SECOND_VERB,
        // "The coordinator observed that heartbeats stopped: it marks the agent SUSPECT": "it" is the coordinator.
        leavesDangling: pronounOfFrameSubject,
      },
    ],
    stringSentences: [
      // "Flagged by the Security reviewer." inside a finding's explanation: a sentence that only says who found it.
      { ...attributionSentence('sign-off', foundBy, finder, 'attribution'), may: /\b(?:flagged|raised|identified|spotted|found|noted)\s+by\b/i },
      {
        // "Consolidated from the five reviewers' findings: the endpoint interpolates …" → "The endpoint interpolates …"
        kind: 'meta-sentence',
        frame: true,
        may: /\b(?:consolidated|merged|compiled|combined|synthesi[sz]ed|collated)\s+from\b/i,
        re: new RegExp(`${SENTENCE_START}(?:consolidated|merged|compiled|combined|synthesi[sz]ed|collated)\\s+from\\s+${IN_META}{1,80}?:[ \\t]*`, 'gim'),
        only: (match) => {
          const from = match.replace(/^\S+\s+from\s+/i, '').replace(/:\s*$/, '')
          return namesFinder.test(from) && onlyAttribution(from, finder, 'making')
        },
      },
    ],
  }
  // The strings of a structured deliverable get every sentence rule, built once here rather than for each string.
  return { ...rules, stringSentences: [...rules.sentences, ...rules.stringSentences] }
}

/**
 * A whole sentence that starts with `head` (which ends at a contributor) and whose rest holds only
 * contributors and the words of `tail` (see onlyAttribution): no number, nothing after a colon, and
 * no full stop of an abbreviation ("e.g. the auditors") as its end.
 */
function attributionSentence(kind: BlindRule, head: string, contributor: string, tail: SignOffTail): SentenceRule {
  // `u` for the edges of a signer's name (see word-edges.ts).
  const headRe = new RegExp(head, 'iu')
  return {
    kind,
    frame: false,
    re: new RegExp(`${head}${IN_META}*(?:[.!?](?=\\s|$)|(?=\\n|$))[ \\t]*`, 'gimu'),
    unlessBefore: /^[a-z]/,
    only: (match) => {
      const found = headRe.exec(match)
      return found !== null && onlyAttribution(match.slice(found.index + found[0].length), contributor, tail)
    },
  }
}

const compiled = new Map<string, Compiled>()
function rulesFor(roles: readonly string[], terms: readonly ContributorNoun[], orgRoles: readonly string[] = []): Compiled {
  const key = `${roles.join('\u0000')}\u0001${terms.join('\u0000')}\u0001${orgRoles.join('\u0000')}`
  let c = compiled.get(key)
  if (!c) compiled.set(key, (c = compile(roles, terms, orgRoles)))
  return c
}

/**
 * The first word of a text when it reads as a plain word: lower-case letters only, with a vowel,
 * ending at a space, punctuation or the text's end. Identifiers are not: "fetch_rows()", "p99",
 * "npm", "x-request-id", "a.out", "iOS".
 */
const PLAIN_FIRST_WORD = /^[a-z]*[aeiouy][a-z]*(?=[\s,;:!?'’)]|\.(?!\w)|$)/
/** A text that now starts a sentence: a plain first word gets its capital, any other stays as written. */
const sentenceCase = (text: string) => (PLAIN_FIRST_WORD.test(text) ? `${text.charAt(0).toUpperCase()}${text.slice(1)}` : text)

const bump = (counts: BlindCounts, kind: BlindRule) => (counts[kind] = (counts[kind] ?? 0) + 1)

/** Longer lines are prose, never a label alone. */
const SHORT_LINE = 120

/** Where a line sits: in a list (one of its items) or beside the fields of a record ("Ticket: …", "Retention: …"). */
interface LineContext {
  list: () => boolean
  record: () => boolean
  /** The next non-blank line is a list's item. */
  leadsList: () => boolean
  /** The neutral label that stands for a role name in this document: the same for every mention of one role. */
  neutralLabel: (role: string) => string
  /** The line sits under a heading about roles or owners ("## Owners"), where a role's name is the topic. */
  underRoleTopic: boolean
}

/**
 * One line through the line rules: the line to keep, or null to drop it. A list item is never a
 * sign-off, nor is an authorship label among a record's fields ("Sign-off: Security Engineer" of a
 * PCI change record).
 */
function blindLine(line: string, rx: Compiled, counts: BlindCounts, within: LineContext): string | null {
  const h = HEADING.exec(line)
  if (h) {
    const topic = h[2]!.replace(NUMBERING, '').replace(/[*_]/g, '')
    if (CONTRIBUTOR_HINT.test(topic) && rx.contributionHeading.some((re) => re.test(topic))) return bump(counts, 'contribution-heading'), null
    let text = h[2]!
    const stripped = text.replace(rx.headingAttribution, '')
    if (stripped !== text && stripped.trim() !== '') {
      bump(counts, 'heading-attribution')
      text = stripped
    }
    const label = rx.synthesisHeading.exec(text)
    if (label) {
      bump(counts, 'synthesis-heading')
      const rest = text.slice(label[0].length).trim()
      if (rest === '') return null
      text = sentenceCase(rest)
    }
    const numbering = NUMBERING.exec(text)?.[0] ?? ''
    const topicAfterNumbering = text.slice(numbering.length).replace(/[*_]/g, '').trim()
    const role = within.underRoleTopic ? null : rx.roleHeading.exec(topicAfterNumbering)
    if (role) {
      bump(counts, 'role-heading')
      return `${h[1]} ${numbering}${within.neutralLabel(role[1]!)}${headingSuffix(topicAfterNumbering, role[1]!)}`
    }
    return text === h[2] ? line : `${h[1]} ${text}`
  }
  const banner = line.includes('===') ? rx.banner.exec(line) : null
  if (banner) {
    const text = banner[1]!.replace(/[*_]/g, '').trim()
    if (rx.contributor.test(text) || rx.contributionHeading.some((re) => re.test(text))) return bump(counts, 'banner'), null
  }
  // A sign-off is known by its start, however long the line; a sentence after its own stays. A list item is none.
  const signedOff = within.list() ? null : (rx.signOff(line) ?? rx.signOffAlone(line))
  if (signedOff !== null && !(startsWithAuthorLabel(line) && within.record())) return bump(counts, 'sign-off'), signedOff === '' ? null : signedOff
  const labelled = rx.labelPrefix.exec(line.trimStart())
  if (labelled) {
    bump(counts, 'contributor-label')
    // What the label introduced now starts the line: a capital, as a frame's rest gets one.
    return sentenceCase(line.trimStart().slice(labelled[0].length))
  }
  const roleLabel = !within.underRoleTopic && BOLD_START.test(line) ? rx.roleLabel.exec(line) : null
  if (roleLabel) {
    bump(counts, 'role-label')
    const [whole, lead, emphasis, role] = roleLabel as unknown as [string, string, string, string]
    return `${lead}${emphasis}${within.neutralLabel(role)}:${emphasis}${line.slice(whole.length)}`
  }
  // A label alone is a short line; prose is left alone without running its expressions.
  if (line.length > SHORT_LINE) return line
  // The bare line is a part of the line: without the hint in the line, it has none either.
  if (CONTRIBUTOR_HINT.test(line)) {
    const bare = line.trim().replace(/^[*_[]+|[*_\]]+$/g, '').replace(/[*_]+\s*:?$/, '').trim()
    // "**Coordinator:**" above "- Planner (default)" heads the list of who holds the role, and so does "**Reviewer 1:**"
    // above the first reviewer's duties where reviewers are the task's own; another numbered contributor's label is one's part.
    if (bare !== '' && rx.label.some((re) => re.test(bare))) {
      const leadIn = rx.label[0]!.test(bare) && (!rx.numberedLabel.test(bare) || rx.ownNumberedLabel.test(bare)) && within.leadsList()
      if (!leadIn) return bump(counts, 'contributor-label'), null
    }
  }
  return line
}

/**
 * A heading whose section assigns work to roles ("## Owners", "## Roles and responsibilities",
 * "## RACI"): a role's name under it is the topic ("### Security Engineer" and what that role owns),
 * and is left as written.
 */
const ROLE_TOPIC = /\b(?:roles?|owners?|ownership|responsibilit\w*|raci|accountab\w*|who does what)\b/i

/** A line that opens with emphasis, after an optional list marker: the only kind a role label can be. */
const BOLD_START = /^\s*(?:[-*+]\s+|\d{1,2}[.)]\s+)?(?:\*\*|__)/

/** What a role heading had after its name ("recommendations" of "Governance Designer recommendations"), as the neutral heading keeps it. */
function headingSuffix(topic: string, role: string): string {
  const rest = topic.replace(/^the\s+/i, '').slice(role.length).replace(/^['’]s?/, '').replace(/\s*:$/, '').trim()
  return rest === '' ? '' : ` ${rest}`
}

/** The neutral label of the n-th role named in a document: "Part A", "Part B", …, then "Part 27" on. */
const partLabel = (n: number) => `Part ${n < 26 ? String.fromCharCode(65 + n) : n + 1}`

/** Applies the sentence rules to prose (no code fences inside). */
function blindProse(text: string, rx: Compiled, counts: BlindCounts, rules: readonly SentenceRule[] = rx.sentences): string {
  let out = text
  for (const rule of rules) {
    const may = rule.may ?? rx.maySentence[rule.kind]
    if (may && !may.test(out)) continue
    let fired = false
    out = out.replace(rule.re, (match: string, ...args: unknown[]) => {
      const [offset, whole] = args.slice(-2) as [number, string]
      const rest = whole.slice(offset + match.length)
      if (rule.unlessBefore?.test(rest) || (rule.only && !rule.only(match)) || rule.leavesDangling?.(match, rest)) return match
      fired = true
      bump(counts, rule.kind)
      // A frame leaves the rest of its sentence, which now starts the sentence: mark it for a capital.
      // A removed sentence is marked too, so that a line it leaves empty goes with it, and the space before it at a line's end.
      return rule.frame ? '\u0000' : '\u0001'
    })
    // Without a marker (none put, none in the text before), there is nothing to tidy.
    if (!fired && !out.includes(rule.frame ? '\u0000' : '\u0001')) continue
    out = rule.frame ? out.replace(/\u0000([a-z]\S*)/g, (_m, word: string) => sentenceCase(word)).replace(/\u0000/g, '') : out.replace(/^[ \t]*(?:>[ \t]*)*\u0001[ \t]*(?:\n|$)/gm, '').replace(/[ \t]*\u0001[ \t]*$/gm, '').replace(/\u0001/g, '')
  }
  return out
}

/**
 * Prose without its HTML comments: a page never shows them, and a synthesizer's "<!-- merged from
 * five drafts -->" would tell the judge who wrote it. A line a comment filled alone goes with it.
 */
function withoutComments(text: string, counts: BlindCounts): string {
  if (!text.includes('<!--')) return text
  const marked = text.replace(/<!--[\s\S]*?-->/g, () => {
    bump(counts, 'comment')
    return '\u0001'
  })
  return marked.replace(/^[ \t]*\u0001[ \t]*(?:\n|$)/gm, '').replace(/[ \t]*\u0001[ \t]*$/gm, '').replace(/\u0001/g, '')
}

/**
 * Applies the sentence rules to one string (a value inside a structured deliverable). `terms` are
 * the generic contributor nouns the task itself uses (see contributor-nouns.ts).
 */
export function blindSentences(text: string, roles: readonly string[], counts: BlindCounts, terms: readonly ContributorNoun[] = []): string {
  const rx = rulesFor(roles, terms)
  return blindProse(text, rx, counts, rx.stringSentences)
}

/**
 * Applies every rule to a markdown document, outside fenced code blocks; `counts` receives what
 * fired. `terms` are the generic contributor nouns the task itself uses (see contributor-nouns.ts).
 */
export function blindMarkdown(text: string, roles: readonly string[], counts: BlindCounts, terms: readonly ContributorNoun[] = [], orgRoles: readonly string[] = []): string {
  const rx = rulesFor(roles, terms, orgRoles)
  const labels = new Map<string, string>()
  const neutralLabel = (role: string) => {
    const key = role.toLowerCase()
    let label = labels.get(key)
    if (label === undefined) labels.set(key, (label = partLabel(labels.size)))
    return label
  }
  const out: string[] = []
  let prose: string[] = []
  const flush = () => {
    if (prose.length > 0) out.push(blindProse(withoutComments(prose.join('\n'), counts), rx, counts))
    prose = []
  }
  const lines = text.split('\n')
  const kinds = lineKinds(lines)
  // The headings above the current line, each with whether it is about roles (see ROLE_TOPIC).
  const sections: Array<{ level: number; roleTopic: boolean }> = []
  for (const [i, line] of lines.entries()) {
    if (kinds[i] !== 'prose') {
      flush()
      out.push(line)
      continue
    }
    const heading = line.startsWith('#') ? HEADING.exec(line) : null
    if (heading) while (sections.length > 0 && sections.at(-1)!.level >= heading[1]!.length) sections.pop()
    const underRoleTopic = sections.some((s) => s.roleTopic)
    if (heading) sections.push({ level: heading[1]!.length, roleTopic: ROLE_TOPIC.test(heading[2]!) })
    const kept = blindLine(line, rx, counts, { list: () => isListItem(lines, i), record: () => besideRecordField(lines, i), leadsList: () => leadsIntoList(lines, i), neutralLabel, underRoleTopic })
    if (kept !== null) prose.push(kept)
  }
  flush()
  return withoutExposedRule(lines, out.join('\n').split('\n')).join('\n')
}

/** A thematic break: "---", "***", "___", "- - -". */
const THEMATIC_BREAK = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/

const lastNonBlank = (lines: readonly string[]): number => lines.findLastIndex((l) => l.trim() !== '')

/**
 * The blinded lines without a thematic break that a removal left at the document's end ("---" above
 * a removed sign-off): a deliverable that ends on a rule has had something cut after it. A rule the
 * writer put last stays, and so does a "---" right under a line of text (it underlines a heading).
 */
function withoutExposedRule(before: readonly string[], after: string[]): string[] {
  const written = lastNonBlank(before)
  if (written >= 0 && THEMATIC_BREAK.test(before[written]!)) return after
  const last = lastNonBlank(after)
  if (last < 0 || !THEMATIC_BREAK.test(after[last]!) || (last > 0 && after[last - 1]!.trim() !== '')) return after
  return after.slice(0, last)
}

/** How often the organisation's role names (`orgRoles`) are mentioned in a text: what blinding left of them. */
export function roleMentions(text: string, roles: readonly string[], terms: readonly ContributorNoun[], orgRoles: readonly string[]): number {
  if (orgRoles.length === 0) return 0
  return text.match(rulesFor(roles, terms, orgRoles).roleMention)?.length ?? 0
}
