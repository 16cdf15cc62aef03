// `npm run screenshots`: remakes the pictures in docs/images/ (the README's and the docs'). The
// e2e tests that walk through the product write their screenshots to the git-ignored
// test/e2e/artifacts/; this script runs them and copies the chosen ones into docs/images/, then
// renders the evidence picture. Tests never write tracked files; this script is the only writer.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ensureCodeServer, ROOT } from '../test/harness/codeServer';
import { runNodeTests } from '../test/harness/run-e2e';

const ARTIFACTS = path.join(ROOT, 'test', 'e2e', 'artifacts');
const IMAGES = path.join(ROOT, 'docs', 'images');

/** docs/images/<name> ← the artifact whose file name matches (journey shots are numbered). */
const PICTURES: ReadonlyArray<readonly [string, RegExp]> = [
  ['journey-run.png', /^journey-\d+-failed\.png$/],
  ['journey-notebook.png', /^journey-\d+-done\.png$/],
  ['journey-evidence.png', /^journey-\d+-evidence\.png$/],
  ['notebook-dark.png', /^notebook-dark\.png$/],
  ['notebook-light.png', /^notebook-light\.png$/],
  ['notebook-webview-light.png', /^notebook-webview-light\.png$/],
  ['notebook-webview-dark.png', /^notebook-webview-dark\.png$/],
  ['notebook-webview-high-contrast.png', /^notebook-webview-high-contrast\.png$/],
  ['panel.png', /^panel\.png$/],
];

async function main(): Promise<void> {
  ensureCodeServer();
  if (spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'inherit' }).status !== 0) throw new Error('the build failed');
  const files = ['journey', 'notebook', 'webview-ui', 'panel'].map((name) => path.join('test', 'e2e', `${name}.e2e.ts`));
  const outcome = await runNodeTests(files, ['--test-concurrency=1']);
  if (outcome.failed) throw new Error(`${outcome.failed} e2e test(s) failed; the pictures were not updated`);
  fs.mkdirSync(IMAGES, { recursive: true });
  const artifacts = fs.readdirSync(ARTIFACTS).sort();
  for (const [name, pattern] of PICTURES) {
    const source = artifacts.filter((f) => pattern.test(f)).pop();
    if (!source) throw new Error(`no artifact matches ${pattern} for docs/images/${name}`);
    fs.copyFileSync(path.join(ARTIFACTS, source), path.join(IMAGES, name));
    console.log(`docs/images/${name} ← test/e2e/artifacts/${source}`);
  }
  const evidence = spawnSync(process.execPath, ['--import', 'tsx', 'test/fixtures/session/screenshot.ts', path.join(IMAGES, 'evidence-html.png')], { cwd: ROOT, stdio: 'inherit' });
  if (evidence.status !== 0) throw new Error('the evidence picture could not be rendered');
  console.log('Look at the pictures before you commit them (git diff --stat docs/images).');
}

main().catch((error: unknown) => {
  console.error(`npm run screenshots: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
