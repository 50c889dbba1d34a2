import { inClause } from '../../notation.js'
import { defineTask } from '../../schema.js'

const brief = `## Scenario
A B2B SaaS company sells a work-management platform: customer organisations (tenants) manage projects, tasks, documents and comments; users get in-app and e-mail notifications and full-text search; every change is written to an audit trail; customers integrate through a public REST API and outbound webhooks. The current monolith cannot keep up, and the company wants a distributed backend designed from scratch. Design it.

Load and context you should design for:
- 1,000,000 registered users across about 6,000 tenant organisations; the largest tenant has 40,000 users, most have fewer than 200.
- 250,000 daily active users; peak 12,000 API requests per second, about 75% of them reads.
- About 40 million domain events per day (creates, updates, comments, permission changes), with peaks of 2,000 per second.
- File attachments grow by about 2 TB per month.
- Enterprise tenants are promised a contractual availability target and expect one tenant's load never to degrade another tenant's service.
- One cloud provider, one primary region with three availability zones, and a second region available for disaster recovery.

## Required areas
1. **Service decomposition and API design**: the services, their responsibilities and the data each one owns; which interactions are synchronous and which asynchronous; the edge layer (gateway, authentication, tenant resolution); the public API style, versioning, pagination, idempotency and rate limiting.
2. **Storage and caching**: the stores chosen for each workload; the core schema; how tenants are isolated; indexing and partitioning or sharding; caching layers with their TTLs and invalidation; connection management; backups and point-in-time recovery with recovery-point and recovery-time objectives.
3. **Asynchronous processing and event streaming**: the broker and its topics and partitioning; the event envelope and how schemas evolve; delivery guarantees and how duplicates are handled; retries and dead-letter handling; backpressure; throughput and retention sizing; webhook delivery.
4. **Deployment and horizontal scaling**: the runtime platform; autoscaling signals and bounds; resource requests and limits; rollout and rollback strategy, including database migrations; spreading across zones and the disaster-recovery plan; capacity arithmetic for the load above.
5. **Observability, alerting and incident response**: metrics, logs and traces and the tools that carry them; service-level indicators and objectives; alert rules; on-call, severity levels and the incident process; post-incident review.

## Deliverable
A Markdown document with exactly one \`##\` section per required area, in the order above, titled after the area. Name technologies (with versions where it matters), give schemas as SQL DDL, JSON or an IDL, show capacity estimates with their arithmetic, state numeric targets and thresholds, and say how each part behaves when a dependency fails or a tenant misbehaves.`

export default defineTask({
  id: 'software_architecture',
  track: 'general',
  costCenter: 'engineering',
  title: 'Backend architecture for a multi-tenant B2B SaaS platform with 1,000,000 users',
  kind: 'design',
  brief,
  inputs: [],
  roles: [
    {
      id: 'systems_architect',
      name: 'Systems Architect',
      focus:
        'Examines how the system is split into services: service boundaries and which data each service is responsible for, synchronous versus asynchronous interactions, the edge and gateway layer, and the public API contract.',
      memoryKey: 'systems_architect',
    },
    {
      id: 'database_engineer',
      name: 'Database Engineer',
      focus:
        'Examines the storage layer: data models and how tenants are kept apart, the choice of store for each workload, indexing and partitioning, caching and invalidation, connection management, and backup and recovery.',
      memoryKey: 'database_engineer',
    },
    {
      id: 'infrastructure_lead',
      name: 'Infrastructure Lead',
      focus:
        'Examines how the services run and scale: the compute platform, autoscaling signals and bounds, resource sizing, rollout and rollback, and resilience across zones and regions.',
      memoryKey: 'infrastructure_lead',
    },
    {
      id: 'api_designer',
      name: 'API Designer',
      focus:
        'Examines the asynchronous interfaces: event and message contracts and how they evolve, the broker and its topology, delivery guarantees, retries and dead-letter handling, backpressure, and outbound webhooks.',
      memoryKey: 'api_designer',
    },
    {
      id: 'observability_engineer',
      name: 'Observability Engineer',
      focus:
        'Examines how the system is watched and operated: telemetry signals, service-level indicators and objectives, alert design, on-call arrangements and the incident process.',
      memoryKey: 'observability_engineer',
    },
  ],
  rubric: [
    {
      key: 'coverage',
      description:
        'All five required areas have their own section, and every sub-point the brief lists for an area (for example backups under storage, dead-letter handling under streaming, migrations under rollout) is answered rather than skipped.',
      weight: 20,
    },
    {
      key: 'technical_depth',
      description:
        'Mechanisms are specified with named technologies, schemas, capacity arithmetic and numeric targets (latency, availability, throughput, TTLs, autoscaling bounds, retention). Hand-waving such as "use a scalable database" scores low.',
      weight: 20,
    },
    {
      key: 'coherence',
      description:
        'The parts fit together: the same services, tenants, events and numbers recur consistently across sections, the capacity estimates support the chosen sizes, and trade-offs are stated where choices pull against each other.',
      weight: 20,
    },
    {
      key: 'implementability',
      description:
        'A competent team could build and run it from this document: concrete components, configurations and interfaces, a scope proportionate to the stated load, and no reliance on products or features that do not exist.',
      weight: 20,
    },
    {
      key: 'edge_cases',
      description:
        'Failure modes and degraded states are handled explicitly: oversized or noisy tenants, cache stampedes, hot partitions and broker lag, messages that always fail, zone or region loss, half-finished deploys and migrations, and what users experience while each lasts.',
      weight: 20,
    },
  ],
  hardConstraints: [
    "Serve 1,000,000 users across many B2B tenant organisations, with each tenant's data isolated from every other tenant's",
    'Name the concrete technologies for every component',
    'Give schemas for the core data model and for the event messages',
    'State numeric SLA targets for availability and latency',
  ],
  checklist: [
    {
      id: 'service_boundaries',
      description: 'Names at least three services with their responsibilities',
      patterns: [
        '((identity|tenant|billing|notification|search|workspace|project|document|user|auth|audit|webhook|file|task|comment|ingest\\w*)[- ]service\\b[\\s\\S]{0,400}){3}',
        '(\\|\\s*`?[\\w-]+[- ]service`?\\s*\\|[^\\n]*\\n){3}',
      ],
    },
    {
      id: 'api_contract',
      description: 'Concrete public API contract: spec format, versioned paths, idempotency or numeric rate limits',
      patterns: [
        '/v\\d+/[a-z{]',
        '\\b(openapi|grpc|protobuf|graphql)\\b',
        'idempotency[- ]key',
        `rate[- ]limit\\w*${inClause(80)}\\d+\\s?(req|requests|rps|/\\s?s|per)`,
      ],
    },
    {
      id: 'tenant_isolation',
      description: 'A concrete tenant-isolation mechanism (tenant key with row-level security, schema or database per tenant, silo/pool model)',
      patterns: [
        '\\btenant_id\\b',
        'row[- ]level security|\\brls\\b',
        '(schema|database|db|cluster|shard)[- ]per[- ]tenant',
        '\\b(silo|pool|bridge)(ed)? (model|tenancy|isolation)',
      ],
      mustPass: true,
    },
    {
      id: 'data_schema',
      description: 'Gives a schema for core data or events (DDL, typed fields, JSON schema or IDL)',
      patterns: [
        'create table',
        '\\b\\w+_id\\s+(uuid|bigint|text|int\\w*)\\b',
        '"type"\\s*:\\s*"\\w+"',
        '\\b(message|record)\\s+\\w+\\s*\\{',
      ],
      mustPass: true,
    },
    {
      id: 'caching',
      description: 'Named cache technology with TTLs or an invalidation rule',
      patterns: ['\\b(redis|memcached|valkey|dragonfly)\\b', `\\bttl\\b${inClause(40)}\\d+\\s?(s|sec|seconds|min|minutes|h|hours)\\b`],
    },
    {
      id: 'backup_recovery',
      description: 'Point-in-time recovery with numeric RPO/RTO',
      patterns: [
        `(point[- ]in[- ]time|\\bpitr\\b)${inClause(80)}\\d+\\s?(days?|hours?|h|min|minutes)\\b`,
        `\\brpo\\b${inClause(40)}\\d`,
        `\\brto\\b${inClause(40)}\\d`,
      ],
    },
    {
      id: 'event_broker',
      description: 'Names the event broker',
      patterns: ['\\b(kafka|pulsar|kinesis|rabbitmq|nats|sqs|pub/?sub|redpanda|event ?hubs)\\b', '\\b(msk|confluent)\\b'],
    },
    {
      id: 'async_reliability',
      description: 'Delivery semantics, dead-letter handling and backpressure',
      patterns: [
        'dead[- ]letter (topic|queue|exchange)|\\bdlq\\b',
        `back-?pressure${inClause(120)}(\\d|paus\\w*|throttl\\w*|consumer lag|rate limit\\w*)`,
        'at[- ]least[- ]once|exactly[- ]once|\\boutbox\\b',
      ],
    },
    {
      id: 'capacity_estimate',
      description: 'Capacity arithmetic in requests or events per unit of time',
      patterns: [
        '\\d[\\d,.]*\\s?k?\\s?(rps|req/s|requests per second|requests/s|qps|events/s|messages/s|msg/s)\\b',
        '\\d[\\d,.]*\\s?(m|million|k)?\\s?(events|requests|messages)\\s?(per|/|a)\\s?(day|second|s)\\b',
      ],
    },
    {
      id: 'autoscaling_rollout',
      description: 'Autoscaling with bounds and a rollout strategy with rollback',
      patterns: [
        '\\b(hpa|horizontal pod autoscaler|keda|karpenter|cluster autoscaler)\\b',
        '(min|max)[_ ]?replicas?\\W{0,3}\\d',
        `(canary|blue[- ]green|rolling)${inClause(120)}(\\d+\\s?%|rollback|roll back)`,
        '\\b(argo ?cd|argo rollouts|flux|spinnaker)\\b',
      ],
    },
    {
      id: 'availability_slo',
      description: 'Numeric availability SLA/SLO',
      patterns: [
        `(availability|uptime|sla|slo)${inClause(80)}99\\.\\d+\\s?%`,
        `99\\.\\d+\\s?%${inClause(80)}(availability|uptime|sla|slo)`,
      ],
      mustPass: true,
    },
    {
      id: 'latency_slo',
      description: 'Numeric latency target at a percentile',
      patterns: [`\\bp(50|90|95|99)\\b${inClause(60)}\\d+\\s?ms`, `\\d+\\s?ms${inClause(40)}\\bp(90|95|99)\\b`],
    },
    {
      id: 'observability_alerting',
      description: 'Named telemetry stack and concrete alert rules',
      patterns: [
        '\\b(opentelemetry|prometheus|grafana|datadog|jaeger|tempo|loki|honeycomb|new relic)\\b',
        'burn[- ]rate',
        `(alert|page)\\w*${inClause(100)}(>|≥|>=|above|exceeds?)\\s*\\d`,
      ],
    },
    {
      id: 'incident_response',
      description: 'Severity levels and a timed incident and review process',
      patterns: [
        '\\bsev[- ]?[0-4]\\b|\\bseverity[- ][0-4]\\b',
        'incident commander',
        `(post-?mortem|post-incident review)${inClause(120)}(within|\\d)`,
      ],
    },
  ],
  deliverable: 'markdown',
  composite: { groundTruth: 0, checklist: 0.4, judge: 0.6 },
})
