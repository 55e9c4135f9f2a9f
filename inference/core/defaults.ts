/**
 * Defaults of the optional inference inputs, in one place. The training pipeline uses the same
 * values (training/features_*.py); the parity fixtures contain rows with every optional field
 * missing or null, so a drift between the two fails the tests. `null` and `undefined` both mean
 * "not provided". The `*_DOCS` objects say the same in words, for the GraphQL schema descriptions.
 */

/** Median length of the non-empty bios in InstaFake train.csv. */
export const DEFAULT_BIO_LENGTH_WHEN_PRESENT = 31;

/** Fixed defaults of TrustInput. `hasBio` and `bioLength` derive from each other (see the docs). */
export const TRUST_INPUT_DEFAULTS = {
  favoritesCount: null,
  accountAgeDays: null,
  verified: false,
  hasUrl: false,
  hasProfileImage: true,
  isPrivate: false,
  usernameLength: 11,
  usernameDigitCount: 0,
} as const;

export const TRUST_INPUT_DEFAULT_DOCS = {
  favoritesCount: 'unknown: the fake-follower rule is not evaluated',
  accountAgeDays: 'unknown: the suspicious-growth rule is not evaluated',
  verified: 'false (the badge does not change the score)',
  hasBio: 'bioLength > 0 when bioLength is given, else false',
  hasUrl: 'false (the URL does not change the score)',
  hasProfileImage: 'true',
  bioLength: `${DEFAULT_BIO_LENGTH_WHEN_PRESENT} when hasBio is true, else 0`,
  isPrivate: 'false',
  usernameLength: '11 (median in the training data)',
  usernameDigitCount: '0 (median in the training data)',
} as const;

/** A typical click-through rate of a product link under a short video (1%). */
export const DEFAULT_EST_CTR = 0.01;

export const SUCCESS_INPUT_DEFAULT_DOCS = {
  engagementTotal: 'videoLikes + videoComments + videoShares',
  engagementRate: 'engagementTotal / max(videoViews, 1)',
  estClicks: 'videoViews × estCtr',
  estCtr: `estClicks / max(videoViews, 1) when estClicks is given, else ${DEFAULT_EST_CTR}`,
} as const;

/** Typical values of the simulated KOL population: an unknown never looks anomalous by itself. */
export const ANOMALY_INPUT_DEFAULTS = {
  accountAgeDays: 1095,
  engagementRate: 0.05,
  /** Used when followerDelta24h is missing: +0.1% followers a day. */
  followerGrowthRate24h: 0.001,
} as const;

export const ANOMALY_INPUT_DEFAULT_DOCS = {
  accountAgeDays: `${ANOMALY_INPUT_DEFAULTS.accountAgeDays} days`,
  engagementRate: `${ANOMALY_INPUT_DEFAULTS.engagementRate} (population median)`,
  followerDelta24h: `followers × ${ANOMALY_INPUT_DEFAULTS.followerGrowthRate24h} (population median growth)`,
} as const;
