/**
 * Trust feature engineering: line for line the same as training/features_trust.py. Values are
 * computed in float64 with Math.* and stored into a Float32Array (the model's input type), which
 * rounds exactly as numpy's astype(float32) does.
 */
import { DEFAULT_BIO_LENGTH_WHEN_PRESENT, TRUST_INPUT_DEFAULTS } from '../core/defaults';
import type { TrustInput } from '../core/types';

/** Model input order; card.json must list the same names (checked when a model is loaded). */
export const TRUST_FEATURES = [
  'log_followers',
  'log_following',
  'log_posts',
  'followers_following_ratio',
  'following_followers_ratio',
  'posts_per_follower',
  'bio_length',
  'has_bio',
  'has_profile_image',
  'is_private',
  'username_length',
  'username_digit_count',
  'username_digit_ratio',
] as const;

export type TrustFeatureName = (typeof TRUST_FEATURES)[number];

/** A TrustInput with every default applied. */
export interface ResolvedTrustInput {
  followersCount: number;
  followingCount: number;
  postCount: number;
  favoritesCount: number | null;
  accountAgeDays: number | null;
  verified: boolean;
  hasBio: boolean;
  hasUrl: boolean;
  hasProfileImage: boolean;
  bioLength: number;
  isPrivate: boolean;
  usernameLength: number;
  usernameDigitCount: number;
  /** True when neither username field was given (the reasons say so). */
  usernameDefaulted: boolean;
}

export function resolveTrustInput(input: TrustInput): ResolvedTrustInput {
  return resolveTrustInto(input, {} as ResolvedTrustInput);
}

/** resolveTrustInput into `out` (a batch reuses one object for every row). */
export function resolveTrustInto(input: TrustInput, out: ResolvedTrustInput): ResolvedTrustInput {
  const d = TRUST_INPUT_DEFAULTS;
  const hasBio = input.hasBio ?? (input.bioLength != null && input.bioLength > 0);
  out.followersCount = input.followersCount;
  out.followingCount = input.followingCount;
  out.postCount = input.postCount;
  out.favoritesCount = input.favoritesCount ?? d.favoritesCount;
  out.accountAgeDays = input.accountAgeDays ?? d.accountAgeDays;
  out.verified = input.verified ?? d.verified;
  out.hasBio = hasBio;
  out.hasUrl = input.hasUrl ?? d.hasUrl;
  out.hasProfileImage = input.hasProfileImage ?? d.hasProfileImage;
  out.bioLength = input.bioLength ?? (hasBio ? DEFAULT_BIO_LENGTH_WHEN_PRESENT : 0);
  out.isPrivate = input.isPrivate ?? d.isPrivate;
  out.usernameLength = input.usernameLength ?? d.usernameLength;
  out.usernameDigitCount = input.usernameDigitCount ?? d.usernameDigitCount;
  out.usernameDefaulted = input.usernameLength == null && input.usernameDigitCount == null;
  return out;
}

/** Writes the 13 features of one resolved input into `out` at `offset`. */
export function writeTrustFeatures(r: ResolvedTrustInput, out: Float32Array, offset: number): void {
  const followers = r.followersCount;
  const following = r.followingCount;
  const posts = r.postCount;
  const length = r.usernameLength;
  const digits = r.usernameDigitCount;
  out[offset] = Math.log1p(followers);
  out[offset + 1] = Math.log1p(following);
  out[offset + 2] = Math.log1p(posts);
  out[offset + 3] = followers / Math.max(following, 1);
  out[offset + 4] = following / Math.max(followers, 1);
  out[offset + 5] = posts / Math.max(followers, 1);
  out[offset + 6] = r.bioLength;
  out[offset + 7] = r.hasBio ? 1 : 0;
  out[offset + 8] = r.hasProfileImage ? 1 : 0;
  out[offset + 9] = r.isPrivate ? 1 : 0;
  out[offset + 10] = length;
  out[offset + 11] = digits;
  out[offset + 12] = digits / Math.max(length, 1);
}

/** Row-major float32 [N, 13] matrix of already-resolved inputs. */
export function trustFeatureMatrix(rows: readonly ResolvedTrustInput[]): Float32Array {
  const width = TRUST_FEATURES.length;
  const out = new Float32Array(rows.length * width);
  for (let i = 0; i < rows.length; i++) writeTrustFeatures(rows[i]!, out, i * width);
  return out;
}

/** The float32 feature vector of one raw input (for tests, debugging and drift checks). */
export function trustFeatureVector(input: TrustInput): number[] {
  return Array.from(trustFeatureMatrix([resolveTrustInput(input)]));
}

/** Feature matrix of raw inputs (defaults applied): the exact tensor data the trust model gets. */
export function buildTrustMatrix(inputs: readonly TrustInput[]): Float32Array {
  return trustFeatureMatrix(inputs.map(resolveTrustInput));
}
