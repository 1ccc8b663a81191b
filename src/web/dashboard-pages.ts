// The dashboard's pages: Overview (`/`), Servers, Policy and Audit. Each is a self-contained
// shell (inline CSS and script, nothing from elsewhere, no data in the HTML) whose script reads
// the dashboard API, draws with the DOM and inline SVG (text only ever via textContent), asks
// for the admin token when the API answers 401/403, and follows `/api/events` to stay live.
import { escapeHtml } from './html.ts';

export type DashboardPage = 'overview' | 'servers' | 'catalog' | 'policy' | 'approvals' | 'audit';

export const DASHBOARD_NAV: { page: DashboardPage; href: string; label: string }[] = [
  { page: 'overview', href: '/', label: 'Overview' },
  { page: 'servers', href: '/servers', label: 'Servers' },
  { page: 'catalog', href: '/catalog', label: 'Catalog' },
  { page: 'policy', href: '/policy', label: 'Policy' },
  { page: 'approvals', href: '/approvals', label: 'Approvals' },
  { page: 'audit', href: '/audit', label: 'Audit' },
];

const CSS = `
  :root { --fg:#1b1f24; --muted:#57606a; --line:#d0d7de; --bg:#f6f8fa; --ok:#1a7f37; --no:#cf222e; --warn:#9a6700; --appr:#8250df; --link:#0969da; }
  * { box-sizing: border-box; }
  body { margin:0; font:15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color:var(--fg); background:#fff; }
  a { color:var(--link); }
  header { display:flex; gap:.4rem 1rem; align-items:baseline; padding:.7rem 1.2rem; border-bottom:1px solid var(--line); background:var(--bg); flex-wrap:wrap; }
  header h1 { font-size:1.1rem; margin:0; }
  header nav { display:flex; flex-wrap:wrap; gap:.2rem .9rem; }
  header nav a { color:var(--muted); text-decoration:none; padding:.1rem 0; }
  header nav a[aria-current="page"] { color:var(--fg); font-weight:600; border-bottom:2px solid var(--link); }
  #status { color:var(--muted); font-size:.85rem; margin-left:auto; }
  main { padding:1rem 1.2rem 2rem; max-width:1200px; }
  h2 { font-size:1.05rem; margin:1.4rem 0 .5rem; }
  .muted, .empty { color:var(--muted); }
  .cards { display:grid; grid-template-columns:repeat(auto-fit, minmax(9.5rem, 1fr)); gap:.7rem; }
  .card { border:1px solid var(--line); border-radius:8px; padding:.6rem .8rem; }
  .card .n { font-size:1.5rem; font-weight:600; font-variant-numeric:tabular-nums; display:block; }
  .card .l { color:var(--muted); font-size:.85rem; }
  .grid2 { display:grid; grid-template-columns:repeat(auto-fit, minmax(20rem, 1fr)); gap:0 1.5rem; }
  .scroll { overflow-x:auto; -webkit-overflow-scrolling:touch; }
  table { border-collapse:collapse; width:100%; font-size:.9rem; }
  th, td { text-align:left; padding:.35rem .5rem; border-bottom:1px solid var(--line); vertical-align:top; }
  th { background:var(--bg); font-weight:600; white-space:nowrap; }
  td.num, th.num { text-align:right; font-variant-numeric:tabular-nums; }
  code, .mono { font-family:ui-monospace, SFMono-Regular, Menlo, monospace; font-size:.85em; overflow-wrap:anywhere; }
  .badge { display:inline-block; padding:0 .45rem; border-radius:1rem; font-size:.8rem; border:1px solid var(--line); white-space:nowrap; }
  .d-allow, .s-up { background:#dafbe1; border-color:#4ac26b; }
  .d-deny, .d-rejected, .d-expired, .s-restarting { background:#ffebe9; border-color:#ff8182; }
  .d-rate_limited, .s-starting { background:#fff8c5; border-color:#d4a72c; }
  .d-approval_pending, .d-approved, .d-require_approval { background:#fbefff; border-color:#c297ff; }
  .risk-critical { background:#ffebe9; border-color:#ff8182; } .risk-high { background:#fff1e5; border-color:#ffb77c; }
  .risk-medium { background:#fff8c5; border-color:#d4a72c; } .risk-low { background:#dafbe1; border-color:#4ac26b; }
  pre { background:var(--bg); border:1px solid var(--line); border-radius:6px; padding:.6rem; overflow:auto; max-height:24rem; font-size:.85rem; white-space:pre-wrap; overflow-wrap:anywhere; }
  form.filters { display:grid; grid-template-columns:repeat(auto-fit, minmax(11rem, 1fr)); gap:.5rem .8rem; align-items:end; }
  label { display:block; font-size:.85rem; color:var(--muted); }
  input, select, textarea { font:inherit; width:100%; padding:.35rem .5rem; border:1px solid var(--line); border-radius:6px; background:#fff; color:var(--fg); }
  textarea { min-height:6rem; font-family:ui-monospace, SFMono-Regular, Menlo, monospace; font-size:.85rem; }
  button, .button { font:inherit; padding:.35rem .9rem; border-radius:6px; border:1px solid var(--line); cursor:pointer; background:#fff; color:var(--fg); text-decoration:none; display:inline-block; }
  button.primary { background:var(--link); border-color:var(--link); color:#fff; }
  button:disabled { opacity:.5; cursor:default; }
  button:focus-visible, input:focus-visible, select:focus-visible, textarea:focus-visible, a:focus-visible, tr:focus-visible, summary:focus-visible { outline:3px solid var(--link); outline-offset:2px; }
  #login { display:none; border:1px solid var(--line); border-radius:8px; padding:1rem; max-width:28rem; margin-bottom:1rem; }
  #login input { margin:.3rem 0 .6rem; }
  .chart-wrap { border:1px solid var(--line); border-radius:8px; padding:.6rem; }
  .chart-wrap svg { width:100%; height:auto; display:block; }
  .legend { display:flex; flex-wrap:wrap; gap:.3rem 1rem; font-size:.85rem; margin-top:.4rem; }
  .legend i { display:inline-block; width:.8rem; height:.8rem; border-radius:2px; margin-right:.3rem; vertical-align:-1px; }
  .pager { display:flex; gap:.6rem; align-items:center; flex-wrap:wrap; margin:.6rem 0; }
  tr.rec { cursor:pointer; }
  tr.rec:hover { background:var(--bg); }
  tr.new { animation: flash 2s ease-out; }
  @keyframes flash { from { background:#fff8c5; } to { background:transparent; } }
  tr.detail td { background:var(--bg); }
  .verdict { border:1px solid var(--line); border-radius:8px; padding:.7rem .9rem; margin-top:1rem; }
  .sr { position:absolute; width:1px; height:1px; overflow:hidden; clip:rect(0 0 0 0); white-space:nowrap; }
  @media (max-width: 600px) {
    header, main { padding-left:.7rem; padding-right:.7rem; }
    #status { margin-left:0; width:100%; }
    th, td { padding:.3rem .35rem; }
    .hide-sm { display:none; }
  }
`;

/** The client helpers every page shares: token login, API calls, DOM building, live events. */
const COMMON_JS = `
const G = (() => {
  let token = sessionStorage.getItem('gatehouse-token') || '';
  const statusEl = document.getElementById('status');
  const login = document.getElementById('login');
  const setCookie = () => { if (token) document.cookie = 'gatehouse_admin=' + encodeURIComponent(token) + '; SameSite=Strict; path=/'; };
  setCookie();
  let ready = () => {};
  const el = (tag, props, ...kids) => {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(props || {})) { if (v == null) continue; if (k === 'dataset') Object.assign(e.dataset, v); else if (k.includes('-') || k === 'role' || k === 'scope') e.setAttribute(k, v); else e[k] = v; }
    for (const kid of kids) if (kid != null) e.append(kid);
    return e;
  };
  const status = (text) => { statusEl.textContent = text; };
  class AuthError extends Error {}
  async function api(path, init) {
    init = init || {};
    const res = await fetch(path, { ...init, headers: { ...(token ? { authorization: 'Bearer ' + token } : {}), ...(init.headers || {}) } });
    const body = await res.json().catch(() => ({}));
    if (res.status === 401 || res.status === 403) {
      if (!body.tokenRequired && res.status === 403 && token) throw new Error(body.error || 'forbidden');
      login.style.display = 'block';
      document.getElementById('login-error').textContent = token ? (body.error || 'the token was refused') : '';
      document.getElementById('token').focus();
      status('token required');
      throw new AuthError(body.error || 'token required');
    }
    if (!res.ok) throw new Error(body.error || ('HTTP ' + res.status));
    login.style.display = 'none';
    return body;
  }
  login.addEventListener('submit', (e) => {
    e.preventDefault();
    token = document.getElementById('token').value.trim();
    sessionStorage.setItem('gatehouse-token', token);
    setCookie();
    ready();
  });
  let source = null;
  function live(onEvent) {
    if (source) return;
    source = new EventSource('/api/events');
    source.addEventListener('open', () => { document.body.dataset.live = 'on'; });
    source.addEventListener('error', () => { document.body.dataset.live = 'off'; });
    for (const type of ['call', 'approval']) source.addEventListener(type, (e) => { try { onEvent(JSON.parse(e.data)); } catch (err) { console.error(err); } });
  }
  function start(load) {
    ready = async () => {
      try { await load(); }
      catch (err) { if (!(err instanceof AuthError)) status('error: ' + err.message); }
    };
    ready();
  }
  const fmtTime = (ms) => new Date(ms).toLocaleString(undefined, { hour12: false });
  const hhmm = (ms) => new Date(ms).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', hour12: false });
  const badge = (cls, text) => el('span', { className: 'badge ' + cls, textContent: text });
  const debounce = (fn, ms) => { let t = 0; return () => { clearTimeout(t); t = setTimeout(fn, ms); }; };
  return { api, el, status, live, start, fmtTime, hhmm, badge, debounce, AuthError };
})();
`;

function shell(page: DashboardPage, title: string, body: string, script: string): string {
  const nav = DASHBOARD_NAV.map((n) => `<a href="${n.href}"${n.page === page ? ' aria-current="page"' : ''}>${n.label}</a>`).join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Gatehouse</title>
<style>${CSS}</style>
</head>
<body data-page="${page}">
<header>
  <h1>Gatehouse</h1>
  <nav aria-label="Dashboard">${nav}</nav>
  <span id="status" role="status" aria-live="polite">loading…</span>
</header>
<main>
  <form id="login" aria-labelledby="login-title">
    <h2 id="login-title">Admin token</h2>
    <p>This gateway asks for an admin or approver token before showing the dashboard.</p>
    <label for="token">Token</label>
    <input id="token" type="password" autocomplete="current-password" required>
    <p id="login-error" role="alert" class="muted"></p>
    <button type="submit" class="primary">Open</button>
  </form>
  <h2 class="sr">${escapeHtml(title)}</h2>
${body}
</main>
<script>
${COMMON_JS}
${script}
</script>
</body>
</html>`;
}

// --- Overview -----------------------------------------------------------------------------

const OVERVIEW_BODY = `
  <section aria-labelledby="calls-title">
    <h2 id="calls-title">Calls per minute, last hour</h2>
    <div class="cards" id="totals"></div>
    <div class="chart-wrap" style="margin-top:.7rem">
      <svg id="chart" viewBox="0 0 720 230" role="img" aria-labelledby="chart-desc" data-total="0"><desc id="chart-desc">No calls yet.</desc></svg>
      <div class="legend" id="legend"></div>
    </div>
  </section>
  <div class="grid2">
    <section aria-labelledby="top-title"><h2 id="top-title">Most called tools</h2><div class="scroll" id="top"></div></section>
    <section aria-labelledby="stopped-title"><h2 id="stopped-title">Most stopped tools</h2><div class="scroll" id="stopped"></div></section>
  </div>
  <section aria-labelledby="down-title"><h2 id="down-title">Servers down</h2><div id="down"></div></section>
`;

const OVERVIEW_JS = `
const { api, el, status, live, start, hhmm, debounce } = G;
const SERIES = [
  { key: 'allowed', label: 'Allowed', color: '#2da44e' },
  { key: 'denied', label: 'Denied', color: '#cf222e' },
  { key: 'rate_limited', label: 'Rate-limited', color: '#d4a72c' },
  { key: 'approvals', label: 'Approvals', color: '#8250df' },
];
const SERIES_OF = { allow: 'allowed', deny: 'denied', rate_limited: 'rate_limited', approval_pending: 'approvals', approved: 'approvals', rejected: 'approvals', expired: 'approvals' };
let data = null;
const NS = 'http://www.w3.org/2000/svg';
const svgEl = (tag, attrs, text) => { const e = document.createElementNS(NS, tag); for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v)); if (text != null) e.textContent = text; return e; };

function draw() {
  const svg = document.getElementById('chart');
  const W = 720, H = 230, L = 34, R = 8, T = 10, B = 26;
  const minutes = data.minutes;
  const max = Math.max(1, ...minutes.map((m) => SERIES.reduce((s, x) => s + m[x.key], 0)));
  const step = max <= 5 ? 1 : Math.ceil(max / 4);
  const top = Math.ceil(max / step) * step;
  const y = (v) => T + (H - T - B) * (1 - v / top);
  const bw = (W - L - R) / minutes.length;
  const kids = [];
  for (let v = 0; v <= top; v += step) {
    kids.push(svgEl('line', { x1: L, x2: W - R, y1: y(v), y2: y(v), stroke: '#d0d7de', 'stroke-width': 1 }));
    kids.push(svgEl('text', { x: L - 5, y: y(v) + 4, 'text-anchor': 'end', 'font-size': 11, fill: '#57606a' }, String(v)));
  }
  minutes.forEach((m, i) => {
    let acc = 0;
    const g = svgEl('g', { 'data-minute': m.t });
    const parts = [];
    for (const s of SERIES) {
      const n = m[s.key];
      if (!n) continue;
      g.append(svgEl('rect', { x: L + i * bw + 1, width: Math.max(1, bw - 2), y: y(acc + n), height: y(acc) - y(acc + n), fill: s.color, 'data-series': s.key, 'data-count': n }));
      parts.push(n + ' ' + s.label.toLowerCase());
      acc += n;
    }
    if (parts.length) g.append(svgEl('title', {}, hhmm(m.t) + ': ' + parts.join(', ')));
    kids.push(g);
    if (i % 15 === 0 || i === minutes.length - 1) kids.push(svgEl('text', { x: L + i * bw + bw / 2, y: H - 8, 'text-anchor': 'middle', 'font-size': 11, fill: '#57606a' }, hhmm(m.t)));
  });
  const totals = data.totals;
  const desc = svgEl('desc', { id: 'chart-desc' }, totals.all + ' calls in the last hour: ' + SERIES.map((s) => totals[s.key] + ' ' + s.label.toLowerCase()).join(', ') + '.');
  svg.replaceChildren(desc, ...kids);
  svg.dataset.total = String(totals.all);
  for (const s of SERIES) svg.dataset[s.key === 'rate_limited' ? 'rateLimited' : s.key] = String(totals[s.key]);
  document.getElementById('legend').replaceChildren(...SERIES.map((s) => el('span', { dataset: { series: s.key } }, el('i', { style: 'background:' + s.color }), s.label + ' ', el('strong', { textContent: String(totals[s.key]) }))));
  const card = (n, label, href) => el('div', { className: 'card' }, href ? el('a', { href, className: 'n', textContent: String(n) }) : el('span', { className: 'n', textContent: String(n) }), el('span', { className: 'l', textContent: label }));
  document.getElementById('totals').replaceChildren(
    card(totals.all, 'calls, last hour'), card(totals.denied, 'denied'), card(totals.rate_limited, 'rate-limited'), card(totals.approvals, 'approval steps'),
    Object.assign(card(data.pendingApprovals, 'pending approvals', '/approvals'), { id: 'pending' }), card(data.sessions, 'live sessions'));
}

function toolTable(rows, empty) {
  if (!rows.length) return el('p', { className: 'empty', textContent: empty });
  return el('table', {}, el('thead', {}, el('tr', {}, el('th', { scope: 'col', textContent: 'Tool' }), el('th', { scope: 'col', className: 'num', textContent: 'Calls' }))),
    el('tbody', {}, ...rows.map((r) => el('tr', {}, el('td', {}, el('a', { href: '/audit?server=' + encodeURIComponent(r.server) + '&tool=' + encodeURIComponent(r.tool), className: 'mono', textContent: r.server + '/' + r.tool })), el('td', { className: 'num', textContent: String(r.calls) })))));
}

async function load() {
  data = await api('/api/overview');
  draw();
  document.getElementById('top').replaceChildren(toolTable(data.topTools, 'No calls in the last hour.'));
  document.getElementById('stopped').replaceChildren(toolTable(data.stoppedTools, 'Nothing stopped in the last hour.'));
  document.getElementById('down').replaceChildren(data.serversDown.length
    ? el('ul', {}, ...data.serversDown.map((s) => el('li', {}, el('a', { href: '/servers', textContent: s.name }), ' restarting (' + s.restarts + ' restarts)')))
    : el('p', { className: 'empty', textContent: 'All ' + data.servers + ' servers are up or idle.' }));
  status('updated ' + new Date().toLocaleTimeString());
  live(onEvent);
}
const reload = debounce(() => load().catch(() => {}), 1500);
function onEvent(ev) {
  if (ev.type === 'call' && data) {
    const minute = Math.floor(ev.record.time / 60000) * 60000;
    let bucket = data.minutes.find((m) => m.t === minute);
    if (!bucket && minute > data.minutes[data.minutes.length - 1].t) {
      data.minutes.push(bucket = { t: minute, allowed: 0, denied: 0, rate_limited: 0, approvals: 0 });
      while (data.minutes.length > 60) data.minutes.shift();
    }
    const s = SERIES_OF[ev.record.decision];
    if (bucket && s) { bucket[s]++; data.totals[s]++; data.totals.all++; draw(); }
    status('live · ' + ev.record.server + '/' + ev.record.tool + ' ' + ev.record.decision);
  }
  reload();
}
start(load);
setInterval(() => load().catch(() => {}), 60000);
`;

export function renderOverviewPage(): string {
  return shell('overview', 'Overview', OVERVIEW_BODY, OVERVIEW_JS);
}

// --- Servers ------------------------------------------------------------------------------

const SERVERS_BODY = `
  <section aria-labelledby="servers-title">
    <h2 id="servers-title">Servers</h2>
    <p class="muted">A stdio server runs once per client session; its state here is across the live sessions. Idle: no session has started it.</p>
    <div class="scroll" id="servers"></div>
  </section>
`;

const SERVERS_JS = `
const { api, el, status, start, badge } = G;
async function load() {
  const body = await api('/api/servers');
  const th = (t, c) => el('th', { scope: 'col', className: c || '', textContent: t });
  const rows = body.servers.map((s) => el('tr', { dataset: { server: s.name } },
    el('th', { scope: 'row' }, el('a', { href: '/catalog?server=' + encodeURIComponent(s.name), textContent: s.name })),
    el('td', {}, s.transport + (s.era && s.era !== 'unknown' ? ' · MCP ' + s.era : ''), el('div', { className: 'mono muted hide-sm', textContent: s.target })),
    el('td', {}, badge('s-' + s.state, s.state)),
    el('td', { className: 'num', textContent: s.sessions.ready + ' up / ' + s.sessions.starting + ' starting / ' + s.sessions.restarting + ' restarting' }),
    el('td', { className: 'num', textContent: String(s.restarts) }),
    el('td', { className: 'num', textContent: String(s.tools) }),
    el('td', {}, ...['critical', 'high', 'medium', 'low'].filter((r) => s.risk[r]).map((r) => badge('risk-' + r, s.risk[r] + ' ' + r)), s.quarantined ? badge('d-deny', s.quarantined + ' quarantined') : null)));
  document.getElementById('servers').replaceChildren(el('table', {},
    el('thead', {}, el('tr', {}, th('Server'), th('Transport'), th('State'), th('Sessions', 'num'), th('Restarts', 'num'), th('Tools', 'num'), th('By risk'))),
    el('tbody', {}, ...rows)));
  status(body.servers.length + ' servers · ' + body.sessions + ' sessions · updated ' + new Date().toLocaleTimeString());
}
start(load);
setInterval(() => load().catch(() => {}), 3000);
`;

export function renderServersPage(): string {
  return shell('servers', 'Servers', SERVERS_BODY, SERVERS_JS);
}

// --- Policy -------------------------------------------------------------------------------

const POLICY_BODY = `
  <section aria-labelledby="rules-title">
    <h2 id="rules-title">Rules in force</h2>
    <p id="default" class="muted"></p>
    <div class="scroll" id="rules"></div>
  </section>
  <section aria-labelledby="check-title">
    <h2 id="check-title">What would happen if…</h2>
    <p class="muted">The same answer as <code>gatehouse check</code>: nothing is called.</p>
    <form id="check" class="filters">
      <div><label for="check-target">Tool (server/tool)</label><input id="check-target" name="target" list="known-tools" required placeholder="server/tool" autocomplete="off"><datalist id="known-tools"></datalist></div>
      <div><label for="check-agent">Agent</label><select id="check-agent" name="agent"></select></div>
      <div style="grid-column:1/-1"><label for="check-args">Arguments (JSON object)</label><textarea id="check-args" name="args">{}</textarea></div>
      <div style="grid-column:1/-1"><label for="check-claims">Token claims, for an OAuth agent (JSON object, optional)</label><textarea id="check-claims" name="claims" placeholder='{"groups": ["admins"]}'></textarea></div>
      <div><button type="submit" class="primary">Check</button></div>
    </form>
    <div id="verdict" aria-live="polite"></div>
  </section>
`;

const POLICY_JS = `
const { api, el, status, start, badge } = G;
let loaded = false;
async function load() {
  const p = await api('/api/policy');
  document.getElementById('default').textContent = 'Calls no rule matches: ' + (p.default === 'risk' ? 'the risk default for the tool\\'s risk class' : p.default) + '.' +
    (p.otherLastHour.length ? ' Last hour: ' + p.otherLastHour.map((o) => o.calls + ' by ' + o.rule).join(', ') + '.' : '');
  const th = (t, c) => el('th', { scope: 'col', className: c || '', textContent: t });
  const code = (t) => t ? el('code', { textContent: t }) : el('span', { className: 'muted', textContent: '—' });
  document.getElementById('rules').replaceChildren(p.rules.length ? el('table', {},
    el('thead', {}, el('tr', {}, th('#', 'num'), th('Tool'), th('Action'), th('Agents'), th('When'), th('Reason'), th('Matched, last hour', 'num'))),
    el('tbody', {}, ...p.rules.map((r) => el('tr', { dataset: { rule: r.label } },
      el('td', { className: 'num', textContent: String(r.index) }),
      el('td', {}, code(r.tool)),
      el('td', {}, badge('d-' + r.action, r.action.replace('_', ' ')), r.rateLimit ? el('div', { className: 'muted', textContent: r.rateLimit.max + ' / ' + r.rateLimit.window + ' s' + (r.rateLimit.scope ? ' per ' + r.rateLimit.scope : '') }) : null),
      el('td', { textContent: r.agents ? r.agents.join(', ') : 'all' }),
      el('td', {}, code(r.when)),
      el('td', { textContent: r.reason || '' }),
      el('td', { className: 'num matched', textContent: String(r.matchedLastHour) }))))) : el('p', { className: 'empty', textContent: 'No rules: every call gets the default.' }));
  if (!loaded) {
    loaded = true;
    const agent = document.getElementById('check-agent');
    agent.replaceChildren(...p.agents.map((a) => el('option', { value: a, textContent: a })));
    document.getElementById('known-tools').replaceChildren(...p.tools.map((t) => el('option', { value: t })));
    if (!document.getElementById('check-target').value && p.tools.length) document.getElementById('check-target').placeholder = p.tools[0];
  }
  status(p.rules.length + ' rules · updated ' + new Date().toLocaleTimeString());
}
document.getElementById('check').addEventListener('submit', async (e) => {
  e.preventDefault();
  const out = document.getElementById('verdict');
  const target = document.getElementById('check-target').value.trim();
  const agent = document.getElementById('check-agent').value;
  const args = document.getElementById('check-args').value;
  const claims = document.getElementById('check-claims').value.trim();
  try {
    const body = await api('/api/check', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ target, agent, args, ...(claims ? { claims } : {}) }) });
    const r = body.report;
    out.replaceChildren(el('div', { className: 'verdict', dataset: { decision: r.decision } },
      el('p', {}, badge('d-' + r.decision, r.decision.replace('_', ' ')), ' ', el('strong', { textContent: r.rule })),
      ...body.text.map((line) => el('div', { className: 'mono', style: 'white-space:pre-wrap', textContent: line })),
      el('details', {}, el('summary', { textContent: 'The report as gatehouse check --json prints it' }), el('pre', { id: 'check-json', textContent: JSON.stringify(r, null, 2) }))));
  } catch (err) {
    if (!(err instanceof G.AuthError)) out.replaceChildren(el('p', { className: 'verdict', role: 'alert', textContent: err.message }));
  }
});
start(load);
setInterval(() => load().catch(() => {}), 15000);
`;

export function renderPolicyPage(): string {
  return shell('policy', 'Policy', POLICY_BODY, POLICY_JS);
}

// --- Audit --------------------------------------------------------------------------------

const AUDIT_BODY = `
  <section aria-labelledby="audit-title">
    <h2 id="audit-title">Audit log</h2>
    <form id="filters" class="filters" aria-label="Filter the audit log">
      <div><label for="f-since">From</label><input id="f-since" name="since" type="datetime-local"></div>
      <div><label for="f-until">Until</label><input id="f-until" name="until" type="datetime-local"></div>
      <div><label for="f-agent">Agent</label><select id="f-agent" name="agent"><option value="">any</option></select></div>
      <div><label for="f-server">Server</label><select id="f-server" name="server"><option value="">any</option></select></div>
      <div><label for="f-tool">Tool</label><input id="f-tool" name="tool" autocomplete="off"></div>
      <div><label for="f-decision">Decision</label><select id="f-decision" name="decision"><option value="">any</option>
        <option>allow</option><option>deny</option><option>rate_limited</option><option>approval_pending</option><option>approved</option><option>rejected</option><option>expired</option></select></div>
      <div><button type="submit" class="primary">Apply</button> <button type="reset">Clear</button></div>
    </form>
    <div class="pager">
      <button type="button" id="prev">← Newer</button>
      <span id="range" aria-live="polite"></span>
      <button type="button" id="next">Older →</button>
      <span style="margin-left:auto">Export: <a id="csv" class="button" href="/api/audit?format=csv">CSV</a> <a id="jsonl" class="button" href="/api/audit?format=jsonl">JSON Lines</a></span>
    </div>
    <div class="scroll">
      <table id="audit">
        <thead><tr><th scope="col">Time</th><th scope="col">Agent</th><th scope="col">Tool</th><th scope="col">Decision</th><th scope="col" class="hide-sm">Rule</th><th scope="col">Reason</th><th scope="col" class="hide-sm">Outcome</th></tr></thead>
        <tbody></tbody>
      </table>
    </div>
    <p class="muted">Select a row (click, or Enter) to see the whole record.</p>
  </section>
`;

const AUDIT_JS = `
const { api, el, status, live, start, badge } = G;
const PAGE = 50;
const form = document.getElementById('filters');
const tbody = document.querySelector('#audit tbody');
let offset = 0, total = 0, filled = false;
const params0 = new URLSearchParams(location.search);
for (const [k, v] of params0) { const f = form.elements.namedItem(k); if (f && k !== 'since' && k !== 'until') f.value = v; }
function toLocalInput(ms) { const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60000); return d.toISOString().slice(0, 16); }
for (const k of ['since', 'until']) if (params0.get(k)) form.elements.namedItem(k).value = toLocalInput(Number(params0.get(k)) || Date.parse(params0.get(k)));
function filters() {
  const q = new URLSearchParams();
  for (const k of ['agent', 'server', 'tool', 'decision']) { const v = form.elements.namedItem(k).value.trim(); if (v) q.set(k, v); }
  for (const k of ['since', 'until']) { const v = form.elements.namedItem(k).value; if (v) q.set(k, String(new Date(v).getTime())); }
  return q;
}
function matches(r) {
  const q = filters();
  for (const k of ['agent', 'server', 'tool', 'decision']) if (q.get(k) && r[k] !== q.get(k)) return false;
  if (q.get('since') && r.time < Number(q.get('since'))) return false;
  if (q.get('until') && r.time >= Number(q.get('until'))) return false;
  return true;
}
function row(r, fresh) {
  const tr = el('tr', { className: 'rec' + (fresh ? ' new' : ''), tabIndex: 0, 'aria-expanded': 'false', dataset: { requestId: r.requestId, decision: r.decision } },
    el('td', { className: 'mono', style: 'white-space:nowrap', title: new Date(r.time).toISOString() }, el('span', { className: 'hide-sm', textContent: new Date(r.time).toLocaleDateString() + ' ' }), new Date(r.time).toLocaleTimeString(undefined, { hour12: false })),
    el('td', { title: r.auth ? 'authenticated by ' + (r.auth === 'oauth' ? 'an OAuth access token' : r.auth === 'key' ? 'an API key' : 'nothing (anonymous)') : '' }, r.agent, r.auth && r.auth !== 'anonymous' ? el('span', { className: 'muted', textContent: ' · ' + r.auth }) : ''),
    el('td', { className: 'mono', textContent: r.server + '/' + r.tool }),
    el('td', {}, badge('d-' + r.decision, r.decision)),
    el('td', { className: 'mono hide-sm', textContent: r.rule }),
    el('td', { className: 'reason', textContent: r.reason }),
    el('td', { className: 'hide-sm', textContent: r.outcome }));
  const toggle = () => {
    const open = tr.nextElementSibling && tr.nextElementSibling.classList.contains('detail');
    if (open) { tr.nextElementSibling.remove(); tr.setAttribute('aria-expanded', 'false'); return; }
    const record = { ...r, isoTime: new Date(r.time).toISOString() };
    if (record.args) { try { record.args = JSON.parse(record.args); } catch {} }
    tr.after(el('tr', { className: 'detail' }, el('td', { colSpan: 7 }, el('pre', { textContent: JSON.stringify(record, null, 2), 'aria-label': 'record ' + r.requestId }))));
    tr.setAttribute('aria-expanded', 'true');
  };
  tr.addEventListener('click', toggle);
  tr.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); toggle(); } });
  return tr;
}
function showRange(shown) {
  document.getElementById('range').textContent = total ? (offset + 1) + '–' + (offset + shown) + ' of ' + total : 'no records match';
  document.getElementById('prev').disabled = offset === 0;
  document.getElementById('next').disabled = offset + shown >= total;
}
async function load() {
  const q = filters();
  q.set('limit', String(PAGE));
  q.set('offset', String(offset));
  const body = await api('/api/audit?' + q);
  if (!filled) {
    filled = true;
    for (const [id, list] of [['f-agent', body.agents], ['f-server', body.servers]]) {
      const sel = document.getElementById(id);
      const want = params0.get(sel.name) || '';
      for (const v of list) sel.append(el('option', { value: v, textContent: v }));
      sel.value = want;
    }
  }
  total = body.total;
  tbody.replaceChildren(...body.records.map((r) => row(r, false)));
  if (!body.records.length) tbody.append(el('tr', {}, el('td', { colSpan: 7, className: 'empty', textContent: 'No records match.' })));
  showRange(body.records.length);
  const x = filters();
  x.set('format', 'csv'); document.getElementById('csv').href = '/api/audit?' + x;
  x.set('format', 'jsonl'); document.getElementById('jsonl').href = '/api/audit?' + x;
  status(total + ' records · updated ' + new Date().toLocaleTimeString());
  live(onEvent);
}
function onEvent(ev) {
  if (ev.type !== 'call' || offset !== 0 || !matches(ev.record)) return;
  const empty = tbody.querySelector('td.empty');
  if (empty) empty.parentElement.remove();
  tbody.prepend(row(ev.record, true));
  total++;
  const rows = tbody.querySelectorAll('tr.rec');
  if (rows.length > PAGE) { const last = rows[rows.length - 1]; if (last.nextElementSibling && last.nextElementSibling.classList.contains('detail')) last.nextElementSibling.remove(); last.remove(); }
  showRange(Math.min(PAGE, tbody.querySelectorAll('tr.rec').length));
  status('live · ' + ev.record.server + '/' + ev.record.tool + ' ' + ev.record.decision);
}
form.addEventListener('submit', (e) => { e.preventDefault(); offset = 0; history.replaceState(null, '', '?' + filters()); load().catch((err) => status('error: ' + err.message)); });
form.addEventListener('reset', () => setTimeout(() => { offset = 0; history.replaceState(null, '', location.pathname); load().catch(() => {}); }));
document.getElementById('prev').addEventListener('click', () => { offset = Math.max(0, offset - PAGE); load().catch(() => {}); });
document.getElementById('next').addEventListener('click', () => { offset += PAGE; load().catch(() => {}); });
start(load);
`;

export function renderAuditPage(): string {
  return shell('audit', 'Audit', AUDIT_BODY, AUDIT_JS);
}

const LOGIN_JS = `
// A page rendered on the server (the catalog) was refused: log in, then load it again.
G.start(async () => { await G.api('/api/overview'); location.reload(); });
`;

/** For a server-rendered page the token did not open: the login form, which reloads it after. */
export function renderLoginPage(): string {
  return shell('overview', 'Token required', '', LOGIN_JS);
}

/** The dashboard page at a path, or undefined when the path is not one. */
export function dashboardPage(path: string): string | undefined {
  switch (path) {
    case '/':
      return renderOverviewPage();
    case '/servers':
      return renderServersPage();
    case '/policy':
      return renderPolicyPage();
    case '/audit':
      return renderAuditPage();
    default:
      return undefined;
  }
}
