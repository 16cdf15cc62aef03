import { parseRunbook } from '../../src/core/format';
for (const n of [20000, 40000]) {
const v = '```bash\n' + Array.from({length:n},(_, i)=>'echo $V'+i).join('\n') + '\n```\n';
let s = performance.now(); const r = parseRunbook(v); console.log('uniq', n, r.diagnostics.length, performance.now() - s);
const w = '```bash\n' + Array.from({length:n},(_, i)=>'echo $V'+i).join(' ') + '\n```\n';
s = performance.now(); parseRunbook(w); console.log('uniq1line', n, performance.now() - s);
const y = '---\na: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n---\n';
console.log(parseRunbook(y).diagnostics);
}
