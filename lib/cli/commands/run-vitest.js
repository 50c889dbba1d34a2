// Vitest's command line as `orgbench run` starts it (plain JavaScript: it runs in Vitest's own
// process, without the TypeScript loader). A flag Vitest cannot parse makes Vitest throw while it
// loads, which Node would print with a stack trace and exit 1; here it is one line and exit 2, as
// every orgbench usage error is.
try {
  await import('../../../node_modules/vitest/vitest.mjs')
} catch (e) {
  if (e?.name !== 'CACError') throw e
  const problem = e.message.replace(/`/g, '').replace(/--[A-Za-z][\w-]*/, asTyped)
  console.error(`orgbench run: ${problem.charAt(0).toLowerCase()}${problem.slice(1)} (Vitest's flags: npx vitest --help)`)
  process.exit(2)
}

/** A flag as the user typed it (--bogus-flag), where Vitest's parser names it camelCased (--bogusFlag). */
function asTyped(flag) {
  const camel = (name) => name.replace(/-([a-z])/g, (_, c) => c.toUpperCase())
  return process.argv.slice(2).map((arg) => arg.split('=')[0]).find((arg) => arg.startsWith('--') && camel(arg.slice(2)) === flag.slice(2)) ?? flag
}
