// Where things are in the config file: the line and column of a YAML node, and of one
// character inside a scalar's value (so a CEL or glob error points at the exact spot even
// when the value is quoted, escaped or written as a block scalar).
import { Scalar, type LineCounter, type Node } from 'yaml';

export interface Place {
  line: number;
  column: number;
}

export function placeOfOffset(lines: LineCounter, offset: number): Place {
  const { line, col } = lines.linePos(offset);
  return { line, column: col };
}

export function placeOfNode(lines: LineCounter, node: Node | null | undefined, fallback: Place): Place {
  const start = node?.range?.[0];
  return start === undefined ? fallback : placeOfOffset(lines, start);
}

/**
 * The file offset of character `index` of a scalar's value, or undefined when the source
 * cannot be mapped back character by character (the caller then points at the scalar).
 */
export function offsetInScalar(source: string, scalar: Scalar, index: number): number | undefined {
  const range = scalar.range;
  if (!range || typeof scalar.source !== 'string') return undefined;
  const raw = source.slice(range[0], range[1]);
  const mapped = mapScalar(raw, scalar.type);
  if (!mapped) return undefined;
  const value = scalar.source;
  // Folded block scalars turn line breaks into spaces: same length, different characters.
  const same = scalar.type === Scalar.BLOCK_FOLDED ? mapped.text.length === value.length : mapped.text === value;
  if (!same || index < 0) return undefined;
  if (index >= mapped.offsets.length) return range[0] + (mapped.end ?? raw.length);
  return range[0] + mapped.offsets[index];
}

interface Mapping {
  text: string;
  /** offsets[i]: position in `raw` of value character i. */
  offsets: number[];
  /** Position in `raw` just after the value (before a closing quote). */
  end?: number;
}

function mapScalar(raw: string, type: Scalar['type']): Mapping | undefined {
  switch (type) {
    case Scalar.PLAIN:
      return mapFlow(raw, 0, raw.length, false, false);
    case Scalar.QUOTE_SINGLE:
      return mapFlow(raw, 1, raw.length - 1, true, false);
    case Scalar.QUOTE_DOUBLE:
      return mapFlow(raw, 1, raw.length - 1, false, true);
    case Scalar.BLOCK_LITERAL:
    case Scalar.BLOCK_FOLDED:
      return mapBlock(raw);
    default:
      return undefined;
  }
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '0': '\0', a: '\x07', b: '\b', t: '\t', '\t': '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b',
  ' ': ' ', '"': '"', '/': '/', '\\': '\\', N: '\u0085', _: '\u00a0', L: '\u2028', P: '\u2029',
};
const HEX_ESCAPES: Record<string, number> = { x: 2, u: 4, U: 8 };

/** Plain and quoted scalars; a line break folds to a space and the next line's indent goes. */
function mapFlow(raw: string, from: number, to: number, single: boolean, double: boolean): Mapping | undefined {
  let text = '';
  const offsets: number[] = [];
  let i = from;
  while (i < to) {
    const ch = raw[i];
    if (ch === '\n' || ch === '\r') {
      // Folding: trailing spaces were already dropped by YAML; blank lines become newlines.
      while (text.endsWith(' ') || text.endsWith('\t')) {
        text = text.slice(0, -1);
        offsets.pop();
      }
      let breaks = 0;
      while (i < to && /[\s]/.test(raw[i])) {
        if (raw[i] === '\n') breaks++;
        i++;
      }
      const fold = breaks > 1 ? '\n'.repeat(breaks - 1) : ' ';
      for (const c of fold) {
        text += c;
        offsets.push(i);
      }
      continue;
    }
    if (single && ch === "'" && raw[i + 1] === "'") {
      text += "'";
      offsets.push(i);
      i += 2;
      continue;
    }
    if (double && ch === '\\') {
      const next = raw[i + 1];
      if (next === '\n' || next === '\r') {
        i += 2;
        while (i < to && (raw[i] === ' ' || raw[i] === '\t' || raw[i] === '\n')) i++;
        continue;
      }
      const hex = HEX_ESCAPES[next];
      if (hex !== undefined) {
        const code = Number.parseInt(raw.slice(i + 2, i + 2 + hex), 16);
        if (Number.isNaN(code)) return undefined;
        const decoded = String.fromCodePoint(code);
        for (const c of decoded) {
          text += c;
          offsets.push(i);
        }
        i += 2 + hex;
        continue;
      }
      const simple = SIMPLE_ESCAPES[next];
      if (simple === undefined) return undefined;
      text += simple;
      offsets.push(i);
      i += 2;
      continue;
    }
    text += ch;
    offsets.push(i);
    i++;
  }
  return { text, offsets, end: to };
}

/** Block scalars (`|`, `>`): the header line, then lines sharing one indentation. */
function mapBlock(raw: string): Mapping | undefined {
  const headerEnd = raw.indexOf('\n');
  if (headerEnd < 0) return { text: '', offsets: [] };
  const header = raw.slice(0, headerEnd);
  const explicit = /[1-9]/.exec(header);
  const lines: { start: number; text: string }[] = [];
  let pos = headerEnd + 1;
  while (pos <= raw.length) {
    const nl = raw.indexOf('\n', pos);
    const end = nl < 0 ? raw.length : nl;
    lines.push({ start: pos, text: raw.slice(pos, end) });
    if (nl < 0) break;
    pos = nl + 1;
  }
  const firstContent = lines.find((l) => l.text.trim() !== '');
  if (!firstContent) return { text: '', offsets: [] };
  const indent = explicit ? Number(explicit[0]) : firstContent.text.length - firstContent.text.trimStart().length;
  let text = '';
  const offsets: number[] = [];
  const keep = header.includes('+');
  const strip = header.includes('-');
  let pendingBreaks = 0;
  for (const line of lines) {
    const content = line.text.slice(Math.min(indent, line.text.length));
    if (line.text.trim() === '') {
      pendingBreaks++;
      continue;
    }
    if (text.length > 0 || pendingBreaks > 0) {
      // Line breaks between content lines: counted here, mapped to the line they end.
      const count = text.length > 0 ? pendingBreaks + 1 : pendingBreaks;
      for (let k = 0; k < count; k++) {
        text += '\n';
        offsets.push(line.start - 1);
      }
    }
    pendingBreaks = 0;
    for (let k = 0; k < content.length; k++) {
      text += content[k];
      offsets.push(line.start + indent + k);
    }
  }
  if (!strip && text.length > 0) {
    text += '\n';
    offsets.push(raw.length);
  }
  if (keep) for (let k = 0; k < pendingBreaks; k++) text += '\n';
  return { text, offsets };
}
