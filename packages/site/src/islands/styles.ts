// The booking island's CSS: small, logical properties only (right-to-left pages read right),
// colours at AA contrast on white. The page inlines `islandCss` in its <style>; when it does
// not, main.ts adds it once. `--cd-brand` may be set by the page's theme.

export const islandCss = `
.cd-book{--cd-accent:var(--cd-brand,var(--link,#0f766e));--cd-ink:var(--ink,#0f172a);--cd-muted:var(--muted,#475569);--cd-r:var(--radius,.5rem);display:flex;flex-direction:column;gap:.75rem;color:var(--cd-ink);font-size:1rem;line-height:1.45;min-width:0}
.cd-book *{box-sizing:border-box}
.cd-book-title{margin:0;font-size:1.25rem;font-weight:650}
.cd-book-muted{margin:0;color:var(--cd-muted);font-size:.875rem}
.cd-book-empty{margin:0;color:var(--cd-ink)}
.cd-book-stack{display:flex;flex-direction:column;gap:1rem;min-width:0}
.cd-book-pair{display:grid;gap:1rem;grid-template-columns:minmax(0,1fr)}
@media (min-width:40rem){.cd-book-pair{grid-template-columns:repeat(2,minmax(0,1fr))}}
.cd-book-field{display:flex;flex-direction:column;gap:.25rem;min-width:0}
.cd-book-field label{font-size:.875rem;font-weight:600;color:var(--cd-ink)}
.cd-book-field select,.cd-book-field input{width:100%;min-height:2.75rem;padding-block:.5rem;padding-inline:.75rem;border:1px solid #64748b;border-radius:min(var(--cd-r),.75rem);background:#fff;color:#0f172a;font:inherit}
.cd-book-field input[dir=ltr]{text-align:start}
[dir=rtl] .cd-book-field input[dir=ltr]{text-align:end}
.cd-book-field select:focus-visible,.cd-book-field input:focus-visible,.cd-book button:focus-visible{outline:3px solid var(--focus,var(--cd-accent));outline-offset:2px}
.cd-book-field input[aria-invalid=true]{border-color:#b91c1c}
.cd-book-hint{margin:0;font-size:.8125rem;color:var(--cd-muted)}
.cd-book-error{margin:0;font-size:.875rem;color:#b91c1c;font-weight:500}
.cd-book-button{min-height:2.75rem;padding-block:.5rem;padding-inline:1rem;border-radius:min(var(--cd-r),.75rem);border:1px solid transparent;font:inherit;font-weight:600;cursor:pointer}
.cd-book-button:disabled{cursor:not-allowed;color:#64748b;background:#f1f5f9;border-color:#e2e8f0}
.cd-book-primary{background:var(--cd-accent);color:#fff}
.cd-book-primary[aria-disabled=true]{opacity:.8;cursor:progress}
.cd-book-secondary{background:#fff;color:#0f172a;border-color:#94a3b8}
.cd-book-ghost{background:transparent;color:var(--cd-accent);padding-inline:.5rem}
.cd-book-ghost:disabled{background:transparent;border-color:transparent}
.cd-book-week{display:flex;align-items:center;justify-content:space-between;gap:.25rem;flex-wrap:wrap}
.cd-book-range{order:-1;flex-basis:100%;text-align:center;font-size:.875rem;font-weight:600;color:var(--cd-ink);white-space:nowrap}
@media (min-width:40rem){.cd-book-range{order:0;flex-basis:auto}}
.cd-book-days{display:flex;gap:.375rem;overflow-x:auto;padding-block-end:.25rem;scroll-snap-type:x proximity;-webkit-overflow-scrolling:touch}
.cd-book-day{flex:1 0 4.25rem;scroll-snap-align:start;display:flex;flex-direction:column;align-items:center;gap:.125rem;padding-block:.5rem;padding-inline:.25rem;border:1px solid #cbd5e1;border-radius:.5rem;background:#fff;color:#0f172a;font:inherit;font-size:.8125rem;white-space:nowrap;cursor:pointer}
.cd-book-day[aria-pressed=true]{border-color:var(--cd-accent);background:#f0fdfa;background:color-mix(in srgb,var(--cd-accent) 8%,#fff);box-shadow:inset 0 0 0 1px var(--cd-accent)}
.cd-book-day:disabled{cursor:not-allowed;background:#f8fafc;color:#475569;border-style:dashed}
.cd-book-day-name{font-weight:700}
.cd-book-day-count{color:#334155}
.cd-book-day:disabled .cd-book-day-count{color:#475569}
.cd-book-loading .cd-book-days{opacity:.7}
.cd-book-times{display:flex;flex-wrap:wrap;gap:.5rem;margin-block-start:.75rem}
.cd-book-time{min-width:5rem;min-height:2.75rem;padding-inline:.75rem;border:1px solid #94a3b8;border-radius:.5rem;background:#fff;color:#0f172a;font:inherit;font-weight:600;font-variant-numeric:tabular-nums;cursor:pointer}
.cd-book-time:hover{border-color:var(--cd-accent)}
.cd-book-panel{padding:.75rem;border-radius:.5rem;background:#f8fafc}
.cd-book-summary{display:grid;grid-template-columns:minmax(5rem,auto) minmax(0,1fr);gap:.375rem 1rem;margin:0;font-size:.9375rem}
.cd-book-summary dt{color:#475569}
.cd-book-summary dd{margin:0;font-weight:600;overflow-wrap:anywhere}
.cd-book-ref{font-family:ui-monospace,SFMono-Regular,Menlo,monospace}
.cd-book-alert{margin:0;padding:.75rem;border-radius:.5rem;border-inline-start:4px solid}
.cd-book-alert p{margin:0}
.cd-book-alert-title{font-weight:700;margin-block-end:.25rem!important}
.cd-book-alert-ok{background:#f0fdf4;border-color:#15803d;color:#14532d}
.cd-book-alert-warn{background:#fffbeb;border-color:#b45309;color:#78350f}
.cd-book-alert-error{background:#fef2f2;border-color:#b91c1c;color:#7f1d1d}
.cd-book-alert-error .cd-book-button{margin-block-start:.5rem}
.cd-book-actions{display:flex;flex-wrap:wrap;justify-content:space-between;gap:.5rem}
`;
