// `${VAR}` and `${VAR:-default}` in config strings read the environment, so secrets stay out
// of the file; `$${` writes a literal `${`. A variable that is not set is an error, never "".

export type Interpolated = { value: string } | { missing: string[] } | { error: string };

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function interpolate(text: string, env: NodeJS.ProcessEnv): Interpolated {
  if (!text.includes('$')) return { value: text };
  let out = '';
  const missing: string[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '$' && text.startsWith('$${', i)) {
      out += '${';
      i += 3;
      continue;
    }
    if (ch === '$' && text[i + 1] === '{') {
      const close = text.indexOf('}', i + 2);
      if (close < 0) return { error: `'\${' at character ${i + 1} has no closing '}' (write '$\${' for a literal '\${')` };
      const inner = text.slice(i + 2, close);
      const sep = inner.indexOf(':-');
      const name = sep < 0 ? inner : inner.slice(0, sep);
      if (!NAME.test(name)) return { error: `'\${${inner}}' is not a valid environment variable reference; names are letters, digits and _` };
      const set = env[name];
      // `${VAR:-default}` uses the default when VAR is unset or empty, as in the shell.
      if (set !== undefined && (sep < 0 || set !== '')) out += set;
      else if (sep >= 0) out += inner.slice(sep + 2);
      else if (!missing.includes(name)) missing.push(name);
      i = close + 1;
      continue;
    }
    out += ch;
    i++;
  }
  return missing.length > 0 ? { missing } : { value: out };
}
