// The validated configuration: what every other module reads. The loader (load.ts) turns a
// YAML file into this shape or into a list of positioned errors; nothing else parses config.

/** A place in the config file, 1-based, so errors and `check` can point at a rule. */
export interface SourcePosition {
  file: string;
  line: number;
  column: number;
}

export interface GatewaySettings {
  /** Listener host; loopback unless the operator says otherwise. */
  host: string;
  port: number;
  /** Absolute directory of the embedded store (SQLite). */
  data: string;
  database?: string;
  /** This replica's name in the audit and approvals; host:pid when not set. */
  replica?: string;
  /** Where the other replicas reach this one (forwarded session requests); from listen when not set. */
  internalUrl?: string;
  redis?: string;
  /** When true, a caller without a known key gets 401 instead of being `anonymous`. */
  requireAuth: boolean;
  adminToken?: string;
  /** Extra Origin values accepted besides the listener's own loopback origins. */
  allowedOrigins: string[];
  /** Extra Host header values accepted besides the listener's own address. */
  allowedHosts: string[];
  /** Largest accepted request body, in bytes. */
  maxBodyBytes: number;
  /** Most client sessions kept at once; the idlest is evicted beyond it. */
  maxSessions: number;
  /** Most sessions one agent may hold; at it, the agent's own idlest is replaced. Unset: no cap. */
  maxSessionsPerAgent?: number;
  /** A session unused for this long is closed, in seconds. */
  sessionIdleTimeoutS: number;
  /** How long a client may take to send one request's headers and body, in seconds. */
  requestTimeoutS: number;
  /** Store argument values in the audit record (off by default: only a digest is kept). */
  auditArguments: boolean;
}

export type ServerConfig = StdioServerConfig | RemoteServerConfig;

/** How long the gateway waits for a server (`servers.<name>.timeout`), in seconds. */
export interface ServerTimeouts {
  /** Starting it and its answer to initialize. */
  handshakeS: number;
  /** Its answer to any later request (tools/call, resources/read, ...). */
  callS: number;
}

export const DEFAULT_SERVER_TIMEOUTS: ServerTimeouts = { handshakeS: 30, callS: 60 };

export interface StdioServerConfig {
  name: string;
  transport: 'stdio';
  command: string;
  args: string[];
  env: Record<string, string>;
  cwd?: string;
  /** Accept this server's changed tool definitions instead of quarantining them. */
  trustChanges?: boolean;
  /**
   * One upstream session serves every client session of this server (one process for a stdio
   * server), instead of one each. For servers that keep no per-client state.
   */
  shared?: boolean;
  /** Only when configured (defaults: DEFAULT_SERVER_TIMEOUTS), so handshake-cache keys stay. */
  timeouts?: Partial<ServerTimeouts>;
}

export interface RemoteServerConfig {
  name: string;
  transport: 'streamable-http' | 'sse';
  url: string;
  headers: Record<string, string>;
  trustChanges?: boolean;
  shared?: boolean;
  timeouts?: Partial<ServerTimeouts>;
}

export interface AgentConfig {
  name: string;
  key: string;
}

/** `auth.oauth`: agents that present an OAuth 2.1 access token (a JWT) instead of a key. */
export interface OAuthConfig {
  /** The authorization server's issuer identifier, exactly as its tokens' `iss` says it. */
  issuer: string;
  /** What the tokens' `aud` must hold (RFC 8707 resource indicator). */
  audience: string;
  /** The claim whose value is the agent's name. */
  agentClaim: string;
  /** Scopes every token must carry. */
  scopes: string[];
  /**
   * The gateway's resource identifier in its RFC 9728 metadata: the URL clients reach it by.
   * The audience when that is an http(s) URL.
   */
  resource: string;
}

export interface AuthConfig {
  oauth?: OAuthConfig;
}

export type RuleAction = 'allow' | 'deny' | 'rate_limit' | 'require_approval';
export type RateLimitScope = 'session' | 'agent' | 'global';

export interface RateLimitConfig {
  max: number;
  /** Window length in seconds. */
  window: number;
  scope: RateLimitScope;
}

export type ApprovalMode = 'auto' | 'hold' | 'elicit' | 'async';

export interface ApprovalConfig {
  /** Seconds to wait for a decision. */
  timeout: number;
  /** How the agent waits: held, asked in its own client, or told to retry later; auto picks. */
  mode: ApprovalMode;
  /** Seconds an approved async request may be used by its identical retry. */
  ttl: number;
}

export const DEFAULT_APPROVAL: ApprovalConfig = { timeout: 600, mode: 'auto', ttl: 3600 };

export interface ApproverConfig {
  name: string;
  token: string;
}

export interface ApprovalsConfig {
  /** New requests are POSTed here, signed with HMAC-SHA256 over the timestamp and body. */
  webhook?: { url: string; secret: string };
  /** People who may decide, each with a token; the admin token may always decide. */
  approvers: ApproverConfig[];
}

export interface RuleConfig {
  /** 1-based position in `policy.rules`; how the agent and the operator name the rule. */
  index: number;
  /** The pattern as written: a bare tool name, `server/tool`, globs allowed. */
  tool: string;
  /** When present, the rule applies only to these agents. */
  agents?: string[];
  /** CEL source over args, agent, session, server, tool. */
  when?: string;
  action: RuleAction;
  reason?: string;
  rateLimit?: RateLimitConfig;
  approval?: ApprovalConfig;
  position: SourcePosition;
}

export type DefaultAction = 'allow' | 'deny' | 'risk';

export type RiskClass = 'low' | 'medium' | 'high' | 'critical';

/** What a risk class maps to when `policy.default` is `risk`. */
export interface RiskDefault {
  action: RuleAction;
  rateLimit?: RateLimitConfig;
  approval?: ApprovalConfig;
}

export interface PolicyConfig {
  default: DefaultAction;
  riskDefaults: Partial<Record<RiskClass, RiskDefault>>;
  rules: RuleConfig[];
}

export interface Config {
  /** Absolute path of the file this came from. */
  file: string;
  gateway: GatewaySettings;
  servers: Map<string, ServerConfig>;
  agents: AgentConfig[];
  auth: AuthConfig;
  approvals: ApprovalsConfig;
  policy: PolicyConfig;
}
