// The dashboard in a real browser against a gateway serving the seed server: the overview
// chart counts the calls made through the SDK client, a denied call shows in the audit table
// with its reason, the policy form answers as `gatehouse check --json` does, new calls appear
// without a reload, and beyond loopback the pages ask for the admin token. Screenshots of every
// page at 1280 and 390 px go to SCREENSHOTS.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, SCREENSHOTS } from './helpers/browser.ts';
import { httpClient } from './helpers/client.ts';
import { freePort, gatehouse, launchGateway, nodeServer, startGateway, type RunningGateway } from './helpers/gateway.ts';

const POLICY = `policy:
  rules:
    - tool: delete_key
      action: deny
      reason: Deleting keys is not allowed from agents.
    - tool: echo
      action: rate_limit
      rate_limit: { max: 2, window: 60 }
`;
const SERVERS = `servers:\n  seed: ${nodeServer('test/fixtures/seed-server.ts')}\n`;

async function shoot(page: Page, name: string): Promise<void> {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: path.join(SCREENSHOTS, `dashboard-${name}-1280.png`), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: path.join(SCREENSHOTS, `dashboard-${name}-390.png`), fullPage: true });
  // Nothing may stick out sideways on a phone except inside the scrolling table boxes.
  const overflow = await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth') as number;
  assert.ok(overflow <= 1, `${name} is ${overflow}px wider than a 390px screen`);
  await page.setViewportSize({ width: 1280, height: 900 });
}

describe('the dashboard on loopback', () => {
  let gw: RunningGateway;
  let browser: Browser;
  before(async () => {
    gw = await startGateway(SERVERS + POLICY);
    browser = await launchBrowser();
    // Known traffic: echo three times (two allowed, one rate-limited), delete_key once (denied).
    const client = await httpClient(`${gw.url}/mcp/seed`);
    for (let i = 0; i < 3; i++) await client.callTool({ name: 'echo', arguments: { text: `hello ${i}` } });
    await client.callTool({ name: 'delete_key', arguments: { key: 'precious' } });
    await client.close();
    await new Promise((r) => setTimeout(r, 300)); // the audit writer's batch reaches the file
  });
  after(async () => {
    await browser?.close();
    await gw?.stop();
  });

  test('the overview chart counts the calls by decision', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${gw.url}/`);
    const chart = page.locator('svg#chart[data-total="4"]');
    await chart.waitFor({ timeout: 10_000 });
    assert.equal(await chart.getAttribute('data-allowed'), '2');
    assert.equal(await chart.getAttribute('data-denied'), '1');
    assert.equal(await chart.getAttribute('data-rate-limited'), '1');
    assert.equal(await page.locator('#chart rect').count() >= 1, true);
    assert.match(await page.locator('#top').innerText(), /seed\/echo\s+3/);
    assert.match(await page.locator('#stopped').innerText(), /seed\/(echo|delete_key)\s+1/);
    await shoot(page, 'overview');
    await page.close();
  });

  test('a denied call appears in the audit table with its reason, and opens in full', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${gw.url}/audit`);
    const denied = page.locator('tr.rec[data-decision="deny"]');
    await denied.waitFor({ timeout: 10_000 });
    assert.match(await denied.locator('td.reason').innerText(), /Deleting keys is not allowed from agents\./);
    await denied.focus();
    await page.keyboard.press('Enter');
    const detail = page.locator('tr.detail pre');
    await detail.waitFor();
    const record = JSON.parse(await detail.innerText());
    assert.equal(record.tool, 'delete_key');
    assert.equal(record.rule, '1: delete_key');
    assert.equal(record.outcome, 'not_forwarded');
    // Filtering by decision leaves the one denial.
    await page.selectOption('#f-decision', 'rate_limited');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.locator('#range', { hasText: '1–1 of 1' }).waitFor();
    assert.equal(await page.locator('tr.rec').count(), 1);
    assert.match(await page.locator('tr.rec td.reason').innerText(), /Rate limit reached for echo/);
    await page.getByRole('button', { name: 'Clear' }).click();
    await page.locator('#range', { hasText: 'of 4' }).waitFor();
    await shoot(page, 'audit');
    await page.close();
  });

  test('the policy form answers as gatehouse check --json does', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${gw.url}/policy`);
    await page.locator('tr[data-rule="1: delete_key"] td.matched', { hasText: '1' }).waitFor({ timeout: 10_000 });
    assert.equal(await page.locator('tr[data-rule="2: echo"] td.matched').innerText(), '3');
    for (const [target, args] of [['seed/delete_key', '{"key": "k1"}'], ['seed/echo', '{"text": "x"}']] as const) {
      await page.fill('#check-target', target);
      await page.selectOption('#check-agent', 'anonymous');
      await page.fill('#check-args', args);
      await page.getByRole('button', { name: 'Check' }).click();
      await page.locator(`#verdict pre#check-json`, { hasText: target.split('/')[1] }).waitFor({ state: 'attached' });
      const shown = JSON.parse((await page.locator('#check-json').textContent())!);
      const cli = await gatehouse('check', target, '--args', args, '--json', '--config', gw.configFile);
      assert.deepEqual(shown, JSON.parse(cli.stdout), cli.stderr);
    }
    assert.equal(await page.locator('#verdict .verdict').getAttribute('data-decision'), 'allow');
    await page.locator('#verdict summary').click();
    await shoot(page, 'policy');
    await page.close();
  });

  test('the servers page shows the seed server, its state and tools by risk', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${gw.url}/servers`);
    const row = page.locator('tr[data-server="seed"]');
    await row.waitFor({ timeout: 10_000 });
    const text = await row.innerText();
    assert.match(text, /stdio/);
    assert.match(text, /\b7\b/);
    assert.match(text, /critical/);
    await shoot(page, 'servers');
    await page.goto(`${gw.url}/catalog`);
    await shoot(page, 'catalog');
    await page.goto(`${gw.url}/approvals`);
    await page.getByText('No calls are waiting for approval.').waitFor();
    await shoot(page, 'approvals');
    await page.close();
  });

  test('new calls appear live, without a reload', async () => {
    const overview = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const audit = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await overview.goto(`${gw.url}/`);
    await audit.goto(`${gw.url}/audit`);
    await overview.locator('svg#chart[data-total="4"]').waitFor({ timeout: 10_000 });
    await audit.locator('tr.rec').first().waitFor();
    await overview.locator('body[data-live="on"]').waitFor();
    await audit.locator('body[data-live="on"]').waitFor();
    const loads = { overview: 0, audit: 0 };
    overview.on('load', () => loads.overview++);
    audit.on('load', () => loads.audit++);

    const client = await httpClient(`${gw.url}/mcp/seed`);
    await client.callTool({ name: 'delete_key', arguments: { key: 'live-one' } });
    await client.close();
    await overview.locator('svg#chart[data-total="5"][data-denied="2"]').waitFor({ timeout: 5_000 });
    const fresh = audit.locator('tr.rec.new[data-decision="deny"]');
    await fresh.waitFor({ timeout: 5_000 });
    assert.match(await audit.locator('#range').innerText(), /of 5/);
    assert.deepEqual(loads, { overview: 0, audit: 0 });
    await overview.close();
    await audit.close();
  });

  test('the audit export gives CSV and JSON Lines as downloads', async () => {
    const csv = await fetch(`${gw.url}/api/audit?format=csv&decision=deny`);
    assert.equal(csv.status, 200);
    assert.match(csv.headers.get('content-type')!, /^text\/csv/);
    assert.match(csv.headers.get('content-disposition')!, /^attachment; filename="gatehouse-audit-.*\.csv"$/);
    const lines = (await csv.text()).trim().split('\r\n');
    assert.equal(lines[0].split(',')[0], 'iso_time');
    assert.ok(lines.length >= 2);
    assert.match(lines[1], /,deny,1: delete_key,Deleting keys is not allowed from agents\.,/);

    const jsonl = await fetch(`${gw.url}/api/audit?format=jsonl&tool=echo`);
    assert.match(jsonl.headers.get('content-disposition')!, /\.jsonl"$/);
    const records = (await jsonl.text()).trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(records.length, 3);
    assert.deepEqual(records.map((r) => r.decision).sort(), ['allow', 'allow', 'rate_limited']);

    const paged = (await (await fetch(`${gw.url}/api/audit?limit=2&offset=1`)).json()) as { records: unknown[]; total: number };
    assert.equal(paged.records.length, 2);
    assert.ok(paged.total >= 4);
    const bad = await fetch(`${gw.url}/api/audit?decision=maybe`);
    assert.equal(bad.status, 400);
  });
});

describe('the dashboard beyond loopback', () => {
  let gw: RunningGateway;
  let browser: Browser;
  const TOKEN = 'dashboard-test-admin-token';
  before(async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gatehouse-test-'));
    const port = await freePort();
    const configFile = path.join(dir, 'gatehouse.yaml');
    writeFileSync(configFile, `gateway:\n  listen: 0.0.0.0:${port}\n  data: ./data\n  admin_token: ${TOKEN}\n${SERVERS}${POLICY}`);
    gw = await launchGateway(configFile, port);
    browser = await launchBrowser();
    const client = await httpClient(`${gw.url}/mcp/seed`);
    await client.callTool({ name: 'delete_key', arguments: { key: 'x' } });
    await client.close();
    await new Promise((r) => setTimeout(r, 300));
  });
  after(async () => {
    await browser?.close();
    await gw?.stop();
  });

  test('the API refuses without the token, and the pages ask for it', async () => {
    for (const p of ['/api/overview', '/api/audit', '/api/events', '/api/servers', '/api/policy']) {
      assert.equal((await fetch(`${gw.url}${p}`)).status, 401, p);
    }
    assert.equal((await fetch(`${gw.url}/api/overview`, { headers: { authorization: 'Bearer wrong' } })).status, 401);
    assert.equal((await fetch(`${gw.url}/api/overview`, { headers: { authorization: `Bearer ${TOKEN}` } })).status, 200);

    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${gw.url}/`);
    await page.locator('#login').waitFor({ state: 'visible', timeout: 10_000 });
    assert.equal(await page.locator('svg#chart').getAttribute('data-total'), '0');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'dashboard-login-1280.png') });
    await page.fill('#token', TOKEN);
    await page.keyboard.press('Enter');
    await page.locator('svg#chart[data-total="1"]').waitFor({ timeout: 10_000 });
    assert.equal(await page.locator('#login').isVisible(), false);
    // The cookie the login set opens the live stream too: a new call shows without reload.
    await page.locator('body[data-live="on"]').waitFor({ timeout: 5_000 });
    const client = await httpClient(`${gw.url}/mcp/seed`);
    await client.callTool({ name: 'echo', arguments: { text: 'after login' } });
    await client.close();
    await page.locator('svg#chart[data-total="2"]').waitFor({ timeout: 5_000 });
    // Other pages of the same tab use the stored token.
    await page.goto(`${gw.url}/audit`);
    await page.locator('tr.rec[data-decision="deny"]').waitFor({ timeout: 10_000 });
    await page.close();
  });

  test('a server-rendered page (the catalog) shows the login form, then itself', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    const res = await page.goto(`${gw.url}/catalog`);
    assert.equal(res?.status(), 401);
    await page.locator('#login').waitFor({ state: 'visible', timeout: 10_000 });
    await page.fill('#token', TOKEN);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${gw.url}/catalog`);
    await page.getByText('delete_key').first().waitFor({ timeout: 10_000 });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'dashboard-catalog-after-login-390.png'), fullPage: true });
    await context.close();
  });
});
