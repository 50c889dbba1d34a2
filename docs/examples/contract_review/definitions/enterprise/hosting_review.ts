import { defineTask } from '../../../../../lib/tasks/schema.js'

export default defineTask({
  id: 'hosting_review',
  track: 'enterprise',
  costCenter: 'legal',
  title: 'Review a short hosting agreement',
  kind: 'execution',
  brief: `You are counsel for the customer, a mid-size retailer, reviewing the provider's draft hosting agreement before signature. Report every clause that is a material risk to the customer: the clause number as printed, a category, a severity (HIGH must change before signature, MEDIUM should be negotiated, LOW is minor), an explanation and the exact amendment wording to propose. Fair, market-standard clauses are not findings. End with an overall risk rating and a short summary.`,
  inputs: [{ id: 'agreement', path: 'hosting/agreement.md', label: 'Hosting Services Agreement (draft)', format: 'markdown' }],
  roles: [
    { id: 'commercial_counsel', name: 'Commercial counsel', focus: 'The commercial clauses of the agreement: fees and payment, liability and remedies.', memoryKey: 'commercial_counsel' },
    { id: 'data_counsel', name: 'Data counsel', focus: 'The clauses on customer data, from the start of the term to its end.', memoryKey: 'data_counsel' },
    { id: 'negotiator', name: 'Negotiator', focus: 'The agreement as a whole, and the wording of every change the review proposes.', memoryKey: 'negotiator' },
  ],
  rubric: [
    { key: 'risk_identification', description: 'Every material risk is found at its clause, and fair clauses are left alone.', weight: 60 },
    { key: 'actionability', description: 'Each amendment is contract text the provider could accept as written.', weight: 40 },
  ],
  deliverable: 'contract_review',
  groundTruth: 'hosting/truth.json',
  composite: { groundTruth: 0.7, checklist: 0, judge: 0.3 },
})
