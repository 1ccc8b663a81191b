// The `html` template escapes every interpolation unless it is already HTML.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { escapeHtml, html, join, raw, SafeHtml } from '../src/web/html.ts';

describe('html template', () => {
  test('text is escaped in content and in quoted attributes', () => {
    const evil = `<script>alert("x")</script> & 'quotes' \`tick\``;
    const out = html`<p title="${evil}">${evil}</p>`.value;
    assert.equal(
      out,
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39; &#96;tick&#96;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39; &#96;tick&#96;</p>',
    );
    assert.ok(!out.includes('<script'));
  });

  test('nested templates and raw() are kept; arrays are joined; nothing renders as empty', () => {
    const items = ['a<b', 'c'];
    const out = html`<ul>${items.map((i) => html`<li>${i}</li>`)}</ul>${raw('<hr>')}${null}${undefined}${false}${true}${0}`;
    assert.ok(out instanceof SafeHtml);
    assert.equal(String(out), '<ul><li>a&lt;b</li><li>c</li></ul><hr>0');
  });

  test('join escapes plain separators and keeps HTML ones', () => {
    assert.equal(join(['<a>', html`<b>x</b>`], ' & ').value, '&lt;a&gt; &amp; <b>x</b>');
    assert.equal(join(['x', 'y'], raw('<br>')).value, 'x<br>y');
  });

  test('escapeHtml leaves ordinary text alone', () => {
    assert.equal(escapeHtml('create_api_key on valkey/*'), 'create_api_key on valkey/*');
  });
});
