import { codeStep, runbook, makeExecutor } from './executor-helpers';
(async () => {
  const rb = runbook([codeStep('echo hi; sleep 1000', { id: 'a' }), codeStep('echo next', { id: 'n' })]);
  const { executor, recorder } = makeExecutor(rb, { observers: [{ onStepStart: (s) => console.error('start', s.id), onOutput: (id, c) => { console.error('out', id, JSON.stringify(c)); if (id === 'a') executor.cancel(); }, onStepEnd: (s, o) => console.error('end', s.id, o.status, o.exitCode) }] });
  console.log(JSON.stringify((await executor.runAll()).steps.map((s) => [s.status, s.exitCode, s.reason])));
  console.log(JSON.stringify((await executor.runStep('n')).steps.map((s) => [s.status, s.exitCode, s.reason])));
})();
