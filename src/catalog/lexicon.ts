// The classifier's vocabulary: general English verbs and nouns of tool names and descriptions,
// grouped by what they say about a call. No server's or tool's own name appears here.
import type { Category } from './types.ts';

const set = (words: string): ReadonlySet<string> => new Set(words.trim().split(/\s+/));

/** Verbs whose category does not depend on their object. */
export const VERBS: Record<Category, ReadonlySet<string>> = {
  Read: set(`get list read fetch retrieve search find lookup show describe view inspect count explain
    analyze analyse summarize summarise geocode calculate compute compare verify preview download browse scan
    echo ping wait await scrape crawl extract parse convert translate render screenshot go hover emulate diff
    estimate enumerate watch export aggregate think reason print display return debug diagnose identify detect screen rank scroll
    measure sample tail grep peek poll demonstrate simulate recommend suggest predict forecast classify lint audit
    trace whoami query open resolve check test monitor map validate capture subtract multiply divide sum compress decompress decode encode hash
    navigate visit reload
    assert
    tokenize embed locate discover visit listen transform explore`),
  // "Mint a new NFT", "pre-warm cache with essential data": minting issues something new (a digital asset on a chain is
  // Financial by actions.ts), and warming a cache fills it ahead of time, a stored change either way.
  Write: set(`create add insert update edit modify set put post patch write save store upload send reply comment
    react push commit merge fork move rename copy clone assign unassign label tag mark toggle enable disable stop
    restart reboot pause resume schedule install upgrade downgrade apply scale rollout rollback replay
    resend submit record invite share publish unpublish archive unarchive restore import sync append prepend attach
    detach link unlink skip unskip requeue register approve reject close reopen lock unlock subscribe unsubscribe follow unfollow star
    unstar generate grant revoke rotate reset configure manage cordon uncordon drain forward queue enqueue notify
    email message tweet like vote click type fill press drag select handle request promote demote transition
    dismiss acknowledge ack snooze mute unmute pin unpin favorite bookmark accept decline cancel finalize complete
    confirm initialize init setup provision allocate mount unmount sign refresh retry reindex rebuild build change
    replace increment decrement rate feedback invalidate login logout authenticate authorize connect disconnect
    reconnect expire extend renew migrate annotate highlight respond answer propose dispatch broadcast publish
    announce tap swipe focus upsert resize reorder log place switch claim adjust revert retweet block unblock hide
    unhide amend serve alter activate deactivate pull freeze unfreeze stash unstage shutdown ingest repair optimize bridge increase decrease release wrap unwrap revise end opt
    refuse deny redeem
    mint warm prewarm pre-warm`),
  Execute: set(`execute exec eval evaluate interpret spawn shell bash invoke call deploy redeploy rerun train retrain finetune fine-tune orchestrate`),
  Destructive: set(`delete del remove rm drop destroy purge erase wipe truncate terminate kill uninstall cleanup
    clean prune flush clear overwrite evict deprovision decommission discard nuke obliterate shred expunge void
    unregister`),
  Financial: set(`refund charge pay payout purchase buy sell checkout bill donate withdraw deposit tip debit credit
    trade bid transfer book reserve order invoice swap stake unstake topup recharge reimburse repay fund`),
};

/**
 * Words that are verbs in one name and nouns in another (`post_message` vs `get_post`): they
 * count as the action only when the name has no plainer verb.
 */
export const AMBIGUOUS_VERBS = set(`post comment label tag record message type check test monitor map build order
  charge invoice credit request feedback log export query lock link mark star like rate sample trace book
  reserve sort focus return change transfer drive reply tip bill table aggregate print store screen place switch queue pull bridge release fund wrap unwrap opt`);

/** Verbs that say "do" and leave the meaning to their object: run_query vs run_report. */
// dispatch, boot, spin (up): "dispatch a workflow", "boot a VM", "spin up an instance" start what their object names.
export const LIGHT_VERBS = set(`run start trigger perform make do take use launch begin initiate fire kick play dispatch boot spin drive`);

/** A leading verb that cancels the effect of the rest: preview_transaction_create applies nothing. */
export const NEUTRAL_VERBS = set(`preview simulate estimate validate dry explain demonstrate`);

/** Objects that make a light verb (run, start, trigger) mean running caller-chosen code. */
export const EXEC_OBJECTS = set(`code script scripts command commands cmd shell sql query queries javascript js
  python typescript node bash powershell program snippet aggregation expression statement statements function
  lambda notebook cell tool tools playbook playbooks cypher graphql sparql promql kql hql`);

/** Objects that make a light verb mean reading: run_report, start a crawl, run web research. */
export const READ_OBJECTS = set(`report reports research analysis search scan check checks diagnostic
  diagnostics crawl inspection screenshot snapshot picture photo lookup estimate preview summary evaluation
  benchmark find read trace tracing recording screencast profile profiling capture`);

/** Whole-name nouns that only describe something to look at: `collection_stats`, `kubectl_logs`. */
export const READ_NOUNS = set(`logs log stats statistics status info information details detail tree schema
  indexes size history metrics usage health version versions summary overview docs documentation snapshot
  screenshot messages requests events thinking thought thoughts reasoning elevation directions distance matrix
  balance whoami help`);

/**
 * Things that move money or set what is charged or paid. A write verb on one of them is
 * Financial: create_refund, cancel_subscription, finalize_invoice, create_price.
 */
export const FINANCIAL_NOUNS = set(`payment payments refund refunds charge charges payout payouts invoice invoices
  subscription subscriptions price prices pricing discount discounts coupon coupons promo promotion transaction
  transactions dispute disputes credit credits debit fund funds money wallet balance order orders purchase
  purchases checkout billing bill bills fee fees tip donation payroll salary wire bid bids trade trades loan
  transfer transfers remittance settlement installment leverage receivable receivables payable payables
  ledger ledgers adjustment adjustments bill bills expense expenses deposit deposits receipt receipts
  quote quotes quotation quotations journal journals payslip payslips payrun payruns wage wages salaries reimbursement reimbursements chargeback
  chargebacks voucher vouchers giftcard giftcards escrow escrows bounty bounties portfolio portfolios mandate mandates residual residuals withdrawal withdrawals commission commissions mrr
  withdraw billings pix boleto boletos sepa ach upi`);

/**
 * Payment records: reading one is Financial too (SPEC's table), because what it returns is a
 * customer's or the business's money. Prices, coupons and products are catalog, not records.
 */
export const PAYMENT_RECORDS = set(`payment payments charge charges invoice invoices refund refunds payout
  payouts subscription subscriptions balance balances transaction transactions dispute disputes adjustment
  adjustments receivable receivables payable payables ledger ledgers credit bill bills expense expenses deposit
  deposits receipt receipts order orders purchase purchases profit journal journals quote quotes quotation quotations payslip payslips
  payrun payruns chargeback chargebacks settlement settlements remittance remittances transfer transfers wallet
  wallets portfolio portfolios holding holdings position positions fill fills pnl cashflow revenue earnings sales
  statement statements trade trades fee fees residual residuals mandate mandates withdrawal withdrawals commission commissions mrr
  billings pix boleto boletos sepa ach upi`);

/**
 * Public market data: prices anyone can see. Orders, trades and fills beside these words are the
 * market's (an order book, order flow, recent trades of a pair), not an account's payment records.
 */
export const MARKET_DATA = set(`ticker tickers kline klines candle candles candlestick candlesticks ohlc ohlcv
  depth orderbook book books flow flows pair pairs volume volumes spread spreads funding interest liquidation
  liquidations market markets screener screeners chart charts index indices symbol symbols sentiment whale whales
  taker takers maker makers price prices quote quotes`);

/** Words that make orders, trades and positions an account's own: "your open orders", "account positions". */
export const ACCOUNT_WORDS = set(`my your account accounts user users live open placed pending filled portfolio
  portfolios balance balances wallet wallets own customer customers`);

/** Words that make a statement, a holding or a fill money rather than SQL, a plan or a form. */
export const STATEMENT_MONEY = set(`bank financial income cash account accounts balance billing card credit`);

/** Where an account is a bank's or a broker's: its records are money held. */
export const BANK_WORDS = set(`bank banks plaid brokerage checking savings crypto exchange fund funding`);

/** Words that make "transaction" a database transaction, not money. */
export const DATABASE_WORDS = set(`sql database databases db statement statements table tables
  commit rollback begin atomically atomic transactional isolation postgres postgresql mysql sqlite mongodb redis cursor savepoint`);

/** A service's own usage meter: "credit balance" of API credits, leave balances, quotas are not money. */
export const USAGE_WORDS = set(`usage consumption quota quotas leave`);

/** Words that make a token a crypto asset rather than an API token: launch a token on a chain. */
export const CRYPTO_WORDS = set(`chain blockchain onchain on-chain wallet wallets erc20 erc-20 spl weth eth sol solana
  ethereum bitcoin btc usdc usdt defi dex memecoin nft nfts erc721 erc-721 erc1155 erc-1155 bep20 bep-20 trc20 spl
  stablecoin stablecoins crypto cryptocurrency cryptocurrencies web3 bnb matic avax lamports wei gwei`);

/** Digital assets held in a wallet: moving, bridging or approving one moves value (an NFT, an ERC-20, a stablecoin). */
export const DIGITAL_ASSETS = set(`nft nfts erc20 erc-20 erc721 erc-721 erc1155 erc-1155 bep20 bep-20 trc20 stablecoin stablecoins
  crypto cryptocurrency cryptocurrencies eth ether btc bitcoin bnb sol usdc usdt weth dai matic avax lamports`);

/** Words that make margin and position a trading account's: set_margin_mode on a futures exchange. */
export const TRADING_WORDS = set(`futures trading trade trades exchange exchanges perpetual spot crypto
  cryptocurrency leverage`);

/** Heads that turn a financial word into an organizing record: create_discount_group is Write. */
export const ORGANIZING_HEADS = set(`group groups setting settings notification notifications webhook webhooks
  report reports portal session template templates category categories tag tags label labels folder folders
  simulation simulations event events document documentation docs feedback comment comments note notes
  search tweet tweets post posts type types count counts tier tiers gateway gateways provider providers alert alerts
  config configs configuration configurations attachment attachments policy policies program programs filter filters`);

/** What a session's own plumbing is made of: closing these changes no one's data. */
export const PLUMBING_NOUNS = set(`session sessions connection connections browser page pages tab tabs window
  windows dialog tunnel port forward forwarding stream streams cursor socket client clients context contexts trace search searches
  traces tracing recording recordings screencast screencasts port-forward port-forwards`);

/** Context words of browser automation: drop, select and resize mean UI gestures there. */
export const BROWSER_WORDS = set(`browser page element elements tab window viewport selector dom onto dropdown
  option options form mouse keyboard`);

/** What API keys and their kind are called: creating one hands out access. */
export const CREDENTIAL_NOUNS = set(`key keys apikey token tokens secret secrets password passwords credential
  credentials certificate certificates cert certs ssh oauth pat passkey`);

/** What a message-sending tool sends: it speaks for the operator to other people. */
export const MESSAGE_NOUNS = set(`message messages email emails mail sms text reply comment comments post posts
  reaction notification notifications tweet chat invitation invite`);

/** What `remove` may take away without losing data: a label, a member, a reaction. */
export const ASSOCIATION_NOUNS = set(`label labels tag tags reaction reactions assignee assignees reviewer
  reviewers member members participant participants watcher watchers star favorite favorites collaborator
  collaborators subscriber subscribers follower followers role roles link links subtask subtasks sub-task sub-tasks
  relation relations relationship relationships owner owners dependency dependencies parent assignment protection protections
  approval approvals target targets edge edges port ports tester testers breakpoint breakpoints watchpoint watchpoints logpoint logpoints`);

/** What `clear` may take away harmlessly. */
export const HARMLESS_CLEAR = set(`cache selection filter filters form input field fields screen console highlight
  highlights search override overrides breakpoint breakpoints watchpoint watchpoints logpoint logpoints`);

/** What `reset` may reset harmlessly (a password, a counter), rather than data. */
export const HARMLESS_RESET = set(`password passwords counter counters limit limits filter filters state session
  view form zoom timer settings preferences statistics stats`);

/** What `open` opens when it creates something others see: open_issue, open_pull_request. */
export const OPEN_CREATES = set(`issue issues pr pull ticket tickets case incident request account position
  discussion`);

/** What `resolve` settles rather than looks up: resolve_issue vs resolve_library_id. */
export const RESOLVE_SETTLES = set(`issue issues incident incidents alert alerts ticket tickets thread threads
  conversation conversations comment comments dispute conflict conflicts`);

/** Data a `select` reads rather than a form option it picks. */
export const SELECT_READS = set(`rows row records record from table tables columns column data fields`);

/**
 * What a light verb (run, trigger, start, launch) sets running: SPEC's Execute covers workflows,
 * jobs, deployments and a browser, not only code the caller writes.
 */
export const RUN_OBJECTS = set(`pipeline pipelines workflow workflows job jobs build builds deployment deployments
  deploy action actions monitor monitors migration migrations rollback container containers process processes
  test tests suite browser audit audits pod pods compose cli scanner scanners processing scene scenes collection collections`);

/** What a light verb starts that is a state change rather than something running: a backup, a sync. */
export const WRITE_OBJECTS = set(`task tasks backup simulation sync import operation instance instances server
  servers service services cluster fetch refresh resync`);

/**
 * Machines a cloud or a hosting provider runs: starting, powering on or creating one from an image boots
 * a system, which SPEC counts as Execute (as starting a container); rebuilding one reinstalls it.
 */
export const MACHINES = set(`vm vms machine machines droplet droplets vps`);

/** What install, upgrade and sync deploy: a release of an application onto where it runs. */
export const DEPLOY_OBJECTS = set(`application applications app apps chart charts helm release releases stack
  stacks site sites`);

/** Where a browser goes: navigating to one of these makes it fetch and run a site's code. */
export const NAVIGATION_WORDS = set(`url urls website websites site webpage webpages link links page pages tab
  tabs window history back forward browser`);

/** What `switch`, `select` and `focus` pick among without changing anything: the agent's own view. */
export const VIEW_NOUNS = set(`tab tabs window windows context contexts session frame page pages view mode`);

/** Words to leave whole when a lower-case name is split: `settings` is not set + tings. */
export const WHOLE_WORDS = set(`settings setting setup address addresses listing reader adder getter setter
  readme postal poster dropdown dropbox runner runtime startup starts started selection selector checkout
  checkbox interactive`);

/** Parameter names that carry code, commands or queries the caller writes. */
export const EXEC_PARAMS = set(`command commands cmd script scripts sql code snippet javascript js python shell
  bash statement statements expression function program cypher graphql sparql query pipeline`);

/** Parameter names that make a change harder to undo, or wider than asked. */
export const RAISING_PARAMS = set(`force overwrite recursive cascade purge permanent permanently hard
  droptarget deletelocaldata skipconfirmation noconfirm yes prune replace`);
