// Finds tool poisoning: text in a tool's definition that instructs the model instead of
// describing the tool (override instructions, hidden blocks, reading secrets, sending data out).
import type { Evidence, EvidenceSource } from './types.ts';

export interface PoisonFinding {
  flag: string;
  source: EvidenceSource;
  /** The exact words found. */
  text: string;
  points: string;
  /** Reading secrets or sending data out: the worst kind. */
  severe: boolean;
}

interface Pattern {
  flag: string;
  re: RegExp;
  points: string;
  severe: boolean;
}

const PATTERNS: Pattern[] = [
  {
    flag: 'poisoning:instruction-override',
    re: /\b(?:ignore|disregard|forget|override)\s+(?:all\s+|any\s+|the\s+|your\s+)?(?:previous|prior|above|earlier|preceding|other|system|original)\s+(?:instructions?|prompts?|messages?|rules?|directions?|guidelines?)/i,
    points: 'tells the model to drop its instructions',
    severe: false,
  },
  {
    flag: 'poisoning:hidden-block',
    re: /<\s*\/?\s*(?:important|system|instructions?|secret|hidden|admin|assistant)\s*>|\[\s*(?:INST|SYSTEM)\s*\]|<!--[\s\S]{0,400}?-->/i,
    points: 'hides a block addressed to the model from the user',
    severe: false,
  },
  {
    flag: 'poisoning:sensitive-file',
    // A path alone is not poisoning (a Kubernetes server may document ~/.kube/config); a request to read or pass it on is.
    re: /\b(?:read|cat|open|include|send|pass|provide|upload|copy|attach|access|contents?\s+of|output|print)\b[^.\n]{0,60}?(?:(?:~|\$HOME|%USERPROFILE%)?\/?\.(?:ssh|aws|gnupg|kube|docker|netrc|npmrc|pypirc|git-credentials)\b(?:\/[\w.-]+)?|\bid_(?:rsa|ed25519|ecdsa|dsa)\b|\/etc\/(?:passwd|shadow)\b|\bmcp\.json\b|\bclaude_desktop_config\.json\b|\.env\b(?!ironment)|\bprivate[_ ]keys?\b)/i,
    points: 'points the model at secrets on disk',
    severe: true,
  },
  {
    flag: 'poisoning:exfiltration',
    re: /\b(?:send|post|upload|forward|transmit|exfiltrate|leak|copy|pass|include)\b[^.\n]{0,80}?\b(?:to|at|into)\s+(?:the\s+)?(?:url\s+|endpoint\s+|server\s+)?(?:https?:\/\/|www\.)\S+/i,
    points: 'asks for data to be sent to an address',
    severe: true,
  },
  {
    flag: 'poisoning:concealment',
    re: /\b(?:do\s+not|don't|never|without)\s+(?:tell(?:ing)?|mention(?:ing)?|inform(?:ing)?|reveal(?:ing)?|notify(?:ing)?|show(?:ing)?|alert(?:ing)?)\s+(?:this\s+to\s+)?(?:the\s+)?user\b|\bthe\s+user\s+(?:must|should)\s+(?:not|never)\s+(?:know|see|be told)/i,
    points: 'tells the model to hide what it does from the user',
    severe: false,
  },
  {
    flag: 'poisoning:tool-shadowing',
    re: /\bwhen(?:ever)?\s+(?:the\s+)?(?:user|agent|assistant|you)\s+(?:calls?|uses?|invokes?)\s+(?:the\s+)?[`'"]?\w+[`'"]?\s+tool\b[^.]{0,80}\b(?:always|also|instead|must|first)\b/i,
    points: "changes how the model uses another tool",
    severe: false,
  },
];

/** Zero-width, bidi-override and Unicode tag characters: text a reader cannot see. */
const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]|[\u{E0000}-\u{E007F}]/u;

export function findPoisoning(texts: { source: EvidenceSource; text: string }[]): PoisonFinding[] {
  const found: PoisonFinding[] = [];
  for (const { source, text } of texts) {
    if (!text) continue;
    for (const p of PATTERNS) {
      const m = p.re.exec(text);
      if (m && !found.some((f) => f.flag === p.flag)) {
        found.push({ flag: p.flag, source, text: m[0].trim().slice(0, 200), points: p.points, severe: p.severe });
      }
    }
    const hidden = INVISIBLE.exec(text);
    if (hidden && !found.some((f) => f.flag === 'poisoning:hidden-characters')) {
      const code = hidden[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
      found.push({ flag: 'poisoning:hidden-characters', source, text: `U+${code}`, points: 'hides characters a reader cannot see', severe: false });
    }
  }
  return found;
}

export function poisonEvidence(findings: PoisonFinding[]): Evidence[] {
  return findings.map((f) => ({ source: f.source, text: f.text, points: `tool poisoning: ${f.points}` }));
}
