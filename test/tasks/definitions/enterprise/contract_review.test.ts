import { describe, expect, test } from 'vitest'
import { scoreChecklist } from '../../../../lib/eval/checklist.js'
import { checkDesignChecklist, checkSetup, taskOf } from '../../../support/task-definitions.js'

const task = taskOf('contract_review')

describe('contract_review: its setup', () => {
  checkSetup(task, {
    track: 'enterprise',
    costCenter: 'legal',
    tier: 'standard',
    kind: 'design',
    deliverable: 'markdown',
    roles: ["gdpr_privacy_counsel", "commercial_lawyer", "ip_technology_counsel", "procurement_specialist", "risk_compliance_officer"],
    rubric: [["risk_identification", 20], ["specificity", 20], ["actionability", 20], ["completeness", 20], ["commercial_balance", 20]],
    composite: { groundTruth: 0, checklist: 0.4, judge: 0.6 },
  })
})

describe('contract_review: its checklist', () => {
  checkDesignChecklist(task, {
    items: ["liability_ceiling_tied_to_annual_fees", "data_protection_super_cap", "sccs_for_third_country_access", "breach_notice_in_hours", "processor_change_notice_and_objection", "audit_with_inspections", "no_training_on_customer_data", "export_in_open_format", "credits_not_exclusive_remedy", "renewal_term_and_notice", "price_increase_capped_by_index", "no_variation_by_posting", "customer_indemnity_narrowed", "negotiation_fallbacks"],
    mustPass: ["liability_ceiling_tied_to_annual_fees", "sccs_for_third_country_access", "breach_notice_in_hours"],
    promptItems: {
      negotiation_fallbacks: "If Corvana refuses the 12-month cap, our fallback position is a cap of 18 months of fees.",
    },
  })
})

describe('contract_review: liability_ceiling_tied_to_annual_fees', () => {
  const met = (text: string) => scoreChecklist(task.checklist.filter((i) => i.id === 'liability_ceiling_tied_to_annual_fees'), text).missing.length === 0
  test("the liability ceiling must cite clause 14.3 and tie the cap to the annual fees", () => {
    expect(met("Clause 14.3: cap liability at the fees paid in the twelve (12) months before the claim.")).toBe(true)
    expect(met("14.3 — replace the fixed cap with 150% of the annual fees.")).toBe(true)
    expect(met("Clause 14.3: the liability cap is too low and should be raised.")).toBe(false)
    expect(met("Cap liability at twelve months of fees (no clause cited).")).toBe(false)
  })
})
