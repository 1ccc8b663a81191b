// A small HTML template helper: `html` is a tagged template whose interpolations are escaped
// unless they are already HTML (the result of another `html` template, or `raw()`), so page
// code reads like markup and text from tool definitions can never become markup.
//
//   html`<p title="${name}">${description}</p>`   // name and description are escaped
//   html`<ul>${items.map((i) => html`<li>${i}</li>`)}</ul>`   // arrays are joined
//
// Attribute values must be written in double (or single) quotes in the template; the escaping
// covers both. URLs put in `href` are the caller's responsibility (escaping is not validation).

/** A string that is known to be HTML; only `html` and `raw` make one. */
export class SafeHtml {
  readonly value: string;
  constructor(value: string) {
    this.value = value;
  }
  toString(): string {
    return this.value;
  }
}

/** What may appear in `${}`: text (escaped), HTML, numbers, nothing, or lists of these. */
export type HtmlValue = SafeHtml | string | number | bigint | boolean | null | undefined | readonly HtmlValue[];

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

/** Text made safe for element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (ch) => ESCAPES[ch]);
}

/** Marks a string as HTML as it is. Only for markup the program wrote, never for input. */
export function raw(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

function render(value: HtmlValue): string {
  if (value instanceof SafeHtml) return value.value;
  if (value === null || value === undefined || value === false || value === true) return '';
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

/** The tagged template: literal parts kept, interpolations escaped (see the top of the file). */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1];
  return new SafeHtml(out);
}

/** Joins pieces of HTML with a separator (itself escaped when it is plain text). */
export function join(items: readonly HtmlValue[], separator: HtmlValue): SafeHtml {
  const sep = render(separator);
  return new SafeHtml(items.map(render).join(sep));
}
