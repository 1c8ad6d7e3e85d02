/**
 * The Custom Elements Manifest (`npm run build:manifest` → dist/custom-elements.json), read from
 * the elements' classes and JSDoc (@tagname, @slot, @event, @csspart, @cssproperty). Module paths
 * name the published JavaScript (dist/…js), not the TypeScript sources.
 */
const toDist = (path) => path.replace(/^src\//, 'dist/').replace(/\.ts$/, '.js');

export default {
  globs: ['src/elements/*/snr-*.element.ts'],
  outdir: 'dist',
  litelement: true,
  packagejson: false,
  plugins: [
    {
      name: 'snr-dist-paths',
      packageLinkPhase({ customElementsManifest }) {
        for (const mod of customElementsManifest.modules) {
          mod.path = toDist(mod.path);
          for (const decl of mod.declarations ?? []) {
            for (const m of decl.members ?? []) if (m.inheritedFrom?.module) m.inheritedFrom.module = toDist(m.inheritedFrom.module);
          }
          for (const exp of mod.exports ?? []) if (exp.declaration?.module) exp.declaration.module = toDist(exp.declaration.module);
        }
      },
    },
  ],
};
