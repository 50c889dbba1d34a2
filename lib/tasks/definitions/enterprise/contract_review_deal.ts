import { CONTRACT_CATEGORIES } from '../../kinds/contract-review.js'
import { mergeCategories, renderCategories } from '../../categories.js'
import { defineTask } from '../../schema.js'

/** Categories this review adds to the contract-review defaults. */
const categories = [
  {
    id: 'precedence',
    description: 'which contract document or clause prevails when the documents conflict',
    synonyms: ['order of precedence', 'priority of documents', 'conflict clause', 'hierarchy of documents', 'prevails'],
  },
  {
    id: 'termination_rights',
    description: 'when either party may end or suspend the contract, or part of it, before the term expires, and at what cost',
    synonyms: ['termination', 'right to terminate', 'early exit', 'cancellation'],
  },
  {
    id: 'usage_metering',
    description: 'how use of the service is counted against the licensed volumes, and what use beyond them costs',
    synonyms: ['metering', 'overage', 'licensed volume', 'usage limits', 'excess usage', 'volume fee'],
  },
  {
    id: 'service_levels',
    description: 'the service levels themselves, including response and recovery commitments: what is measured, how, at what volumes, and what is excluded from the measurement',
    synonyms: ['sla', 'availability', 'uptime', 'service level'],
  },
  {
    id: 'implementation',
    description: 'the project that sets the platform up: its scope and fixed price, its plan, the acceptance of its results, and the remedies for its delay or defects',
    synonyms: ['go-live', 'milestone', 'acceptance test', 'rollout'],
  },
  {
    id: 'confidentiality',
    description: 'who must keep the customer’s information secret, including the secrecy that the law imposes on the group, and who is bound to it',
    synonyms: ['secrecy', 'non-disclosure', 'nda', 'professional secrecy'],
  },
]

const hardConstraints = [
  'Name for every finding the document (its input id) and the clause number exactly as printed at the start of the clause in that document; one finding per clause.',
  'Give every finding one category from the fixed list, one severity (HIGH, MEDIUM or LOW), its exposure (a whole number of euros, or null where the harm is not money), an explanation and exact amendment text.',
  'Report only clauses that are a material risk to the customer; fair, market-standard clauses are not findings.',
  'Give one overall risk rating (LOW, MEDIUM, HIGH or CRITICAL) and a short summary.',
]

const brief = `# Pre-signature review of an outsourcing-scale SaaS deal: eight documents read together

## Your position
You are counsel for the customer, Rheinquell Versicherung AG, a property and casualty insurer in Cologne at the head of a small German insurance group. The group is buying Quorvane ClaimDesk, a cloud platform of Quorvane Systems, Inc. of Raleigh, North Carolina, that receives claim documents, classifies them, extracts their data and supports claims handlers with AI-generated summaries, fraud signals and suggested next steps. The platform will be used by Rheinquell Versicherung AG, by its subsidiary Rheinquell Krankenversicherung AG (supplementary health insurance) and by its subsidiary Rheinquell Schadenservice GmbH, which handles the claims of both insurers.

The claims units open about 125,000 new claims a year in motor, property, liability (including personal injury) and supplementary-health business. A claim's documents (the claim form, photographs, estimates and invoices, medical or expert reports, correspondence) arrive through the claims portal, by e-mail to the claims mailboxes, as messages with their attachments, and through the interfaces of repairers, experts, hospitals and billing clearing houses. The intake of the reference year, 1 October 2024 to 30 September 2025, is attached as \`intake\`: for each day and claims unit, the new claims opened, the files uploaded in the portal, the e-mail messages received and the attachments they carried, and the files received through the interfaces. The group expects each calendar month of the next three years to bring the same intake as the same calendar month of the reference year, and from the start of a unit's production use every document it receives will be submitted to the platform. The motor, property and liability units start production use at the go-live; the health unit of Rheinquell Krankenversicherung AG follows on 1 January 2027. At the go-live, the documents of the claims then open in the three other units, 198,400 documents of 21,300 claims by the archive's count, will be exported from the archive and loaded into the platform; the health unit does not migrate its open claims. About 380 claims handlers, team leaders and specialists of the three companies will work with the platform. The claims units sort incoming documents into 31 document types and extract 318 data fields from them, and the platform is to recognise all the types and extract all the fields from the start of production. The group keeps the documents of a claim for ten years after the claim is closed; group IT expects the production environment to use 1.6 TB of storage on average in September 2026, and 0.95 TB more in each later month.

The documents contain personal data of policyholders, claimants, injured third parties and witnesses, including health data and data from police reports; each insurer is the controller under the GDPR for the data of its own claims. Rheinquell Krankenversicherung AG, and Rheinquell Versicherung AG for its private accident insurance, are bound by professional secrecy under section 203 of the German Criminal Code: they may let a service provider see secrets of insured persons only if the provider, and every other person the provider involves who can see them, has been bound to secrecy. Both insurers are financial entities under Regulation (EU) 2022/2554 (DORA); the group has classified claims handling as a critical or important function, will notify BaFin of the arrangement and will record it in its register of information. The group's business-impact analysis for claims handling, which goes to BaFin with the notification, tolerates an interruption of at most 12 hours and the loss of at most one hour of data. The contract must therefore meet Article 28 GDPR and Articles 28 to 30 DORA in full.

Procurement closed the commercial negotiation on 20 November 2025 and recorded these agreed terms:
- Subscription to the Intake, Extract and Assist modules, Enterprise edition: list price EUR 640,000 per contract year, less a 15% discount in every year of the three-year initial term (EUR 544,000 a year), invoiced annually in advance and payable 45 days after invoice.
- Implementation of all 31 document types and 318 data fields, including the loading of the open claims' documents, for a fixed price of EUR 185,000, with the production go-live on 1 September 2026.
- A term of three years from 1 March 2026, then renewals of 12 months each, with any price increase at renewal capped at inflation (HICP).
- Up to 400 named users across the three companies.
- A licensed volume of 180,000 claims a year with 300,000 AI claim summaries a year included, and 25 TB of storage, all of which procurement sized on the group's claims so that no fees for excess volume, additional summaries or additional storage arise in the initial term; every price fixed for the initial term.
- All customer data hosted in the European Union: a condition of the group data protection officer, also stated in the draft notification to BaFin.
- The general cap on the vendor's liability raised from 12 to 18 months' fees.

The vendor has sent eight documents for signature together, attached below exactly as received: its standard Master Subscription Agreement with four schedules, the Order Form, its standard Data Processing Addendum with three annexes, its standard Financial Services Addendum and Enterprise Support Addendum, Statement of Work No. 1 for the implementation, Amendment No. 1, which its sales desk prepared to record the negotiated points, and Amendment No. 2, which its legal department prepared on the comments of the group data protection officer. The business wants to sign this month. Before anything is signed, the general counsel wants a written list of every clause that must or should be changed, with the wording to propose.

## What to do
Read all eight documents in full, including the definitions, schedules, annexes and appendices, and read them together: each refers to the others, and a clause in one may be defined, amended, replaced or overridden by a clause in another. Work out which document prevails where they conflict, check the documents against each other and against the facts and agreed terms above, and compute from the documents and the intake statistics what the figures in them cost this group. Report every clause that is a material risk to the customer. For each finding give:

- **document**: the input id of the document the clause is in: \`msa\`, \`order-form\`, \`dpa\`, \`fs-addendum\`, \`support-addendum\`, \`sow-1\`, \`amendment-1\` or \`amendment-2\`.
- **clause**: the clause number exactly as printed at the start of the clause in that document (for example "99.1", "S9.9" for a paragraph of a schedule, or "A9.9" for a paragraph of an annex), one finding per clause. When a risk arises from several clauses read together, report it once, against the clause whose wording creates the exposure: where one clause overrides, amends, replaces, qualifies or redefines another, that is the overriding, amending, replacing, qualifying or defining clause, not the clause it changes. A clause that has been replaced or overridden is not itself a finding.
- **category**: exactly one of these, or \`other\` for a material risk that fits none of them:
${renderCategories(mergeCategories(CONTRACT_CATEGORIES, categories)).replace(/^/gm, '  ')}
- **exposure**: for a finding whose harm is money that the documents, the facts above and \`intake\` let you compute (a charge, a price, a lost discount or allowance, a repayment, work charged outside the fixed fee), the money at stake over the Initial Term as a whole number of euros; \`null\` for any other finding. It is what the group would pay between 1 March 2026 and 28 February 2029, including amounts that fall due because the Initial Term ends, under the documents as drafted, minus what it would pay if this one clause gave the group what the agreed terms above provide (or, where they say nothing on the point, if this one clause were not there), with every other clause as drafted. Assume that the production go-live takes place on 1 September 2026, that each calendar month of the Initial Term brings the intake of the same calendar month of the reference year, and that a part of a year is counted in whole months; exclude VAT and do not discount. A figure within 1% of the exact amount, or within EUR 500, counts as right.
- **severity**, decided in this order:
  - \`HIGH\`: must be changed before signature, because (a) as drafted the documents would not meet a requirement of Article 28 GDPR, Articles 28 to 30 DORA or section 203 of the Criminal Code, would stop the group from meeting a deadline that the law sets or a tolerance stated above, or would break the hosting condition; or (b) the loss or cost at stake over the Initial Term (its exposure, for a finding that has one) is more than a year's agreed subscription fee (EUR 544,000); or (c) the customer would lose ownership or control of its data or of what the platform produces from it, or its ability to leave the arrangement in an orderly way.
  - \`MEDIUM\`: not HIGH, and either its exposure is from EUR 50,000 to EUR 544,000, or, for a finding without an exposure, the clause shifts a material risk to the customer or takes away a remedy or protection that it would otherwise have under the documents or the agreed terms. It should be changed, but the customer could sign with a plan to manage it.
  - \`LOW\`: not HIGH, and either its exposure is below EUR 50,000, or, for a finding without an exposure, a minor or procedural disadvantage (a shorter period, a less convenient route, a smaller quantity of a service), worth raising if negotiating time allows.
- **explanation**: what the clause does, which other clauses it works with, why it harms the customer in this deal, and the legal or market benchmark or the agreed term it falls short of, with the figures.
- **amendment**: the exact replacement or additional wording to send to the vendor, written as contract text, not as advice.

Then give an **overall risk** rating of the documents as drafted (\`LOW\`, \`MEDIUM\`, \`HIGH\` or \`CRITICAL\`) and a short **summary** (a few sentences) of the position and the negotiation priorities.

## How the review is judged
Findings are compared with the documents, clause numbers, categories, severities and exposures an experienced reviewer would give; the exposures weigh as much as the rest of the list together. Precision matters as much as coverage: most clauses in these documents are fair, some only because another clause makes them so, and flagging a fair clause counts against the review, as does citing a clause number that is not printed in the document named. Amendments are judged on whether the vendor's counsel could accept them into the text as written.`

export default defineTask({
  id: 'contract_review_deal',
  track: 'enterprise',
  tier: 'hard',
  costCenter: 'legal',
  title: 'Contract review: eight SaaS deal documents read together, with the money at stake',
  kind: 'execution',
  brief,
  inputs: [
    { id: 'msa', path: 'hard/claims-platform-deal/master-agreement.md', label: 'Master Subscription Agreement, Standard Terms Version 7.1 (EU), with Schedules 1 to 4', format: 'markdown' },
    { id: 'order-form', path: 'hard/claims-platform-deal/order-form.md', label: 'Order Form No. QS-RQ-2026-01', format: 'markdown' },
    { id: 'dpa', path: 'hard/claims-platform-deal/processing-addendum.md', label: 'Data Processing Addendum, Version 3.2 (EU), with Annexes 1 to 3', format: 'markdown' },
    { id: 'fs-addendum', path: 'hard/claims-platform-deal/financial-services-addendum.md', label: 'Financial Services Addendum, Version 2.0 (EU)', format: 'markdown' },
    { id: 'support-addendum', path: 'hard/claims-platform-deal/enterprise-support-addendum.md', label: 'Enterprise Support Addendum, Version 4.0', format: 'markdown' },
    { id: 'sow-1', path: 'hard/claims-platform-deal/statement-of-work-1.md', label: 'Statement of Work No. 1', format: 'markdown' },
    { id: 'amendment-1', path: 'hard/claims-platform-deal/amendment-1.md', label: 'Amendment No. 1', format: 'markdown' },
    { id: 'amendment-2', path: 'hard/claims-platform-deal/amendment-2.md', label: 'Amendment No. 2', format: 'markdown' },
    { id: 'intake', path: 'hard/claims-platform-deal/intake.csv', label: 'Claims intake by day and claims unit, 1 October 2024 to 30 September 2025', format: 'csv' },
  ],
  roles: [
    {
      id: 'data_protection_counsel',
      name: 'Data Protection Counsel',
      focus:
        'The Data Processing Addendum with its three annexes and Amendment No. 2, and every clause of the other documents on personal data, read for the group as a controller under the GDPR.',
      memoryKey: 'data_protection_counsel',
    },
    {
      id: 'regulatory_counsel',
      name: 'Regulatory Counsel',
      focus:
        'The Financial Services Addendum, and every document read against the regulation that applies to the group as a supervised insurer.',
      memoryKey: 'regulatory_counsel',
    },
    {
      id: 'commercial_counsel',
      name: 'Commercial Counsel',
      focus:
        'The Master Subscription Agreement (Standard Terms 7.1) with its Schedules 1 to 4, and the Enterprise Support Addendum, read for how they share risk between the parties.',
      memoryKey: 'commercial_counsel',
    },
    {
      id: 'procurement_lead',
      name: 'Procurement Lead',
      focus:
        'The Order Form, Statement of Work No. 1 and the claims intake statistics, read against the agreed commercial terms and the group’s volumes in the brief.',
      memoryKey: 'procurement_lead',
    },
    {
      id: 'technology_counsel',
      name: 'Technology Counsel',
      focus:
        'Amendment No. 1 and the definitions of all eight documents, and, across them, the rights in the platform, in the claim documents and in what the platform produces.',
      memoryKey: 'technology_counsel',
    },
  ],
  rubric: [
    {
      key: 'risk_identification',
      description:
        'Finds the clauses that are a material risk to the customer, including those that are a risk only because of a clause in another document, cites each by its document and printed clause number, and leaves fair clauses alone. Missed serious risks and flagged fair clauses both lower the score.',
      weight: 20,
    },
    {
      key: 'specificity',
      description:
        'Each explanation states precisely what the clause does and which other clauses it works with, and measures it against a named benchmark: the GDPR or DORA article, a standard contractual instrument, the usual market position or the agreed commercial term, with the figures from the documents, the brief and the intake statistics (amounts, volumes, periods, percentages) and how the exposure is computed.',
      weight: 20,
    },
    {
      key: 'actionability',
      description:
        'Each finding carries exact amendment text that could be pasted into the right document: complete contract wording with concrete numbers that also deals with the clauses it interacts with, not advice such as "negotiate a higher cap".',
      weight: 20,
    },
    {
      key: 'completeness',
      description:
        'The review covers all eight documents, including definitions, schedules and annexes, and catches risks created by definitions, precedence, amendments and cross-references; every finding has a document, category, severity, explanation and amendment, and the overall rating and summary are present.',
      weight: 20,
    },
    {
      key: 'commercial_balance',
      description:
        'Severities and the overall rating are proportionate, and the amendments protect the customer while remaining acceptable to a reasonable vendor, so the deal can still close.',
      weight: 20,
    },
  ],
  hardConstraints,
  checklist: [],
  deliverable: 'contract_review',
  groundTruth: 'hard/claims-platform-deal/ground-truth.json',
  categories,
  minOutputTokens: 32000,
  composite: { groundTruth: 0.7, checklist: 0, judge: 0.3 },
})
