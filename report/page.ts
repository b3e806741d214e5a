/**
 * The page: one self-contained HTML file (inline CSS, script and data; no network, opens from file://).
 * `buildPage` assembles it from a `ReportData`; the script (`client.js`) draws every view from the embedded
 * JSON.
 */
import { readFileSync } from 'node:fs';
import type { ReportData } from './data.ts';

const asset = (name: string): string => readFileSync(new URL(`./${name}`, import.meta.url), 'utf8');

const escapeHtml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** JSON that is safe inside a <script> element (no `</script>`, no `<!--`). */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

const SECTIONS: readonly [id: string, title: string][] = [
  ['space', 'State space per variant'],
  ['coverage', 'Action coverage'],
  ['conform', 'Conformance (apln conform)'],
  ['coalitions', 'Coalitions (apln coalitions)'],
  ['synth', 'Parameter regions (apln synth)'],
  ['sources', 'Inputs'],
];

export function buildPage(data: ReportData): string {
  const nav = [['table', 'Variants × properties'], ...SECTIONS]
    .map(([id, title]) => `<a href="#${id}">${escapeHtml(title as string)}</a>`)
    .join('\n');
  const sections = SECTIONS.map(
    ([id, title]) => `<section id="${id}"><h2>${escapeHtml(title)}</h2><div id="${id}-host"></div></section>`,
  ).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<link rel="icon" href="data:,">
<title>${escapeHtml(data.title)}</title>
<style>
${asset('style.css')}
</style>
</head>
<body>
<header>
<h1>${escapeHtml(data.title)}</h1>
<nav aria-label="sections">
${nav}
</nav>
</header>
<main>
<section id="table"><h2>Variants × properties</h2>
<p class="legend">Each cell is a property group's worst clause; select it to list every clause and draw its trace.
<span class="holds">holds ✓</span><span class="reached">reached ✓</span><span class="expected-violation">VIOLATED ✓ (meant to)</span><span class="unmet">✗ expectation not met</span><span class="absent">— not in the variant</span></p>
<div id="matrix-host"></div>
<div id="detail" hidden></div>
</section>
${sections}
</main>
<script id="apln-data" type="application/json">${scriptJson(data)}</script>
<script>
${asset('client.js')}
</script>
</body>
</html>
`;
}
