// A module resolution hook for running the server from the repository's TypeScript sources: it
// adds the `snr-auth-source` export condition, under which `snr-auth/contract` (and the
// `snr-auth-server` entry) resolve to src/…ts instead of the built dist/ files, as
// `node --conditions=snr-auth-source` does for a whole process. The bin registers it when it runs
// from a clone (module.register, before tsx); so does the browser tests' server plugin, which loads
// the server into the test runner's own process. Not published: an installed server runs dist/.
export const CONDITION = 'snr-auth-source';

export async function resolve(specifier, context, nextResolve) {
  const conditions = context.conditions ?? [];
  return nextResolve(specifier, conditions.includes(CONDITION) ? context : { ...context, conditions: [...conditions, CONDITION] });
}
