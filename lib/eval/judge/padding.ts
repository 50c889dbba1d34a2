/**
 * Padding for the judge's length-bias check: the same deliverable made longer with sentences that
 * say nothing (no values, no claims about the task), spread over its sections. A judge that
 * scores the padded version higher rewards length, not content.
 */

const EMPTY_SENTENCES = [
  'This part of the document should be read together with the sections around it.',
  'The approach described here is meant to be applied consistently across the organisation.',
  'Everyone involved should be familiar with what this section expects of them.',
  'It is worth revisiting these points as the situation evolves over time.',
  'The intent is to keep things clear, practical and easy to follow for all teams.',
  'Where questions arise, the people responsible should discuss them openly.',
  'These considerations apply in the same spirit to related work as well.',
  'A shared understanding of this section helps the rest of the plan work smoothly.',
  'The details above reflect the general direction rather than a final word.',
  'Good communication between the people involved makes this much easier.',
  'Teams are encouraged to keep this guidance in mind during their daily work.',
  'The overall goal is a dependable outcome that everyone can rely on.',
  'As with any process, common sense and care remain important throughout.',
  'This section is intended to complement, not replace, sound professional judgement.',
  'Feedback from those who use this guidance will help to improve it.',
  'Consistency in how this is applied matters as much as the guidance itself.',
  'It helps to document decisions so that others can follow the reasoning later.',
  'The guidance aims to balance thoroughness with a reasonable pace of work.',
  'People new to the team should be introduced to this section early on.',
  'Keeping the principles simple makes them easier to apply under pressure.',
]

/**
 * `markdown` padded to about `factor` times its length: paragraphs of content-free sentences
 * added at the end of each `##` section in turn, never the same paragraph twice (until the list
 * runs out, then sentences are recombined), so the padding is neither a repeat nor a contradiction.
 */
export function padMarkdown(markdown: string, factor = 2): string {
  const parts = markdown.trimEnd().split(/\n(?=## )/)
  const target = markdown.length * factor
  const extra: string[][] = parts.map(() => [])
  let length = markdown.length
  for (let n = 0; length < target; n++) {
    const a = EMPTY_SENTENCES[n % EMPTY_SENTENCES.length]!
    const b = EMPTY_SENTENCES[(n * 7 + 3 + Math.floor(n / EMPTY_SENTENCES.length)) % EMPTY_SENTENCES.length]!
    const paragraph = a === b ? a : `${a} ${b}`
    extra[n % parts.length]!.push(paragraph)
    length += paragraph.length + 2
  }
  return parts.map((p, i) => [p.trimEnd(), ...extra[i]!].join('\n\n')).join('\n\n') + '\n'
}
