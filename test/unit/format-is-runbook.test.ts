// The rule that makes a Markdown file a runbook (src/core/format/isRunbook.ts): front matter with
// a runbook key, a `runbook.include` glob, or a file opened as a runbook. A plain README with a
// ```bash fence is none of these.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { FRONT_MATTER_KEYS } from '../../src/core/format';
import { declaresRunbook, DEFAULT_RUNBOOK_INCLUDE, isRunbookFile, matchesRunbookInclude } from '../../src/core/format/isRunbook';
import { parseRunbook } from '../../src/core/format/parse';

const README = '# Project\n\nInstall:\n\n```bash\nnpm install\n```\n';
const file = (text: string, path: string, remembered = false) => isRunbookFile({ text, path, include: DEFAULT_RUNBOOK_INCLUDE, remembered });

test('a plain README with a bash fence is not a runbook', () => {
  assert.equal(file(README, 'README.md'), false);
  assert.equal(file(README, 'docs/setup.md'), false);
  assert.equal(file('---\ntitle: Blog post\ndescription: about bash\n---\n\n```bash\nls\n```\n', 'blog/post.md'), false, 'title and description alone are blog front matter');
});

test('each runbook front-matter key declares a runbook, at top level only', () => {
  for (const header of ['runbook: true', 'variables:\n  HOST:\n    default: web01', 'shell: bash', 'timeout: 10m', 'cwd: /srv']) {
    assert.equal(file(`---\n${header}\n---\n# x\n`, 'README.md'), true, header);
  }
  assert.equal(declaresRunbook('\uFEFF---\r\nshell: zsh\r\n---\r\n'), true, 'BOM and CRLF');
  assert.equal(declaresRunbook('+++\ntimeout = "5m"\n+++\n# x\n'), true, 'TOML key');
  assert.equal(declaresRunbook('+++\ntitle = "x"\n[variables.HOST]\ndefault = "web01"\n+++\n'), true, 'TOML table');
  assert.equal(declaresRunbook('+++\ntitle = "Blog"\n[params]\nshell = "bash"\n+++\n'), false, 'a TOML key inside another table');
  assert.equal(declaresRunbook('+++\ntitle = "Blog"\nweight = 3\n+++\n'), false, 'TOML without a runbook key');
  assert.equal(declaresRunbook('---\ntags:\n  shell: bash\n---\n'), false, 'a nested key does not count');
  assert.equal(declaresRunbook('---\nrunbook: false\n---\n'), false, 'runbook: false says it is not one');
  assert.equal(declaresRunbook('# x\n\nshell: bash\n'), false, 'outside front matter');
  assert.equal(declaresRunbook('---\nshell: bash\n'), false, 'an unclosed front matter is not front matter');
});

test('the default runbook.include globs match runbooks/ folders and *.runbook.md, at any depth', () => {
  assert.equal(file(README, 'runbooks/deploy.md'), true);
  assert.equal(file(README, 'ops/runbooks/db/failover.md'), true);
  assert.equal(file(README, 'deploy.runbook.md'), true);
  assert.equal(file(README, 'docs\\runbooks\\win.md'), true, 'Windows separators');
  assert.equal(file(README, 'runbooks.md'), false);
  assert.equal(file(README, 'my-runbooks/x.md'), false);
  assert.equal(matchesRunbookInclude('ops/x.md', ['ops/*.md']), true, 'a configured glob');
  assert.equal(matchesRunbookInclude('runbooks/x.md', []), false, 'no globs: only front matter and Open Runbook');
});

test('a file opened as a runbook stays one, whatever its text and place', () => {
  assert.equal(file(README, 'README.md', true), true);
});

test('the runbook key is a known front-matter key: no lint warning, a clear error for a non-boolean', () => {
  assert.ok(FRONT_MATTER_KEYS.includes('runbook'));
  assert.deepEqual(parseRunbook('---\nrunbook: true\n---\n# x\n').diagnostics, []);
  const [bad] = parseRunbook('---\nrunbook: yes please\n---\n# x\n').diagnostics;
  assert.equal(bad?.line, 2);
  assert.match(bad?.message ?? '', /'runbook' must be true or false/);
});
