import { benchTask } from '../../lib/bench.js'

await benchTask('support_triage_system')
