// The dashboard's live approvals page: pending requests with their call, arguments, risk and
// time left, approve and reject buttons, refreshed without reloading. Self-contained: inline
// CSS and script, nothing from elsewhere. All data is put in the page with textContent.
import { DASHBOARD_NAV } from './dashboard-pages.ts';

export function renderApprovalsPage(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Approvals · Gatehouse</title>
<style>
  :root { --fg:#1b1f24; --muted:#57606a; --line:#d0d7de; --bg:#f6f8fa; --ok:#1a7f37; --no:#cf222e; --warn:#9a6700; }
  * { box-sizing: border-box; }
  body { margin:0; font:15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color:var(--fg); background:#fff; }
  header { display:flex; gap:1rem; align-items:baseline; padding:.8rem 1.2rem; border-bottom:1px solid var(--line); background:var(--bg); flex-wrap:wrap; }
  header h1 { font-size:1.1rem; margin:0; }
  header nav { display:flex; flex-wrap:wrap; gap:.2rem .8rem; min-width:0; }
  header nav a { color:var(--muted); }
  main { padding:1rem 1.2rem; max-width:1100px; }
  #status { overflow-wrap:anywhere; }
  .empty { color:var(--muted); padding:2rem 0; }
  .card { border:1px solid var(--line); border-radius:8px; padding:.9rem 1rem; margin:0 0 1rem; }
  .card h2 { font-size:1rem; margin:0 0 .3rem; overflow-wrap:anywhere; }
  .meta { color:var(--muted); font-size:.9rem; display:flex; gap:1rem; flex-wrap:wrap; }
  .badge { display:inline-block; padding:0 .45rem; border-radius:1rem; font-size:.8rem; border:1px solid var(--line); }
  .risk-critical { background:#ffebe9; border-color:#ff8182; } .risk-high { background:#fff1e5; border-color:#ffb77c; }
  .risk-medium { background:#fff8c5; border-color:#d4a72c; } .risk-low { background:#dafbe1; border-color:#4ac26b; }
  pre { background:var(--bg); border:1px solid var(--line); border-radius:6px; padding:.6rem; overflow:auto; max-height:16rem; font-size:.85rem; }
  form.decide { display:flex; gap:.5rem; flex-wrap:wrap; align-items:center; }
  form.decide input { flex:1 1 14rem; padding:.4rem .5rem; border:1px solid var(--line); border-radius:6px; font:inherit; }
  button { font:inherit; padding:.4rem .9rem; border-radius:6px; border:1px solid var(--line); cursor:pointer; background:#fff; }
  button.approve { background:var(--ok); color:#fff; border-color:var(--ok); }
  button.reject { background:var(--no); color:#fff; border-color:var(--no); }
  button:focus-visible, input:focus-visible, a:focus-visible { outline:3px solid #0969da; outline-offset:2px; }
  #status { color:var(--muted); font-size:.85rem; }
  #login { display:none; border:1px solid var(--line); border-radius:8px; padding:1rem; max-width:28rem; }
  .left { font-variant-numeric: tabular-nums; }
  .left.soon { color:var(--warn); font-weight:600; }
</style>
</head>
<body>
<header>
  <h1>Gatehouse · Approvals</h1>
  <nav aria-label="Dashboard">${DASHBOARD_NAV.map((n) => `<a href="${n.href}"${n.page === 'approvals' ? ' aria-current="page"' : ''}>${n.label}</a>`).join('')}</nav>
  <span id="status" role="status" aria-live="polite">loading…</span>
</header>
<main>
  <form id="login" aria-labelledby="login-title">
    <h2 id="login-title">Admin or approver token</h2>
    <p>This gateway asks for a token before showing approvals.</p>
    <label for="token">Token</label>
    <input id="token" type="password" autocomplete="current-password" required>
    <button type="submit">Open</button>
  </form>
  <section id="pending" aria-label="Pending approval requests"></section>
</main>
<script>
(() => {
  const list = document.getElementById('pending');
  const status = document.getElementById('status');
  const login = document.getElementById('login');
  let token = sessionStorage.getItem('gatehouse-token') || '';
  let shown = null;
  const headers = () => token ? { authorization: 'Bearer ' + token } : {};
  const el = (tag, props = {}, ...kids) => { const e = document.createElement(tag); for (const [k, v] of Object.entries(props)) { if (k.includes('-')) e.setAttribute(k, v); else e[k] = v; } for (const k of kids) e.append(k); return e; };
  const left = (ms) => { const s = Math.max(0, Math.round(ms / 1000)); return s >= 3600 ? Math.floor(s / 3600) + 'h ' + Math.floor(s % 3600 / 60) + 'm' : s >= 60 ? Math.floor(s / 60) + 'm ' + (s % 60) + 's' : s + 's'; };
  function pretty(json) { try { return JSON.stringify(JSON.parse(json), null, 2); } catch { return json; } }
  async function decide(id, verb, reason) {
    const res = await fetch('/api/approvals/' + encodeURIComponent(id) + '/' + verb, { method: 'POST', headers: { ...headers(), 'content-type': 'application/json' }, body: JSON.stringify({ reason }) });
    const body = await res.json().catch(() => ({}));
    status.textContent = res.ok ? id + ' ' + body.status : 'could not decide ' + id + ': ' + (body.error || res.status);
    refresh();
  }
  function card(a, now) {
    const c = el('article', { className: 'card', id: 'approval-' + a.id });
    c.dataset.id = a.id;
    c.append(el('h2', { textContent: a.server + '/' + a.tool }));
    const meta = el('div', { className: 'meta' });
    meta.append(el('span', { textContent: 'agent ' + a.agent }), el('span', { textContent: 'rule ' + a.rule }), el('span', { textContent: a.mode }), el('span', { textContent: a.id }));
    if (a.risk) meta.append(el('span', { className: 'badge risk-' + a.risk, textContent: 'risk ' + a.risk }));
    const remaining = a.expiresAt - now;
    meta.append(el('span', { className: 'left' + (remaining < 60000 ? ' soon' : ''), textContent: left(remaining) + ' left' }));
    c.append(meta, el('pre', { textContent: pretty(a.args), 'aria-label': 'arguments' }));
    const form = el('form', { className: 'decide' });
    const reason = el('input', { name: 'reason', placeholder: 'Reason (optional; the agent reads it)', 'aria-label': 'Reason for ' + a.id });
    const approve = el('button', { type: 'submit', className: 'approve', textContent: 'Approve' });
    const reject = el('button', { type: 'button', className: 'reject', textContent: 'Reject' });
    form.addEventListener('submit', (e) => { e.preventDefault(); decide(a.id, 'approve', reason.value); });
    reject.addEventListener('click', () => decide(a.id, 'reject', reason.value));
    form.append(reason, approve, reject);
    c.append(form);
    return c;
  }
  async function refresh() {
    let res;
    try { res = await fetch('/api/approvals?status=pending', { headers: headers() }); } catch { status.textContent = 'gateway unreachable; retrying'; return; }
    if (res.status === 401 || res.status === 403) { login.style.display = 'block'; status.textContent = 'token required'; return; }
    login.style.display = 'none';
    const body = await res.json();
    const ids = body.approvals.map((a) => a.id).join(',');
    // Rebuild only when the set changed, so a reason being typed is not lost; times tick anyway.
    if (ids !== shown) {
      shown = ids;
      list.replaceChildren(...(body.approvals.length ? body.approvals.map((a) => card(a, body.now)) : [el('p', { className: 'empty', textContent: 'No calls are waiting for approval.' })]));
    } else {
      for (const a of body.approvals) { const t = document.querySelector('#approval-' + a.id + ' .left'); if (t) t.textContent = left(a.expiresAt - body.now) + ' left'; }
    }
    status.textContent = body.approvals.length + ' pending · updated ' + new Date().toLocaleTimeString();
  }
  login.addEventListener('submit', (e) => { e.preventDefault(); token = document.getElementById('token').value; sessionStorage.setItem('gatehouse-token', token); document.cookie = 'gatehouse_admin=' + encodeURIComponent(token) + '; SameSite=Strict; path=/'; refresh(); });
  refresh();
  setInterval(refresh, 1500);
})();
</script>
</body>
</html>`;
}
