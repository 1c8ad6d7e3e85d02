/**
 * The Custom Elements Manifest (`npm run build:manifest` → dist/custom-elements.json), read from
 * the elements' classes and JSDoc (@tagname, @slot, @event, @csspart). The `--snr-*` custom
 * properties come from their one declaration (src/elements/shared/css-properties.ts, hence
 * `node --conditions=snr-auth-source --import tsx` in the npm script). Module paths name the published JavaScript (dist/…js),
 * not the TypeScript sources.
 */
import { CSS_PROPERTIES_BY_TAG, cssPropertiesOf } from './src/elements/shared/css-properties.ts';

const toDist = (path) => path.replace(/^\/?src\//, 'dist/').replace(/\.ts$/, '.js');

export default {
  // The elements, and the base class and mixin whose attributes they inherit (listed on each element).
  globs: ['src/elements/*/snr-*.element.ts', 'src/elements/shared/light-element.ts', 'src/elements/shared/element-attributes.ts'],
  outdir: 'dist',
  litelement: true,
  packagejson: false,
  plugins: [
    {
      name: 'snr-css-properties',
      packageLinkPhase({ customElementsManifest }) {
        const tags = new Set();
        for (const mod of customElementsManifest.modules) {
          for (const decl of mod.declarations ?? []) {
            if (!decl.tagName) continue;
            tags.add(decl.tagName);
            const copied = (decl.cssProperties ?? []).filter((p) => p.name.startsWith('--snr-'));
            if (copied.length)
              throw new Error(
                `${mod.path}: @cssproperty ${copied.map((p) => p.name).join(', ')} in <${decl.tagName}>'s JSDoc: the --snr-* properties are declared once, in src/elements/shared/css-properties.ts`,
              );
            const declared = cssPropertiesOf(decl.tagName);
            if (declared.length || decl.cssProperties) decl.cssProperties = [...declared, ...(decl.cssProperties ?? [])];
          }
        }
        for (const tag of Object.keys(CSS_PROPERTIES_BY_TAG))
          if (!tags.has(tag)) throw new Error(`src/elements/shared/css-properties.ts names <${tag}>, which no element defines`);
      },
    },
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
            for (const m of [...(decl.members ?? []), ...(decl.attributes ?? [])])
              if (m.inheritedFrom?.module) m.inheritedFrom.module = toDist(m.inheritedFrom.module);
          }
          for (const exp of mod.exports ?? []) if (exp.declaration?.module) exp.declaration.module = toDist(exp.declaration.module);
        }
      },
    },
  ],
};
