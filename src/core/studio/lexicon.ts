// The drafting assistant's lexicon: the words and patterns it proposes as key items,
// with the reason shown to the teacher. Organised by the technique they stand for:
// the framing entries by the Propaganda Techniques Corpus categories (Da San Martino
// et al., "Fine-Grained Analysis of Propaganda in News Articles", EMNLP 2019: Loaded
// language, Exaggeration/minimisation, Name calling/labelling), the headline patterns
// after the forward-reference and shouting devices described in Chakraborty et al.,
// "Stop Clickbait" (ASONAM 2016), and the source and hedging entries after the
// attribution and hedging categories journalism style guides teach (AP Stylebook on
// anonymous sources; Hyland's hedging devices). The entries themselves were compiled
// for Lede; each is a proposal for the teacher, never a key item on its own.

/** Reporting verbs: a name next to one is quoted or cited. */
export const REPORTING_VERBS = new Set([
  'said', 'says', 'say', 'told', 'tells', 'added', 'adds', 'stated', 'states', 'claimed', 'claims', 'warned', 'warns', 'argued', 'argues',
  'insisted', 'insists', 'admitted', 'admits', 'announced', 'announces', 'explained', 'explains', 'wrote', 'writes', 'reported', 'reports',
  'confirmed', 'confirms', 'denied', 'denies', 'suggested', 'suggests', 'believes', 'believed', 'noted', 'notes', 'revealed', 'reveals',
  'estimated', 'estimates', 'predicted', 'predicts', 'called', 'calls', 'described', 'describes', 'acknowledged', 'acknowledges',
  'commented', 'comments', 'replied', 'replies', 'responded', 'responds', 'tweeted', 'posted', 'recalled', 'recalls', 'concluded', 'concludes', 'found', 'finds', 'shows', 'showed',
  'tell', 'add', 'state', 'claim', 'warn', 'argue', 'insist', 'admit', 'announce', 'explain', 'write', 'report', 'confirm', 'deny', 'suggest',
  'believe', 'note', 'reveal', 'estimate', 'predict', 'describe', 'show', 'fear', 'feared', 'fears', 'think', 'thinks', 'thought', 'reckon', 'reckons',
  'question', 'questioned', 'questions', 'worry', 'worried', 'worries', 'doubt', 'doubted', 'doubts', 'accuse', 'accused', 'accuses', 'agree', 'agreed', 'agrees',
]);

/** The last word of an organisation's or outlet's name. */
export const ORGANISATION_WORDS = new Set([
  'council', 'institute', 'university', 'college', 'ministry', 'department', 'agency', 'news', 'times', 'post', 'herald', 'courier', 'gazette',
  'journal', 'tribune', 'telegraph', 'guardian', 'mail', 'express', 'party', 'committee', 'commission', 'association', 'foundation', 'trust',
  'report', 'review', 'group', 'centre', 'center', 'society', 'office', 'board', 'authority', 'service', 'bank', 'company', 'corporation',
  'inc', 'ltd', 'network', 'channel', 'radio', 'tv', 'television', 'magazine', 'press', 'government', 'police', 'hospital', 'clinic', 'school', 'academy',
  'consultancy', 'charity', 'firm', 'institution', 'observatory', 'parliament', 'assembly', 'court', 'tribunal', 'unit', 'programme', 'program', 'project',
  'union', 'federation', 'organisation', 'organization', 'alliance', 'lab', 'laboratory', 'labs', 'studies', 'forum', 'watch', 'index',
]);

/** People by role: "a senior official", "one parent" (anonymous when singular with a/an/one). */
export const ROLE_NOUNS = new Set([
  'official', 'officials', 'source', 'sources', 'expert', 'experts', 'spokesperson', 'spokesman', 'spokeswoman', 'insider', 'insiders', 'aide',
  'aides', 'adviser', 'advisers', 'advisor', 'advisors', 'resident', 'residents', 'parent', 'parents', 'teacher', 'teachers', 'doctor', 'doctors',
  'scientist', 'scientists', 'researcher', 'researchers', 'engineer', 'engineers', 'analyst', 'analysts', 'observer', 'observers', 'critic',
  'critics', 'campaigner', 'campaigners', 'activist', 'activists', 'commentator', 'commentators', 'insider', 'executive', 'executives',
  'diplomat', 'diplomats', 'witness', 'witnesses', 'neighbour', 'neighbours', 'neighbor', 'neighbors', 'victim', 'victims', 'fans', 'users',
  'studies', 'study', 'survey', 'surveys', 'report', 'reports', 'investigators', 'authorities', 'specialists', 'economists', 'nutritionists',
  'councillor', 'councillors', 'member', 'members', 'staff', 'employee', 'employees', 'people', 'countries',
]);

/** Plural crowds: a vague source on their own ("experts say", "many teachers"). */
export const CROWD_NOUNS = new Set([
  'supporters', 'fans', 'followers', 'locals', 'households', 'families', 'businesses', 'traders', 'commuters', 'patients', 'consumers',
  'engineers', 'councillors', 'members', 'employees', 'staff', 'pupils', 'students', 'women', 'men', 'mothers', 'fathers', 'customers', 'shoppers', 'voters',
  'experts', 'analysts', 'observers', 'critics', 'scientists', 'researchers', 'campaigners', 'activists', 'commentators', 'officials', 'insiders',
  'doctors', 'teachers', 'parents', 'residents', 'studies', 'reports', 'investigators', 'authorities', 'specialists', 'economists',
  'nutritionists', 'fans', 'users', 'diplomats', 'witnesses', 'neighbours', 'neighbors', 'victims', 'people', 'countries',
]);

/** Words that, before a crowd noun, keep it vague ("many", "some", "leading"). */
export const CROWD_MODIFIERS = new Set(['many', 'some', 'several', 'most', 'numerous', 'leading', 'top', 'independent', 'other', 'concerned', 'international', 'local', 'senior', 'health', 'medical', 'industry', 'security', 'defence', 'defense', 'strategic', 'political', 'human', 'rights', 'social', 'media', 'online', 'angry', 'worried', 'furious', 'neighbouring', 'neighboring', 'foreign', 'western', 'government']);

export interface PatternEntry {
  /** Matched case-insensitively, on word boundaries. */
  pattern: RegExp;
  label: string;
  /** Why, for the words matched. */
  reason: (matched: string) => string;
}

/** Splits "a|b(c|d)|e" on the bars outside brackets. */
function alternatives(list: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of list) {
    if (ch === '(' || ch === '[') depth++;
    if (ch === ')' || ch === ']') depth--;
    if (ch === '|' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out.filter(Boolean);
}

const words = (list: string, label: string, reason: (w: string) => string): PatternEntry[] =>
  alternatives(list).map((w) => ({ pattern: new RegExp(`(?<![\\p{L}-])(?:${w})(?![\\p{L}-])`, 'giu'), label, reason }));

/** PTC Loaded language: emotional words chosen to make the reader react. */
export const LOADED: PatternEntry[] = words(
  // Headlinese, the tabloid vocabulary of conflict and drama (row, slam, fury, chaos …).
  'row|slams?|slammed|blasts?|blasted|clash(?:es)?|fury|storm|stormy|firestorm|backlash|horror|terror|hell|war|battle|assault|killer|crippling|soaring|skyrocketing|plummeting|plunge|slashed|eye-watering|crumbling|drowning|revolution|courage|heroic|hero|villain|betrayal|betrayed|doomed|catastrophe|meltdown|bloodbath|' +
  'shocking|shocked|startling|stunning|stunned|explosive|bombshell|outrageous|outrage|scandal|scandalous|disaster|disastrous|chaos|chaotic|crisis|furious|fury|slammed|blasted|horrifying|horrific|terrifying|devastating|devastated|miracle|incredible|unbelievable|sensational|jaw-dropping|nightmare|catastrophic|catastrophe|dramatic|brutal|savage|alarming|dire|candid|astonishing|extraordinary|toxic|deadly|terrifying|panic|frenzy|heartbreaking|disgraceful|shameful|staggering|mind-blowing|game-changer|game-changing|revolutionary|secret|banned|war on|plague|epidemic',
  'loaded',
  (w) => `“${w}” is an emotional word chosen to make you react (loaded language)`,
);

/** PTC Exaggeration: bigger, wider or more certain than the evidence. */
export const EXAGGERATION: PatternEntry[] = [
  ...words(
    'the whole world|the world|everyone|everybody|all eyes|global|worldwide|unprecedented|never before|once and for all|the entire|always|completely|totally|utterly|every (?:single )?\\p{L}+|(?:the )?(?:darkest|deadliest|proudest|saddest|toughest|strongest|weakest|richest|poorest|hardest|highest|lowest|finest|bravest) [\\p{L}-]+|nobody|no one|reignited|forever|in (?:decades|a generation|a century|\\p{L}+ years)|(?:the )?(?:most|biggest|best|worst|greatest|largest|fastest) [\\p{L}-]+(?: [\\p{L}-]+)?|breakthrough|breakthroughs|up to \\d+[\\p{L} ]{0,20}|in just \\p{L}+ (?:days|weeks|minutes|hours)|melts?',
    'exaggeration',
    (w) => `“${w}” makes it bigger or more certain than the story shows (exaggeration)`,
  ),
];

/** PTC Name calling / labelling: a label that already holds the verdict. */
export const LABELLING: PatternEntry[] = words(
  'admission|admitted|admits|confession|confessional|confessed|acknowledgment|acknowledgement|indictment|regime|thugs|so-called|propaganda|extremists?|cronies|elites?|snowflakes?|fake|hoax|scam|quack|guru|superfood|miracle|controversial|' +
    // Pejorative labels and idioms for people and projects.
    '[\\p{L}]+-mongers?|hand-wringers?|[\\p{L}]*phobes?|luddites?|bogeym[ae]n|(?:union |party )?bosses|big (?:pharma|tech|oil|food|tobacco|business)|white elephant|gravy train|nanny state|witch[- ]hunt|snake oil|fat cats?|do-gooders?|busybod(?:y|ies)|zealots?|cranks?|alarmists?|deniers?|cash grab|fire sale|power grab|u-turn|sell-?out',
  'labelling',
  (w) => `“${w}” labels it with a verdict before showing the evidence (labelling)`,
);

/** Hedges and predictions: a guess about what may happen (Hyland's hedging devices), and forecasts with a horizon. */
export const HEDGES = /\b(could|may|might|likely|unlikely|possibly|perhaps|probably|potentially|poised to|set to|expected to|is expected|are expected|risks|threatens to|appears to|seems to|suggests?|within (?:\p{L}+|\d+) (?:years|months|decades)|by 20\d\d|in the coming (?:years|months|decades)|will (?:be left|race|pay|change|transform|replace|disappear|collapse|vanish|soon))\b/giu;

/** Clickbait calls and forward references (Chakraborty et al. 2016): anywhere in the story. */
export const CLICKBAIT = /\b(?:(?:and )?what (?:\p{L}+ ){1,3}(?:were|was|are|is) never told|(?:and )?what (?:\p{L}+ ){1,3}(?:don'?t|doesn'?t|didn'?t) (?:know|want)|you won'?t believe|here'?s (?:what|why|how)|this is why|what happened next|(?:doesn'?t|don'?t) want you to know|what you need to know|before it(?:'s| is)? (?:sells? out|gone|too late)|before it sells out|will shock you|one (?:simple )?trick|don'?t wait|act now|sells? out)\b/giu;

/** Claims with no one standing behind them: agentless passives, "reportedly", "calls grow". */
export const UNATTRIBUTED: { pattern: RegExp; reason: string }[] = [
  { pattern: /\b(?:is|are|was|were|has been|have been|had been)\s+(?:being\s+)?(?:widely\s+|often\s+|increasingly\s+|generally\s+)?(?:seen|thought|believed|said|known|considered|viewed|regarded|described|reported|understood|feared|rumou?red|accused|criticised|criticized|blamed|praised|hailed|asked|raised|expected|estimated|claimed|alleged|suggested)\b(?![^.]{0,40}\bby\b)/giu, reason: 'a passive with no one named: by whom?' },
  { pattern: /\b(?:often|widely|long|much|frequently)[- ](?:accused|seen|speculated|believed|criticised|criticized|reported|debated|denied|rumou?red|suspected|praised)\b/giu, reason: 'says who? No one is named as holding this view' },
  { pattern: /\b(?:reportedly|allegedly|supposedly|apparently|reports suggest|it is said|it is claimed|it is believed|according to reports)\b/giu, reason: 'a claim passed on without saying who made it' },
  { pattern: /\b(?:is|are) yet to\b/giu, reason: 'as of when, and who confirmed it?' },
  { pattern: /\bcalls\b[^.]{0,40}\bgrow(?:s|ing)?(?: louder)?\b|\bgrowing calls\b|\bmounting (?:pressure|concern|criticism)\b/giu, reason: 'whose calls, and how do we know they are growing?' },
  { pattern: /\b(?:concerns|fears|questions) (?:over|about|that)\b|\breignited\b[^.]{0,30}\bconcerns\b/giu, reason: 'whose concerns? No one is named' },
  { pattern: /\b(?:many|most|some) (?:people|believe|say|think|argue|fear)\b|\bit is (?:widely )?(?:known|accepted|agreed)\b/giu, reason: 'who are they? A claim about what people think, with no source' },
  { pattern: /\b(?:previously|repeatedly|long) denied\b|\bhas denied\b|\bhave denied\b/giu, reason: 'a denial the story mentions but does not cite' },
  { pattern: /\b(?:a (?:new |recent )?(?:study|survey|report|poll)|studies|research|surveys|polls) (?:found|finds|shows?|showed|suggests?|suggested|revealed|reveals|proves?)\b/giu, reason: 'which study? None is named, so no one can look it up' },
  { pattern: /\b(?:we (?:were|are) told|people say|it has been said|everyone knows)\b/giu, reason: 'told by whom? No one is named' },
  { pattern: /\brumou?rs?\b(?: (?:are|is|have been|has been))?(?: (?:swirling|circulating|growing|spreading|mounting))?/giu, reason: 'a rumour: whose, and on what evidence?' },
  { pattern: /\b(?:(?:the|this) (?:\p{Lu}\p{L}+|newspaper|paper|site|programme) (?:understands|has learned|has learnt|can reveal)|it is understood|it is thought)\b/giu, reason: 'the paper’s own unnamed sources: nothing a reader can check' },
  { pattern: /\b(?:questions|concerns|eyebrows) (?:are|have been|were) (?:now |being |also )*(?:asked|raised)\b/giu, reason: 'asked by whom? No one is named' },
  { pattern: /\b(?:thousands|hundreds|millions|dozens|scores) of [\p{L}-]+/giu, reason: 'how many, and who counted? No source is given' },
  { pattern: /\b\d[\d,.]*\s?(?:per ?cent|%)|\b(?:twice|three times|four times|half) as \p{L}+/giu, reason: 'a figure with no source given' },
];
