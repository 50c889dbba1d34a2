import { type ClauseLocation, type ClauseRef, type ContractReviewTruth, isMultiDocument, itemLocation, locationKey, refLocation } from './contract-review.js'
import { duplicateIds, type TruthContext, type TruthProblem, unknownCategory, unknownInput } from './truth-context.js'

/** Every clause number printed at the start of a line: "9.2 ...", "14.3.1 ...", "S1.4 ...", "A2.10 ...". */
export function clauseNumbers(text: string): Set<string> {
  return new Set([...text.matchAll(/^([A-Z]?\d+(?:\.\d+){1,2})\s/gm)].map((m) => m[1]!))
}

/**
 * Cross-checks contract-review ground truth against the documents it points into: every clause
 * (of a risk, a benign look-alike, or a reference they carry) exists in its document; in a
 * multi-document review every input of the task is listed and every item names its document;
 * no two risks share a clause, and no benign clause is a place where a risk is expected.
 */
export function checkContractReviewTruth(truth: ContractReviewTruth, { inputs, categories }: TruthContext): TruthProblem[] {
  const problems: TruthProblem[] = []
  const clausesOf = new Map<string, Set<string>>()
  const multi = isMultiDocument(truth)

  if (truth.documents) {
    truth.documents.forEach((id, i) => {
      const text = inputs.get(id)
      if (text === undefined) problems.push(unknownInput(`documents.${i}`, id))
      else if (clausesOf.has(id)) problems.push({ field: `documents.${i}`, message: `duplicate document "${id}"` })
      else clausesOf.set(id, clauseNumbers(text))
    })
    for (const [i, id] of (truth.data ?? []).entries()) {
      if (!inputs.has(id)) problems.push(unknownInput(`data.${i}`, id))
      else if (truth.documents.includes(id)) problems.push({ field: `data.${i}`, message: `"${id}" is listed as a document too; a data input has no clauses and is listed once, under "data"` })
    }
    for (const id of inputs.keys()) {
      if (!truth.documents.includes(id) && !(truth.data ?? []).includes(id)) {
        problems.push({ field: 'documents', message: `expected every input of the task to be listed, "${id}" is missing (a document without risks is listed too)` })
      }
    }
  } else {
    if (truth.data !== undefined) problems.push({ field: 'data', message: 'expected no data inputs in a single-document review (list the documents under "documents")' })
    const text = inputs.get(truth.input!)
    if (text === undefined) return [unknownInput('input', truth.input!)]
    clausesOf.set(truth.input!, clauseNumbers(text))
  }
  const documentList = [...clausesOf.keys()].join(', ')

  /** Checks one item's own document field, then that its location exists; returns the location if it does. */
  const checkItem = (field: string, item: { document?: string; clause: string }): ClauseLocation | null => {
    if (multi && item.document === undefined) {
      problems.push({ field: `${field}.document`, message: `expected the input id of the document the clause is in (${documentList})` })
      return null
    }
    if (!multi && item.document !== undefined) {
      problems.push({ field: `${field}.document`, message: `expected no document in a single-document review (the document is "input")` })
      return null
    }
    return checkLocation(field, itemLocation(truth, item))
  }
  const checkLocation = (field: string, at: ClauseLocation): ClauseLocation | null => {
    const document = at.document ?? truth.input!
    const clauses = clausesOf.get(document)
    if (!clauses) {
      problems.push({ field: `${field}.document`, message: `expected one of the documents (${documentList}), got "${document}"` })
      return null
    }
    if (!clauses.has(at.clause)) {
      problems.push({ field: `${field}.clause`, message: `clause ${at.clause} does not exist in ${document}` })
      return null
    }
    return at
  }
  const checkRefs = (field: string, item: { document?: string }, refs: readonly ClauseRef[] | undefined): ClauseLocation[] =>
    (refs ?? []).flatMap((ref, j) => {
      if (!multi && ref.document !== undefined) {
        problems.push({ field: `${field}.${j}.document`, message: 'expected no document in a single-document review (the document is "input")' })
        return []
      }
      const at = checkLocation(`${field}.${j}`, refLocation(truth, item, ref))
      return at ? [at] : []
    })

  const riskAt = new Map<string, string>()
  problems.push(...duplicateIds(truth.risks.map((r, i) => ({ id: r.id, field: `risks.${i}.id` })), 'risk id'))
  truth.risks.forEach((r, i) => {
    if (!categories.has(r.category)) problems.push(unknownCategory(`risks.${i}.category`, r.category, categories))
    const own = checkItem(`risks.${i}`, r)
    const also = checkRefs(`risks.${i}.alsoAt`, r, r.alsoAt)
    checkRefs(`risks.${i}.readWith`, r, r.readWith)
    for (const at of own ? [own, ...also] : also) {
      const key = locationKey(at)
      const other = riskAt.get(key)
      if (other !== undefined && other !== r.id) problems.push({ field: `risks.${i}`, message: `clause ${key} is already where risk "${other}" is expected; a finding can count for one risk only` })
      riskAt.set(key, r.id)
    }
  })
  truth.benign.forEach((b, i) => {
    if (!categories.has(b.resembles)) problems.push(unknownCategory(`benign.${i}.resembles`, b.resembles, categories))
    const at = checkItem(`benign.${i}`, b)
    checkRefs(`benign.${i}.readWith`, b, b.readWith)
    const risk = at && riskAt.get(locationKey(at))
    if (risk) problems.push({ field: `benign.${i}.clause`, message: `clause ${locationKey(at)} is where risk "${risk}" is expected; a benign clause must carry no risk` })
  })
  return problems
}
