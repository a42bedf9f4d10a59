// The site's CSS, inlined in <style> (no render-blocking request). One base sheet written with
// logical properties (so right-to-left pages mirror), and per template its colours, fonts and
// layout. System font stacks only.
import type { SiteTemplate } from "../types";

const base = `
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;font-family:var(--font);color:var(--ink);background:var(--bg);line-height:1.55;font-size:1rem}
h1,h2,h3{font-family:var(--head);line-height:1.2;margin:0 0 .5em}
h1{font-size:clamp(1.75rem,6vw,2.75rem)}h2{font-size:1.5rem}h3{font-size:1.125rem}
p{margin:0 0 1em}
a{color:var(--link)}
a:focus-visible,button:focus-visible,summary:focus-visible,iframe:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
img{max-inline-size:100%;block-size:auto}
.skip{position:absolute;inset-inline-start:-999px;inset-block-start:0;padding:.75rem 1rem;background:var(--ink);color:var(--bg)}
.skip:focus{inset-inline-start:0;z-index:9}
.preview{margin:0;padding:.6rem 1rem;background:#fef3c7;color:#78350f;text-align:center;font-weight:600}
.wrap{max-inline-size:68rem;margin-inline:auto;padding-inline:1rem}
header.top{background:var(--bar);color:var(--bar-ink);border-block-end:1px solid var(--line)}
header.top .wrap{display:flex;flex-wrap:wrap;align-items:center;gap:0 .5rem;padding-block:.25rem}
.brand{display:flex;align-items:center;gap:.5rem;color:inherit;text-decoration:none;font-weight:700;min-block-size:44px;margin-inline-end:auto;flex:1 1 0;min-inline-size:0}
.brand img{inline-size:40px;block-size:40px;object-fit:contain;border-radius:6px}
header nav{order:3;flex:1 0 100%;overflow-x:auto}nav ul{display:flex;list-style:none;margin:0;padding:0;gap:.25rem;white-space:nowrap}
nav a,.lang{display:inline-flex;align-items:center;min-block-size:44px;padding-inline:.6rem;color:inherit;text-decoration:none;border-radius:6px}
nav a:hover,.lang:hover{text-decoration:underline}
.lang{border:1px solid currentColor;order:2}@media (min-width:48rem){header nav{order:2;flex:0 1 auto}.lang{order:3}}
.hero{background:var(--hero);color:var(--hero-ink);padding-block:1.5rem 2rem}
.hero .wrap{display:grid;gap:1rem;align-items:center}
.hero-logo{inline-size:72px;block-size:72px;object-fit:contain;border-radius:12px;background:#fff}
.kind{text-transform:uppercase;letter-spacing:.08em;font-size:.8rem;font-weight:600;margin:0}
.next{font-weight:600}
.cta{display:inline-flex;align-items:center;justify-content:center;min-block-size:48px;padding:.75rem 1.25rem;border-radius:var(--radius);background:var(--accent);color:var(--accent-ink);font-weight:700;text-decoration:none;border:0;font-size:1rem}
.cta.alt{background:transparent;color:inherit;border:2px solid currentColor}
.actions{display:flex;flex-wrap:wrap;gap:.75rem}
main section{padding-block:2rem;border-block-end:1px solid var(--line)}
.grid{display:grid;gap:1rem;grid-template-columns:repeat(auto-fill,minmax(min(100%,16rem),1fr));list-style:none;padding:0;margin:0}
.card{background:var(--card);border:1px solid var(--line);border-radius:var(--radius);padding:1rem}
.doc{display:flex;gap:.75rem;align-items:flex-start}.doc p{margin:0 0 .25em}
.doc img,.ph{inline-size:96px;block-size:96px;object-fit:cover;border-radius:50%;flex:none;background:var(--line)}
.ph{display:flex;align-items:center;justify-content:center;font-size:2rem;font-weight:700;color:var(--ink)}
.muted{color:var(--muted)}
.price{font-weight:700;white-space:nowrap}
.svc{display:flex;justify-content:space-between;gap:1rem;align-items:baseline}
table{border-collapse:collapse;inline-size:100%}
th,td{text-align:start;padding:.5rem;border-block-end:1px solid var(--line);vertical-align:top}
.closed{color:var(--muted)}
.map{inline-size:100%;block-size:280px;border:0;border-radius:var(--radius)}
.stars{color:var(--star);letter-spacing:.1em}
blockquote{margin:0}
.slots{display:flex;flex-wrap:wrap;gap:.5rem;list-style:none;padding:0}
.slots li{border:1px solid var(--line);border-radius:999px;padding:.35rem .75rem}
.tap{display:inline-flex;align-items:center;min-block-size:44px}[data-island=booking]{min-block-size:12rem}.choose summary{display:flex;align-items:center;min-block-size:44px;cursor:pointer;font-weight:700;color:var(--link)}.choose ul{list-style:none;padding:0;margin:0}
footer{background:var(--bar);color:var(--bar-ink);padding-block:1.5rem;font-size:.95rem}
footer a{color:inherit}
footer .wrap{display:grid;gap:.5rem}
dl{margin:0}dt{font-weight:700}dd{margin:0 0 .75rem}
.sr{position:absolute;inline-size:1px;block-size:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
.products .product{display:flex;flex-direction:column;gap:.25rem}.product h3{margin:.5rem 0 0}.product p{margin:0}
.pimg{display:block;inline-size:100%;aspect-ratio:1;block-size:auto;object-fit:contain;background:#fff;border-radius:calc(var(--radius)/2)}
.pimg.ph{display:flex;align-items:center;justify-content:center;inline-size:100%;block-size:auto;aspect-ratio:1;border-radius:calc(var(--radius)/2);font-size:2.5rem;font-weight:700;color:var(--muted);background:var(--line)}
.badges{display:flex;flex-wrap:wrap;gap:.375rem}.badge{display:inline-block;font-size:.85rem;font-weight:700;padding:.15rem .6rem;border-radius:999px;border:1px solid currentColor}
.stock-in_stock{color:#166534;background:#f0fdf4}.stock-low{color:#92400e;background:#fffbeb}.stock-out_of_stock{color:#991b1b;background:#fef2f2}
.rx{color:#78350f;background:#fef3c7}.rx-note{padding:.5rem .75rem;border-inline-start:4px solid #b45309;background:#fffbeb;color:#78350f}
.price.big{font-size:1.5rem;margin:.5rem 0 0}
.add{display:flex;flex-wrap:wrap;align-items:flex-end;gap:.5rem;margin-block-start:.5rem}.add[hidden]{display:none}
.add .cta:disabled{opacity:.6;cursor:not-allowed}
.qty{display:flex;flex-direction:column;font-weight:600;font-size:.9rem}.qty input{inline-size:5rem;min-block-size:48px;font:inherit;padding-inline:.5rem;border:1px solid var(--muted);border-radius:var(--radius)}
.search{display:flex;flex-wrap:wrap;align-items:flex-end;gap:.75rem}
.search label{display:flex;flex-direction:column;gap:.25rem;font-weight:600;flex:1 1 14rem}
.search input,.search select{min-block-size:48px;font:inherit;padding-inline:.75rem;border:1px solid var(--muted);border-radius:var(--radius);background:#fff;color:#1a1a1a}
.pager{display:flex;flex-wrap:wrap;align-items:center;justify-content:space-between;gap:1rem;margin-block-start:1.5rem}
.product-page{display:grid;gap:1.5rem;align-items:start}
@media (min-width:48rem){.hero .wrap.product-page{grid-template-columns:minmax(0,20rem) 1fr}}
.card .add .cta{background:var(--link);color:#fff}
.hero .kind a{color:inherit}
@media (min-width:48rem){.hero .wrap{grid-template-columns:var(--hero-cols)}}
`;

/** Colours (AA contrast on their backgrounds), fonts and layout of each template. */
const templates: Record<SiteTemplate, string> = {
  // Calm blue, serif headings, centred hero.
  classic: `:root{--font:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans Arabic",sans-serif;--head:Georgia,"Times New Roman","Noto Naskh Arabic",serif;--ink:#1b2430;--muted:#4a5566;--bg:#fff;--card:#f7f9fc;--line:#d9e0ea;--link:#1d4ed8;--focus:#f59e0b;--bar:#0f2a4a;--bar-ink:#fff;--hero:#e8f0fb;--hero-ink:#0f2a4a;--accent:#1d4ed8;--accent-ink:#fff;--star:#8a5a00;--radius:6px;--hero-cols:1fr}
.hero{text-align:center}.hero .actions{justify-content:center}.hero-logo{margin-inline:auto}`,
  // Green and airy, rounded, split hero (text beside the booking box).
  fresh: `:root{--font:"Avenir Next",Avenir,"Segoe UI",system-ui,"Noto Sans Arabic",sans-serif;--head:inherit;--ink:#12302a;--muted:#3f5b54;--bg:#f4fbf8;--card:#fff;--line:#cfe7dd;--link:#0b6b50;--focus:#7c3aed;--bar:#fff;--bar-ink:#12302a;--hero:linear-gradient(135deg,#0b6b50,#0e8a6a);--hero-ink:#fff;--accent:#fff;--accent-ink:#0b6b50;--star:#7a4e00;--radius:16px;--hero-cols:2fr 1fr}
.hero{padding-block:2.5rem}.card{box-shadow:0 1px 3px rgb(0 0 0/.06)}`,
  // A shop front: bold, dark header, products (services) first in a grid.
  market: `:root{--font:"Helvetica Neue",Arial,"Noto Sans Arabic",sans-serif;--head:"Arial Black","Helvetica Neue",Arial,sans-serif;--ink:#1a1a1a;--muted:#4d4d4d;--bg:#fff;--card:#fff;--line:#e2e2e2;--link:#b42318;--focus:#2563eb;--bar:#1a1a1a;--bar-ink:#fff;--hero:#fff4e5;--hero-ink:#1a1a1a;--accent:#b42318;--accent-ink:#fff;--star:#8a4b00;--radius:4px;--hero-cols:1fr auto}
#services .grid,.grid.products{grid-template-columns:repeat(auto-fill,minmax(min(100%,12rem),1fr))}#services .svc{flex-direction:column}#services .price,.product .price{font-size:1.25rem;color:var(--accent)}`,
  // Soft and warm, cards everywhere, rounded everything.
  care: `:root{--font:"Trebuchet MS","Segoe UI",system-ui,"Noto Sans Arabic",sans-serif;--head:inherit;--ink:#2d1f3d;--muted:#5a4a6b;--bg:#faf7fd;--card:#fff;--line:#e6dcf2;--link:#6d28d9;--focus:#db2777;--bar:#fff;--bar-ink:#2d1f3d;--hero:#efe6fb;--hero-ink:#2d1f3d;--accent:#6d28d9;--accent-ink:#fff;--star:#8a4b00;--radius:20px;--hero-cols:1fr 1fr}
main section{border:0}main section>.wrap{background:var(--card);border-radius:var(--radius);padding-block:1.5rem;box-shadow:0 2px 8px rgb(45 31 61/.08)}.cta{border-radius:999px}`,
};

export function siteCss(template: SiteTemplate): string {
  return (templates[template] + base).replace(/\n/g, "");
}
