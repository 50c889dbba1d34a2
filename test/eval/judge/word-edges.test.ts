import { describe, expect, it } from 'vitest'
import { NAME_END, NAME_START } from '../../../lib/eval/judge/word-edges.js'

/** Every place a name is found in a text, at word edges. */
const found = (name: string, text: string) => [...text.matchAll(new RegExp(`${NAME_START}${name}${NAME_END}`, 'giu'))].map((m) => m.index)

describe('NAME_START and NAME_END: a name is found where a word starts and ends, in any script', () => {
  it('finds a name after and before spaces and punctuation, whatever its first and last letters', () => {
    expect(found('Безопасность', 'Безопасность: ok; (Безопасность).')).toEqual([0, 19])
    expect(found('Ασφάλεια', 'Η Ασφάλεια found it')).toEqual([2])
    expect(found('安全审查', '— 安全审查, then')).toEqual([2])
    expect(found('Révision sécurité', 'by the Révision sécurité.')).toEqual([7])
  })

  it('never finds it inside a longer word, before a hyphen, or after a combining mark', () => {
    expect(found('Ασφάλεια', 'της Ασφάλειας')).toEqual([])
    expect(found('Безопасность', 'НеБезопасность')).toEqual([])
    expect(found('安全审查', '安全审查员')).toEqual([])
    expect(found('Ασφάλεια', 'Ασφάλεια-led')).toEqual([])
    // "सुरक्षा" (security) before the vowel sign "ी" is part of another word.
    expect(found('सुरक्षा', 'सुरक्षाी')).toEqual([])
  })

  it('are \\b and (?![\\w-]) on ASCII text', () => {
    for (const text of ['Security Engineer', 'the Security Engineers', 'a Security Engineer-led review', 'xSecurity Engineer', 'Security Engineer_2', '(Security Engineer)']) {
      expect(found('Security Engineer', text)).toEqual([...text.matchAll(/\bSecurity Engineer(?![\w-])/gi)].map((m) => m.index))
    }
  })
})
