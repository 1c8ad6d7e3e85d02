#!/usr/bin/env node
// Writes the README's element reference from the Custom Elements Manifest, between the markers
// below (text outside them is kept). `npm run docs` builds the manifest first; a test checks that
// README.md and the manifest agree.
//
//   node scripts/readme-elements.mjs [manifest] [readme]     (defaults: dist/custom-elements.json, README.md)

import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const BEGIN = '<!-- BEGIN ELEMENT REFERENCE: generated from custom-elements.json by `npm run docs` -->';
export const END = '<!-- END ELEMENT REFERENCE -->';

const cell = (text = '') =>
  String(text)
    .replace(/\s*\n\s*/g, ' ')
    .replace(/\|/g, '\\|')
    .trim();
const code = (text) => (text ? `\`${String(text).replace(/`/g, "'")}\`` : '');
const firstParagraph = (text = '') =>
  text
    .split(/\n\s*\n/)[0]
    .replace(/\s*\n\s*/g, ' ')
    .trim();

/** Every custom element of the manifest, in the order the README lists them. */
export function elementsOf(manifest) {
  const order = [
    'snr-session',
    'snr-signin',
    'snr-register',
    'snr-account',
    'snr-change-password',
    'snr-landing',
    'snr-auth',
    'snr-facebook-button',
    'snr-provider-button',
  ];
  const all = manifest.modules.flatMap((m) => (m.declarations ?? []).filter((d) => d.customElement && d.tagName).map((d) => ({ ...d, module: m.path })));
  const rank = (tag) => (order.includes(tag) ? order.indexOf(tag) : order.length);
  return all.sort((a, b) => rank(a.tagName) - rank(b.tagName) || a.tagName.localeCompare(b.tagName));
}

/** The markdown of the element reference. */
export function renderElements(manifest) {
  const elements = elementsOf(manifest);
  const out = [];
  out.push(
    `${elements.length} elements: ${elements.map((el) => code(`<${el.tagName}>`)).join(', ')}. Import one alone with \`import 'snr-auth/<tag>'\` (e.g. \`snr-auth/snr-signin\`); the script-tag file defines them all.`,
    '',
  );
  // CSS custom properties: one table for all, since the elements share most of them.
  const byName = new Map();
  for (const el of elements)
    for (const p of el.cssProperties ?? []) {
      if (!byName.has(p.name)) byName.set(p.name, { description: p.description, tags: [] });
      byName.get(p.name).tags.push(el.tagName);
    }
  if (byName.size) {
    const tags = elements.map((el) => el.tagName);
    const readers = (these) => {
      if (these.length * 2 <= tags.length) return these.map((t) => code(`<${t}>`)).join(', ');
      const others = tags.filter((t) => !these.includes(t));
      return others.length ? `all but ${others.map((t) => code(`<${t}>`)).join(', ')}` : 'all';
    };
    out.push('**CSS custom properties** (set them on the element or any ancestor, e.g. `:root`):', '');
    out.push('| property | meaning | read by |', '|---|---|---|');
    for (const [name, p] of byName) out.push(`| ${code(name)} | ${cell(p.description)} | ${readers(p.tags)} |`);
    out.push('');
  }
  for (const el of elements) {
    out.push(`### \`<${el.tagName}>\``, '');
    const summary = firstParagraph(el.summary || el.description);
    if (summary) out.push(summary, '');
    const fields = (el.members ?? []).filter(
      (m) => m.kind === 'field' && !m.static && m.privacy !== 'private' && m.privacy !== 'protected' && !m.name.startsWith('_'),
    );
    if (fields.length) {
      out.push('| attribute | property | type | default | meaning |', '|---|---|---|---|---|');
      for (const f of fields)
        out.push(
          `| ${f.attribute ? code(f.attribute) : ''} | ${code(f.name)} | ${code(cell(f.type?.text))} | ${f.default ? code(cell(f.default)) : ''} | ${cell(f.description)} |`,
        );
      out.push('');
    }
    const methods = (el.members ?? []).filter(
      (m) => m.kind === 'method' && !m.static && m.privacy !== 'private' && m.privacy !== 'protected' && !m.name.startsWith('_'),
    );
    if (methods.length) out.push(`Methods: ${methods.map((m) => `${code(`${m.name}()`)}${m.description ? ` — ${cell(m.description)}` : ''}`).join('; ')}.`, '');
    if (el.events?.length) {
      out.push('| event | when |', '|---|---|');
      for (const e of el.events) out.push(`| ${code(e.name)} | ${cell(e.description)} |`);
      out.push('');
    }
    if (el.slots?.length) out.push(`Slots: ${el.slots.map((s) => `${code(s.name || '(default)')} — ${cell(s.description)}`).join('; ')}`, '');
    if (el.cssParts?.length) out.push(`Parts: ${el.cssParts.map((p) => `${code(p.name)} (${cell(p.description).replace(/\.$/, '')})`).join(', ')}.`, '');
  }
  return out.join('\n').trim();
}

/** README text with the marked section replaced; throws when the markers are missing. */
export function rewriteReadme(readme, manifest) {
  const start = readme.indexOf(BEGIN);
  const end = readme.indexOf(END);
  if (start === -1 || end < start) throw new Error(`README.md has no element reference markers (${BEGIN} … ${END})`);
  return `${readme.slice(0, start)}${BEGIN}\n${renderElements(manifest)}\n${END}${readme.slice(end + END.length)}`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const manifestPath = process.argv[2] ?? `${root}dist/custom-elements.json`;
  const readmePath = process.argv[3] ?? `${root}README.md`;
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  const before = readFileSync(readmePath, 'utf8');
  const after = rewriteReadme(before, manifest);
  if (after !== before) writeFileSync(readmePath, after);
  console.log(`${readmePath}: element reference ${after === before ? 'already up to date' : 'rewritten'} (${elementsOf(manifest).length} elements)`);
}
