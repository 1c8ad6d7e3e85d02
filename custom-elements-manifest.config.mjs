/**
 * The Custom Elements Manifest (`npm run build:manifest` → dist/custom-elements.json), read from
 * the elements' classes and JSDoc (@tagname, @slot, @event, @csspart, @cssproperty). Module paths
 * name the published JavaScript (dist/…js), not the TypeScript sources.
 */
const toDist = (path) => path.replace(/^\/?src\//, 'dist/').replace(/\.ts$/, '.js');

export default {
  // The elements, and the base class and mixin whose attributes they inherit (listed on each element).
  globs: ['src/elements/*/snr-*.element.ts', 'src/elements/shared/light-element.ts', 'src/elements/shared/element-attributes.ts'],
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
            if (decl.superclass?.module) decl.superclass.module = toDist(decl.superclass.module);
            for (const mixin of decl.mixins ?? []) if (mixin.module) mixin.module = toDist(mixin.module);
            // The abstract base class (no tag, never defined) is listed for what it passes on, not as an element.
            if (decl.customElement && !decl.tagName) delete decl.customElement;
            for (const m of [...(decl.members ?? []), ...(decl.attributes ?? [])]) if (m.inheritedFrom?.module) m.inheritedFrom.module = toDist(m.inheritedFrom.module);
          }
          for (const exp of mod.exports ?? []) if (exp.declaration?.module) exp.declaration.module = toDist(exp.declaration.module);
        }
      },
    },
  ],
};
