import { defineTask } from '../../../../../lib/tasks/schema.js'

export default defineTask({
  id: 'march_close',
  track: 'finance',
  costCenter: 'finance',
  title: 'Reconcile the operating account for March',
  kind: 'execution',
  brief: `You close the books for March 2026. Reconcile the ledger's operating account 1200 with the bank statement, applying the close policy. Give the statement, ledger and adjusted balances at 31 March with the difference left unexplained (it should be zero), list the items in transit, and list every exception with its category, the ledger and statement lines involved (by line id), its amount, its effect on the ledger balance and the adjusting entry you propose.`,
  inputs: [
    { id: 'ledger', path: 'close/ledger.csv', label: 'General ledger, account 1200, March 2026', format: 'csv' },
    { id: 'bank', path: 'close/bank.csv', label: 'Bank statement, account 1200', format: 'csv' },
    { id: 'policy', path: 'close/policy.md', label: 'Close policy', format: 'markdown' },
  ],
  roles: [
    { id: 'matcher', name: 'Matcher', focus: 'The bank statement and the ledger, line by line.', memoryKey: 'matcher' },
    { id: 'controller', name: 'Controller', focus: 'The close policy, and the entries the reconciliation proposes.', memoryKey: 'controller' },
    { id: 'reviewer', name: 'Reviewer', focus: 'The reconciliation as a whole: balances, adjustments and items in transit.', memoryKey: 'reviewer' },
  ],
  rubric: [
    { key: 'completeness', description: 'Every difference is explained, as an item in transit or as an exception.', weight: 60 },
    { key: 'entries', description: 'Each proposed entry is correct and could be posted as written.', weight: 40 },
  ],
  deliverable: 'reconciliation',
  groundTruth: 'close/truth.json',
  composite: { groundTruth: 0.8, checklist: 0, judge: 0.2 },
})
