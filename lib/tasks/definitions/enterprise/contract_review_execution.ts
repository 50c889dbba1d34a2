import { defineTask } from '../../schema.js'

const categories = [
  ['liability_cap', 'limits on the amount of loss a party can recover'],
  ['auto_renewal', 'how the term continues, renews and can be ended at expiry'],
  ['price_escalation', 'how and when fees may change'],
  ['data_ownership', 'rights in customer data, outputs, derived material and models'],
  ['subprocessors', 'engagement and change of other processors of personal data'],
  ['breach_notification', 'telling the customer about personal data incidents'],
  ['exit_portability', 'getting data and configuration back, and deletion, when the contract ends'],
  ['data_transfer', 'where personal data is processed or accessed, and the safeguards for that'],
  ['service_credits', 'remedies for missing the service levels'],
  ['unilateral_change', 'one party changing the terms without the other signing'],
  ['audit_rights', 'how the customer can verify the vendor’s compliance'],
  ['indemnity', 'one party defending and compensating the other against claims'],
] as const

const hardConstraints = [
  'Cite every finding by the clause number exactly as it is printed at the start of the clause, one finding per clause.',
  'Give every finding one category from the fixed list, one severity (HIGH, MEDIUM or LOW), an explanation and exact amendment text.',
  'Report only clauses that are a material risk to the customer; fair, market-standard clauses are not findings.',
  'Give one overall risk rating (LOW, MEDIUM, HIGH or CRITICAL) and a short summary.',
]

const brief = `# Pre-signature review of a SaaS master subscription agreement

## Your position
You are counsel for the customer, Hallstrand Logistics Group B.V., a Dutch logistics group that operates in several EU Member States. It is a controller under the GDPR for the personal data it will put through the platform (transport and customs documents, invoices, correspondence and personnel records). The vendor, Corvana Systems, Inc., is a mid-size US company that sells an AI document-processing platform. The deal is worth EUR 480,000 per year for an initial term of three years, and the vendor has sent its draft Master Subscription Agreement for signature. It is attached below exactly as received.

The customer's business team wants to sign soon but will not accept terms that leave it out of compliance with data-protection law, expose it to losses out of proportion to the deal, or lock it in. Before anything is signed, the general counsel wants a written list of every clause that should be changed, with the wording to propose.

## What to do
Read the whole agreement, including its definitions and schedules; clauses interact, so check how each one is affected by the others. Report every clause that is a material risk to the customer. For each finding give:

- **clause**: the clause number exactly as printed at the start of the clause (for example "99.1"), one finding per clause. When a risk arises from several clauses read together, report it against the clause that creates it.
- **category**: exactly one of ${categories.map(([c]) => `\`${c}\``).join(', ')}, or \`other\` for a material risk that fits none of them. The categories cover:
${categories.map(([c, d]) => `  - \`${c}\`: ${d}`).join('\n')}
- **severity**:
  - \`HIGH\`: must be changed before signature; as drafted it would put the customer in breach of law, expose it to loss out of all proportion to the deal, or take away control of its data or of the relationship.
  - \`MEDIUM\`: materially one-sided; should be negotiated, but the customer could sign with a plan to manage it.
  - \`LOW\`: a minor or procedural disadvantage worth raising if negotiating time allows.
- **explanation**: what the clause does, why it harms the customer in this deal, and the legal or market benchmark it falls short of.
- **amendment**: the exact replacement or additional wording to send to the vendor, written as contract text, not as advice.

Then give an **overall risk** rating of the agreement as drafted (\`LOW\`, \`MEDIUM\`, \`HIGH\` or \`CRITICAL\`) and a short **summary** (a few sentences) of the position and the negotiation priorities.

## How the review is judged
Findings are compared with the clause numbers, categories and severities an experienced reviewer would give. Precision matters as much as coverage: many clauses in this draft are fair and market-standard, and flagging a fair clause counts against the review, as does citing a clause number that is not printed in the agreement. Amendments are judged on whether the vendor's counsel could accept them into the text as written.`

export default defineTask({
  id: 'contract_review_execution',
  track: 'enterprise',
  costCenter: 'legal',
  title: 'Contract review: SaaS master subscription agreement',
  kind: 'execution',
  brief,
  inputs: [{ id: 'agreement', path: 'contract-review/agreement.md', label: 'Master Subscription Agreement (draft for signature)', format: 'markdown' }],
  roles: [
    {
      id: 'privacy_counsel',
      name: 'Privacy Counsel',
      focus:
        'The data-protection parts of the agreement: clauses 6 to 8 and Schedules 1, 4 and 5 (clauses 21, 24 and 25), with the definitions they use, read for the customer as a controller under the GDPR.',
      memoryKey: 'privacy_counsel',
    },
    {
      id: 'commercial_counsel',
      name: 'Commercial Counsel',
      focus:
        'Clauses 12 to 15 and Schedule 2 (clause 22), read for how the agreement shares risk and remedies between the parties.',
      memoryKey: 'commercial_counsel',
    },
    {
      id: 'technology_counsel',
      name: 'Technology Counsel',
      focus:
        'Clauses 2, 3, 9, 10 and 11: the services, the customer’s responsibilities, confidentiality, intellectual property and customer data, and the AI features and models, read as a technology lawyer.',
      memoryKey: 'technology_counsel',
    },
    {
      id: 'procurement_lead',
      name: 'Procurement Lead',
      focus:
        'Clauses 4, 5, 16 and 17 and Schedule 3 (clause 23): fees and payment, term and renewal, termination and its consequences, and the order details, read for the commercial life of the deal.',
      memoryKey: 'procurement_lead',
    },
    {
      id: 'risk_officer',
      name: 'Risk Officer',
      focus:
        'Clauses 1, 18, 19 and 20 (definitions, audit and compliance, governing law and disputes, general), and the agreement as a whole: how its parts fit together and the customer’s overall position.',
      memoryKey: 'risk_officer',
    },
  ],
  rubric: [
    {
      key: 'risk_identification',
      description:
        'Finds the clauses that are a material risk to the customer, cites each by its printed clause number, and leaves fair, market-standard clauses alone. Missed serious risks and flagged fair clauses both lower the score.',
      weight: 20,
    },
    {
      key: 'specificity',
      description:
        'Each explanation states precisely what the clause does and measures it against a named benchmark: the GDPR article, a standard contractual instrument, or the usual market position, with the figures from the agreement (amounts, periods, percentages).',
      weight: 20,
    },
    {
      key: 'actionability',
      description:
        'Each finding carries exact amendment text that could be pasted into the agreement: complete contract wording with concrete numbers, not advice such as "negotiate a higher cap".',
      weight: 20,
    },
    {
      key: 'completeness',
      description:
        'The review covers the whole agreement, including definitions and schedules, and catches risks created by the interaction of clauses; every finding has a category, severity, explanation and amendment, and the overall rating and summary are present.',
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
  groundTruth: 'contract-review/ground-truth.json',
  composite: { groundTruth: 0.7, checklist: 0, judge: 0.3 },
})
