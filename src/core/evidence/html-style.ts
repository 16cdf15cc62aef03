// The HTML evidence stylesheet: light, quiet, printable (A4/Letter), no web fonts, no images.
export const EVIDENCE_CSS = `
:root{--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--soft:#f6f8fa;--pass:#1a7f37;--fail:#cf222e;--warn:#9a6700;--skip:#6e7781;--accent:#0969da}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;color:var(--fg);background:#fff;font:14px/1.5 -apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:980px;margin:0 auto;padding:32px 28px 48px}
h1{font-size:26px;margin:0 0 4px;line-height:1.25}
h2{font-size:18px;margin:32px 0 12px;padding-bottom:6px;border-bottom:1px solid var(--line)}
h3{font-size:15px;margin:0;display:flex;gap:10px;align-items:baseline;flex-wrap:wrap}
code,pre,.mono{font-family:ui-monospace,SFMono-Regular,"SF Mono",Menlo,Consolas,"Liberation Mono",monospace;font-size:12px}
.kicker{color:var(--muted);text-transform:uppercase;letter-spacing:.08em;font-size:11px;font-weight:600}
.headline{display:flex;justify-content:space-between;align-items:flex-start;gap:24px;margin:6px 0 20px}
.badge{display:inline-block;padding:2px 10px;border-radius:999px;font-weight:600;font-size:12px;border:1px solid currentColor;white-space:nowrap}
.badge.big{font-size:15px;padding:6px 16px}
/* Status colours on badges, icons and counts only (a step card's colour is its left border). */
:is(.badge,.icon,.counts span).s-passed{color:var(--pass)}
:is(.badge,.icon,.counts span):is(.s-failed,.s-timed-out){color:var(--fail)}
:is(.badge,.icon,.counts span):is(.s-blocked,.s-interrupted,.s-cancelled,.s-running){color:var(--warn)}
:is(.badge,.icon,.counts span):is(.s-skipped,.s-not-run,.s-pending){color:var(--skip)}
table{border-collapse:collapse;width:100%}
table.meta td,table.meta th{padding:5px 10px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
table.meta th{width:190px;color:var(--muted);font-weight:600;white-space:nowrap}
.hash{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:11.5px;word-break:break-all}
.counts{display:flex;gap:8px;flex-wrap:wrap;margin:14px 0 0}
.counts span{padding:2px 10px;border-radius:6px;background:var(--soft);border:1px solid var(--line);font-size:12px}
nav ol{margin:0;padding:0;list-style:none;columns:2;column-gap:28px}
nav li{break-inside:avoid;padding:2px 0;display:flex;gap:8px}
nav a{color:var(--fg);text-decoration:none}nav a:hover{text-decoration:underline}
.icon{display:inline-block;width:1.2em;text-align:center;font-weight:700}
.step{border:1px solid var(--line);border-left:4px solid var(--skip);border-radius:6px;padding:14px 16px;margin:0 0 16px;break-inside:avoid-page}
.step.s-passed{border-left-color:var(--pass)}.step.s-failed,.step.s-timed-out{border-left-color:var(--fail)}
.step.s-blocked,.step.s-interrupted,.step.s-cancelled{border-left-color:var(--warn)}
.step .facts{color:var(--muted);font-size:12px;margin:4px 0 10px;display:flex;gap:16px;flex-wrap:wrap}
.step .facts b{color:var(--fg);font-weight:600}
.step .num{color:var(--muted);font-weight:400}
.reason{background:#fff8c5;border:1px solid #d4a72c66;border-radius:6px;padding:6px 10px;margin:8px 0;font-size:13px}
.stale{background:#ddf4ff;border:1px solid #54aeff66;border-radius:6px;padding:6px 10px;margin:8px 0;font-size:13px}
.label{font-size:11px;text-transform:uppercase;letter-spacing:.06em;color:var(--muted);font-weight:600;margin:10px 0 4px}
pre{margin:0;padding:10px 12px;border-radius:6px;white-space:pre-wrap;word-break:break-word;overflow-wrap:anywhere}
pre.code{background:var(--soft);border:1px solid var(--line)}
pre.expected{border-left:3px solid var(--line);opacity:.85}
.notice{margin:6px 0;color:#1f5fa8}
pre.out{background:#fbfbfc;border:1px solid var(--line);max-height:none}
.cut{display:block;text-align:center;color:var(--muted);font-style:italic;border-top:1px dashed var(--line);border-bottom:1px dashed var(--line);margin:6px 0;padding:2px 0;font-family:inherit}
.outmeta{color:var(--muted);font-size:11.5px;margin-top:4px}
.note{border-left:3px solid var(--accent);background:#f5f9ff;padding:6px 10px;margin:8px 0;border-radius:0 6px 6px 0;white-space:pre-wrap}
.note-history{margin:4px 0 8px;color:var(--muted)}.note-history summary{cursor:pointer;font-size:12px}
.note .who{display:block;color:var(--muted);font-size:11.5px;margin-top:2px;white-space:normal}
.check{font-size:13px;margin:6px 0}
table.log{font-size:11.5px}
table.log th,table.log td{border-bottom:1px solid var(--line);padding:3px 6px;text-align:left;vertical-align:top}
table.log th{background:var(--soft)}
pre.sig{font-size:10px;color:var(--muted);padding:6px 0}
footer{margin-top:36px;color:var(--muted);font-size:12px;border-top:1px solid var(--line);padding-top:12px}
.fg-black{color:#24292f}.fg-red{color:#cf222e}.fg-green{color:#116329}.fg-yellow{color:#7d4e00}.fg-blue{color:#0550ae}.fg-magenta{color:#8250df}.fg-cyan{color:#1b7c83}.fg-white{color:#6e7781}
.fg-bright-black{color:#57606a}.fg-bright-red{color:#a40e26}.fg-bright-green{color:#1a7f37}.fg-bright-yellow{color:#633c01}.fg-bright-blue{color:#218bff}.fg-bright-magenta{color:#a475f9}.fg-bright-cyan{color:#3192aa}.fg-bright-white{color:#8c959f}
.bg-black{background:#24292f;color:#fff}.bg-red{background:#ffebe9}.bg-green{background:#dafbe1}.bg-yellow{background:#fff8c5}.bg-blue{background:#ddf4ff}.bg-magenta{background:#fbefff}.bg-cyan{background:#d9f7f7}.bg-white{background:#f6f8fa}
.d-bold{font-weight:700}.d-dim{opacity:.7}.d-italic{font-style:italic}.d-underline{text-decoration:underline}.d-strikethrough{text-decoration:line-through}.d-hidden{visibility:hidden}
@page{margin:16mm 14mm}
@media print{
  body{font-size:11.5px}main{max-width:none;padding:0}
  nav ol{columns:2}a{color:inherit;text-decoration:none}
  .step{break-inside:auto}h2{break-after:avoid}h3{break-after:avoid}
  pre{border-color:#bbb}.no-print{display:none}
}
`;
