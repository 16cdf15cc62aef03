// One model of a run: statuses and their groups, the final-status rule, the stale rule, labels,
// durations, step records and the recorded run (Executor + Session + final status).
export * from './status';
export * from './units';
export * from './codeHash';
export * from './finalStatus';
export * from './stepRecords';
export * from './recordedRun';
