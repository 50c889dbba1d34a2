/**
 * How task definition files are imported. A definition is TypeScript, which Vitest's module runner
 * transforms; bundled code (lib/run/run-bundle.ts), which Node loads natively and which cannot
 * import a .ts file itself, is given the runner's import by lib/run/run-entry.ts.
 */
let load: (url: string) => Promise<unknown> = (url) => import(/* @vite-ignore */ url)

/** Definition files are imported with `importer` from now on. */
export function useDefinitionImport(importer: (url: string) => Promise<unknown>): void {
  load = importer
}

/** Imports the definition file at `url` (a file URL, possibly with a query). */
export const importDefinition = (url: string): Promise<unknown> => load(url)
