// Vitest's command line as `orgbench run` starts it (plain JavaScript: it runs in Vitest's own
// process, without the TypeScript loader). A flag Vitest cannot parse makes Vitest throw while it
// loads, which Node would print with a stack trace and exit 1; here it is one line and exit 2, as
// every orgbench usage error is.
try {
  await import('../../../node_modules/vitest/vitest.mjs')
} catch (e) {
  if (e?.name !== 'CACError') throw e
  const problem = e.message.replace(/`/g, '')
  console.error(`orgbench run: ${problem.charAt(0).toLowerCase()}${problem.slice(1)} (Vitest's flags: npx vitest --help)`)
  process.exit(2)
}
