import { defineTask } from '../../schema.js'

const hardConstraints = [
  'Act for the customer: a GDPR-bound European enterprise buying from a mid-size US vendor at EUR 480,000 per year over a 3-year initial term.',
  'Cover all five areas: data sovereignty and GDPR (residency, processor terms, breach timelines); SLA and liability; IP and rights in data (derived data, model outputs, fine-tuned models); exit and portability; renewal and price increases.',
  'Rate every risk High, Medium or Low.',
  'Give exact amendment text for every risk.',
  'Cite the clause number of the attached agreement for every risk.',
]

const brief = `# Negotiation memo on a SaaS master subscription agreement

## Scenario
You advise Hallstrand Logistics Group B.V., a Dutch logistics group operating in several EU Member States, on a contract with Corvana Systems, Inc., a mid-size US company that sells an AI document-processing platform. The customer will put transport and customs documents, invoices, correspondence and personnel records through the platform, so it acts as a controller under the GDPR (Regulation (EU) 2016/679) and Corvana as its processor. The deal is worth EUR 480,000 per year for an initial term of three years. Corvana has sent its draft Master Subscription Agreement for signature; it is attached below exactly as received, and every clause you discuss must be one that is printed in it.

The general counsel needs a negotiation memo to send to the business owner and to use across the table with Corvana's counsel. It must say which clauses have to change, how badly, and exactly what to propose instead, while keeping a deal that a reasonable vendor can accept.

## Required areas
1. **Data sovereignty and GDPR**: where personal data is hosted and from where it may be accessed, the processor terms and the safeguards for any processing outside the EEA, the engagement of further processors, timelines for telling the customer about personal data breaches, and how the customer can verify compliance.
2. **SLA and liability**: the service levels and the remedies for missing them, the ceilings on and exclusions of liability, the undertakings each party gives to defend and compensate the other, and any power to change these terms after signature.
3. **IP and rights in data**: rights in the customer's documents, in the platform's outputs, in data derived from them and in models trained or fine-tuned on them, during and after the term.
4. **Exit and portability**: what the customer gets back when the agreement ends, in what form, when, at what cost, and when its data is deleted.
5. **Renewal and price increases**: how the term continues after the initial three years, the notice mechanics, and every route by which the fees can rise.

## What to hand in
A markdown memo. Open with a short summary: an overall risk rating of the draft (Low, Medium, High or Critical) and the negotiation priorities in order. Then give one \`##\` section per required area, in the order above. In each section, treat each risk separately and give:
- the clause number as printed in the agreement and what the clause does, quoting the operative words;
- the severity (High, Medium or Low) and why, measured against the applicable law (cite GDPR articles, Commission decisions or case law where they apply) or against usual market practice for enterprise SaaS, using the concrete amounts, periods and percentages at stake in this deal;
- the exact amendment text to send to Corvana, written as contract wording with concrete numbers (amounts, notice periods, deadlines, percentages), not as advice;
- where useful, a fallback position the customer could accept if Corvana rejects the first proposal.

Say also which clauses that look one-sided are in fact fair and market-standard and should be accepted, so that negotiating capital is spent where it matters. Base the analysis on EU data-protection law and market practice for business-to-business SaaS agreements; give amendments rather than generic advice.`

export default defineTask({
  id: 'contract_review',
  track: 'enterprise',
  costCenter: 'legal',
  title: 'Contract negotiation memo: SaaS master subscription agreement',
  kind: 'design',
  brief,
  inputs: [{ id: 'agreement', path: 'contract-review/agreement.md', label: 'Master Subscription Agreement (draft for signature)', format: 'markdown' }],
  roles: [
    {
      id: 'gdpr_privacy_counsel',
      name: 'GDPR & Privacy Counsel',
      focus:
        'Examines the provisions that govern personal data: the processor terms and their schedule, hosting locations and access from other countries, the engagement and change of further processors, what happens when personal data is compromised, and the means the customer has to verify compliance and answer regulators.',
      memoryKey: 'gdpr_privacy_counsel',
    },
    {
      id: 'commercial_lawyer',
      name: 'Commercial Lawyer',
      focus:
        'Examines the allocation of risk and remedies between the parties: warranties, undertakings to defend and compensate, exclusions and ceilings on liability and what they cover, the service level schedule and its remedies, suspension and termination rights, and how the terms may be varied after signature.',
      memoryKey: 'commercial_lawyer',
    },
    {
      id: 'ip_technology_counsel',
      name: 'IP & Technology Counsel',
      focus:
        'Examines rights in the platform, in the customer’s documents, in the outputs and in anything derived or learned from them: the licences each party grants, the vendor’s permitted uses of customer content and usage information, and the terms governing the AI features and any models prepared for the customer, during and after the term.',
      memoryKey: 'ip_technology_counsel',
    },
    {
      id: 'procurement_specialist',
      name: 'Procurement Specialist',
      focus:
        'Examines the commercial mechanics across the life of the deal: fees, invoicing and payment, every provision that changes the amounts payable, how the term continues and ends, notice periods and their timing, the cost and practicalities of leaving, and where the customer has negotiating leverage.',
      memoryKey: 'procurement_specialist',
    },
    {
      id: 'risk_compliance_officer',
      name: 'Risk & Compliance Officer',
      focus:
        'Examines the customer’s overall exposure and control: security commitments and the evidence offered for them, verification and inspection of the vendor and its suppliers, operational resilience, insurance, regulatory exposure, and how the individual risks combine into an overall rating and an order of priorities.',
      memoryKey: 'risk_compliance_officer',
    },
  ],
  rubric: [
    {
      key: 'risk_identification',
      description:
        'Identifies every clause of the attached agreement that is a High risk for the customer, cites it by its printed number and quotes the operative language; Medium and Low risks are found too. Points are lost for missed serious risks, for invented clauses or numbers, and for treating fair, market-standard clauses as risks.',
      weight: 20,
    },
    {
      key: 'specificity',
      description:
        'Each risk is measured against a named benchmark: the GDPR article, the Commission decision or standard contractual instrument, relevant case law, or the usual market position, with the amounts, periods and percentages at stake in this deal rather than generic statements.',
      weight: 20,
    },
    {
      key: 'actionability',
      description:
        'Every risk has exact amendment text that could be inserted into the agreement as drafted (complete contract wording with concrete numbers), and the memo makes clear what to ask for first and what to fall back to.',
      weight: 20,
    },
    {
      key: 'completeness',
      description:
        'All five required areas have their own section with substance, every risk carries a clause number, a severity and an amendment, and the memo opens with an overall rating and ordered priorities. Deduct for each hard constraint that is not met.',
      weight: 20,
    },
    {
      key: 'commercial_balance',
      description:
        'Severities are proportionate, fair clauses are recognised and accepted, and the proposals protect the customer without being so one-sided that a reasonable vendor would walk away; trade-offs and fallbacks are realistic for a EUR 480,000-a-year deal.',
      weight: 20,
    },
  ],
  hardConstraints,
  checklist: [
    {
      id: 'liability_ceiling_tied_to_annual_fees',
      description: 'Cites clause 14.3 and proposes a liability ceiling tied to twelve months of fees (or a multiple of the annual fees).',
      patterns: [
        '14\\.3[^\\n]{0,400}fees[^\\n]{0,80}\\b(12|twelve)\\)?[- ]months?',
        '14\\.3[^\\n]{0,400}\\b(12|twelve)\\)?[- ]months?[^\\n]{0,60}fees',
        '14\\.3[^\\n]{0,400}\\b(100|150|200|300)\\s?%[^\\n]{0,60}(annual|fees)',
        '14\\.3[^\\n]{0,400}\\b(one|two|three|1|1\\.5|2|3)\\s?(x|×|times)[^\\n]{0,40}(the )?(annual|fees)',
      ],
      mustPass: true,
    },
    {
      id: 'data_protection_super_cap',
      description: 'Proposes a separate, higher ceiling for breaches of data protection, security or confidentiality obligations.',
      patterns: [
        '(super[- ]?cap|separate (cap|ceiling|limit)|higher (cap|ceiling|limit))[^\\n]{0,300}(data[- ]protection|personal data|confidentiality|schedule 1)',
        '(data[- ]protection|personal data|confidentiality|schedule 1)[^\\n]{0,300}(super[- ]?cap|separate (cap|ceiling|limit)|higher (cap|ceiling|limit))',
      ],
    },
    {
      id: 'sccs_for_third_country_access',
      description: 'Requires the standard contractual clauses (Decision 2021/914) or another Chapter V mechanism for access from outside the EEA under clause 6.6.',
      patterns: [
        '6\\.6[^\\n]{0,400}(standard contractual clauses|\\bSCCs?\\b)',
        '(standard contractual clauses|\\bSCCs?\\b)[^\\n]{0,300}\\b6\\.6\\b',
        '(standard contractual clauses|\\bSCCs?\\b)[^\\n]{0,200}2021/914',
      ],
      mustPass: true,
    },
    {
      id: 'breach_notice_in_hours',
      description: 'Replaces the seven-days-after-investigation breach notice in clause 21.7 with notice within a stated number of hours of becoming aware, so the customer can meet its own 72-hour deadline.',
      patterns: [
        '21\\.7[^\\n]{0,400}\\b(12|24|36|48|twelve|twenty-four|thirty-six|forty-eight)[- ]?(hours?|h)\\b',
        '\\b(12|24|36|48|twelve|twenty-four|thirty-six|forty-eight)[- ]?(hours?|h)\\b[^\\n]{0,200}(becom\\w* aware|awareness|discover)',
        '(becom\\w* aware|awareness|discover\\w*)[^\\n]{0,200}\\b(12|24|36|48|twelve|twenty-four|thirty-six|forty-eight)[- ]?(hours?|h)\\b',
      ],
      mustPass: true,
    },
    {
      id: 'processor_change_notice_and_objection',
      description: 'Requires advance notice of new or replacement sub-processors (clause 8.3) with a right to object and a remedy.',
      patterns: [
        '\\b(14|30|45|60|fourteen|thirty|forty-five|sixty)[- ]days?[’\']?\\s+(prior\\s+)?(written\\s+)?notice[^\\n]{0,300}object',
        'object(ion)?[^\\n]{0,300}\\b(14|30|45|60|fourteen|thirty|forty-five|sixty)[- ]days?',
        '8\\.3[^\\n]{0,400}(right to object|may object)[^\\n]{0,300}(terminat|\\bdays\\b)',
      ],
    },
    {
      id: 'audit_with_inspections',
      description: 'Restores a usable audit right under clause 18.2: at least annual, including on-site inspection, by an auditor the customer chooses.',
      patterns: [
        '18\\.2[^\\n]{0,400}(once (in any|per|a|in each|each) (year|twelve|12|contract year)|annual(ly)? (audit|inspection))',
        'on-?site[^\\n]{0,200}(audit|inspection)[^\\n]{0,200}\\b(10|15|20|30|ten|fifteen|twenty|thirty)[- ](business )?days',
      ],
    },
    {
      id: 'no_training_on_customer_data',
      description: 'Strikes or rewrites the training licence and model ownership in clause 11.4: no training on customer data without consent, custom models and derived data reserved to the customer.',
      patterns: [
        '11\\.4[^\\n]{0,400}(delete|strike|replace|remove)',
        '(train|fine-?tun)\\w*[^\\n]{0,200}(prior written consent|opt-?in)',
        'custom models?[^\\n]{0,200}(exclusive|solely for|only for)[^\\n]{0,80}customer',
      ],
    },
    {
      id: 'export_in_open_format',
      description: 'Requires exit export under clause 17.2 in open, machine-readable formats, without a fee, with a realistic retrieval window before deletion.',
      patterns: [
        '17\\.2[^\\n]{0,400}(json|csv|xml|machine-readable|non-proprietary|open format)',
        '(json|csv|machine-readable|non-proprietary|open)[^\\n]{0,80}formats?[^\\n]{0,300}(no (additional )?charge|free of charge|without charge|at no (additional )?cost)',
        '\\b(60|90|sixty|ninety)[- ]days?[^\\n]{0,200}(export|retriev|download)',
      ],
    },
    {
      id: 'credits_not_exclusive_remedy',
      description: 'Removes the sole-remedy wording of clause 22.6 and adds termination for persistent service failure.',
      patterns: [
        '(not|no longer)[^\\n]{0,40}(the )?(sole|exclusive)( and exclusive)? remedy',
        'chronic[^\\n]{0,200}terminat',
        'terminat[^\\n]{0,200}\\b(two|three|2|3)\\s+(consecutive\\s+)?months',
        '\\b(two|three|2|3)\\s+consecutive\\s+months[^\\n]{0,200}terminat',
      ],
    },
    {
      id: 'renewal_term_and_notice',
      description: 'Rewrites clause 5.2: renewals of twelve months at most and a non-renewal notice that can be given at any time up to a stated deadline.',
      patterns: [
        '5\\.2[^\\n]{0,400}\\b(12|twelve)\\)?[- ]months?',
        '5\\.2[^\\n]{0,400}\\b(one|1)[- ]year',
        '\\b(60|90|sixty|ninety)[- ]days?[’\']?[^\\n]{0,80}notice[^\\n]{0,40}(non-?renewal|not to renew)',
      ],
    },
    {
      id: 'price_increase_capped_by_index',
      description: 'Caps fee increases under clause 4.5 at the lower of an inflation index (CPI or HICP) and a fixed percentage.',
      patterns: [
        '(cpi|hicp|consumer price)[^\\n]{0,150}\\b(2|3|4|5|two|three|four|five)\\s?(%|per ?cent)',
        '\\b(2|3|4|5|two|three|four|five)\\s?(%|per ?cent)[^\\n]{0,150}(cpi|hicp|consumer price)',
      ],
    },
    {
      id: 'no_variation_by_posting',
      description: 'Deletes clause 20.4 so that the service levels and security schedule change only by signed written agreement.',
      patterns: [
        '20\\.4[^\\n]{0,400}(delete|strike|remove)',
        '20\\.4[^\\n]{0,400}only by (a )?(written )?(amendment|variation|agreement)[^\\n]{0,60}signed',
        '(delete|strike|remove)[^\\n]{0,40}(clause )?20\\.4',
      ],
    },
    {
      id: 'customer_indemnity_narrowed',
      description: 'Narrows the uncapped customer indemnity in clause 13.2 to the customer’s own fault and makes it capped or reciprocal.',
      patterns: [
        '13\\.2[^\\n]{0,400}(mutual|narrow\\w*|reciprocal|to the extent|subject to clause 14|unlawful|\\bcapped at\\b)',
        '(mutual|reciprocal)[^\\n]{0,100}(indemn|defen[cd])[^\\n]{0,200}13\\.2',
      ],
    },
    {
      id: 'negotiation_fallbacks',
      description: 'Gives fallback positions or trades for the main asks, so the memo can be used across the table.',
      patterns: [
        'fall-?back (position|positions|proposal|ask)',
        'walk[- ]away',
        '(concede|trade|give up|accept)[^\\n]{0,160}in (return|exchange) for',
      ],
    },
  ],
  deliverable: 'markdown',
  composite: { groundTruth: 0, checklist: 0.4, judge: 0.6 },
})
