import { figure, GAP, GROUP, inClause, NO_MORE_GROUPS, NOT_AFTER_DIGIT, percent } from '../../notation.js'
import { defineTask } from '../../schema.js'

/** The S4 position, by its id or its pool. */
const S4 = '\\b(S4|JUP|Raydium)\\b'
/** S2's size: about €5,110 (€5,010–5,209). */
const S2_SIZE = `${NOT_AFTER_DIGIT}5${GROUP}(0[1-9]\\d|1\\d\\d|20\\d)${NO_MORE_GROUPS}`
/** The idle USDC: about €26,890 (€26,000–27,999). */
const IDLE = `${NOT_AFTER_DIGIT}2[67]${GROUP}\\d{3}${NO_MORE_GROUPS}`

const hardConstraints = [
  '€80,000 of capital; positions and losses are measured in euros (1 USDC = €1 for this plan).',
  'A net yield of at least 0.5 % a week.',
  'No single position above 25 % of capital.',
  'No position above 2 % of the total value locked (TVL) of its pool or market.',
  'The loss from an instantaneous 30 % fall in SOL, with every other token moving as stated, is at most 10 % of capital.',
  'Auto-halt at a 15 % drawdown from the high-water mark.',
  'Only the four strategies listed, each as one position.',
]

const brief = `# Sizing an on-chain yield book of €80,000 on Solana

## Scenario
A treasury team gives a bot €80,000 to run on Solana mainnet. The strategy menu is fixed (below), and so are the risk limits. Your job is the sizing: how much goes into each strategy, why, what the book earns per week after costs, what it loses in the stress scenario, and how the limits are enforced while it runs. The investment committee approves the plan only if its numbers follow from the facts below.

## The four strategies (the only ones allowed)
| Id | Strategy | Pool or market TVL | Yield | Loss in the stress scenario |
|---|---|---|---|---|
| S1 | SOL/USDC concentrated-liquidity position, range ±10 % around the entry price, on Orca | €12,000,000 | 0.78 % of the position a week in fees, before rebalancing costs | 22 % of the position (it leaves its range and ends up holding SOL only) |
| S2 | JitoSOL (liquid staking) | €900,000,000 | 0.14 % a week, net | moves one for one with SOL |
| S3 | USDC supplied to one Kamino lending market | €150,000,000 | 0.10 % a week, net | none |
| S4 | JUP/USDC full-range constant-product position on Raydium | €400,000 | 0.45 % of the position a week, net | see the facts |

## Facts
- **S1 rebalancing**: the range position is re-centred about 3 times a week; each re-centring costs €12 in swap fees, slippage and Solana transaction and priority fees, whatever the position's size.
- **The stress scenario**: SOL falls 30 % instantly. JUP moves with a beta of 1.5 to SOL. USDC holds its peg.
- **Full-range constant-product positions**: the value of such a position, in USDC, moves with the square root of the price ratio of its volatile token (for a price ratio r, the value becomes √r times the value before).
- Capital not placed in a strategy stays in the wallet as USDC and earns nothing.
- Weekly yields compound weekly; use simple weekly figures for this plan.

## Required areas
1. **Sizing**: the euro amount and share of capital of each strategy and of idle USDC, with the arithmetic, and why no other allocation does better within the limits.
2. **Stress test**: the loss of each position and of the book in the stress scenario, against the limit.
3. **Return**: each position's weekly net contribution and the book's weekly net yield, against the target.
4. **Limits while running**: how drawdown, position shares and pool shares are measured, how often, and what the bot does when a limit is reached.
5. **Operations**: rebalancing rules for S1, monitoring and alerts, and the emergency unwind.

## What to hand in
A markdown document with one \`##\` section per required area, in the order above. Show every computation with its inputs and units. If a requirement cannot be met within the others, say so with the arithmetic; the risk limits may not be relaxed.`

export default defineTask({
  id: 'treasury_yield_sizing',
  track: 'finance',
  costCenter: 'finance',
  title: 'Sizing an on-chain yield book of €80,000',
  tier: 'hard',
  kind: 'design',
  brief,
  inputs: [],
  roles: [
    {
      id: 'portfolio_sizer',
      name: 'Portfolio Sizer',
      focus: 'Examines the allocation: the yield each strategy earns per unit of capital and per unit of stress loss, and the limits that apply to each position.',
      memoryKey: 'portfolio_sizer',
    },
    {
      id: 'risk_modeller',
      name: 'Risk Modeller',
      focus: 'Examines the stress scenario: how each token moves, how each kind of position loses value when they do, and the total against the limit.',
      memoryKey: 'risk_modeller',
    },
    {
      id: 'market_analyst',
      name: 'Market Analyst',
      focus: 'Examines the pools and markets: their size, their fees and costs, and how much of each the book can hold.',
      memoryKey: 'market_analyst',
    },
    {
      id: 'bot_operator',
      name: 'Bot Operator',
      focus: 'Examines running the book: measuring positions and drawdown, rebalancing, alerts and the emergency unwind.',
      memoryKey: 'bot_operator',
    },
  ],
  rubric: [
    { key: 'arithmetic', description: 'Every amount, loss and yield is computed from the given facts with the computation shown and units stated; results are right.', weight: 30 },
    { key: 'binding_limits', description: 'For each position the limit that binds is identified (the 25 % cap, the pool share, the stress budget), and the allocation is the best one within all of them.', weight: 25 },
    { key: 'honesty', description: 'Where a requirement cannot be met within the others, the deliverable says so plainly with the arithmetic and does not bend a limit to meet it.', weight: 20 },
    { key: 'consistency', description: 'Sizing, stress test and return use the same amounts; shares add up to 100 %; the limits enforced while running are the ones sized against.', weight: 15 },
    { key: 'operability', description: 'Measurement, thresholds, rebalancing and the unwind are concrete enough for the bot to implement.', weight: 10 },
  ],
  hardConstraints,
  checklist: [
    {
      id: 's1_net_yield',
      description: 'Nets S1 at the €20,000 cap: 0.78 % − 3 × €12 / €20,000 (0.18 %) = 0.60 % a week',
      patterns: [
        percent('0.18'),
        `${percent('0.78')}[^\\n]{0,60}${percent('0.6')}`,
        // The net in euros on the position's own line: "0.78 % × 20,000 = 156.00 − 3 × 12 = 36.00 | 120.00".
        `${percent('0.78')}[^\\n]{0,120}${figure(36)}[^\\n]{0,40}${figure(120)}`,
      ],
    },
    {
      id: 'jup_stress_loss',
      description: 'Derives the S4 stress loss: JUP falls 45 % (beta 1.5), so the position loses 1 − √0.55 ≈ 25.8 %',
      patterns: ['\\b25\\.8\\d?\\s?%', '(√|sqrt)\\s?\\(?0\\.55'],
    },
    {
      id: 's4_pool_cap',
      description: 'Caps S4 at €8,000 (2 % of the pool’s €400,000 TVL), below the ≈ €13,900 the stress budget alone would allow',
      // Said of S4: the stress budget is €8,000 too, so a bare "€8,000 … 2 %" proves nothing.
      patterns: [
        `${S4}${inClause(120)}(${percent('2')}|0\\.02\\b|tvl|pool)${inClause(80)}${figure(8000)}`,
        `${S4}${inClause(120)}${figure(8000)}${inClause(80)}(${percent('2')}|tvl|pool)`,
      ],
      mustPass: true,
    },
    {
      id: 'stress_remaining',
      description: 'Shows the stress losses of S1 (€4,400) and S4 (≈ €2,067), leaving ≈ €1,533 of the €8,000 stress budget',
      patterns: [`${NOT_AFTER_DIGIT}1${GROUP}53\\d${NO_MORE_GROUPS}`, `${NOT_AFTER_DIGIT}6${GROUP}4[67]\\d${NO_MORE_GROUPS}`],
    },
    {
      id: 's2_size',
      description: 'Sizes JitoSOL from the remaining stress budget: ≈ €5,110, 6.4 % of capital (within 2 %)',
      patterns: [`${S2_SIZE}${inClause(60)}jito`, `(jito|\\bS2\\b|x₂)${inClause(80)}${S2_SIZE}`, '\\b6\\.[34]\\d?\\s?%'],
    },
    {
      id: 'idle_usdc',
      description: 'States the idle USDC left over: ≈ €26,890, 33.6 % of capital (within 2 %)',
      patterns: [`${IDLE}${inClause(60)}(idle|unallocated|wallet|cash|usdc)`, `(idle|unallocated|wallet|cash)${inClause(60)}${IDLE}`, '\\b33\\.[4-8]\\s?%'],
    },
    {
      id: 'weekly_contributions',
      description: 'Gives each position’s weekly net contribution: S1 €120, S4 €36, S2 ≈ €7.15, S3 €20',
      // One passage (a table, a list, a sentence) with S1's €120 and S4's €36, each on its position's
      // line: S1's own row also holds €36 (its re-centring cost), which is not S4's contribution.
      patterns: [`^(?=[\\s\\S]*\\b(S1|Orca)\\b[^\\n]{0,160}${figure(120)})(?=[\\s\\S]*\\b(S4|Raydium)\\b[^\\n]{0,120}${figure(36)})`],
    },
    {
      id: 'max_weekly_yield',
      description: 'States the best reachable weekly net yield: ≈ 0.229 %, ≈ €183 a week (within 2 %)',
      patterns: [
        '\\b0\\.2[23]\\d?\\s?%',
        `${NOT_AFTER_DIGIT}2[23](\\.\\d+)?\\s?(bps|basis points)\\b`,
        `(€|\\bEUR)${GAP}18[0-6]([.,]\\d+)?\\b`,
        `${NOT_AFTER_DIGIT}18[0-6]([.,]\\d+)?${GAP}(€|EUR\\b|euros?\\b)`,
      ],
      mustPass: true,
    },
    {
      id: 'target_unreachable',
      description: 'Says plainly that the 0.5 % weekly target cannot be reached within the limits, without relaxing any limit',
      // Within one clause: "the 0.5 % target is met over time; limits cannot be breached" says the opposite.
      patterns: [
        `(cannot|can ?not|can.t|not)\\s+(be\\s+)?(reach|achiev|attain|meet|met|hit)\\w*${inClause(80)}${percent('0.5')}`,
        `${percent('0.5')}${inClause(120)}(unreachable|not (reachable|achievable|attainable|feasible)|infeasible|cannot|can ?not|out of reach)`,
      ],
      mustPass: true,
    },
  ],
  deliverable: 'markdown',
  minOutputTokens: 12_000,
  composite: { groundTruth: 0, checklist: 0.6, judge: 0.4 },
})
