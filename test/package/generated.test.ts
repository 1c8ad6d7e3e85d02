/**
 * What is generated, not copied (issue 11): the React wrappers are what scripts/gen-react.mjs writes
 * from a fresh Custom Elements Manifest, and the `--snr-*` custom properties are written once
 * (src/elements/shared/css-properties.ts), reach the manifest through its plugin, and name exactly
 * what the styles read. `npm run docs` rewrites what these tests compare.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { CSS_PROPERTIES, CSS_PROPERTIES_BY_TAG, cssPropertiesOf } from '../../src/elements/shared/css-properties.js';
import { TOKENS } from '../../src/elements/shared/tokens.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

interface Declaration {
  name: string;
  tagName?: string;
  customElement?: boolean;
  events?: { name: string }[];
  cssProperties?: { name: string; description?: string }[];
}
interface Manifest {
  modules: { path: string; declarations?: Declaration[] }[];
}
interface Plugin {
  name: string;
  packageLinkPhase(args: { customElementsManifest: Manifest }): void;
}

let manifest: Manifest;
const elements = () => manifest.modules.flatMap((m) => m.declarations ?? []).filter((d) => d.customElement && d.tagName);

before(async () => {
  // The analyzer as `npm run build:manifest` runs it, with the project's config, written nowhere.
  const { cli } = (await import('@custom-elements-manifest/analyzer/cli.js' as string)) as {
    cli(o: { argv: string[]; cwd: string; noWrite: boolean }): Promise<Manifest>;
  };
  manifest = await cli({ argv: ['analyze', '--config', 'custom-elements-manifest.config.mjs', '--quiet'], cwd: ROOT, noWrite: true });
});

describe('React wrappers (snr-auth/react)', () => {
  it('src/react/index.ts is what scripts/gen-react.mjs writes from the manifest', async () => {
    const { renderReact } = (await import('../../scripts/gen-react.mjs' as string)) as { renderReact(m: Manifest): string };
    assert.equal(readFileSync(join(ROOT, 'src/react/index.ts'), 'utf8'), renderReact(manifest), 'src/react/index.ts is out of date: run `npm run docs`');
  });

  it('keeps the public names: every element as Snr<Name> and Snr<Name>Component, EVENT_PROPS, configure, ready, session', async () => {
    const react = await import('../../src/react/index.js');
    const names = elements().map((d) => d.name);
    assert.equal(names.length, 9);
    assert.deepEqual(Object.keys(react).sort(), ['EVENT_PROPS', 'configure', 'ready', 'session', ...names, ...names.map((n) => `${n}Component`)].sort());
    // The prop names the README and the examples use (onSignedIn, onError, …), one per event.
    assert.deepEqual(react.EVENT_PROPS, {
      onSessionChange: 'snr-session-change',
      onSignedIn: 'snr-signed-in',
      onSignedOut: 'snr-signed-out',
      onError: 'snr-error',
      onViewChange: 'snr-view-change',
      onRegistered: 'snr-registered',
      onAction: 'snr-action',
      onAccountUpdated: 'snr-account-updated',
      onPasswordChanged: 'snr-password-changed',
      onProviderToken: 'snr-provider-token',
    });
  });

  it('gives each element an on… prop for every event its manifest entry lists', async () => {
    const { renderReact, eventProp } = (await import('../../scripts/gen-react.mjs' as string)) as {
      renderReact(m: Manifest): string;
      eventProp(e: string): string;
    };
    const text = renderReact(manifest);
    for (const el of elements()) {
      const block = new RegExp(`export const ${el.name}Component = createComponent\\({[^}]*tagName: '${el.tagName}',[^}]*events: \\{ ([^}]*) \\}`).exec(text);
      assert.ok(block, `${el.tagName} has a component`);
      assert.deepEqual(
        block[1]!.split(', '),
        el.events!.map((e) => eventProp(e.name)),
        el.tagName,
      );
    }
    assert.equal(eventProp('snr-account-updated'), 'onAccountUpdated');
  });
});

describe('--snr-* custom properties, written once', () => {
  it("each element's manifest entry lists the properties declared for its tag, with their words", () => {
    for (const el of elements()) assert.deepEqual(el.cssProperties ?? [], cssPropertiesOf(el.tagName!), el.tagName);
    const forms = ['snr-signin', 'snr-register', 'snr-account', 'snr-change-password', 'snr-landing', 'snr-auth'];
    for (const tag of forms) assert.equal(cssPropertiesOf(tag).length, Object.keys(CSS_PROPERTIES).length, `${tag} reads every property`);
    assert.equal(cssPropertiesOf('snr-facebook-button').find((p) => p.name === '--snr-font-size')?.description, CSS_PROPERTIES['--snr-font-size']);
    assert.match(cssPropertiesOf('snr-facebook-button').find((p) => p.name === '--snr-font-family')!.description, /Font of the label/);
  });

  it('no element copies them into its JSDoc: the manifest plugin refuses an @cssproperty --snr-* line', async () => {
    for (const dir of readdirSync(join(ROOT, 'src/elements'))) {
      if (!dir.startsWith('snr-')) continue;
      const source = readFileSync(join(ROOT, 'src/elements', dir, `${dir}.element.ts`), 'utf8');
      assert.doesNotMatch(source, /@cssproperty\s+--snr-/, dir);
    }
    const config = ((await import('../../custom-elements-manifest.config.mjs' as string)) as { default: { plugins: Plugin[] } }).default;
    const plugin = config.plugins.find((p) => p.name === 'snr-css-properties')!;
    const copy: Manifest = {
      modules: [
        {
          path: 'src/elements/snr-signin/snr-signin.element.ts',
          declarations: [{ name: 'SnrSignin', tagName: 'snr-signin', customElement: true, cssProperties: [{ name: '--snr-radius', description: 'again' }] }],
        },
      ],
    };
    assert.throws(
      () => plugin.packageLinkPhase({ customElementsManifest: copy }),
      /@cssproperty --snr-radius in <snr-signin>'s JSDoc: the --snr-\* properties are declared once/,
    );
  });

  it('the styles read exactly the declared properties', () => {
    const styles = [
      TOKENS,
      ...['shared/form.styles.ts', 'snr-facebook-button/snr-facebook-button.styles.ts'].map((f) => readFileSync(join(ROOT, 'src/elements', f), 'utf8')),
    ];
    for (const dir of readdirSync(join(ROOT, 'src/elements'))) {
      const file = join(ROOT, 'src/elements', dir, `${dir}.styles.ts`);
      try {
        styles.push(readFileSync(file, 'utf8'));
      } catch {}
    }
    const read = new Set(styles.flatMap((text) => [...text.matchAll(/var\((--snr-[a-z-]+)/g)].map((m) => m[1]!)));
    assert.deepEqual([...read].sort(), Object.keys(CSS_PROPERTIES).sort());
    for (const [tag, props] of Object.entries(CSS_PROPERTIES_BY_TAG))
      for (const name of Object.keys(props)) assert.ok(name in CSS_PROPERTIES, `${tag}: ${name}`);
    // A default the words name is the one the styles fall back to.
    let named = 0;
    for (const tag of Object.keys(CSS_PROPERTIES_BY_TAG)) {
      for (const { name, description } of cssPropertiesOf(tag)) {
        const value = /default `([^`]+)`/.exec(description)?.[1];
        if (value === undefined) continue;
        named++;
        assert.ok(
          styles.some((text) => text.includes(`var(${name}, ${value})`)),
          `${tag} ${name}: the styles fall back to ${value}`,
        );
      }
    }
    assert.ok(named >= 5);
  });
});
