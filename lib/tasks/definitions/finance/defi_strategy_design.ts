import { euros, GAP, inClause, percent } from '../../notation.js'
import { defineTask } from '../../schema.js'

/** Drawdown, or its usual abbreviation DD. */
const DRAWDOWN = '(draw-?\\s?down|\\bDD\\b)'
/** The 20 % of the drawdown halt, as a percentage or a fraction. */
const DD_20 = `(${percent('20')}|\\b0\\.20?\\b)`
/** What the bot does at the limit. */
const HALT = '\\b(halt|stop|kill|unwind|flatten|liquidat|exit)\\w*'

const brief = `## Scenario
A small treasury team has set aside €50,000 to run an automated yield strategy on Solana mainnet. Two engineers will implement and operate whatever you design, as a bot that controls one dedicated wallet. Design the complete strategy system: which on-chain strategies it runs and with how much capital, the exact rules for entering and leaving positions, how the risk limits are measured and enforced, how transactions are built, routed and paid for, and how operators monitor the system and unwind it in an emergency.

Every one of the hard constraints listed below must hold, and the deliverable must show how each is met. If your analysis shows that the weekly yield target is reachable only in some market conditions, say so and show the arithmetic; the risk limits may not be relaxed to reach it.

## Facts about the environment (use them; write in on-chain terms)
- Transaction costs: every Solana transaction pays a base fee of 5,000 lamports per signature (1 SOL = 1,000,000,000 lamports). An optional priority fee equals the compute-unit price (in micro-lamports per compute unit) times the compute-unit limit the transaction requests; a transaction may request at most 1.4 million compute units. Under congestion, priority fees dominate. Transactions sent as Jito bundles also pay a tip. Opening some position and token accounts locks rent, most of which is returned when the account is closed.
- Venues: Jupiter aggregates swap routes across AMMs and also offers limit orders, DCA and perpetuals. Raydium runs constant-product pools and concentrated-liquidity (CLMM) pools. Orca Whirlpools are concentrated-liquidity pools. Meteora runs DLMM pools, which hold liquidity in discrete price bins with dynamic fees, and dynamic vaults. Lending markets such as Kamino and MarginFi pay variable supply rates that depend on utilisation. Liquid staking tokens such as JitoSOL and mSOL accrue staking rewards.
- Liquidity-provision economics: a full-range constant-product position loses value against simply holding the two tokens when the price ratio moves; for a price-ratio change r this impermanent loss is IL(r) = 2√r / (1 + r) − 1. A concentrated position earns fees only while the price is inside its range, and its loss against holding is magnified in proportion to how narrow the range is. Fee income depends on traded volume relative to liquidity and on the pool's fee tier.
- MEV: public swaps can be sandwiched or front-run by searchers. The usual mitigations are tight slippage limits, bundled or private submission, and splitting large orders.
- Prices: Pyth and Switchboard publish oracle prices with confidence intervals; a pool's spot price can deviate from the oracle price, especially in thin pools.

## Required areas
1. **Strategy portfolio and capital allocation**: at least three distinct on-chain strategy types; for each, the protocol, the pool or market and its identifier, the pair, the allocation in euros and per cent, the source of the yield, and the expected gross and net weekly yield with the arithmetic behind it.
2. **Entry and exit signals**: for every strategy, machine-checkable rules naming the data source, the indicator, the threshold, the lookback window and the action taken (enter, rebalance, reduce, exit).
3. **Risk management**: how drawdown is measured and how the auto-halt fires; how position sizes are computed and capped; concentration and correlation across strategies; protocol, oracle, stablecoin and liquidity risks; circuit breakers.
4. **Execution and cost accounting**: how transactions are constructed, simulated, routed and submitted; the priority-fee and tip policy; protection against MEV and slippage; rebalancing frequency; a weekly transaction-cost budget and its effect on net return.
5. **Monitoring, emergency exit and runbook**: metrics and alert thresholds; the step-by-step emergency exit/unwind procedure with its triggers, order of operations, timing and fallbacks; the routine operating runbook, including how the bot's keys are held and how it is restarted after a halt.

## Deliverable
A Markdown document with exactly one \`##\` section per required area, in the order above, titled after the area. Be concrete: euro amounts and percentages for allocations, pool, program or mint identifiers, formulas with their parameters, thresholds with units and lookback windows, fee figures in lamports or SOL and in euros, alert thresholds, and numbered procedures. State every assumption you rely on (for example the SOL/EUR price and pool volumes).`

export default defineTask({
  id: 'defi_strategy_design',
  track: 'finance',
  costCenter: 'finance',
  title: 'On-chain yield strategy for a €50,000 treasury allocation on Solana',
  kind: 'design',
  brief,
  inputs: [],
  roles: [
    {
      id: 'quant_strategist',
      name: 'Quant Strategist',
      focus:
        'Examines the trading logic: which observable on-chain and market quantities drive each decision, how entry and exit rules are stated so that a program can evaluate them, and how expected returns are derived and could be backtested.',
      memoryKey: 'quant_strategist',
    },
    {
      id: 'risk_manager',
      name: 'Risk Manager',
      focus:
        'Examines loss control: how drawdown is measured and enforced, how positions are sized and capped, how exposures across strategies move together, and what should trip a circuit breaker.',
      memoryKey: 'risk_manager',
    },
    {
      id: 'execution_engineer',
      name: 'Execution Engineer',
      focus:
        'Examines transaction execution: how instructions are built, simulated and routed, how compute budgets and fees are set, how swaps are protected against adverse ordering and slippage, and what execution costs do to net returns.',
      memoryKey: 'execution_engineer',
    },
    {
      id: 'protocol_analyst',
      name: 'Protocol Analyst',
      focus:
        'Examines the protocols and pools used: where the yield actually comes from, how each pool or market operates, which pools and pairs fit the mandate, and what protocol-level risks they carry.',
      memoryKey: 'protocol_analyst',
    },
    {
      id: 'compliance_ops',
      name: 'Compliance & Ops',
      focus:
        'Examines day-to-day operation: monitoring and alerting, wallet and key handling, record keeping, the emergency unwind sequence, and the runbook that operators follow.',
      memoryKey: 'compliance_ops',
    },
  ],
  rubric: [
    {
      key: 'technical_depth',
      description:
        'Mechanisms are explained in on-chain terms with working numbers: yield sources with fee tiers and volume assumptions, loss-versus-holding and sizing formulas with their parameters, fee figures in lamports or SOL. Generic portfolio language without Solana specifics scores low.',
      weight: 20,
    },
    {
      key: 'implementability',
      description:
        'A two-person team could deploy it on Solana mainnet today: real protocols and pools, program, pool or mint identifiers, the SDKs or APIs used, parameter values and an order of build steps. Nothing depends on products or features that do not exist.',
      weight: 20,
    },
    {
      key: 'risk_coverage',
      description:
        'The 20% drawdown halt and the 30% position cap are enforced mechanically (how measured, how often, what happens), and protocol, oracle, stablecoin, liquidity, MEV and operational risks each have a concrete control. Claims of high yield are reconciled honestly with the risk taken.',
      weight: 20,
    },
    {
      key: 'signal_specificity',
      description:
        'Entry and exit rules are unambiguous and machine-checkable for every strategy: data source, indicator, threshold, lookback and resulting action, so that two engineers would code the same rule. Discretionary wording ("when conditions look favourable") scores low.',
      weight: 20,
    },
    {
      key: 'operational_completeness',
      description:
        'Monitoring metrics and alert thresholds, fee accounting inside reported returns, key handling, and a numbered emergency exit/unwind procedure with triggers, ordering, timing and fallbacks are all present and consistent with the rest of the design.',
      weight: 20,
    },
  ],
  hardConstraints: [
    '€50,000 capital',
    '≥5% weekly yield',
    'auto-halt at a 20% drawdown',
    'no single position above 30%',
    '≥3 on-chain strategy types',
    'exact entry and exit signals',
    'a full emergency exit/unwind procedure',
    'Solana tx and priority fees accounted for in returns',
    'concrete pairs (SOL/USDC, RAY/SOL, JUP/USDC…)',
  ],
  checklist: [
    {
      id: 'capital_50k',
      description: 'Plans around exactly €50,000 of capital',
      patterns: [euros(50_000), `(€|\\bEUR)${GAP}50\\s?k\\b`, `\\b50\\s?k${GAP}(€|EUR\\b|euros?\\b)`],
    },
    {
      id: 'weekly_yield_target',
      description: 'States the ≥5% weekly yield target with a figure tied to a weekly period',
      patterns: [
        `(≥|>=|at least|minimum of|target(ing|ed)?( of)?)\\s*5(\\.0+)?\\s?%${inClause(60)}(week|wk)`,
        `\\b5(\\.\\d+)?\\s?%${inClause(40)}(per week|weekly|a week|/\\s?week|/\\s?wk)`,
        `(weekly|per week)${inClause(60)}(yield|return)${inClause(40)}\\b5(\\.\\d+)?\\s?%`,
      ],
    },
    {
      id: 'drawdown_halt',
      description: 'Auto-halt when drawdown reaches 20%',
      // A 20 % drawdown and the halt it triggers, in one clause or in a table of drawdown stages;
      // "we do not use a drawdown halt: a 20 % drawdown is normal" does not count.
      patterns: [
        `${DRAWDOWN}${inClause(80)}${DD_20}${inClause(120)}${HALT}`,
        `${HALT}${inClause(120)}${DRAWDOWN}${inClause(80)}${DD_20}`,
        `${DD_20}${inClause(40)}${DRAWDOWN}${inClause(120)}${HALT}`,
        `${HALT}${inClause(120)}${DD_20}${inClause(40)}${DRAWDOWN}`,
        `\\|[^\\n]*${DRAWDOWN}[^\\n]*\\n(\\|[^\\n]*\\n)*?\\|[^\\n]*${HALT}[^\\n]*${DD_20}`,
      ],
      mustPass: true,
      refuseNegated: true,
    },
    {
      id: 'position_cap',
      description: 'No single position above 30% of capital',
      patterns: [
        // 30 % of what, or 30 % as a cap: "above 30 % the position is too concentrated but we accept it" is neither.
        `${percent('30')}\\s?(of|×)\\s?(the\\s)?(capital|nav\\b|portfolio|book|equity|aum\\b|total)`,
        `(position|allocation|exposure|sleeve)${inClause(80)}(≤|<=|above|exceed\\w*|more than|cap\\w*|max(imum)?|limit\\w*|at most|up to)${inClause(20)}${percent('30')}`,
        `\\b(cap|max(imum)?|limit)\\w*${inClause(30)}${percent('30')}${inClause(40)}(position|allocation|exposure|sleeve|strateg)`,
      ],
      mustPass: true,
    },
    {
      id: 'three_strategy_types',
      description: 'At least three distinct on-chain strategy types',
      patterns: [
        '\\b(three|four|five|3|4|5)\\s+(distinct\\s+|different\\s+|separate\\s+)?(on-?chain\\s+)?(strateg(y|ies)|sleeves|yield sources)',
        '\\b(strategy|sleeve)\\s*(#\\s*)?(3|c|iii)\\b',
      ],
      refuseNegated: true,
    },
    {
      id: 'entry_signals',
      description: 'Entry rules with explicit numeric thresholds',
      patterns: [
        `\\b(entry|enters?|open)\\b${inClause(150)}(≥|>=|>|<|≤|<=|above|below|exceeds?|crosses)\\s*[-+]?\\d`,
        `\\benters?\\b${inClause(40)}\\b(when|if|only when|only if)\\b${inClause(150)}\\d`,
        // A table with an entry column and a row that gives a threshold.
        `\\|[^\\n]*\\b(entry|enter)\\b[^\\n]*\\n(\\|[^\\n]*\\n)*?\\|[^\\n]*(≥|>=|>|<|≤|<=)\\s*[-+]?\\d`,
      ],
    },
    {
      id: 'exit_signals',
      description: 'Exit rules with explicit numeric thresholds',
      patterns: [
        `\\b(exit|close|withdraw)\\b${inClause(150)}(≥|>=|>|<|≤|<=|above|below|exceeds?|falls? below|drops? below)\\s*[-+]?\\d`,
        `\\bexits?\\b${inClause(40)}\\b(when|if)\\b${inClause(150)}\\d`,
        `\\|[^\\n]*\\bexit\\b[^\\n]*\\n(\\|[^\\n]*\\n)*?\\|[^\\n]*(≥|>=|>|<|≤|<=)\\s*[-+]?\\d`,
      ],
    },
    {
      id: 'emergency_unwind',
      description: 'A concrete emergency exit/unwind sequence: remove liquidity, convert to a stablecoin, with timing',
      patterns: [
        `(remove|withdraw|decrease|close)${inClause(60)}(liquidity|lp\\b|positions?)${inClause(160)}(swap|convert|sell)${inClause(80)}(usdc|stable)`,
        `(emergency|unwind)${inClause(120)}(within|under|in less than|<|≤)\\s?\\d+\\s?(min|minutes|seconds|s\\b|slots)`,
        // A numbered procedure read as one passage: remove the liquidity, swap to a stablecoin, timed.
        `^(?=[\\s\\S]*?\\b(remove|withdraw|decrease|close)\\w*${inClause(60)}(liquidity|lp\\b|positions?))(?=[\\s\\S]*?\\b(swap|convert|sell|unwind)\\w*${inClause(80)}\\b(usdc|usdt|stable))(?=[\\s\\S]*?(\\bT\\s?\\+\\s?\\d+\\s?(s|sec\\w*|min\\w*)\\b|\\bwithin\\s+\\d+\\s?(s|sec\\w*|min\\w*|slots)\\b))`,
      ],
      mustPass: true,
      refuseNegated: true,
    },
    {
      id: 'fee_accounting',
      description: 'Solana transaction and priority fees are quantified and deducted from returns',
      patterns: [
        '\\d[\\d,.]*\\s?(micro-?lamports|µ-?lamports)\\s?(per|/)\\s?(cu\\b|compute)',
        `(fees?|costs?)${inClause(120)}(\\d[\\d,.]*\\s?(sol|eur)\\b|€\\s?\\d[\\d,.]*)${inClause(30)}(per|a|/|each)\\s?week`,
        `\\bnet\\b${inClause(60)}(fees|costs)${inClause(80)}\\d`,
      ],
      mustPass: true,
    },
    {
      id: 'concrete_pairs',
      description: 'Names concrete trading pairs',
      patterns: [
        '\\b(SOL|USDC|RAY|JUP|JitoSOL|mSOL|USDT)\\s?[/-]\\s?(USDC|SOL|USDT)\\b',
        '\\b(SOL|USDC|RAY|JUP|JitoSOL|mSOL|USDT)\\s?(–|\\+|and)\\s?(USDC|SOL|USDT|RAY|JUP)\\s+(pool|pair|position|lp|clmm|whirlpool|dlmm)\\b',
      ],
    },
    {
      id: 'onchain_identifiers',
      description: 'Gives program, pool or mint addresses',
      patterns: [
        '\\b[1-9A-HJ-NP-Za-km-z]{32,44}\\b',
        `(pool|program|mint|market|vault)${inClause(40)}\`[1-9A-HJ-NP-Za-km-z]{32,44}\``,
      ],
    },
    {
      id: 'position_sizing',
      description: 'A position-sizing formula with parameters',
      patterns: [
        '\\bsize\\w*\\s*(_\\w+)?\\s*=\\s*\\S',
        `(position )?sizing${inClause(120)}(σ|sigma|volatility|kelly|risk budget)`,
      ],
    },
    {
      id: 'mev_protection',
      description: 'MEV and slippage protection with numeric slippage limits',
      patterns: [
        `(mev|sandwich\\w*|front-?run\\w*)${inClause(160)}(jito|bundle|private (rpc|relay|mempool))`,
        // A limit that protects: under 5 % (500 bps). "Slippage is set to 5 %" protects nothing.
        `slippage${inClause(60)}(?<![\\d.])([0-4](\\.\\d+)?\\s?%|([1-9]\\d?|[1-4]\\d\\d)(\\.\\d+)?\\s?(bps|basis points)\\b)`,
        'slippage_?bps\\s*[=:]?\\s*\\d+',
      ],
    },
    {
      id: 'monitoring_alerts',
      description: 'Monitoring with numeric alert thresholds and a named alerting channel',
      patterns: [
        `alert\\w*${inClause(120)}(≥|>=|>|<|≤|<=|above|below|exceeds?)\\s*[-+$€]?\\d`,
        '(pagerduty|opsgenie|telegram|grafana|prometheus|datadog)',
      ],
    },
  ],
  deliverable: 'markdown',
  composite: { groundTruth: 0, checklist: 0.4, judge: 0.6 },
})
