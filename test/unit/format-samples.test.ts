// The sample runbooks in runbooks/: lint clean, and each shows what it promises.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseRunbook, type Runbook } from '../../src/core/format';
import { checkSteps, codeSteps } from './format-fixtures';

const DIR = join(__dirname, '..', '..', 'runbooks');
const load = (name: string): Runbook => parseRunbook(readFileSync(join(DIR, name), 'utf8'), { fileName: name });

test('every sample runbook has no diagnostics at all', () => {
  const names = readdirSync(DIR).filter((n) => n.endsWith('.md'));
  assert.ok(names.length >= 3);
  for (const name of names) assert.deepEqual(load(name).diagnostics, [], name);
});

test('hello.md tours every feature and runs on Linux', () => {
  const r = load('hello.md');
  const steps = codeSteps(r);
  const attrs = new Set(steps.flatMap((s) => Object.keys(s.attributes)));
  for (const key of ['id', 'name', 'title', 'timeout', 'confirm', 'expect', 'expect-exit', 'cwd', 'continue-on-error', 'interactive', 'when']) assert.ok(attrs.has(key), key);
  assert.deepEqual(new Set(steps.map((s) => s.runner)), new Set(['bash', 'sh', 'pwsh', 'python', 'node']));
  assert.ok(r.variables.some((v) => v.secret) && r.variables.some((v) => v.choices) && r.variables.some((v) => v.pattern));
  assert.ok(checkSteps(r).some((c) => c.checked) && checkSteps(r).some((c) => c.section.length > 0));
  // Everything except the windows-only step runs on Linux.
  assert.deepEqual(steps.filter((s) => s.when && s.when !== 'linux').map((s) => s.id), ['windows-only']);
});

test('mim-2016-sp3-upgrade.md follows the guide', () => {
  const r = load('mim-2016-sp3-upgrade.md');
  // A copy of the Microsoft guide the sample was made from (the project's seed), kept with the fixtures.
  const guide = readFileSync(join(__dirname, '..', 'fixtures', 'format', 'mim-2016-sp3-upgrade.guide.txt'), 'utf8');
  // The guide's sections appear as headings, in the guide's order.
  const sections = [
    'Prerequisites', 'Prepare the SP2 installation source for SP3 patching', 'Step 1 - Identify the installation source',
    'Step 1.1 - Verify the drive exists', 'Step 1.2 - Create the required drive (if missing)', 'Step 1.3 - Create the virtual drive',
    'Step 2 - Copy the component folder', 'Step 3 - Build the installation source', 'Step 3.1 - Replace the MSI file',
    'Step 3.2 - Copy the SP3 patch file', 'Step 3.3 - Verify installation files', 'Upgrade the Synchronization Service',
    'Stop the Synchronization Service', 'Back up the Sync environment', 'Eject the SP2 ISO (if mounted)', 'Apply the SP3 patch',
    'Restart the Synchronization Service', 'Validate synchronization functionality', 'Remove temporary source mapping (if used)',
    'Resolve common upgrade errors', 'Insert Disk error', 'Source file not found error', 'Upgrade a standalone MIM Service',
    'Confirm the MIM Service is not co-located with the MIM portal', 'Verify prerequisites on the server', 'Back up the MIM Service environment',
    'Stop the MIM Service and IIS', 'Restart services', 'Verify the upgrade', 'Deploy the MIM Portal on SharePoint Subscription Edition',
    "Deploy the MIM Service when it's installed with the Portal", 'Upgrade Password Change Notification Service (PCNS)',
    'Confirm a system state backup exists', 'Stop the PCNS service', 'Run the SP3 PCNS installer', 'Restart the domain controller if prompted',
    'Validate password change notification', 'Upgrade Add-ins and Extensions', 'Close dependent applications', 'Restart the system', 'Validate functionality',
  ];
  const text = readFileSync(join(DIR, 'mim-2016-sp3-upgrade.md'), 'utf8');
  let from = 0;
  let guideFrom = 0;
  for (const s of sections) {
    const at = text.indexOf(`# ${s}\n`, from);
    assert.ok(at > from, `heading '${s}' in order`);
    from = at;
    const inGuide = guide.indexOf(`${s}\n`, guideFrom);
    assert.ok(inGuide >= guideFrom, `'${s}' is a section of the guide, in the same order`);
    guideFrom = inGuide;
  }
  const steps = codeSteps(r);
  for (const s of steps) assert.equal(s.when, 'windows', `${s.id} is Windows-only`);
  const msiexec = steps.filter((s) => /msiexec/.test(s.code));
  assert.equal(msiexec.length, 4);
  for (const s of msiexec) {
    assert.deepEqual(s.expectExit, [0, 3010], s.id);
    assert.ok(s.confirm, `${s.id} asks first`);
  }
  for (const s of steps.filter((x) => /Stop-Service|BACKUP DATABASE|Remove-ItemProperty|Restart-Computer|iisreset \/stop/.test(x.code))) assert.ok(s.confirm, `${s.id} asks first`);
  // The guide's commands are all there.
  for (const cmd of ['Stop-Service FIMSynchronizationService', 'Start-Service FIMSynchronizationService', 'Stop-Service FIMService', 'iisreset /stop',
    'iisreset /start', 'Start-Service FIMService', 'Stop-Service FIMPCNS', 'SUBST', 'REINSTALLMODE=emus', 'Get-ItemProperty']) {
    assert.ok(steps.some((s) => s.code.includes(cmd)), cmd);
  }
  const vars = Object.fromEntries(r.variables.map((v) => [v.name, v]));
  assert.equal(vars.MIM_SYNC_ACCOUNT_PASSWORD?.secret, true);
  assert.equal(vars.MIM_SYNC_ACCOUNT_PASSWORD?.default, undefined);
  for (const name of ['MIM_SYNC_SERVER', 'MIM_SERVICE_SERVER', 'SQL_SERVER', 'SYNC_INSTALL_SOURCE', 'BACKUP_DIR', 'MIM_SYNC_ACCOUNT', 'MIM_SERVICE_ACCOUNT']) assert.ok(vars[name], name);
  // Every declared variable is used by some step.
  for (const v of r.variables) assert.ok(steps.some((s) => s.code.includes(v.name)), `${v.name} is used`);
  // GUI verifications the guide asks for are manual checks.
  const checks = checkSteps(r).map((c) => c.text).join('\n');
  for (const phrase of ['Synchronization Service Manager', 'Management Agents', 'Full Import (Stage Only)', 'Forefront Identity Manager Service is running',
    'Application event log', 'test workflow', 'Microsoft.ResourceManagement.Service.exe', 'installation completion screen', 'system state backup',
    'existing FIMService database', 'Outlook', 'maintenance window']) assert.ok(checks.includes(phrase), phrase);
});

test('linux-patch-night.md: checks, a dry run, a guarded restart, verification and sign-off', () => {
  const r = load('linux-patch-night.md');
  const steps = codeSteps(r);
  const ids = steps.map((s) => s.id);
  assert.ok(ids.indexOf('dry-run') < ids.indexOf('apt-upgrade'));
  assert.ok(steps.find((s) => s.id === 'apt-upgrade')?.confirm);
  assert.ok(steps.find((s) => s.id === 'restart-service')?.confirm);
  assert.ok(steps.find((s) => s.id === 'reboot')?.confirm);
  assert.equal(steps.find((s) => s.id === 'health-check')?.expect, '^200$');
  assert.ok(steps.find((s) => s.id === 'disk-space')?.code.includes('df'));
  const signOff = checkSteps(r).filter((c) => c.section.at(-1) === 'Sign-off');
  assert.ok(signOff.length >= 3);
});
